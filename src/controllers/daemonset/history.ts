// A DaemonSet's revisions (upstream's constructHistory and cleanupHistory): the current revision is
// the one whose data equals the template now (renumbered to the top when an older one comes back),
// else a new one named "<ds>-<hash>" with the template hash as its controller-revision-hash label;
// old revisions no pod uses go once there are more than revisionHistoryLimit.
import type { ControllerRevision, DaemonSet } from '../../api/types/apps-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import { computeHash } from '../deployment/hash.js';
import { newControllerRevision, nextRevision, revisionsToPrune, sortRevisions, templatePatch, equalRevision, type RevisionHistory } from '../history/index.js';
import { newControllerRef } from '../pod-util.js';
import { DAEMONSET_HASH_LABEL } from './plan.js';

export interface DaemonSetHistory {
  readonly current: ControllerRevision;
  /** Its controller-revision-hash. */
  readonly hash: string;
  readonly old: ControllerRevision[];
  readonly collisionCount: number;
}

export function newDaemonSetRevision(ds: Readonly<DaemonSet>, revision: number, collisionCount: number): ControllerRevision {
  const hash = computeHash(ds.spec?.template, collisionCount);
  return newControllerRevision({
    parent: ds,
    ownerRef: newControllerRef(ds, 'apps/v1', 'DaemonSet'),
    templateLabels: ds.spec?.template?.metadata?.labels,
    data: templatePatch(ds.spec?.template),
    revision,
    hash,
    extraLabels: { [DAEMONSET_HASH_LABEL]: hash },
  });
}

export async function constructHistory(history: RevisionHistory, ds: Readonly<DaemonSet>, claimed: readonly ControllerRevision[], signal: AbortSignal): Promise<DaemonSetHistory> {
  let collisionCount = ds.status?.collisionCount ?? 0;
  const probe = newDaemonSetRevision(ds, 0, collisionCount);
  const sorted = sortRevisions(claimed);
  const current = sorted.filter((r) => equalRevision(r, probe));
  let old = sorted.filter((r) => !equalRevision(r, probe));
  const next = nextRevision(old);
  let cur: ControllerRevision;
  if (current.length === 0) {
    const created = await history.create((n) => newDaemonSetRevision(ds, next, n), collisionCount, signal);
    cur = created.revision;
    collisionCount = created.collisionCount;
    old = old.filter((r) => r.metadata?.name !== cur.metadata?.name);
  } else {
    cur = current[current.length - 1]!;
    for (const dup of current.slice(0, -1)) await history.delete(dup, signal);
    if ((cur.revision ?? 0) < next) cur = await history.updateRevision(cur, next, signal);
  }
  const hash = cur.metadata?.labels?.[DAEMONSET_HASH_LABEL] ?? computeHash(ds.spec?.template, collisionCount);
  return { current: cur, hash, old, collisionCount };
}

/** Deletes old revisions beyond revisionHistoryLimit that no pod uses. */
export async function cleanupHistory(history: RevisionHistory, ds: Readonly<DaemonSet>, h: DaemonSetHistory, pods: readonly Readonly<Pod>[], signal: AbortSignal): Promise<void> {
  const liveHashes = new Set(pods.map((p) => p.metadata?.labels?.[DAEMONSET_HASH_LABEL]).filter((x): x is string => !!x));
  const live = new Set(h.old.filter((r) => liveHashes.has(r.metadata?.labels?.[DAEMONSET_HASH_LABEL] ?? '')).map((r) => r.metadata?.name ?? ''));
  for (const r of revisionsToPrune(h.old, live, ds.spec?.revisionHistoryLimit ?? 10)) await history.delete(r, signal);
}
