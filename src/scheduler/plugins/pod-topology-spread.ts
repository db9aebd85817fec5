// PodTopologySpread: DoNotSchedule constraints as a filter (matching pods in the node's domain, plus
// the pod itself, minus the global minimum must not exceed maxSkew); ScheduleAnyway constraints as a
// score that favours the less crowded domains.
import type { CycleState, StateData } from '../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../framework/events.js';
import {
  MAX_NODE_SCORE, type EnqueueExtensions, type FilterPlugin, type Handle, type PreFilterExtensions, type PreFilterPlugin,
  type PreScorePlugin, type ScorePlugin,
} from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { asStatus, skip, unresolvable, unschedulable, type StatusOrSuccess } from '../framework/status.js';
import { RequiredNodeAffinity } from './helpers/node-affinity.js';
import { names } from './names.js';
import { SpreadPodCounts } from './spread-pod-counts.js';
import type { TopologySpreadConstraint } from '../../api/types/core-v1.js';
import {
  defaultConstraints, HOSTNAME_LABEL, includesEveryNode, matchesInclusionPolicies, nodeHasAllTopologyKeys, spreadConstraints,
  SYSTEM_DEFAULT_CONSTRAINTS, type SpreadConstraint,
} from './topology-spread-constraints.js';

export interface PodTopologySpreadArgs {
  /** System (default): upstream's defaults for pods without constraints; List: defaultConstraints. */
  readonly defaultingType?: 'System' | 'List';
  readonly defaultConstraints?: readonly TopologySpreadConstraint[];
}

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

const PRE_FILTER_KEY = `PreFilter${names.PodTopologySpread}`;
const PRE_SCORE_KEY = `PreScore${names.PodTopologySpread}`;
const MAX_INT32 = 2 ** 31 - 1;

class PreFilterState implements StateData {
  /** Per constraint: the smallest count over its domains (MAX_INT32 when there are none). */
  readonly minMatch: number[];

  constructor(
    readonly constraints: readonly SpreadConstraint[],
    /** Per constraint: domain value → matching pods. */
    readonly counts: Map<string, number>[],
    readonly required: RequiredNodeAffinity,
  ) {
    this.minMatch = counts.map(minOf);
  }

  globalMin(i: number): number {
    return this.counts[i]!.size < this.constraints[i]!.minDomains ? 0 : this.minMatch[i]!;
  }

  update(i: number, value: string, delta: number): void {
    const m = this.counts[i]!;
    m.set(value, (m.get(value) ?? 0) + delta);
    this.minMatch[i] = minOf(m);
  }

  clone(): StateData {
    return new PreFilterState(this.constraints, this.counts.map((m) => new Map(m)), this.required);
  }
}

function minOf(m: ReadonlyMap<string, number>): number {
  let min = MAX_INT32;
  for (const v of m.values()) if (v < min) min = v;
  return min;
}

class PreScoreState implements StateData {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    readonly ignoredNodes: ReadonlySet<string>,
    readonly counts: Map<string, number>[],
    readonly weights: readonly number[],
    /** Per constraint: matching pods on a node. */
    readonly counters: readonly ((ni: NodeInfo) => number)[],
  ) {}
  clone(): StateData {
    return this;
  }
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = names.PodTopologySpread;
  readonly preFilterExtensions: PreFilterExtensions;

  private readonly defaults: readonly Pick<TopologySpreadConstraint, 'topologyKey' | 'maxSkew' | 'whenUnsatisfiable'>[];
  private readonly systemDefaulted: boolean;
  private readonly podCounts = new SpreadPodCounts();

  constructor(
    private readonly handle: Handle,
    args: PodTopologySpreadArgs = {},
  ) {
    this.systemDefaulted = (args.defaultingType ?? 'System') === 'System';
    this.defaults = this.systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : (args.defaultConstraints ?? []);
    const update = (state: CycleState, pod: PodInfo, other: PodInfo, ni: NodeInfo, delta: number): StatusOrSuccess => {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (!s) return asStatus(new Error(`reading "${PRE_FILTER_KEY}" from cycleState: not found`));
      if (other.namespace !== pod.namespace || !nodeHasAllTopologyKeys(ni.labels, s.constraints)) return null;
      s.constraints.forEach((c, i) => {
        if (!c.matches(other.labels) || !matchesInclusionPolicies(c, pod.pod, ni, s.required)) return;
        s.update(i, ni.labels[c.topologyKey]!, delta);
      });
      return null;
    };
    this.preFilterExtensions = {
      addPod: (state, pod, other, ni) => update(state, pod, other, ni, 1),
      removePod: (state, pod, other, ni) => update(state, pod, other, ni, -1),
    };
  }

  /** The pod's own constraints of one kind, or the defaults when it has none. */
  private constraints(pod: PodInfo, action: 'DoNotSchedule' | 'ScheduleAnyway', errors: string[]): SpreadConstraint[] {
    const own = pod.pod.spec?.topologySpreadConstraints ?? [];
    if (own.length > 0) return spreadConstraints(own, pod.labels, action, errors);
    if (this.defaults.length === 0 || !this.defaults.some((c) => (c.whenUnsatisfiable ?? 'DoNotSchedule') === action)) return [];
    const selector = this.handle.workloads?.defaultSelector(pod);
    return selector ? defaultConstraints(this.defaults, selector, action) : [];
  }

  preFilter(state: CycleState, pod: PodInfo): StatusOrSuccess {
    const errors: string[] = [];
    const constraints = this.constraints(pod, 'DoNotSchedule', errors);
    if (errors.length) return asStatus(new Error(errors.join('; ')));
    if (constraints.length === 0) return skip();
    const required = new RequiredNodeAffinity(pod.pod);
    const counts = constraints.map(() => new Map<string, number>());
    const counters = constraints.map((c) => this.podCounts.counter(c, pod.namespace));
    const nodes = this.handle.snapshot().list();
    for (let n = 0; n < nodes.length; n++) {
      const ni = nodes[n]!;
      if (!nodeHasAllTopologyKeys(ni.labels, constraints)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i]!;
        if (!matchesInclusionPolicies(c, pod.pod, ni, required)) continue;
        const v = ni.labels[c.topologyKey]!;
        const m = counts[i]!;
        const add = ni.pods.length === 0 ? 0 : counters[i]!(ni);
        m.set(v, (m.get(v) ?? 0) + add);
      }
    }
    state.write(PRE_FILTER_KEY, new PreFilterState(constraints, counts, required));
    return null;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s) return asStatus(new Error(`reading "${PRE_FILTER_KEY}" from cycleState: not found`));
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      if (!Object.prototype.hasOwnProperty.call(nodeInfo.labels, c.topologyKey)) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
      const self = c.matches(pod.labels) ? 1 : 0;
      const matchNum = s.counts[i]!.get(nodeInfo.labels[c.topologyKey]!) ?? 0;
      if (matchNum + self - s.globalMin(i) > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, filteredNodes: readonly NodeInfo[]): StatusOrSuccess {
    const all = this.handle.snapshot().list();
    if (filteredNodes.length === 0 || all.length === 0) return null;
    const errors: string[] = [];
    const constraints = this.constraints(pod, 'ScheduleAnyway', errors);
    if (errors.length) return asStatus(new Error(errors.join('; ')));
    if (constraints.length === 0) return skip();
    // Nodes must have every topology key only for the pod's own (or configured) constraints, so that
    // nodes without a zone label still get host spreading under the system defaults.
    const requireAll = (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0 || !this.systemDefaulted;
    const hasKeys = (labels: NodeInfo['labels'], c: SpreadConstraint) => Object.prototype.hasOwnProperty.call(labels, c.topologyKey);
    const ignored = new Set<string>();
    const counts = constraints.map(() => new Map<string, number>());
    const sizes = constraints.map(() => 0);
    for (const ni of filteredNodes) {
      if (requireAll && !nodeHasAllTopologyKeys(ni.labels, constraints)) {
        ignored.add(ni.name);
        continue;
      }
      constraints.forEach((c, i) => {
        if (c.topologyKey === HOSTNAME_LABEL || !hasKeys(ni.labels, c)) return;
        const v = ni.labels[c.topologyKey]!;
        if (!counts[i]!.has(v)) {
          counts[i]!.set(v, 0);
          sizes[i]!++;
        }
      });
    }
    const required = new RequiredNodeAffinity(pod.pod);
    const counters = constraints.map((c) => this.podCounts.counter(c, pod.namespace));
    // Where every node counts (no node must have all keys, no inclusion policy leaves a node out),
    // the domains' sums come kept up to date instead of from a pass over every node.
    const summed = constraints.map((c, i) => {
      if (requireAll || counts[i]!.size === 0 || !includesEveryNode(c, required)) return false;
      const sums = this.podCounts.sumsByDomain(c, pod.namespace, this.handle.snapshot(), counters[i]);
      if (!sums) return false;
      const m = counts[i]!;
      for (const v of m.keys()) m.set(v, sums.get(v) ?? 0);
      return true;
    });
    for (const ni of summed.every(Boolean) ? [] : all) {
      if (requireAll && !nodeHasAllTopologyKeys(ni.labels, constraints)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i]!;
        const m = counts[i]!;
        // Host constraints have no domains here (a node's own pods are counted when it is scored).
        if (summed[i] || m.size === 0 || !hasKeys(ni.labels, c)) continue;
        const v = ni.labels[c.topologyKey]!;
        const cur = m.get(v);
        if (cur === undefined || !matchesInclusionPolicies(c, pod.pod, ni, required)) continue;
        m.set(v, cur + counters[i]!(ni));
      }
    }
    const weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME_LABEL ? filteredNodes.length - ignored.size : sizes[i]!) + 2));
    state.write(PRE_SCORE_KEY, new PreScoreState(constraints, ignored, counts, weights, counters));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s || s.ignoredNodes.has(nodeInfo.name)) return 0;
    let score = 0;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      if (!Object.prototype.hasOwnProperty.call(nodeInfo.labels, c.topologyKey)) continue;
      const cnt = c.topologyKey === HOSTNAME_LABEL ? s.counters[i]!(nodeInfo) : (s.counts[i]!.get(nodeInfo.labels[c.topologyKey]!) ?? 0);
      score += cnt * s.weights[i]! + (c.maxSkew - 1);
    }
    return Math.round(score);
  }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: number[], nodes: readonly NodeInfo[]): void {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s) return;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (s.ignoredNodes.has(nodes[i]!.name)) continue;
      const v = scores[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    for (let i = 0; i < scores.length; i++) {
      if (s.ignoredNodes.has(nodes[i]!.name)) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
    }
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'AssignedPod', actions: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete },
      { resource: 'Node', actions: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint },
    ];
  }
}
