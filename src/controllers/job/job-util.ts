// What the Job controller reads off jobs and pods: upstream's label, annotation and finalizer
// names, condition types and reasons, and how a pod counts (active, terminating, succeeded,
// failed) for its job.
import type { Job, JobCondition } from '../../api/types/batch-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import { parseApiTime } from '../../client/index.js';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** spec.managedBy of jobs this controller manages (absent means the same). */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

export const COMPLETE = 'Complete';
export const FAILED = 'Failed';
export const SUSPENDED = 'Suspended';
export const FAILURE_TARGET = 'FailureTarget';
export const SUCCESS_CRITERIA_MET = 'SuccessCriteriaMet';

export interface FinishReason {
  readonly reason: string;
  readonly message: string;
}

export const BACKOFF_LIMIT_EXCEEDED: FinishReason = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
export const DEADLINE_EXCEEDED: FinishReason = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
export const MAX_FAILED_INDEXES_EXCEEDED: FinishReason = { reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' };
export const FAILED_INDEXES: FinishReason = { reason: 'FailedIndexes', message: 'Job has failed indexes' };
export const COMPLETIONS_REACHED: FinishReason = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };

export const conditionOf = (job: Readonly<Job>, type: string): Readonly<JobCondition> | undefined =>
  job.status?.conditions?.find((c) => c.type === type && c.status === 'True');

/** Complete or Failed (upstream's IsJobFinished). */
export const finishedCondition = (job: Readonly<Job>): Readonly<JobCondition> | undefined => conditionOf(job, COMPLETE) ?? conditionOf(job, FAILED);

export const isIndexed = (job: Readonly<Job>): boolean => job.spec?.completionMode === 'Indexed';

export const hasTrackingFinalizer = (pod: Readonly<Pod>): boolean => pod.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;

const isTerminal = (pod: Readonly<Pod>): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** Running or waiting to run, not being deleted. */
export const isActive = (pod: Readonly<Pod>): boolean => !isTerminal(pod) && !pod.metadata?.deletionTimestamp;

/** Being deleted and not finished yet. */
export const isTerminating = (pod: Readonly<Pod>): boolean => !isTerminal(pod) && !!pod.metadata?.deletionTimestamp;

export const isSucceeded = (pod: Readonly<Pod>): boolean => pod.status?.phase === 'Succeeded';

/** Only Failed pods are replaced (podReplacementPolicy Failed, implied by a podFailurePolicy). */
export const onlyReplaceFailed = (job: Readonly<Job>): boolean => job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy;

/**
 * Whether the pod counts as a failure (upstream's isPodFailed): phase Failed, or, unless only
 * Failed pods are replaced, deleted before it succeeded (it may never reach a phase).
 */
export function isFailed(pod: Readonly<Pod>, job: Readonly<Job>): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailed(job)) return false;
  return !!pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

/** Finished for the job's accounting: succeeded, or failed as above. */
export const isFinished = (pod: Readonly<Pod>, job: Readonly<Job>): boolean => isSucceeded(pod) || isFailed(pod, job);

/** When the pod finished: its containers' last finishedAt, else its deletion time, else now. */
export function finishTime(pod: Readonly<Pod>, now: number): number {
  let t = NaN;
  for (const c of pod.status?.containerStatuses ?? []) {
    const f = parseApiTime(c.state?.terminated?.finishedAt);
    if (Number.isFinite(f) && !(f <= t)) t = f;
  }
  if (Number.isFinite(t)) return t;
  const d = parseApiTime(pod.metadata?.deletionTimestamp);
  return Number.isFinite(d) ? d : now;
}

/** The completion index of an Indexed job's pod (annotation first, then label), or undefined. */
export function podIndex(pod: Readonly<Pod>, completions: number): number | undefined {
  const v = pod.metadata?.annotations?.[JOB_COMPLETION_INDEX] ?? pod.metadata?.labels?.[JOB_COMPLETION_INDEX];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n < completions ? n : undefined;
}
