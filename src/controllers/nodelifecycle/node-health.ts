// The node lifecycle controller's decisions (upstream's tryUpdateNodeHealth and the
// taint-by-condition rules), as pure functions: when a node's heartbeat has lapsed, what its
// conditions become, and which not-ready/unreachable taints it should carry.
import type { Node, NodeCondition, Taint } from '../../api/types/core-v1.js';
import { readyCondition } from '../../api/node-conditions.js';
import { apiTime } from '../../client/index.js';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** Upstream's --node-monitor-grace-period default. */
export const NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
/** The conditions the controller sets to Unknown when a kubelet goes silent. */
export const KUBELET_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/**
 * The node's conditions once its kubelet has stopped reporting: every kubelet condition (added
 * when missing) Unknown, heartbeat times kept; undefined when they already are.
 */
export function unknownConditions(n: Readonly<Node>, now: number): NodeCondition[] | undefined {
  const current = n.status?.conditions ?? [];
  const neverPosted = !readyCondition(n);
  let changed = false;
  const out: NodeCondition[] = current.map((c) => ({ ...c }));
  for (const type of KUBELET_CONDITIONS) {
    const reason = neverPosted ? 'NodeStatusNeverUpdated' : 'NodeStatusUnknown';
    const message = neverPosted ? 'Kubelet never posted node status.' : 'Kubelet stopped posting node status.';
    const c = out.find((x) => x.type === type);
    if (!c) {
      out.push({ type, status: 'Unknown', reason, message, lastHeartbeatTime: n.metadata?.creationTimestamp, lastTransitionTime: apiTime(now) });
      changed = true;
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', reason, message, lastTransitionTime: apiTime(now) });
      changed = true;
    }
  }
  return changed ? out : undefined;
}

/** The managed taints the node should have for its Ready condition. */
export function desiredTaints(ready: Readonly<NodeCondition> | undefined): { key: string; effect: string }[] {
  if (!ready || ready.status === 'Unknown') return ready ? [{ key: TAINT_NODE_UNREACHABLE, effect: 'NoSchedule' }, { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' }] : [];
  if (ready.status === 'False') return [{ key: TAINT_NODE_NOT_READY, effect: 'NoSchedule' }, { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' }];
  return [];
}

const managed = (t: Readonly<Taint>) => t.key === TAINT_NODE_NOT_READY || t.key === TAINT_NODE_UNREACHABLE;

/** The node's taints with the managed ones made to match Ready; undefined when nothing changes. */
export function reconcileTaints(n: Readonly<Node>, now: number): Taint[] | undefined {
  const current = n.spec?.taints ?? [];
  const want = desiredTaints(readyCondition(n));
  const keep = current.filter((t) => !managed(t) || want.some((w) => w.key === t.key && w.effect === t.effect));
  const add = want.filter((w) => !current.some((t) => t.key === w.key && t.effect === w.effect));
  if (keep.length === current.length && !add.length) return undefined;
  return [...keep.map((t) => ({ ...t })), ...add.map((w) => (w.effect === 'NoExecute' ? { ...w, timeAdded: apiTime(now) } : { ...w }))];
}
