// NodeResourcesFit: the pod's requests must fit the node's allocatable minus what its pods request
// (cpu, memory, ephemeral-storage, pods, extended resources); scored LeastAllocated by default.
import type { CycleState, StateData } from '../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../framework/events.js';
import { MAX_NODE_SCORE, type EnqueueExtensions, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { isExtendedResourceName } from '../framework/resource.js';
import { Status, type StatusOrSuccess } from '../framework/status.js';
import { names } from './names.js';
import { allocatableAndRequested, DEFAULT_RESOURCES, podRequestList, type ResourceSpec } from './resource-allocation.js';

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated';

export interface NodeResourcesFitArgs {
  readonly ignoredResources?: readonly string[];
  readonly ignoredResourceGroups?: readonly string[];
  readonly scoringStrategy?: { readonly type?: ScoringStrategyType; readonly resources?: readonly ResourceSpec[] };
}

export interface InsufficientResource {
  readonly resourceName: string;
  readonly reason: string;
  readonly requested: number;
  readonly used: number;
  readonly capacity: number;
  /** The request exceeds the node's whole allocatable, so evicting pods cannot help. */
  readonly unresolvable: boolean;
}

const PRE_SCORE_KEY = `PreScore${names.NodeResourcesFit}`;

class PreScoreState implements StateData {
  constructor(readonly podRequests: readonly number[]) {}
  clone(): StateData {
    return this;
  }
}

/** Every resource the pod asks for that the node cannot give (upstream's fitsRequest). */
export function fitsRequest(pod: PodInfo, nodeInfo: NodeInfo, ignored: ReadonlySet<string>, ignoredGroups: ReadonlySet<string>): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: nodeInfo.pods.length, capacity: alloc.allowedPodNumber, unresolvable: false });
  }
  const req = pod.requests;
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && (!req.scalar || req.scalar.size === 0)) return out;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) {
    out.push({ resourceName: 'cpu', reason: 'Insufficient cpu', requested: req.milliCPU, used: used.milliCPU, capacity: alloc.milliCPU, unresolvable: req.milliCPU > alloc.milliCPU });
  }
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
    out.push({ resourceName: 'memory', reason: 'Insufficient memory', requested: req.memory, used: used.memory, capacity: alloc.memory, unresolvable: req.memory > alloc.memory });
  }
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push({
      resourceName: 'ephemeral-storage',
      reason: 'Insufficient ephemeral-storage',
      requested: req.ephemeralStorage,
      used: used.ephemeralStorage,
      capacity: alloc.ephemeralStorage,
      unresolvable: req.ephemeralStorage > alloc.ephemeralStorage,
    });
  }
  if (req.scalar) {
    for (const [name, q] of req.scalar) {
      if (q === 0) continue;
      if (isExtendedResourceName(name)) {
        const slash = name.indexOf('/');
        if (ignored.has(name) || (slash >= 0 && ignoredGroups.has(name.slice(0, slash)))) continue;
      }
      const capacity = alloc.getScalar(name);
      const inUse = used.getScalar(name);
      if (q > capacity - inUse) {
        out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: q, used: inUse, capacity, unresolvable: q > capacity });
      }
    }
  }
  return out;
}

/** The common case without allocating: no scalar resources, and everything fits. */
function fitsQuickly(pod: PodInfo, ni: NodeInfo): boolean {
  const req = pod.requests;
  if (req.scalar && req.scalar.size > 0) return false;
  const alloc = ni.allocatable;
  const used = ni.requested;
  return (
    ni.pods.length + 1 <= alloc.allowedPodNumber &&
    (req.milliCPU <= 0 || req.milliCPU <= alloc.milliCPU - used.milliCPU) &&
    (req.memory <= 0 || req.memory <= alloc.memory - used.memory) &&
    (req.ephemeralStorage <= 0 || req.ephemeralStorage <= alloc.ephemeralStorage - used.ephemeralStorage)
  );
}

export const leastRequestedScore = (requested: number, capacity: number): number =>
  capacity === 0 || requested > capacity ? 0 : Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);

export const mostRequestedScore = (requested: number, capacity: number): number =>
  capacity === 0 ? 0 : Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);

export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = names.NodeResourcesFit;
  private readonly ignored: ReadonlySet<string>;
  private readonly ignoredGroups: ReadonlySet<string>;
  private readonly resources: readonly ResourceSpec[];
  private readonly perResource: (requested: number, capacity: number) => number;
  private readonly alloc: number[];
  private readonly req: number[];
  private readonly cpuAndMemory: boolean;

  constructor(args: NodeResourcesFitArgs = {}) {
    this.ignored = new Set(args.ignoredResources ?? []);
    this.ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
    this.resources = args.scoringStrategy?.resources ?? DEFAULT_RESOURCES;
    this.perResource = args.scoringStrategy?.type === 'MostAllocated' ? mostRequestedScore : leastRequestedScore;
    this.alloc = new Array<number>(this.resources.length).fill(0);
    this.req = new Array<number>(this.resources.length).fill(0);
    this.cpuAndMemory = this.resources.length === 2 && this.resources[0]!.name === 'cpu' && this.resources[1]!.name === 'memory';
  }

  preFilter(): StatusOrSuccess {
    return null;
  }

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    if (fitsQuickly(pod, nodeInfo)) return null;
    const insufficient = fitsRequest(pod, nodeInfo, this.ignored, this.ignoredGroups);
    if (insufficient.length === 0) return null;
    const code = insufficient.some((r) => r.unresolvable) ? 'UnschedulableAndUnresolvable' : 'Unschedulable';
    return new Status(code, insufficient.map((r) => r.reason));
  }

  preScore(state: CycleState, pod: PodInfo): StatusOrSuccess {
    state.write(PRE_SCORE_KEY, new PreScoreState(podRequestList(pod, this.resources, false)));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const podRequests = state.read<PreScoreState>(PRE_SCORE_KEY)?.podRequests ?? podRequestList(pod, this.resources, false);
    if (this.cpuAndMemory) {
      // The default resources, without the general loop.
      const a = nodeInfo.allocatable;
      const r = nodeInfo.nonZeroRequested;
      const [wc, wm] = [this.resources[0]!.weight, this.resources[1]!.weight];
      let score = 0;
      let weights = 0;
      if (a.milliCPU !== 0) {
        score += this.perResource(r.milliCPU + podRequests[0]!, a.milliCPU) * wc;
        weights += wc;
      }
      if (a.memory !== 0) {
        score += this.perResource(r.memory + podRequests[1]!, a.memory) * wm;
        weights += wm;
      }
      return weights === 0 ? 0 : Math.trunc(score / weights);
    }
    allocatableAndRequested(nodeInfo, this.resources, podRequests, false, this.alloc, this.req);
    let score = 0;
    let weights = 0;
    for (let i = 0; i < this.resources.length; i++) {
      const capacity = this.alloc[i]!;
      if (capacity === 0) continue;
      const w = this.resources[i]!.weight;
      score += this.perResource(this.req[i]!, capacity) * w;
      weights += w;
    }
    return weights === 0 ? 0 : Math.trunc(score / weights);
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'AssignedPod', actions: ActionType.Delete | ActionType.UpdatePodScaleDown },
      { resource: 'Node', actions: ActionType.Add | ActionType.UpdateNodeAllocatable | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel },
    ];
  }
}
