// The Deployment strategies and the steps every sync shares (upstream's rolling.go, recreate.go
// and sync.go): rolling update within maxSurge/maxUnavailable, recreate, proportional scaling,
// history cleanup, paused conditions, and the status write.
import type { Pod } from '../../api/types/core-v1.js';
import type { ReplicaSet } from '../../api/types/apps-v1.js';
import { REPLICASETS } from '../../client/index.js';
import {
  PAUSED, PROGRESSING, RESUMED, TIMED_OUT, calculateStatus, deploymentComplete, getCondition, hasProgressDeadline, newCondition, rolloutConditions, setCondition, stuckRequeueMs,
} from './conditions.js';
import type { DeploymentSync } from './replica-sets.js';
import {
  activeReplicaSets, byCreation, byRevision, bySizeNewer, bySizeOlder, desiredReplicasAnnotation, isRollingUpdate, isSaturated, maxSurge, maxUnavailable, newRSNewReplicas,
  proportion, replicasOf, specReplicas, sumSpec, sumStatus,
} from './util.js';

export interface SyncOutcome {
  readonly requeueAfterMs?: number;
}

const withNew = (oldRSs: ReplicaSet[], newRS: ReplicaSet | undefined): ReplicaSet[] => (newRS ? [...oldRSs, newRS] : [...oldRSs]);

/** Writes the counts and conditions after a rollout step; asks to look again before a progress deadline. */
export async function syncRolloutStatus(s: DeploymentSync, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<SyncOutcome> {
  const status = calculateStatus(allRSs, newRS, s.d, s.now);
  rolloutConditions(s.d, allRSs, newRS, status, s.now);
  await s.writeDeployment(false, status);
  return { requeueAfterMs: stuckRequeueMs(s.d, status, s.now) };
}

/** Status only, no conditions beyond Available (upstream's syncDeploymentStatus). */
export async function syncDeploymentStatus(s: DeploymentSync, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<SyncOutcome> {
  await s.writeDeployment(false, calculateStatus(allRSs, newRS, s.d, s.now));
  return {};
}

/** Progressing Unknown while paused/just resumed (upstream's checkPausedConditions). */
export async function checkPausedConditions(s: DeploymentSync): Promise<void> {
  const d = s.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, PROGRESSING);
  if (cond?.reason === TIMED_OUT) return;
  const pausedExists = cond?.reason === PAUSED;
  const status = s.statusCopy();
  if (d.spec?.paused && !pausedExists) setCondition(status, newCondition(PROGRESSING, 'Unknown', PAUSED, 'Deployment is paused', s.now));
  else if (!d.spec?.paused && pausedExists) setCondition(status, newCondition(PROGRESSING, 'Unknown', RESUMED, 'Deployment is resumed', s.now));
  else return;
  await s.writeDeployment(false, status);
}

/** A replicas change not yet passed to the active ReplicaSets (upstream's isScalingEvent). */
export async function isScalingEvent(s: DeploymentSync, rsList: ReplicaSet[]): Promise<boolean> {
  const { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, false);
  return activeReplicaSets(withNew(oldRSs, newRS)).some((rs) => {
    const desired = desiredReplicasAnnotation(rs);
    return desired !== undefined && desired !== replicasOf(s.d);
  });
}

/** Scaling and paused deployments: resize without rolling (upstream's sync). */
export async function syncScale(s: DeploymentSync, rsList: ReplicaSet[]): Promise<SyncOutcome> {
  const { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, false);
  await scale(s, newRS, oldRSs);
  if (s.d.spec?.paused) await cleanupDeployment(s, oldRSs);
  return syncDeploymentStatus(s, withNew(oldRSs, newRS), newRS);
}

function activeOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sorted = [...oldRSs].sort((a, b) => -byCreation(a, b));
  const active = activeReplicaSets(withNew(sorted, newRS));
  if (active.length === 0) return newRS ?? sorted[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** Proportional scaling across the active ReplicaSets (upstream's scale). */
export async function scale(s: DeploymentSync, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
  const d = s.d;
  const only = activeOrLatest(newRS, oldRSs);
  if (only) {
    if (specReplicas(only) !== replicasOf(d)) await s.scaleAndRecord(only, replicasOf(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) await s.scaleAndRecord(old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = activeReplicaSets(withNew(oldRSs, newRS));
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - sumSpec(all);
  if (toAdd === 0) return;
  all.sort(toAdd > 0 ? bySizeNewer : bySizeOlder);
  const sizes = new Map<ReplicaSet, number>();
  let added = 0;
  for (const rs of all) {
    const p = proportion(rs, d, toAdd, added);
    sizes.set(rs, specReplicas(rs) + p);
    added += p;
  }
  if (all.length && toAdd !== added) {
    const first = all[0]!;
    sizes.set(first, Math.max(0, sizes.get(first)! + toAdd - added));
  }
  for (const rs of all) await s.scaleReplicaSet(rs, sizes.get(rs)!);
}

/** Deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit (upstream's cleanupDeployment). */
export async function cleanupDeployment(s: DeploymentSync, oldRSs: ReplicaSet[]): Promise<void> {
  const limit = s.d.spec?.revisionHistoryLimit;
  if (limit === undefined || limit === null) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp).sort(byRevision);
  const diff = cleanable.length - limit;
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i]!;
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    await s.deps.client.resource(REPLICASETS, rs.metadata!.namespace).delete(rs.metadata!.name!, { signal: s.deps.signal });
  }
}

/** One rolling-update step (upstream's rolloutRolling). */
export async function rolloutRolling(s: DeploymentSync, rsList: ReplicaSet[]): Promise<SyncOutcome> {
  const { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, true);
  const allRSs = withNew(oldRSs, newRS);
  if (newRS && (await reconcileNewReplicaSet(s, allRSs, newRS))) return syncRolloutStatus(s, allRSs, newRS);
  if (await reconcileOldReplicaSets(s, allRSs, activeReplicaSets(oldRSs), newRS)) return syncRolloutStatus(s, allRSs, newRS);
  if (deploymentComplete(s.d, s.d.status ?? {})) await cleanupDeployment(s, oldRSs);
  return syncRolloutStatus(s, allRSs, newRS);
}

async function reconcileNewReplicaSet(s: DeploymentSync, allRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  const want = replicasOf(s.d);
  if (specReplicas(newRS) === want) return false;
  if (specReplicas(newRS) > want) return (await s.scaleAndRecord(newRS, want)).scaled;
  return (await s.scaleAndRecord(newRS, newRSNewReplicas(s.d, allRSs, newRS))).scaled;
}

async function reconcileOldReplicaSets(s: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<boolean> {
  if (sumSpec(oldRSs) === 0) return false;
  const d = s.d;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = specReplicas(newRS) - (newRS?.status?.availableReplicas ?? 0);
  const maxScaledDown = sumSpec(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = await cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSets(s, withNew(cleaned.oldRSs, newRS), cleaned.oldRSs);
  return cleaned.count + scaledDown > 0;
}

/** Scales down old ReplicaSets' unavailable pods first, up to max (upstream's cleanupUnhealthyReplicas). */
async function cleanupUnhealthyReplicas(s: DeploymentSync, oldRSs: ReplicaSet[], max: number): Promise<{ oldRSs: ReplicaSet[]; count: number }> {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  const out: ReplicaSet[] = [];
  for (const rs of sorted) {
    const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
    if (total >= max || specReplicas(rs) === 0 || unhealthy <= 0) {
      out.push(rs);
      continue;
    }
    const n = Math.min(max - total, unhealthy);
    const r = await s.scaleAndRecord(rs, specReplicas(rs) - n);
    total += n;
    out.push(r.rs);
  }
  return { oldRSs: out, count: total };
}

/** Scales old ReplicaSets down while availability stays at least replicas - maxUnavailable (upstream's scaleDownOldReplicaSetsForRollingUpdate). */
async function scaleDownOldReplicaSets(s: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): Promise<number> {
  const d = s.d;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = sumStatus(allRSs, 'availableReplicas');
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= target) break;
    if (specReplicas(rs) === 0) continue;
    const n = Math.min(specReplicas(rs), target - total);
    await s.scaleAndRecord(rs, specReplicas(rs) - n);
    total += n;
  }
  return total;
}

/** One Recreate step: old pods all gone before the new ReplicaSet scales up (upstream's rolloutRecreate). */
export async function rolloutRecreate(s: DeploymentSync, rsList: ReplicaSet[], podsByRS: ReadonlyMap<string, readonly Readonly<Pod>[]>): Promise<SyncOutcome> {
  let { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, false);
  let allRSs = withNew(oldRSs, newRS);
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) if ((await s.scaleAndRecord(rs, 0)).scaled) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(s, allRSs, newRS);
  if (oldPodsRunning(newRS, oldRSs, podsByRS)) return syncRolloutStatus(s, allRSs, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, true));
    allRSs = withNew(oldRSs, newRS);
  }
  if (newRS) await s.scaleAndRecord(newRS, replicasOf(s.d));
  if (deploymentComplete(s.d, s.d.status ?? {})) await cleanupDeployment(s, oldRSs);
  return syncRolloutStatus(s, allRSs, newRS);
}

function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], podsByRS: ReadonlyMap<string, readonly Readonly<Pod>[]>): boolean {
  if (sumStatus(oldRSs, 'replicas') > 0) return true;
  for (const [uid, pods] of podsByRS) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}
