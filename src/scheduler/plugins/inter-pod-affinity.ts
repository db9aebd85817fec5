// InterPodAffinity: required pod affinity and anti-affinity (the pod's own terms, and the anti-affinity
// terms of pods already running, which must not be broken by the newcomer) as a filter; preferred
// terms of both sides, plus existing pods' required affinity at hardPodAffinityWeight, as a score.
import type { Labels } from '../../api/meta/labels.js';
import type { CycleState, StateData } from '../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../framework/events.js';
import {
  MAX_NODE_SCORE, type EnqueueExtensions, type FilterPlugin, type Handle, type PreFilterExtensions, type PreFilterPlugin,
  type PreScorePlugin, type ScorePlugin,
} from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import { termMatches, type AffinityTerm, type PodInfo, type WeightedAffinityTerm } from '../framework/pod-info.js';
import { asStatus, skip, unresolvable, unschedulable, type StatusOrSuccess } from '../framework/status.js';
import { nothing } from '../../api/meta/labels.js';
import { names } from './names.js';

export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

const PRE_FILTER_KEY = `PreFilter${names.InterPodAffinity}`;
const PRE_SCORE_KEY = `PreScore${names.InterPodAffinity}`;

export interface InterPodAffinityArgs {
  /** Weight of existing pods' required affinity terms in scoring (default 1). */
  readonly hardPodAffinityWeight?: number;
  readonly ignorePreferredTermsOfExistingPods?: boolean;
}

const hasLabel = (labels: Labels, key: string) => Object.prototype.hasOwnProperty.call(labels, key);

/** Topology pair → count, as topology key → value → count (no string keys built per lookup). */
class TopologyCounts {
  private readonly byKey = new Map<string, Map<string, number>>();
  private pairs = 0;

  get size(): number {
    return this.pairs;
  }

  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  /** Whether any of the labels is a topology pair with a positive count. */
  anyPositive(labels: Labels): boolean {
    for (const [key, values] of this.byKey) {
      if (!hasLabel(labels, key)) continue;
      if ((values.get(labels[key]!) ?? 0) > 0) return true;
    }
    return false;
  }

  update(labels: Labels, topologyKey: string, delta: number): void {
    if (!hasLabel(labels, topologyKey)) return;
    const value = labels[topologyKey]!;
    let values = this.byKey.get(topologyKey);
    if (!values) this.byKey.set(topologyKey, (values = new Map()));
    const before = values.get(value);
    const n = (before ?? 0) + delta;
    if (n === 0) {
      if (before !== undefined) {
        values.delete(value);
        this.pairs--;
        if (values.size === 0) this.byKey.delete(topologyKey);
      }
      return;
    }
    if (before === undefined) this.pairs++;
    values.set(value, n);
  }

  /** When `pod` matches every term, count it in each term's topology (pod affinity is all-or-nothing). */
  updateWithAffinityTerms(terms: readonly AffinityTerm[], pod: PodInfo, labels: Labels, delta: number): void {
    if (!matchesAllTerms(terms, pod)) return;
    for (const t of terms) this.update(labels, t.topologyKey, delta);
  }

  updateWithAntiAffinityTerms(terms: readonly AffinityTerm[], pod: PodInfo, nsLabels: Labels | undefined, labels: Labels, delta: number): void {
    for (const t of terms) if (termMatches(t, pod, nsLabels)) this.update(labels, t.topologyKey, delta);
  }

  copy(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, v] of this.byKey) c.byKey.set(k, new Map(v));
    c.pairs = this.pairs;
    return c;
  }
}

function matchesAllTerms(terms: readonly AffinityTerm[], pod: PodInfo): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, undefined)) return false;
  return true;
}

class PreFilterState implements StateData {
  constructor(
    readonly pod: PodInfo,
    readonly affinityTerms: readonly AffinityTerm[],
    readonly antiAffinityTerms: readonly AffinityTerm[],
    readonly namespaceLabels: Labels | undefined,
    readonly existingAntiAffinityCounts: TopologyCounts,
    readonly affinityCounts: TopologyCounts,
    readonly antiAffinityCounts: TopologyCounts,
  ) {}

  updateWithPod(other: PodInfo, labels: Labels, delta: number): void {
    this.existingAntiAffinityCounts.updateWithAntiAffinityTerms(other.requiredAntiAffinityTerms, this.pod, this.namespaceLabels, labels, delta);
    this.affinityCounts.updateWithAffinityTerms(this.affinityTerms, other, labels, delta);
    this.antiAffinityCounts.updateWithAntiAffinityTerms(this.antiAffinityTerms, other, undefined, labels, delta);
  }

  clone(): StateData {
    return new PreFilterState(
      this.pod, this.affinityTerms, this.antiAffinityTerms, this.namespaceLabels,
      this.existingAntiAffinityCounts.copy(), this.affinityCounts.copy(), this.antiAffinityCounts.copy(),
    );
  }
}

class PreScoreState implements StateData {
  constructor(readonly topologyScore: Map<string, Map<string, number>>) {}
  clone(): StateData {
    return this;
  }
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = names.InterPodAffinity;
  private readonly hardPodAffinityWeight: number;
  private readonly ignorePreferredTermsOfExistingPods: boolean;
  readonly preFilterExtensions: PreFilterExtensions;

  constructor(private readonly handle: Handle, args: InterPodAffinityArgs = {}) {
    this.hardPodAffinityWeight = args.hardPodAffinityWeight ?? 1;
    this.ignorePreferredTermsOfExistingPods = args.ignorePreferredTermsOfExistingPods ?? false;
    const update = (state: CycleState, other: PodInfo, ni: NodeInfo, delta: number): StatusOrSuccess => {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (!s) return asStatus(new Error(`reading "${PRE_FILTER_KEY}" from cycleState: not found`));
      s.updateWithPod(other, ni.labels, delta);
      return null;
    };
    this.preFilterExtensions = {
      addPod: (state, _pod, toAdd, ni) => update(state, toAdd, ni, 1),
      removePod: (state, _pod, toRemove, ni) => update(state, toRemove, ni, -1),
    };
  }

  /** The term with its namespaceSelector resolved into namespace names (so matching needs no lookups). */
  private mergeNamespaces<T extends AffinityTerm>(t: T): T {
    if (t.namespaceSelector.empty() || !t.namespaceSelector.selectable) return t;
    const namespaces = new Set(t.namespaces);
    for (const n of this.handle.namespaces.matching((l) => t.namespaceSelector.matches(l))) namespaces.add(n);
    return { ...t, namespaces, namespaceSelector: nothing() };
  }

  preFilter(state: CycleState, pod: PodInfo): StatusOrSuccess {
    if (pod.parseError) return unresolvable(`parsing pod: ${pod.parseError}`);
    const snapshot = this.handle.snapshot();
    const affinityTerms = pod.requiredAffinityTerms.map((t) => this.mergeNamespaces(t));
    const antiTerms = pod.requiredAntiAffinityTerms.map((t) => this.mergeNamespaces(t));
    const nsLabels = this.handle.namespaces.labels(pod.namespace);
    const existing = new TopologyCounts();
    for (const ni of snapshot.havePodsWithRequiredAntiAffinityList()) {
      for (const other of ni.podsWithRequiredAntiAffinity) existing.updateWithAntiAffinityTerms(other.requiredAntiAffinityTerms, pod, nsLabels, ni.labels, 1);
    }
    const affinity = new TopologyCounts();
    const anti = new TopologyCounts();
    if (affinityTerms.length > 0 || antiTerms.length > 0) {
      for (const ni of snapshot.list()) {
        for (const other of ni.pods) {
          affinity.updateWithAffinityTerms(affinityTerms, other, ni.labels, 1);
          anti.updateWithAntiAffinityTerms(antiTerms, other, undefined, ni.labels, 1);
        }
      }
    }
    if (existing.size === 0 && affinityTerms.length === 0 && antiTerms.length === 0) return skip();
    state.write(PRE_FILTER_KEY, new PreFilterState(pod, affinityTerms, antiTerms, nsLabels, existing, affinity, anti));
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s) return asStatus(new Error(`reading "${PRE_FILTER_KEY}" from cycleState: not found`));
    if (!satisfyPodAffinity(s, nodeInfo)) return unresolvable(ERR_REASON_AFFINITY);
    if (!satisfyPodAntiAffinity(s, nodeInfo)) return unschedulable(ERR_REASON_ANTI_AFFINITY);
    if (!satisfyExistingPodsAntiAffinity(s, nodeInfo)) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): StatusOrSuccess {
    if (nodes.length === 0) return null;
    const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    if (this.ignorePreferredTermsOfExistingPods && !hasConstraints) return skip();
    const snapshot = this.handle.snapshot();
    const candidates = hasConstraints ? snapshot.list() : snapshot.havePodsWithAffinityList();
    const preferred = pod.preferredAffinityTerms.map((t) => this.mergeNamespaces(t));
    const preferredAnti = pod.preferredAntiAffinityTerms.map((t) => this.mergeNamespaces(t));
    const nsLabels = this.handle.namespaces.labels(pod.namespace);
    const scores = new Map<string, Map<string, number>>();
    const add = (term: AffinityTerm, weight: number, target: PodInfo, targetNs: Labels | undefined, labels: Labels) => {
      if (!termMatches(term, target, targetNs) || !hasLabel(labels, term.topologyKey)) return;
      let m = scores.get(term.topologyKey);
      if (!m) scores.set(term.topologyKey, (m = new Map()));
      const v = labels[term.topologyKey]!;
      m.set(v, (m.get(v) ?? 0) + weight);
    };
    const addAll = (terms: readonly WeightedAffinityTerm[], sign: number, target: PodInfo, targetNs: Labels | undefined, labels: Labels) => {
      for (const t of terms) add(t, t.weight * sign, target, targetNs, labels);
    };
    for (const ni of candidates) {
      const labels = ni.labels;
      if (Object.keys(labels).length === 0) continue;
      for (const existing of hasConstraints ? ni.pods : ni.podsWithAffinity) {
        addAll(preferred, 1, existing, undefined, labels);
        addAll(preferredAnti, -1, existing, undefined, labels);
        if (this.hardPodAffinityWeight > 0) for (const t of existing.requiredAffinityTerms) add(t, this.hardPodAffinityWeight, pod, nsLabels, labels);
        addAll(existing.preferredAffinityTerms, 1, pod, nsLabels, labels);
        addAll(existing.preferredAntiAffinityTerms, -1, pod, nsLabels, labels);
      }
    }
    if (scores.size === 0) return skip();
    state.write(PRE_SCORE_KEY, new PreScoreState(scores));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s) return 0;
    let score = 0;
    for (const [key, values] of s.topologyScore) {
      if (hasLabel(nodeInfo.labels, key)) score += values.get(nodeInfo.labels[key]!) ?? 0;
    }
    return score;
  }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: number[]): void {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s || s.topologyScore.size === 0) return;
    let min = Infinity;
    let max = -Infinity;
    for (const v of scores) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (scores[i]! - min)) / diff) : 0;
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'AssignedPod', actions: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete },
      { resource: 'Node', actions: ActionType.Add | ActionType.UpdateNodeLabel },
      { resource: 'Namespace', actions: ActionType.Add | ActionType.UpdateOther },
    ];
  }
}

function satisfyPodAffinity(s: PreFilterState, ni: NodeInfo): boolean {
  let podsExist = true;
  for (const t of s.affinityTerms) {
    if (!hasLabel(ni.labels, t.topologyKey)) return false;
    if (s.affinityCounts.get(t.topologyKey, ni.labels[t.topologyKey]!) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: allowed when no pod matches yet and it matches its own terms.
  return s.affinityCounts.size === 0 && matchesAllTerms(s.affinityTerms, s.pod);
}

function satisfyPodAntiAffinity(s: PreFilterState, ni: NodeInfo): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  for (const t of s.antiAffinityTerms) {
    if (!hasLabel(ni.labels, t.topologyKey)) continue;
    if (s.antiAffinityCounts.get(t.topologyKey, ni.labels[t.topologyKey]!) > 0) return false;
  }
  return true;
}

function satisfyExistingPodsAntiAffinity(s: PreFilterState, ni: NodeInfo): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  return !s.existingAntiAffinityCounts.anyPositive(ni.labels);
}
