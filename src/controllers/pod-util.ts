// Pod and owner helpers every workload controller uses (upstream's podutil and controller_utils).
import type { OwnerReference } from '../api/types/meta-v1.js';
import type { Pod } from '../api/types/core-v1.js';
import { isPodReady } from '../api/pod-conditions.js';
import { parseApiTime, type KubeObject } from '../client/index.js';

/** Re-exported so the workload controllers take all their pod helpers from here. */
export { isPodReady };

/** When the pod last became ready (NaN when it is not ready). */
export function podReadyTime(pod: Readonly<Pod>): number {
  const c = pod.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True');
  return c ? parseApiTime(c.lastTransitionTime) : NaN;
}

/** Ready for at least minReadySeconds (upstream's IsPodAvailable). */
export function isPodAvailable(pod: Readonly<Pod>, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const t = podReadyTime(pod);
  return !Number.isNaN(t) && t + minReadySeconds * 1000 <= now;
}

/** Not finished and not being deleted (upstream's IsPodActive). */
export const isPodActive = (pod: Readonly<Pod>): boolean =>
  pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed' && !pod.metadata?.deletionTimestamp;

export const controllerRefOf = (obj: Readonly<KubeObject>): Readonly<OwnerReference> | undefined => obj.metadata?.ownerReferences?.find((r) => r.controller === true);

/** An ownerReference that makes owner the controller of an object. */
export function newControllerRef(owner: Readonly<KubeObject>, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata!.name!, uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}

export const podKey = (pod: Readonly<KubeObject>): string => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
