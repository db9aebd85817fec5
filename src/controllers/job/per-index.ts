// backoffLimitPerIndex for Indexed jobs (KEP-3850): failures are counted per index (carried from
// pod to pod in the job-index-failure-count annotation); an index with more failures than the
// limit, or one a FailIndex rule matched, is failed for good and listed in status.failedIndexes;
// each index waits out its own back-off before its pod is recreated.
import type { Job } from '../../api/types/batch-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import { backoffDelay, type BackoffConfig } from './backoff.js';
import { parseIndexes } from './indexes.js';
import { finishTime, isFailed, podIndex } from './job-util.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';

export const hasBackoffLimitPerIndex = (job: Readonly<Job>): boolean =>
  job.spec?.completionMode === 'Indexed' && job.spec.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null;

export interface IndexFailures {
  /** Failures so far per index (the next pod of the index carries this count). */
  readonly counts: ReadonlyMap<number, number>;
  readonly lastFailure: ReadonlyMap<number, number>;
  /** Indexes that will not be retried. */
  readonly failed: ReadonlySet<number>;
}

const annotatedCount = (pod: Readonly<Pod>): number => {
  const v = pod.metadata?.annotations?.[INDEX_FAILURE_COUNT];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : 0;
};

export function indexFailures(job: Readonly<Job>, pods: readonly Readonly<Pod>[], now: number): IndexFailures {
  const completions = job.spec?.completions ?? 0;
  const limit = job.spec?.backoffLimitPerIndex ?? 0;
  const counts = new Map<number, number>();
  const lastFailure = new Map<number, number>();
  const failed = parseIndexes(job.status?.failedIndexes, completions);
  for (const p of pods) {
    const ix = podIndex(p, completions);
    if (ix === undefined) continue;
    counts.set(ix, Math.max(counts.get(ix) ?? 0, annotatedCount(p)));
    if (!isFailed(p, job)) continue;
    const action = job.spec?.podFailurePolicy ? matchPodFailurePolicy(job, p).action : 'Count';
    if (action === 'Ignore') continue;
    const n = annotatedCount(p) + 1;
    counts.set(ix, Math.max(counts.get(ix) ?? 0, n));
    lastFailure.set(ix, Math.max(lastFailure.get(ix) ?? -Infinity, finishTime(p, now)));
    if (n > limit || action === 'FailIndex') failed.add(ix);
  }
  return { counts, lastFailure, failed };
}

/** How long index ix waits before its pod is recreated (0: now). */
export function indexBackoff(f: IndexFailures, ix: number, cfg: BackoffConfig, now: number): number {
  const last = f.lastFailure.get(ix);
  if (last === undefined) return 0;
  return Math.max(0, last + backoffDelay(cfg, f.counts.get(ix) ?? 0) - now);
}
