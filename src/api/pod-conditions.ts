// Reading a Pod's conditions, shared by the controllers and the API server's eviction handler.
import type { Pod, PodCondition } from './types/core-v1.js';

/** The pod's Ready condition, whatever its status, if one has been set. */
export const podReadyCondition = (pod: Readonly<Pod>): Readonly<PodCondition> | undefined => pod.status?.conditions?.find((c) => c.type === 'Ready');

/**
 * Whether the pod has a Ready condition with status True (upstream's IsPodReady). It reads
 * conditions defensively (not an array, or holding non-objects, means not ready) because the API
 * server asks it of stored objects it has not typed.
 */
export function isPodReady(pod: Readonly<Pod>): boolean {
  const conditions: unknown = pod.status?.conditions;
  return Array.isArray(conditions) && conditions.some((c) => c?.type === 'Ready' && c?.status === 'True');
}
