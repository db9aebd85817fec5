// Shared by the resource scoring plugins (upstream's resourceAllocationScorer): for each scored
// resource, the node's allocatable and what would be requested with the pod on it.
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { CPU, EPHEMERAL_STORAGE, isScalarResourceName, MEMORY, type Resource } from '../framework/resource.js';

export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

export const DEFAULT_RESOURCES: readonly ResourceSpec[] = Object.freeze([
  { name: CPU, weight: 1 },
  { name: MEMORY, weight: 1 },
]);

function amount(r: Resource, name: string): number {
  switch (name) {
    case CPU:
      return r.milliCPU;
    case MEMORY:
      return r.memory;
    case EPHEMERAL_STORAGE:
      return r.ephemeralStorage;
    default:
      return r.getScalar(name);
  }
}

/** The pod's request of each resource: non-zero defaults for cpu/memory unless useRequested. */
export function podRequestList(pod: PodInfo, resources: readonly ResourceSpec[], useRequested: boolean): number[] {
  const r = useRequested ? pod.requests : pod.nonZeroRequests;
  return resources.map((s) => (s.name === CPU || s.name === MEMORY ? amount(r, s.name) : amount(pod.requests, s.name)));
}

/**
 * Fills allocatable[i] and requested[i] for each resource; allocatable 0 means "not scored" (an
 * extended resource the pod does not ask for, or one the node does not have).
 */
export function allocatableAndRequested(
  nodeInfo: NodeInfo,
  resources: readonly ResourceSpec[],
  podRequests: readonly number[],
  useRequested: boolean,
  allocatable: number[],
  requested: number[],
): void {
  const nodeReq = useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
  for (let i = 0; i < resources.length; i++) {
    const name = resources[i]!.name;
    const podReq = podRequests[i]!;
    allocatable[i] = 0;
    requested[i] = 0;
    if (podReq === 0 && isScalarResourceName(name)) continue;
    switch (name) {
      case CPU:
        allocatable[i] = nodeInfo.allocatable.milliCPU;
        requested[i] = nodeReq.milliCPU + podReq;
        break;
      case MEMORY:
        allocatable[i] = nodeInfo.allocatable.memory;
        requested[i] = nodeReq.memory + podReq;
        break;
      case EPHEMERAL_STORAGE:
        allocatable[i] = nodeInfo.allocatable.ephemeralStorage;
        requested[i] = nodeInfo.requested.ephemeralStorage + podReq;
        break;
      default:
        if (nodeInfo.allocatable.scalar?.has(name)) {
          allocatable[i] = nodeInfo.allocatable.getScalar(name);
          requested[i] = nodeInfo.requested.getScalar(name) + podReq;
        }
    }
  }
}
