// Deployment arithmetic and bookkeeping (upstream's deployment util): maxSurge/maxUnavailable
// from numbers or percentages, the revision and replicas annotations, and ReplicaSet ordering.
import type { Deployment, ReplicaSet } from '../../api/types/apps-v1.js';
import { parseApiTime } from '../../client/index.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const ROLLBACK_TO = 'deprecated.deployment.rollback.to';

/** Annotations a Deployment never passes to its ReplicaSets. */
const SKIPPED = new Set([LAST_APPLIED, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, ROLLBACK_TO]);

export class IntOrPercentError extends Error {
  override readonly name = 'IntOrPercentError';
  readonly code = 'InvalidIntOrPercent';
}

/** A number, or "N%" of total rounded up or down (upstream's GetScaledValueFromIntOrPercent). */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) throw new IntOrPercentError(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** maxSurge rounds up, maxUnavailable rounds down; both 0 makes maxUnavailable 1 (upstream's ResolveFenceposts). */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export const replicasOf = (d: Readonly<Deployment>): number => d.spec?.replicas ?? 1;
export const isRollingUpdate = (d: Readonly<Deployment>): boolean => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

const rollingParams = (d: Readonly<Deployment>) => d.spec?.strategy?.rollingUpdate ?? { maxSurge: '25%', maxUnavailable: '25%' };

export function maxSurge(d: Readonly<Deployment>): number {
  if (!isRollingUpdate(d)) return 0;
  const r = rollingParams(d);
  return resolveFenceposts(r.maxSurge, r.maxUnavailable, replicasOf(d)).surge;
}

export function maxUnavailable(d: Readonly<Deployment>): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const r = rollingParams(d);
  return Math.min(resolveFenceposts(r.maxSurge, r.maxUnavailable, replicas).unavailable, replicas);
}

export const specReplicas = (rs: Readonly<ReplicaSet> | undefined): number => rs?.spec?.replicas ?? 0;
export const sumSpec = (rss: readonly Readonly<ReplicaSet>[]): number => rss.reduce((n, rs) => n + specReplicas(rs), 0);
export const sumStatus = (rss: readonly Readonly<ReplicaSet>[], f: 'replicas' | 'readyReplicas' | 'availableReplicas'): number => rss.reduce((n, rs) => n + (rs.status?.[f] ?? 0), 0);
export const activeReplicaSets = <T extends Readonly<ReplicaSet>>(rss: readonly T[]): T[] => rss.filter((rs) => specReplicas(rs) > 0);

export function revisionOf(obj: Readonly<{ metadata?: { annotations?: Record<string, string> } }>): number {
  const v = obj.metadata?.annotations?.[REVISION_ANNOTATION];
  if (v === undefined || v === '') return 0;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

export const maxRevision = (rss: readonly Readonly<ReplicaSet>[]): number => rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);

const created = (rs: Readonly<ReplicaSet>) => parseApiTime(rs.metadata?.creationTimestamp) || 0;

/** Oldest first, then by name (upstream's ReplicaSetsByCreationTimestamp). */
export function byCreation(a: Readonly<ReplicaSet>, b: Readonly<ReplicaSet>): number {
  const d = created(a) - created(b);
  if (d !== 0) return d;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Lowest revision first, then oldest (upstream's ReplicaSetsByRevision). */
export function byRevision(a: Readonly<ReplicaSet>, b: Readonly<ReplicaSet>): number {
  const d = revisionOf(a) - revisionOf(b);
  return d !== 0 ? d : byCreation(a, b);
}

/** Larger first, then newer (scaling up proportionally; upstream's ReplicaSetsBySizeNewer). */
export function bySizeNewer(a: Readonly<ReplicaSet>, b: Readonly<ReplicaSet>): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : -byCreation(a, b);
}

/** Larger first, then older (scaling down proportionally; upstream's ReplicaSetsBySizeOlder). */
export function bySizeOlder(a: Readonly<ReplicaSet>, b: Readonly<ReplicaSet>): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreation(a, b);
}

function intAnnotation(rs: Readonly<ReplicaSet>, key: string): number | undefined {
  const v = rs.metadata?.annotations?.[key];
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

export const desiredReplicasAnnotation = (rs: Readonly<ReplicaSet>) => intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
export const maxReplicasAnnotation = (rs: Readonly<ReplicaSet>) => intAnnotation(rs, MAX_REPLICAS_ANNOTATION);

/** Sets desired/max-replicas on rs (mutates); true when they changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = (rs.metadata!.annotations ??= {});
  const changed = a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
  a[DESIRED_REPLICAS_ANNOTATION] = String(desired);
  a[MAX_REPLICAS_ANNOTATION] = String(max);
  return changed;
}

export const replicasAnnotationsNeedUpdate = (rs: Readonly<ReplicaSet>, desired: number, max: number): boolean =>
  rs.metadata?.annotations?.[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || rs.metadata?.annotations?.[MAX_REPLICAS_ANNOTATION] !== String(max);

/** Copies the Deployment's own annotations (change-cause included) onto rs (mutates); true when any changed. */
export function copyDeploymentAnnotations(d: Readonly<Deployment>, rs: ReplicaSet): boolean {
  const a = (rs.metadata!.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (SKIPPED.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * The annotations of the new ReplicaSet (upstream's SetNewReplicaSetAnnotations): the Deployment's
 * annotations, revision raised to newRevision (the old one kept in revision-history), and on a
 * fresh ReplicaSet the replicas annotations. Mutates rs; true when anything changed.
 */
export function setNewReplicaSetAnnotations(d: Readonly<Deployment>, rs: ReplicaSet, newRevision: number, exists: boolean, maxHistoryChars = 2000): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = rs.metadata!.annotations!;
  const old = a[REVISION_ANNOTATION];
  const oldRev = old ? Number(old) || 0 : 0;
  if (oldRev < newRevision) {
    a[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (old) {
      const hist = a[REVISION_HISTORY_ANNOTATION] ? a[REVISION_HISTORY_ANNOTATION]!.split(',') : [];
      hist.push(old);
      while (hist.join(',').length > maxHistoryChars && hist.length > 1) hist.shift();
      a[REVISION_HISTORY_ANNOTATION] = hist.join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

/** Upstream's NewRSNewReplicas: how big the new ReplicaSet may be now. */
export function newRSNewReplicas(d: Readonly<Deployment>, allRSs: readonly Readonly<ReplicaSet>[], newRS: Readonly<ReplicaSet>): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const current = sumSpec(allRSs);
  const maxTotal = replicasOf(d) + maxSurge(d);
  if (current >= maxTotal) return specReplicas(newRS);
  const up = Math.min(maxTotal - current, replicasOf(d) - specReplicas(newRS));
  return specReplicas(newRS) + up;
}

/** Go's math.Round: halves away from zero. */
export const roundHalfAway = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

/** The share of a proportional scale a ReplicaSet gets (upstream's GetProportion). */
export function proportion(rs: Readonly<ReplicaSet>, d: Readonly<Deployment>, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: Readonly<ReplicaSet>, d: Readonly<Deployment>): number {
  if (replicasOf(d) === 0) return -specReplicas(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const annotated = maxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  return roundHalfAway((specReplicas(rs) * deploymentReplicas) / annotated) - specReplicas(rs);
}

/** Whether rs is the Deployment's new ReplicaSet at full size and available (upstream's IsSaturated). */
export function isSaturated(d: Readonly<Deployment>, rs: Readonly<ReplicaSet> | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  return desired !== undefined && specReplicas(rs) === replicasOf(d) && desired === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}
