// Score: nodes whose resource fractions (requested / allocatable, with the pod) are closest to each
// other score higher: (1 - standard deviation) × 100.
import type { CycleState, StateData } from '../framework/cycle-state.js';
import { MAX_NODE_SCORE, type PreScorePlugin, type ScorePlugin } from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { skip, type StatusOrSuccess } from '../framework/status.js';
import { names } from './names.js';
import { allocatableAndRequested, DEFAULT_RESOURCES, podRequestList, type ResourceSpec } from './resource-allocation.js';

const PRE_SCORE_KEY = `PreScore${names.NodeResourcesBalancedAllocation}`;

class PreScoreState implements StateData {
  constructor(readonly podRequests: readonly number[]) {}
  clone(): StateData {
    return this;
  }
}

export function balancedScore(requested: readonly number[], allocatable: readonly number[]): number {
  let n = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  const fractions: number[] = [];
  for (let i = 0; i < requested.length; i++) {
    const a = allocatable[i]!;
    if (a === 0) continue;
    const f = Math.min(requested[i]! / a, 1);
    if (n === 0) f0 = f;
    else if (n === 1) f1 = f;
    fractions.push(f);
    total += f;
    n++;
  }
  let std = 0;
  if (n === 2) {
    std = Math.abs((f0 - f1) / 2);
  } else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = names.NodeResourcesBalancedAllocation;
  private readonly resources: readonly ResourceSpec[];
  private readonly alloc: number[];
  private readonly req: number[];
  private readonly cpuAndMemory: boolean;

  constructor(args: { resources?: readonly ResourceSpec[] } = {}) {
    this.resources = args.resources ?? DEFAULT_RESOURCES;
    this.alloc = new Array<number>(this.resources.length).fill(0);
    this.req = new Array<number>(this.resources.length).fill(0);
    this.cpuAndMemory = this.resources.length === 2 && this.resources[0]!.name === 'cpu' && this.resources[1]!.name === 'memory';
  }

  preScore(state: CycleState, pod: PodInfo): StatusOrSuccess {
    const requests = podRequestList(pod, this.resources, true);
    if (requests.every((r) => r === 0)) return skip();
    state.write(PRE_SCORE_KEY, new PreScoreState(requests));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const podRequests = state.read<PreScoreState>(PRE_SCORE_KEY)?.podRequests ?? podRequestList(pod, this.resources, true);
    if (this.cpuAndMemory) {
      // The default resources, without the general loop.
      const a = nodeInfo.allocatable;
      const r = nodeInfo.requested;
      if (a.milliCPU === 0 || a.memory === 0) return MAX_NODE_SCORE;
      const fc = Math.min((r.milliCPU + podRequests[0]!) / a.milliCPU, 1);
      const fm = Math.min((r.memory + podRequests[1]!) / a.memory, 1);
      return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
    }
    allocatableAndRequested(nodeInfo, this.resources, podRequests, true, this.alloc, this.req);
    return balancedScore(this.req, this.alloc);
  }
}
