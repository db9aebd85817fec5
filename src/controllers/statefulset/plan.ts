// What one StatefulSet sync does, as a pure decision over the cached pods (upstream's
// updateStatefulSet): recreate failed pods, create missing ordinals (in order, each waiting for its
// predecessor to be Running and Ready for minReadySeconds, under OrderedReady; all at once under
// Parallel), delete ordinals beyond replicas from the highest down, then roll pods onto the update
// revision from the highest ordinal down to the partition, one at a time.
import type { StatefulSet } from '../../api/types/apps-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import { isPodAvailable, isPodReady, podReadyTime } from '../pod-util.js';
import { identityLabelPatch, inOrdinalRange, ordinalOf, podRevision, startOrdinal } from './identity.js';

export type StatefulSetAction =
  | { readonly kind: 'create'; readonly ordinal: number; readonly revision: 'current' | 'update' }
  | { readonly kind: 'createClaims'; readonly ordinal: number }
  | { readonly kind: 'delete'; readonly pod: Readonly<Pod>; readonly reason: 'failed' | 'condemned' | 'update' }
  | { readonly kind: 'fixIdentity'; readonly pod: Readonly<Pod>; readonly labels: Readonly<Record<string, string>> };

export interface StatefulSetPlan {
  readonly actions: StatefulSetAction[];
  /** Set while OrderedReady waits for a pod (the pod's name and why), for logs and tests. */
  readonly waitingFor?: string;
  /** A pod becomes available (minReadySeconds) after this long. */
  readonly requeueAfterMs?: number;
}

export interface PlanInput {
  readonly set: Readonly<StatefulSet>;
  readonly pods: readonly Readonly<Pod>[];
  readonly currentRevision: string;
  readonly updateRevision: string;
  /** The pod with ordinal is Pending and one of its claims is missing. */
  readonly claimsMissing?: (ordinal: number) => boolean;
  readonly now: number;
}

export const isCreated = (p: Readonly<Pod>): boolean => !!p.status?.phase;
export const isTerminating = (p: Readonly<Pod>): boolean => !!p.metadata?.deletionTimestamp;
const isFailedOrSucceeded = (p: Readonly<Pod>): boolean => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';
export const isRunningAndReady = (p: Readonly<Pod>): boolean => p.status?.phase === 'Running' && isPodReady(p);
export const isHealthy = (p: Readonly<Pod>): boolean => isRunningAndReady(p) && !isTerminating(p);

/**
 * Whether the pod at index (ordinal minus ordinals.start) is (re)created at the current revision
 * rather than the update one (upstream's newVersionedStatefulSetPod).
 */
export function createsAtCurrent(set: Readonly<StatefulSet>, index: number): boolean {
  if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return false;
  const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0) return index < partition;
  return index < (set.status?.currentReplicas ?? 0);
}

export function planStatefulSet(i: PlanInput): StatefulSetPlan {
  const { set } = i;
  const actions: StatefulSetAction[] = [];
  if (set.metadata?.deletionTimestamp) return { actions };
  const monotonic = (set.spec?.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
  const minReady = set.spec?.minReadySeconds ?? 0;
  const start = startOrdinal(set);
  const count = set.spec?.replicas ?? 1;
  const replicas: (Readonly<Pod> | undefined)[] = new Array(count).fill(undefined);
  const condemned: Readonly<Pod>[] = [];
  for (const p of i.pods) {
    const ord = ordinalOf(p);
    if (ord < 0) continue;
    if (inOrdinalRange(set, ord)) replicas[ord - start] = p;
    else condemned.push(p);
  }
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  const firstUnhealthy = [...replicas, ...condemned].find((p) => p && !isHealthy(p));
  const wait = (pod: string, why: string, requeueAfterMs?: number): StatefulSetPlan => ({ actions, waitingFor: `${pod}: ${why}`, requeueAfterMs });
  const notAvailableFor = (p: Readonly<Pod>): number | undefined => {
    if (minReady <= 0 || isPodAvailable(p, minReady, i.now)) return undefined;
    const t = podReadyTime(p);
    return Number.isNaN(t) ? minReady * 1000 : Math.max(1, t + minReady * 1000 - i.now);
  };
  const pending = new Set<number>();

  for (let idx = 0; idx < count; idx++) {
    const ordinal = start + idx;
    const p = replicas[idx];
    const name = `${set.metadata?.name}-${ordinal}`;
    if (p && isFailedOrSucceeded(p)) {
      if (!isTerminating(p)) actions.push({ kind: 'delete', pod: p, reason: 'failed' });
      pending.add(ordinal);
      if (monotonic) return wait(name, 'failed pod being replaced');
      continue;
    }
    if (!p || !isCreated(p)) {
      if (!p) actions.push({ kind: 'create', ordinal, revision: createsAtCurrent(set, idx) ? 'current' : 'update' });
      pending.add(ordinal);
      if (monotonic) return wait(name, p ? 'not yet created' : 'creating');
      continue;
    }
    if (p.status?.phase === 'Pending' && i.claimsMissing?.(ordinal)) actions.push({ kind: 'createClaims', ordinal });
    if (isTerminating(p)) {
      if (monotonic) return wait(name, 'terminating');
      continue;
    }
    if (!isRunningAndReady(p)) {
      if (monotonic) return wait(name, 'not Running and Ready');
      continue;
    }
    const after = notAvailableFor(p);
    if (after !== undefined && monotonic) return wait(name, 'not available for minReadySeconds yet', after);
    const labels = identityLabelPatch(set, p);
    if (Object.keys(labels).length) actions.push({ kind: 'fixIdentity', pod: p, labels });
  }

  for (const p of condemned) {
    if (isTerminating(p)) {
      if (monotonic) return wait(p.metadata!.name!, 'terminating');
      continue;
    }
    if (monotonic && p !== firstUnhealthy && (!isRunningAndReady(p) || notAvailableFor(p) !== undefined)) return wait(p.metadata!.name!, 'not healthy; waiting before scale-down');
    actions.push({ kind: 'delete', pod: p, reason: 'condemned' });
    if (monotonic) return { actions };
  }

  if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { actions };
  const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let idx = count - 1; idx >= Math.max(0, partition); idx--) {
    const p = replicas[idx];
    if (!p || pending.has(start + idx)) return { actions };
    if (podRevision(p) !== i.updateRevision && !isTerminating(p)) {
      actions.push({ kind: 'delete', pod: p, reason: 'update' });
      return { actions };
    }
    if (!isHealthy(p)) return { actions };
  }
  return { actions };
}
