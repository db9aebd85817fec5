// Which nodes a DaemonSet's pod belongs on (upstream's NodeShouldRunDaemonPod): the template's
// nodeName, nodeSelector and required node affinity must match the node, and its NoSchedule and
// NoExecute taints must be tolerated — by the template's tolerations plus those every daemon pod
// gets. A node whose only untolerated taints are NoSchedule keeps a pod it already has.
import type { DaemonSet } from '../../api/types/apps-v1.js';
import type { Affinity, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PodSpec, Taint, Toleration } from '../../api/types/core-v1.js';

/** The tolerations upstream adds to every daemon pod (AddOrUpdateDaemonPodTolerations). */
export function daemonPodTolerations(spec: Readonly<PodSpec> | undefined): Toleration[] {
  const t = (key: string, effect: string): Toleration => ({ key: `node.kubernetes.io/${key}`, operator: 'Exists', effect });
  const out = [t('not-ready', 'NoExecute'), t('unreachable', 'NoExecute'), t('disk-pressure', 'NoSchedule'), t('memory-pressure', 'NoSchedule'), t('pid-pressure', 'NoSchedule'), t('unschedulable', 'NoSchedule')];
  if (spec?.hostNetwork) out.push(t('network-unavailable', 'NoSchedule'));
  return out;
}

const sameToleration = (a: Readonly<Toleration>, b: Readonly<Toleration>): boolean =>
  (a.key ?? '') === (b.key ?? '') && (a.operator || 'Equal') === (b.operator || 'Equal') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');

/** The template's tolerations with the daemon ones added where missing. */
export function withDaemonTolerations(spec: Readonly<PodSpec> | undefined): Toleration[] {
  const out = [...(spec?.tolerations ?? [])].map((t) => ({ ...t }));
  for (const t of daemonPodTolerations(spec)) if (!out.some((x) => sameToleration(x, t))) out.push(t);
  return out;
}

/** Upstream's ToleratesTaint. */
export function toleratesTaint(t: Readonly<Toleration>, taint: Readonly<Taint>): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  switch (t.operator || 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

export const untoleratedTaint = (taints: readonly Taint[], tolerations: readonly Toleration[], effects: ReadonlySet<string>): Taint | undefined =>
  taints.find((taint) => effects.has(taint.effect ?? '') && !tolerations.some((t) => toleratesTaint(t, taint)));

function matchRequirement(r: Readonly<NodeSelectorRequirement>, value: string | undefined, has: boolean): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1 || !/^-?\d+$/.test(value!) || !/^-?\d+$/.test(values[0]!)) return false;
      const a = BigInt(value!);
      const b = BigInt(values[0]!);
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

function matchTerm(term: Readonly<NodeSelectorTerm>, node: Readonly<Node>): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  for (const r of exprs) if (!matchRequirement(r, labels[r.key ?? ''], Object.prototype.hasOwnProperty.call(labels, r.key ?? ''))) return false;
  for (const r of fields) {
    if (r.key !== 'metadata.name' || (r.operator !== 'In' && r.operator !== 'NotIn')) return false;
    if (!matchRequirement(r, node.metadata?.name, true)) return false;
  }
  return true;
}

/** nodeSelector ANDed with the required node affinity (terms ORed). */
export function matchesNodeSelectorAndAffinity(spec: Readonly<PodSpec> | undefined, node: Readonly<Node>): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => matchTerm(t, node));
}

export interface ShouldRun {
  /** A pod should be created here if none is. */
  readonly shouldRun: boolean;
  /** A pod already here may stay. */
  readonly shouldContinueRunning: boolean;
}

const SCHEDULE_EFFECTS: ReadonlySet<string> = new Set(['NoSchedule', 'NoExecute']);
const EXECUTE_EFFECTS: ReadonlySet<string> = new Set(['NoExecute']);

export function nodeShouldRunDaemonPod(node: Readonly<Node>, ds: Readonly<DaemonSet>): ShouldRun {
  const spec = ds.spec?.template?.spec;
  const name = node.metadata?.name ?? '';
  if (spec?.nodeName && spec.nodeName !== name) return { shouldRun: false, shouldContinueRunning: false };
  if (!matchesNodeSelectorAndAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const tolerations = withDaemonTolerations(spec);
  if (!untoleratedTaint(taints, tolerations, SCHEDULE_EFFECTS)) return { shouldRun: true, shouldContinueRunning: true };
  return { shouldRun: false, shouldContinueRunning: !untoleratedTaint(taints, tolerations, EXECUTE_EFFECTS) };
}

/** Required node affinity pinning a pod to one node (upstream's ReplaceDaemonSetPodNodeNameNodeAffinity). */
export function pinToNode(affinity: Readonly<Affinity> | undefined, nodeName: string): Affinity {
  const out = structuredClone(affinity ?? {}) as Affinity;
  out.nodeAffinity ??= {};
  out.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] };
  return out;
}

/** The node a daemon pod is for: its nodeName, or the one its affinity pins (upstream's GetTargetNodeName). */
export function targetNodeName(pod: Readonly<Pod>): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length !== 1) return undefined;
  for (const r of terms[0]!.matchFields ?? []) {
    if (r.key === 'metadata.name' && r.operator === 'In' && r.values?.length === 1) return r.values[0];
  }
  return undefined;
}
