// One Job sync's decisions, as a pure function of the job, its pods and the time (upstream's
// syncJob minus the writes): which finished pods to record as uncounted and release from the
// job-tracking finalizer, how many pods to create (and which indexes) or which to delete, the
// interim FailureTarget / SuccessCriteriaMet conditions, suspension, and when to look again.
import type { Job, JobStatus } from '../../api/types/batch-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import { apiTime, parseApiTime } from '../../client/index.js';
import { isPodReady } from '../pod-util.js';
import { remainingBackoff, type BackoffConfig } from './backoff.js';
import { hasTrueCondition, setCondition } from './conditions.js';
import { formatIndexes, parseIndexes, pendingIndexes } from './indexes.js';
import * as u from './job-util.js';
import { matchPodFailurePolicy, type FailureVerdict } from './pod-failure-policy.js';
import { matchSuccessPolicy } from './success-policy.js';
import { hasBackoffLimitPerIndex, indexBackoff, indexFailures, type IndexFailures } from './per-index.js';

export interface PlanInput {
  readonly job: Readonly<Job>;
  /** The pods the job controls. */
  readonly pods: readonly Readonly<Pod>[];
  readonly now: number;
  /** Pods whose finalizer this controller already removed (their counts are in status). */
  readonly released: ReadonlySet<string>;
  readonly backoff: BackoffConfig;
  /** False while creates/deletes of an earlier sync are not yet observed. */
  readonly mayManage: boolean;
  readonly burst: number;
}

export interface PlanEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

export interface JobPlan {
  /** The status to write before finalizers are removed (new uncounted pods, conditions, counts of pods). */
  readonly status: JobStatus;
  readonly releaseFinalizers: readonly Readonly<Pod>[];
  readonly deletePods: readonly Readonly<Pod>[];
  /** Pods to create: undefined entries for NonIndexed jobs, the index otherwise. */
  readonly create: readonly (number | undefined)[];
  /** With backoffLimitPerIndex: each index's failures so far (the annotation of its next pod). */
  readonly indexFailureCounts?: ReadonlyMap<number, number>;
  readonly events: readonly PlanEvent[];
  readonly requeueAfterMs?: number;
}

/** Longer waits are cut to a day (timers cannot wait more than 2^31 ms; a sync recomputes anyway). */
const MAX_REQUEUE_MS = 24 * 3600_000;

interface Tally {
  succeeded: number;
  failed: number;
  succeededIndexes: Set<number>;
  /** A failed pod matched a FailJob rule of the podFailurePolicy. */
  failJob?: string;
  /** backoffLimitPerIndex: the per-index failures. */
  perIndex?: IndexFailures;
}

const byNewestNotReadyFirst = (a: Readonly<Pod>, b: Readonly<Pod>): number => {
  const ra = isPodReady(a) ? 1 : 0;
  const rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  return parseApiTime(b.metadata?.creationTimestamp) - parseApiTime(a.metadata?.creationTimestamp) || 0;
};

/** Records finished pods that still carry the finalizer as uncounted; returns them. */
function recordFinished(i: PlanInput, status: JobStatus, completions: number, tally: Tally): Readonly<Pod>[] {
  const { job } = i;
  const unc = (status.uncountedTerminatedPods = {
    succeeded: [...(job.status?.uncountedTerminatedPods?.succeeded ?? [])],
    failed: [...(job.status?.uncountedTerminatedPods?.failed ?? [])],
  });
  const known = new Set([...unc.succeeded!, ...unc.failed!]);
  const finishing = !!hasTrueCondition(status, u.FAILURE_TARGET) || !!hasTrueCondition(status, u.SUCCESS_CRITERIA_MET);
  const release: Readonly<Pod>[] = [];
  for (const p of i.pods) {
    const uid = p.metadata?.uid ?? '';
    if (!u.hasTrackingFinalizer(p) || i.released.has(uid)) continue;
    const deleting = !!p.metadata?.deletionTimestamp;
    if (!u.isFinished(p, job) && !(deleting && finishing) && !(deleting && job.spec?.suspend)) continue;
    release.push(p);
    if (known.has(uid)) continue;
    if (u.isSucceeded(p)) unc.succeeded!.push(uid);
    else if (u.isFailed(p, job) && !(job.spec?.suspend && p.status?.phase !== 'Failed')) {
      const verdict: FailureVerdict = job.spec?.podFailurePolicy ? matchPodFailurePolicy(job, p) : { action: 'Count' };
      if (verdict.action === 'FailJob') tally.failJob ??= verdict.message;
      if (verdict.action !== 'Ignore') unc.failed!.push(uid);
    } else if (hasTrueCondition(status, u.FAILURE_TARGET)) unc.failed!.push(uid);
  }
  const byUid = new Map(i.pods.map((p) => [p.metadata?.uid ?? '', p]));
  tally.succeeded += unc.succeeded!.length;
  tally.failed += unc.failed!.length;
  for (const uid of unc.succeeded!) {
    const ix = byUid.get(uid) ? u.podIndex(byUid.get(uid)!, completions) : undefined;
    if (ix !== undefined) tally.succeededIndexes.add(ix);
  }
  return release;
}

/**
 * With restartPolicy OnFailure failed containers restart in place: their restarts in running and
 * pending pods count against backoffLimit (upstream's pastBackoffLimitOnFailure).
 */
function pastBackoffLimitOnFailure(job: Readonly<Job>, pods: readonly Readonly<Pod>[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const cs of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]) restarts += cs.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** FailureTarget / SuccessCriteriaMet when the counts or the deadline say so; the deadline's requeue. */
function judge(i: PlanInput, status: JobStatus, tally: Tally, activeCount: number, events: PlanEvent[]): number | undefined {
  const { job, now } = i;
  if (hasTrueCondition(status, u.FAILURE_TARGET) || hasTrueCondition(status, u.SUCCESS_CRITERIA_MET)) return undefined;
  const fail = (r: u.FinishReason) => {
    setCondition(status, u.FAILURE_TARGET, 'True', r.reason, r.message, now);
    events.push({ type: 'Warning', reason: r.reason, message: r.message });
  };
  if (tally.failJob) return void fail({ reason: 'PodFailurePolicy', message: tally.failJob });
  if (tally.failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, i.pods)) return void fail(u.BACKOFF_LIMIT_EXCEEDED);
  const ads = job.spec?.activeDeadlineSeconds;
  const start = parseApiTime(status.startTime);
  let requeue: number | undefined;
  if (ads !== undefined && Number.isFinite(start) && !job.spec?.suspend) {
    const left = start + ads * 1000 - now;
    if (left <= 0) return void fail(u.DEADLINE_EXCEEDED);
    requeue = left;
  }
  const failedIndexes = tally.perIndex?.failed.size ?? 0;
  const mfi = job.spec?.maxFailedIndexes;
  if (mfi !== undefined && mfi !== null && failedIndexes > mfi) return void fail(u.MAX_FAILED_INDEXES_EXCEEDED);
  if (failedIndexes > 0 && failedIndexes + tally.succeededIndexes.size >= (job.spec?.completions ?? 0)) return void fail(u.FAILED_INDEXES);
  const completions = job.spec?.completions;
  const done = u.isIndexed(job)
    ? tally.succeededIndexes.size >= (completions ?? 0)
    : completions === undefined || completions === null
      ? tally.succeeded > 0 && activeCount === 0
      : tally.succeeded >= completions;
  const byPolicy = u.isIndexed(job) && !done ? matchSuccessPolicy(job, tally.succeededIndexes) : undefined;
  if (done || byPolicy) {
    const r = byPolicy ?? u.COMPLETIONS_REACHED;
    setCondition(status, u.SUCCESS_CRITERIA_MET, 'True', r.reason, r.message, now);
    return undefined;
  }
  return requeue;
}

/** Suspension and resumption: the Suspended condition, its events, the start time. */
function suspendOrResume(i: PlanInput, status: JobStatus, events: PlanEvent[]): void {
  const { job, now } = i;
  const suspended = !!hasTrueCondition(status, u.SUSPENDED);
  if (job.spec?.suspend && !suspended) {
    setCondition(status, u.SUSPENDED, 'True', 'JobSuspended', 'Job suspended', now);
    events.push({ type: 'Normal', reason: 'Suspended', message: 'Job suspended' });
  } else if (!job.spec?.suspend && suspended) {
    setCondition(status, u.SUSPENDED, 'False', 'JobResumed', 'Job resumed', now);
    events.push({ type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
    status.startTime = apiTime(now);
  }
  if (!job.spec?.suspend && !status.startTime) status.startTime = apiTime(now);
}

export function planJob(i: PlanInput): JobPlan {
  const { job, now } = i;
  const status: JobStatus = structuredClone(job.status ?? {}) as JobStatus;
  const events: PlanEvent[] = [];
  const completions = job.spec?.completions ?? 0;
  const indexed = u.isIndexed(job);
  suspendOrResume(i, status, events);
  const perIndex = hasBackoffLimitPerIndex(job) ? indexFailures(job, i.pods, now) : undefined;
  const tally: Tally = { succeeded: status.succeeded ?? 0, failed: status.failed ?? 0, succeededIndexes: indexed ? parseIndexes(status.completedIndexes, completions) : new Set(), perIndex };
  if (perIndex) status.failedIndexes = formatIndexes(perIndex.failed);
  const isFinishing = () => !!hasTrueCondition(status, u.FAILURE_TARGET) || !!hasTrueCondition(status, u.SUCCESS_CRITERIA_MET);
  const wasFinishing = isFinishing();
  let release = recordFinished(i, status, completions, tally);
  const active = i.pods.filter(u.isActive);
  const terminating = i.pods.filter(u.isTerminating);
  let requeue = judge(i, status, tally, active.length, events);
  const finishing = isFinishing();
  // A condition set just now changes how terminating pods count: record them again.
  if (finishing && !wasFinishing) release = recordFinished(i, status, completions, resetTally(i, status, completions));
  let deletePods: Readonly<Pod>[] = [];
  let create: (number | undefined)[] = [];
  if (finishing || job.spec?.suspend) {
    deletePods = active;
  } else if (i.mayManage) {
    const m = indexed ? manageIndexed(i, active, tally) : manageNonIndexed(i, active, tally);
    deletePods = m.deletePods;
    create = m.create;
    if (create.length && perIndex) {
      const waits = create.map((ix) => indexBackoff(perIndex, ix!, i.backoff, now));
      const later = waits.filter((w) => w > 0);
      if (later.length) requeue = Math.min(requeue ?? Infinity, ...later);
      create = create.filter((_, k) => waits[k] === 0);
    } else if (create.length) {
      const wait = remainingBackoff(job, i.pods, i.backoff, now);
      if (wait > 0) {
        create = [];
        requeue = requeue === undefined ? wait : Math.min(requeue, wait);
      }
    }
  }
  deletePods = deletePods.slice(0, i.burst);
  create = create.slice(0, i.burst);
  status.active = active.length;
  status.ready = active.filter(isPodReady).length;
  status.terminating = terminating.length;
  if (indexed) status.completedIndexes ??= '';
  const requeueAfterMs = requeue === undefined ? undefined : Math.min(requeue, MAX_REQUEUE_MS);
  return { status, releaseFinalizers: release, deletePods, create, events, requeueAfterMs, indexFailureCounts: perIndex?.counts };
}

function resetTally(i: PlanInput, status: JobStatus, completions: number): Tally {
  return { succeeded: status.succeeded ?? 0, failed: status.failed ?? 0, succeededIndexes: u.isIndexed(i.job) ? parseIndexes(status.completedIndexes, completions) : new Set() };
}

/** Indexes not to run again: succeeded, or failed for good (backoffLimitPerIndex). */
const doneIndexes = (tally: Tally): Set<number> => new Set([...tally.succeededIndexes, ...(tally.perIndex?.failed ?? [])]);

function manageNonIndexed(i: PlanInput, active: readonly Readonly<Pod>[], tally: Tally): { deletePods: Readonly<Pod>[]; create: undefined[] } {
  const { job } = i;
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  const want = completions === undefined || completions === null ? (tally.succeeded > 0 ? 0 : parallelism) : Math.max(0, Math.min(parallelism, completions - tally.succeeded));
  const waiting = u.onlyReplaceFailed(job) ? i.pods.filter(u.isTerminating).length : 0;
  if (active.length > want) return { deletePods: [...active].sort(byNewestNotReadyFirst).slice(0, active.length - want), create: [] };
  return { deletePods: [], create: new Array<undefined>(Math.max(0, want - active.length - waiting)).fill(undefined) };
}

function manageIndexed(i: PlanInput, active: readonly Readonly<Pod>[], tally: Tally): { deletePods: Readonly<Pod>[]; create: number[] } {
  const { job } = i;
  const completions = job.spec?.completions ?? 0;
  const parallelism = job.spec?.parallelism ?? 1;
  const deletePods: Readonly<Pod>[] = [];
  const taken = new Map<number, Readonly<Pod>>();
  const done = doneIndexes(tally);
  for (const p of [...active].sort((a, b) => -byNewestNotReadyFirst(a, b))) {
    const ix = u.podIndex(p, completions);
    // Pods without a valid index, for a done index, or duplicates of an index go.
    if (ix === undefined || done.has(ix) || taken.has(ix)) deletePods.push(p);
    else taken.set(ix, p);
  }
  if (u.onlyReplaceFailed(job)) {
    for (const p of i.pods.filter(u.isTerminating)) {
      const ix = u.podIndex(p, completions);
      if (ix !== undefined && !taken.has(ix)) taken.set(ix, p);
    }
  }
  const activeKept = [...taken.values()].filter(u.isActive);
  if (activeKept.length > parallelism) {
    const extra = activeKept.sort((a, b) => (u.podIndex(b, completions) ?? 0) - (u.podIndex(a, completions) ?? 0)).slice(0, activeKept.length - parallelism);
    deletePods.push(...extra);
    return { deletePods, create: [] };
  }
  const slots = Math.max(0, parallelism - taken.size);
  return { deletePods, create: pendingIndexes(completions, done, new Set(taken.keys()), slots) };
}
