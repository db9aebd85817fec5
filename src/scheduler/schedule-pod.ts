// The scheduling algorithm of one cycle (upstream's schedulePod): PreFilter, then Filter over nodes
// starting where the last cycle stopped until enough feasible nodes are found (percentageOfNodesToScore),
// then PreScore/Score and a random pick among the best. Synchronous: the snapshot cannot change under it.
import { Diagnosis, FitError } from './framework/diagnosis.js';
import type { CycleState } from './framework/cycle-state.js';
import type { NodeInfo } from './framework/node-info.js';
import type { PodInfo } from './framework/pod-info.js';
import type { Framework } from './framework/runtime.js';
import type { NodeInfoLister } from './framework/snapshot.js';
import { isRejected, isSuccess, Status } from './framework/status.js';

/** Below this many nodes, every node is checked. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** The adaptive percentage never goes below this. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** A scheduling attempt that failed for a reason other than "fits nowhere". */
export class SchedulingError extends Error {
  override readonly name = 'SchedulingError';
  readonly code = 'SchedulingError';
}

export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export interface ScheduleResult {
  readonly suggestedHost: string;
  readonly evaluatedNodes: number;
  readonly feasibleNodes: number;
}

export type ScheduleOutcome = { readonly result: ScheduleResult } | { readonly error: FitError | SchedulingError };

/** How many feasible nodes to look for among numAllNodes (upstream's numFeasibleNodesToFind). */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage <= 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

export interface SchedulingAlgorithmOptions {
  /** 0 (the default) means adaptive, as upstream. */
  readonly percentageOfNodesToScore?: number;
  readonly random: () => number;
}

export class SchedulingAlgorithm {
  /** Where the next cycle starts filtering, so that every node gets its turn. */
  nextStartNodeIndex = 0;

  constructor(private readonly opts: SchedulingAlgorithmOptions) {}

  schedulePod(fwk: Framework, state: CycleState, pod: PodInfo, snapshot: NodeInfoLister): ScheduleOutcome {
    const numAll = snapshot.numNodes();
    if (numAll === 0) return { error: new SchedulingError(NO_NODES_AVAILABLE) };
    const found = this.findNodesThatFitPod(fwk, state, pod, snapshot);
    if ('error' in found) return found;
    const { feasible, diagnosis } = found;
    if (feasible.length === 0) return { error: new FitError(numAll, diagnosis) };
    const evaluated = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) return { result: { suggestedHost: feasible[0]!.name, evaluatedNodes: evaluated, feasibleNodes: 1 } };
    const pre = fwk.runPreScorePlugins(state, pod, feasible);
    if (!isSuccess(pre)) return { error: new SchedulingError(pre!.message()) };
    const scores = fwk.scorePlugins.length === 0 ? new Array<number>(feasible.length).fill(1) : fwk.runScorePlugins(state, pod, feasible);
    const host = this.selectHost(feasible, scores);
    return { result: { suggestedHost: host, evaluatedNodes: evaluated, feasibleNodes: feasible.length } };
  }

  /** The node with the highest score; ties are broken uniformly at random (reservoir sampling). */
  selectHost(nodes: readonly NodeInfo[], scores: readonly number[]): string {
    let best = -Infinity;
    let count = 0;
    let selected = 0;
    for (let i = 0; i < nodes.length; i++) {
      const s = scores[i]!;
      if (s > best) {
        best = s;
        count = 1;
        selected = i;
      } else if (s === best) {
        count++;
        if (Math.floor(this.opts.random() * count) === 0) selected = i;
      }
    }
    return nodes[selected]!.name;
  }

  private findNodesThatFitPod(
    fwk: Framework,
    state: CycleState,
    pod: PodInfo,
    snapshot: NodeInfoLister,
  ): { feasible: NodeInfo[]; diagnosis: Diagnosis } | { error: SchedulingError } {
    const diagnosis = new Diagnosis();
    const allNodes = snapshot.list();
    const pre = fwk.runPreFilterPlugins(state, pod, allNodes);
    if (!isSuccess(pre.status)) {
      const s = pre.status!;
      if (!isRejected(s)) return { error: new SchedulingError(s.message()) };
      diagnosis.nodeToStatus.absentNodesStatus = s;
      diagnosis.preFilterMsg = s.message();
      diagnosis.addPluginStatus(s);
      return { feasible: [], diagnosis };
    }
    const nominated = pod.pod.status?.nominatedNodeName;
    if (nominated) {
      const ni = snapshot.get(nominated);
      if (ni) {
        const r = this.findNodesThatPassFilters(fwk, state, pod, diagnosis, [ni]);
        if ('error' in r) return r;
        if (r.length) return { feasible: r, diagnosis };
      }
    }
    let nodes = allNodes;
    if (pre.result) {
      const narrowed: NodeInfo[] = [];
      for (const name of pre.result.nodeNames) {
        const ni = snapshot.get(name);
        if (ni) narrowed.push(ni);
      }
      nodes = narrowed;
      const narrowing = [...pre.narrowedBy].sort();
      diagnosis.nodeToStatus.absentNodesStatus = new Status('UnschedulableAndUnresolvable', [`node(s) didn't satisfy plugin(s) [${narrowing.join(' ')}]`]);
    }
    const feasible = this.findNodesThatPassFilters(fwk, state, pod, diagnosis, nodes);
    if ('error' in feasible) return feasible;
    const processed = feasible.length + diagnosis.nodeToStatus.size;
    if (allNodes.length > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % allNodes.length;
    return { feasible, diagnosis };
  }

  private findNodesThatPassFilters(
    fwk: Framework,
    state: CycleState,
    pod: PodInfo,
    diagnosis: Diagnosis,
    nodes: readonly NodeInfo[],
  ): NodeInfo[] | { error: SchedulingError } {
    const numAll = nodes.length;
    const toFind = numFeasibleNodesToFind(this.opts.percentageOfNodesToScore ?? 0, numAll);
    const feasible: NodeInfo[] = [];
    const start = numAll > 0 ? this.nextStartNodeIndex % numAll : 0;
    if (fwk.filterPlugins.length === 0) {
      for (let i = 0; i < toFind; i++) feasible.push(nodes[(start + i) % numAll]!);
      return feasible;
    }
    for (let i = 0; i < numAll && feasible.length < toFind; i++) {
      const ni = nodes[(start + i) % numAll]!;
      const s = fwk.runFilterPluginsWithNominatedPods(state, pod, ni);
      if (s === null || s.code === 'Success') {
        feasible.push(ni);
      } else if (s.code === 'Error') {
        return { error: new SchedulingError(s.message()) };
      } else {
        diagnosis.nodeToStatus.set(ni.name, s);
        diagnosis.addPluginStatus(s);
      }
    }
    return feasible;
  }
}
