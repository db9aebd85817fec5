// Which pods a scale-down removes first (upstream's ActivePodsWithRanks ordering, with the
// logarithmic bucketing of timestamps that is on by default since 1.22): unassigned before
// assigned; Pending before Unknown before Running; not ready before ready; lower
// pod-deletion-cost first; pods doubled up on a node first; ready for less time first; more
// container restarts first; newer first.
import type { Pod } from '../../api/types/core-v1.js';
import { parseApiTime } from '../../client/index.js';
import { isPodReady, podReadyTime } from '../pod-util.js';

export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_RANK: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

export interface RankedPod {
  readonly pod: Readonly<Pod>;
  /** How many related active pods share its node (higher: deleted first). */
  readonly rank: number;
}

function deletionCost(pod: Readonly<Pod>): number {
  const v = pod.metadata?.annotations?.[POD_DELETION_COST];
  if (v === undefined || !/^[-+]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** Base-2 log of the age in nanoseconds (-1 for times not in the past), as upstream buckets. */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** t1 after t2, a missing time counting as later than any (upstream's afterOrZero). */
function afterOrZero(t1: number, t2: number): boolean {
  if (Number.isNaN(t1) || Number.isNaN(t2)) return Number.isNaN(t1);
  return t1 > t2;
}

/** Negative when a should be deleted before b. */
function compareTimes(t1: number, t2: number, now: number, uidA: string, uidB: string): number {
  if (Number.isNaN(t1) || Number.isNaN(t2) || !now) return afterOrZero(t1, t2) ? -1 : afterOrZero(t2, t1) ? 1 : 0;
  const diff = logRank(t1, now) - logRank(t2, now);
  if (diff !== 0) return diff;
  return uidA < uidB ? -1 : uidA > uidB ? 1 : 0;
}

const maxRestarts = (pod: Readonly<Pod>): number => Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));

/** Negative when a goes before b in deletion order. */
export function compareForDeletion(a: RankedPod, b: RankedPod, now: number): number {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec?.nodeName ?? '';
  const nb = pb.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const ra = PHASE_RANK[pa.status?.phase ?? ''] ?? -1;
  const rb = PHASE_RANK[pb.status?.phase ?? ''] ?? -1;
  if (ra !== rb) return ra - rb;
  const readyA = isPodReady(pa);
  const readyB = isPodReady(pb);
  if (readyA !== readyB) return readyA ? 1 : -1;
  const ca = deletionCost(pa);
  const cb = deletionCost(pb);
  if (ca !== cb) return ca - cb;
  if (a.rank !== b.rank) return b.rank - a.rank;
  const uidA = pa.metadata?.uid ?? '';
  const uidB = pb.metadata?.uid ?? '';
  if (readyA && readyB) {
    const ta = podReadyTime(pa);
    const tb = podReadyTime(pb);
    if (ta !== tb && !(Number.isNaN(ta) && Number.isNaN(tb))) {
      const c = compareTimes(ta, tb, now, uidA, uidB);
      if (c !== 0) return c;
    }
  }
  const rsA = maxRestarts(pa);
  const rsB = maxRestarts(pb);
  if (rsA !== rsB) return rsB - rsA;
  const cA = parseApiTime(pa.metadata?.creationTimestamp);
  const cB = parseApiTime(pb.metadata?.creationTimestamp);
  if (cA !== cB && !(Number.isNaN(cA) && Number.isNaN(cB))) return compareTimes(cA, cB, now, uidA, uidB);
  return 0;
}

/**
 * The count pods to delete from filtered: each is ranked by how many of related (the pods of every
 * ReplicaSet with the same owner, itself included) are active on its node.
 */
export function podsToDelete(filtered: readonly Readonly<Pod>[], related: readonly Readonly<Pod>[], count: number, now: number): Readonly<Pod>[] {
  if (count >= filtered.length) return [...filtered];
  const onNode = new Map<string, number>();
  for (const p of related) {
    const n = p.spec?.nodeName;
    if (n) onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const ranked: RankedPod[] = filtered.map((pod) => ({ pod, rank: pod.spec?.nodeName ? (onNode.get(pod.spec.nodeName) ?? 0) : 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, now));
  return ranked.slice(0, count).map((r) => r.pod);
}
