// PostFilter: when a pod fits nowhere, find a node where evicting lower-priority pods makes room
// (trying a sample of the nodes preemption could help), pick the one that hurts least, evict its
// victims and nominate the node for the pod.
import type { CycleState } from '../framework/cycle-state.js';
import { Diagnosis, fitErrorMessage, type NodeToStatus } from '../framework/diagnosis.js';
import type { Handle, PostFilterPlugin, PostFilterResult } from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { asStatus, Status, unschedulable } from '../framework/status.js';
import { names } from './names.js';
import { pickOneNodeForPreemption, selectVictimsOnNode, type Candidate } from './preemption-victims.js';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';

export interface DefaultPreemptionArgs {
  /** Candidates to look for, as a percentage of the nodes (default 10). */
  readonly minCandidateNodesPercentage?: number;
  /** ... but at least this many (default 100). */
  readonly minCandidateNodesAbsolute?: number;
  /** Clock for start-time tie breaks (default Date.now). */
  readonly now?: () => number;
}

type PostFilterOutcome = { result?: PostFilterResult; status: Status | null };

/** A pod the scheduler already preempted: it is being deleted and carries the DisruptionTarget condition. */
export function terminatingByPreemption(p: PodInfo): boolean {
  if (!p.pod.metadata?.deletionTimestamp) return false;
  return (p.pod.status?.conditions ?? []).some((c) => c.type === 'DisruptionTarget' && c.reason === 'PreemptionByScheduler');
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = names.DefaultPreemption;
  private readonly percentage: number;
  private readonly absolute: number;
  private readonly now: () => number;

  constructor(private readonly handle: Handle, args: DefaultPreemptionArgs = {}) {
    this.percentage = args.minCandidateNodesPercentage ?? 10;
    this.absolute = args.minCandidateNodesAbsolute ?? 100;
    this.now = args.now ?? Date.now;
  }

  async postFilter(state: CycleState, pod: PodInfo, m: NodeToStatus, signal?: AbortSignal): Promise<PostFilterOutcome> {
    const r = await this.preempt(state, pod, m, signal);
    const msg = r.status?.message() ?? '';
    if (r.status && msg.length > 0) return { result: r.result, status: new Status(r.status.code, [`preemption: ${msg}`], r.status.error) };
    return r;
  }

  /** Whether the pod may preempt at all, and why not. */
  eligible(pod: PodInfo, nominatedNodeStatus: Status | undefined): [boolean, string] {
    if (pod.pod.spec?.preemptionPolicy === 'Never') return [false, 'not eligible due to preemptionPolicy=Never.'];
    const nominated = pod.pod.status?.nominatedNodeName;
    if (nominated) {
      if (nominatedNodeStatus?.code === 'UnschedulableAndUnresolvable') return [true, ''];
      const ni = this.handle.snapshot().get(nominated);
      if (ni) {
        for (const p of ni.pods) {
          if (p.priority < pod.priority && terminatingByPreemption(p)) return [false, 'not eligible due to a terminating pod on the nominated node.'];
        }
      }
    }
    return [true, ''];
  }

  numCandidates(numNodes: number): number {
    let n = Math.trunc((numNodes * this.percentage) / 100);
    if (n < this.absolute) n = this.absolute;
    return Math.min(n, numNodes);
  }

  /** Dry-runs preemption on potential nodes from a random offset until enough candidates are found. */
  findCandidates(state: CycleState, pod: PodInfo, potential: readonly NodeInfo[], statuses: NodeToStatus): Candidate[] {
    const pdbs = this.handle.pdbs.list();
    const offset = Math.floor(this.handle.random() * potential.length);
    const wanted = this.numCandidates(potential.length);
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    const now = this.now();
    for (let i = 0; i < potential.length; i++) {
      const ni = potential[(offset + i) % potential.length]!;
      const r = selectVictimsOnNode(this.handle.runner, state.clone(), pod, ni.clone(), pdbs, now);
      if (r.status === null) {
        const c = { name: ni.name, victims: { pods: r.victims, numPDBViolations: r.numPDBViolations } };
        (r.numPDBViolations === 0 ? nonViolating : violating).push(c);
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= wanted) break;
      } else {
        statuses.set(ni.name, r.status);
      }
    }
    return [...nonViolating, ...violating];
  }

  private async preempt(state: CycleState, pod: PodInfo, m: NodeToStatus, signal?: AbortSignal): Promise<PostFilterOutcome> {
    const nominated = pod.pod.status?.nominatedNodeName;
    const [ok, why] = this.eligible(pod, nominated ? m.get(nominated) : undefined);
    if (!ok) return { status: unschedulable(why) };
    const all = this.handle.snapshot().list();
    if (all.length === 0) return { status: asStatus(new Error('no nodes available')) };
    const potential = all.filter((ni) => m.get(ni.name).code === 'Unschedulable');
    const d = new Diagnosis();
    const candidates = potential.length ? this.findCandidates(state, pod, potential, d.nodeToStatus) : [];
    if (candidates.length === 0) {
      d.nodeToStatus.absentNodesStatus = new Status('UnschedulableAndUnresolvable', [NOT_HELPFUL]);
      return { result: { nominatedNodeName: '' }, status: unschedulable(fitErrorMessage(all.length, d)) };
    }
    const best = pickOneNodeForPreemption(candidates, this.now());
    if (!best) return { status: unschedulable('no candidate node for preemption') };
    try {
      await Promise.all(best.victims.pods.map((v) => this.handle.api.preemptPod(v, pod, best.name, signal)));
      const lower = this.handle.nominator.nominatedPodsForNode(best.name).filter((p) => p.priority < pod.priority);
      if (lower.length) await this.handle.api.clearNominatedNodeName(lower, signal);
    } catch (e) {
      return { status: asStatus(e) };
    }
    return { result: { nominatedNodeName: best.name }, status: new Status('Success') };
  }
}
