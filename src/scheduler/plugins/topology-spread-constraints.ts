// The parts of PodTopologySpread shared by filtering and scoring: constraints parsed from the pod,
// node inclusion policies, and counting matching pods on a node.
import type { LabelSelectorMatcher, Labels } from '../../api/meta/labels.js';
import type { Pod, TopologySpreadConstraint } from '../../api/types/core-v1.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { selectorOf } from '../framework/selectors.js';
import type { RequiredNodeAffinity } from './helpers/node-affinity.js';
import { findUntoleratedTaint, isDoNotScheduleTaint } from './helpers/taints.js';

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  /** Whether a pod's labels are selected (the label selector plus matchLabelKeys). */
  readonly matches: (labels: Labels) => boolean;
  readonly selectorEmpty: boolean;
  /**
   * Equal for constraints that select the same pods (their selector, in a canonical form); when
   * set, per-node counts may be remembered (SpreadPodCounts).
   */
  readonly countKey?: string;
  readonly minDomains: number;
  readonly nodeAffinityPolicy: 'Honor' | 'Ignore';
  readonly nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/** Builds the constraints of one whenUnsatisfiable action; errors (bad selectors) go into errors. */
export function spreadConstraints(
  list: readonly TopologySpreadConstraint[],
  podLabels: Labels,
  action: 'DoNotSchedule' | 'ScheduleAnyway',
  errors: string[],
): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of list) {
    if ((c.whenUnsatisfiable ?? 'DoNotSchedule') !== action) continue;
    const selector: LabelSelectorMatcher = selectorOf(c.labelSelector, errors);
    const extra: [string, string][] = [];
    for (const k of c.matchLabelKeys ?? []) if (Object.prototype.hasOwnProperty.call(podLabels, k)) extra.push([k, podLabels[k]!]);
    const matches =
      extra.length === 0
        ? (l: Labels) => selector.matches(l)
        : (l: Labels) => {
            for (const [k, v] of extra) if (l[k] !== v || !Object.prototype.hasOwnProperty.call(l, k)) return false;
            return selector.matches(l);
          };
    out.push({
      maxSkew: c.maxSkew ?? 1,
      topologyKey: c.topologyKey ?? '',
      matches,
      selectorEmpty: selector.empty() && extra.length === 0,
      countKey: JSON.stringify([c.labelSelector ?? null, extra]),
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
    });
  }
  return out;
}

/** Upstream's system defaults: spread over hosts (maxSkew 3) and zones (maxSkew 5), scoring only. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly Pick<TopologySpreadConstraint, 'topologyKey' | 'maxSkew' | 'whenUnsatisfiable'>[] = Object.freeze([
  { topologyKey: HOSTNAME_LABEL, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
]);

/** Default constraints with a selector derived from the pod's services and controller. */
export function defaultConstraints(
  defaults: readonly Pick<TopologySpreadConstraint, 'topologyKey' | 'maxSkew' | 'whenUnsatisfiable'>[],
  selector: { matches(labels: Labels): boolean; readonly key?: string },
  action: 'DoNotSchedule' | 'ScheduleAnyway',
): SpreadConstraint[] {
  return defaults
    .filter((c) => (c.whenUnsatisfiable ?? 'DoNotSchedule') === action)
    .map((c) => ({
      maxSkew: c.maxSkew ?? 1,
      topologyKey: c.topologyKey ?? '',
      matches: (l: Labels) => selector.matches(l),
      selectorEmpty: false,
      ...(selector.key !== undefined ? { countKey: `default:${selector.key}` } : {}),
      minDomains: 1,
      nodeAffinityPolicy: 'Honor' as const,
      nodeTaintsPolicy: 'Ignore' as const,
    }));
}

export function nodeHasAllTopologyKeys(labels: Labels, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return false;
  return true;
}

/** Whether the node counts for this constraint under its nodeAffinityPolicy and nodeTaintsPolicy. */
export function matchesInclusionPolicies(c: SpreadConstraint, pod: Readonly<Pod>, ni: NodeInfo, required: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !required.isEmpty && !required.matchesNode(ni)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && ni.taints.length > 0 && findUntoleratedTaint(ni.taints, pod.spec?.tolerations, isDoNotScheduleTaint)) return false;
  return true;
}

/** matchesInclusionPolicies is true for every node: neither policy can leave one out for this pod. */
export function includesEveryNode(c: SpreadConstraint, required: RequiredNodeAffinity): boolean {
  return (c.nodeAffinityPolicy !== 'Honor' || required.isEmpty) && c.nodeTaintsPolicy !== 'Honor';
}

/** Pods on the node in the namespace that the constraint selects; terminating pods do not count. */
export function countMatchingPods(pods: readonly PodInfo[], c: SpreadConstraint, namespace: string): number {
  if (c.selectorEmpty) return 0;
  let n = 0;
  for (const p of pods) {
    if (p.namespace !== namespace || p.pod.metadata?.deletionTimestamp) continue;
    if (c.matches(p.labels)) n++;
  }
  return n;
}
