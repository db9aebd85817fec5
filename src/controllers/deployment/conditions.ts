// Deployment conditions and status (upstream's deployment util and sync.go calculateStatus):
// Progressing (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated, NewReplicaSetAvailable,
// ProgressDeadlineExceeded, DeploymentPaused/Resumed), Available (MinimumReplicasAvailable or
// MinimumReplicasUnavailable), ReplicaFailure copied from a failing ReplicaSet.
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from '../../api/types/apps-v1.js';
import { apiTime, parseApiTime } from '../../client/index.js';
import { maxUnavailable, replicasOf, sumSpec, sumStatus } from './util.js';

export const PROGRESSING = 'Progressing';
export const AVAILABLE = 'Available';
export const REPLICA_FAILURE = 'ReplicaFailure';

export const NEW_RS_CREATED = 'NewReplicaSetCreated';
export const FOUND_NEW_RS = 'FoundNewReplicaSet';
export const RS_UPDATED = 'ReplicaSetUpdated';
export const NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
export const TIMED_OUT = 'ProgressDeadlineExceeded';
export const FAILED_RS_CREATE = 'ReplicaSetCreateError';
export const PAUSED = 'DeploymentPaused';
export const RESUMED = 'DeploymentResumed';
export const MIN_AVAILABLE = 'MinimumReplicasAvailable';
export const MIN_UNAVAILABLE = 'MinimumReplicasUnavailable';

export function newCondition(type: string, status: string, reason: string, message: string, now: number): DeploymentCondition {
  const t = apiTime(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export const getCondition = (s: Readonly<DeploymentStatus> | undefined, type: string): DeploymentCondition | undefined => s?.conditions?.find((c) => c.type === type);

/** Adds or replaces cond; a condition with the same status and reason is left alone (upstream's SetDeploymentCondition). */
export function setCondition(s: DeploymentStatus, cond: DeploymentCondition): void {
  const cur = getCondition(s, cond.type!);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  if (cur && cur.status === cond.status) cond.lastTransitionTime = cur.lastTransitionTime;
  s.conditions = [...(s.conditions ?? []).filter((c) => c.type !== cond.type), cond];
}

export function removeCondition(s: DeploymentStatus, type: string): void {
  if (s.conditions) s.conditions = s.conditions.filter((c) => c.type !== type);
}

export const hasProgressDeadline = (d: Readonly<Deployment>): boolean => {
  const p = d.spec?.progressDeadlineSeconds;
  return p !== undefined && p !== null && p !== 2147483647;
};

/** Every replica updated and available, and the spec observed (upstream's DeploymentComplete). */
export function deploymentComplete(d: Readonly<Deployment>, s: Readonly<DeploymentStatus>): boolean {
  const n = replicasOf(d);
  return (s.updatedReplicas ?? 0) === n && (s.replicas ?? 0) === n && (s.availableReplicas ?? 0) === n && (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
}

/** Something moved since the last status (upstream's DeploymentProgressing). */
export function deploymentProgressing(d: Readonly<Deployment>, s: Readonly<DeploymentStatus>): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** No progress for progressDeadlineSeconds since the Progressing condition last changed (upstream's DeploymentTimedOut). */
export function deploymentTimedOut(d: Readonly<Deployment>, s: Readonly<DeploymentStatus>, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, PROGRESSING);
  if (!c) return false;
  if (c.reason === NEW_RS_AVAILABLE) return false;
  if (c.reason === TIMED_OUT) return true;
  const from = parseApiTime(c.lastUpdateTime);
  return !Number.isNaN(from) && from + d.spec!.progressDeadlineSeconds! * 1000 < now;
}

/** The status counts from the ReplicaSets, and the Available condition (upstream's calculateStatus). */
export function calculateStatus(allRSs: readonly Readonly<ReplicaSet>[], newRS: Readonly<ReplicaSet> | undefined, d: Readonly<Deployment>, now: number): DeploymentStatus {
  const available = sumStatus(allRSs, 'availableReplicas');
  const total = sumSpec(allRSs);
  const s: DeploymentStatus = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: sumStatus(allRSs, 'replicas'),
    updatedReplicas: newRS ? (newRS.status?.replicas ?? 0) : 0,
    readyReplicas: sumStatus(allRSs, 'readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    conditions: (d.status?.conditions ?? []).map((c) => ({ ...c })),
  };
  if (d.status?.collisionCount !== undefined) s.collisionCount = d.status.collisionCount;
  if (available >= replicasOf(d) - maxUnavailable(d)) setCondition(s, newCondition(AVAILABLE, 'True', MIN_AVAILABLE, 'Deployment has minimum availability.', now));
  else setCondition(s, newCondition(AVAILABLE, 'False', MIN_UNAVAILABLE, 'Deployment does not have minimum availability.', now));
  return s;
}

/** The Progressing and ReplicaFailure conditions after a rollout step (upstream's syncRolloutStatus, minus the write). */
export function rolloutConditions(d: Readonly<Deployment>, allRSs: readonly Readonly<ReplicaSet>[], newRS: Readonly<ReplicaSet> | undefined, s: DeploymentStatus, now: number): void {
  if (!hasProgressDeadline(d)) removeCondition(s, PROGRESSING);
  const cur = getCondition(s, PROGRESSING);
  const complete = s.replicas === s.updatedReplicas && cur?.reason === NEW_RS_AVAILABLE;
  if (hasProgressDeadline(d) && !complete) {
    const what = newRS ? `ReplicaSet "${newRS.metadata?.name}"` : `Deployment "${d.metadata?.name}"`;
    if (deploymentComplete(d, s)) {
      setCondition(s, newCondition(PROGRESSING, 'True', NEW_RS_AVAILABLE, `${what} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, s)) {
      const c = newCondition(PROGRESSING, 'True', RS_UPDATED, `${what} is progressing.`, now);
      if (cur?.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
      removeCondition(s, PROGRESSING);
      setCondition(s, c);
    } else if (deploymentTimedOut(d, s, now)) {
      setCondition(s, newCondition(PROGRESSING, 'False', TIMED_OUT, `${what} has timed out progressing.`, now));
    }
  }
  const failure = allRSs.map((rs) => rs.status?.conditions?.find((c) => c.type === REPLICA_FAILURE && c.status === 'True')).find(Boolean);
  if (failure) setCondition(s, { type: REPLICA_FAILURE, status: failure.status, reason: failure.reason, message: failure.message, lastTransitionTime: failure.lastTransitionTime, lastUpdateTime: failure.lastTransitionTime });
  else removeCondition(s, REPLICA_FAILURE);
}

/** Whether two statuses differ in anything but timestamps of unchanged conditions. */
export const statusEqual = (a: Readonly<DeploymentStatus> | undefined, b: Readonly<DeploymentStatus>): boolean => JSON.stringify(norm(a ?? {})) === JSON.stringify(norm(b));

function norm(s: Readonly<DeploymentStatus>): unknown {
  return {
    observedGeneration: s.observedGeneration ?? 0,
    replicas: s.replicas ?? 0,
    updatedReplicas: s.updatedReplicas ?? 0,
    readyReplicas: s.readyReplicas ?? 0,
    availableReplicas: s.availableReplicas ?? 0,
    unavailableReplicas: s.unavailableReplicas ?? 0,
    collisionCount: s.collisionCount,
    conditions: (s.conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message, c.lastUpdateTime, c.lastTransitionTime]),
  };
}

/** When to look again for a stuck rollout (ms; undefined: no need) (upstream's requeueStuckDeployment). */
export function stuckRequeueMs(d: Readonly<Deployment>, s: Readonly<DeploymentStatus>, now: number): number | undefined {
  const c = getCondition(s, PROGRESSING);
  if (!hasProgressDeadline(d) || !c) return undefined;
  if (deploymentComplete(d, s) || c.reason === TIMED_OUT) return undefined;
  const from = parseApiTime(c.lastUpdateTime);
  if (Number.isNaN(from)) return undefined;
  const after = from + d.spec!.progressDeadlineSeconds! * 1000 - now;
  return after < 1000 ? 1000 : after;
}
