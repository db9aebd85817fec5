// The second half of a Job sync's accounting: once finalizers are removed, uncounted pods move
// into succeeded/failed (completedIndexes for Indexed jobs), and an idle job with an interim
// FailureTarget / SuccessCriteriaMet condition gets its terminal Failed / Complete condition.
import type { Job, JobStatus } from '../../api/types/batch-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import { apiTime } from '../../client/index.js';
import { hasTrueCondition, setCondition } from './conditions.js';
import { formatIndexes, parseIndexes } from './indexes.js';
import type { PlanEvent } from './job-plan.js';
import * as u from './job-util.js';

/**
 * Moves uncounted pods whose finalizer is gone (released, deleted, or no longer carrying it) into
 * succeeded/failed (and completedIndexes); then adds the terminal condition once nothing is left
 * running or uncounted. Returns the new status and the events of a terminal condition.
 */
export function flushUncounted(job: Readonly<Job>, pods: readonly Readonly<Pod>[], released: ReadonlySet<string>, now: number): { status: JobStatus; events: PlanEvent[] } {
  const status: JobStatus = structuredClone(job.status ?? {}) as JobStatus;
  const events: PlanEvent[] = [];
  const byUid = new Map(pods.map((p) => [p.metadata?.uid ?? '', p]));
  const gone = (uid: string) => released.has(uid) || !byUid.has(uid) || !u.hasTrackingFinalizer(byUid.get(uid)!);
  const unc = status.uncountedTerminatedPods ?? {};
  const completions = job.spec?.completions ?? 0;
  const indexes = u.isIndexed(job) ? parseIndexes(status.completedIndexes, completions) : undefined;
  const keepS: string[] = [];
  for (const uid of unc.succeeded ?? []) {
    if (!gone(uid)) keepS.push(uid);
    else if (indexes) {
      const ix = byUid.get(uid) ? u.podIndex(byUid.get(uid)!, completions) : undefined;
      if (ix !== undefined) indexes.add(ix);
    } else status.succeeded = (status.succeeded ?? 0) + 1;
  }
  const keepF: string[] = [];
  for (const uid of unc.failed ?? []) {
    if (!gone(uid)) keepF.push(uid);
    else status.failed = (status.failed ?? 0) + 1;
  }
  if (indexes) {
    status.completedIndexes = formatIndexes(indexes);
    status.succeeded = indexes.size;
  }
  status.uncountedTerminatedPods = { ...(keepS.length ? { succeeded: keepS } : {}), ...(keepF.length ? { failed: keepF } : {}) };
  status.failed ??= 0;
  status.succeeded ??= 0;
  const idle = keepS.length === 0 && keepF.length === 0 && (status.active ?? 0) === 0 && (status.terminating ?? 0) === 0;
  const target = hasTrueCondition(status, u.FAILURE_TARGET);
  const met = hasTrueCondition(status, u.SUCCESS_CRITERIA_MET);
  if (idle && target && !hasTrueCondition(status, u.FAILED)) {
    setCondition(status, u.FAILED, 'True', target.reason ?? '', target.message ?? '', now);
  } else if (idle && met && !target && !hasTrueCondition(status, u.COMPLETE)) {
    setCondition(status, u.COMPLETE, 'True', met.reason ?? '', met.message ?? '', now);
    status.completionTime = apiTime(now);
    events.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
  }
  return { status, events };
}
