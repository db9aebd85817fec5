// The delay before a job replaces failed pods (upstream's pod failure back-off): base (10 s)
// doubling with each failure since the last success, capped (6 min), counted from the last failure.
// Failures a podFailurePolicy Ignore rule matches do not count.
import type { Job } from '../../api/types/batch-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import { finishTime, isFailed, isSucceeded } from './job-util.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

export const DEFAULT_BACKOFF_BASE_MS = 10_000;
export const DEFAULT_BACKOFF_MAX_MS = 360_000;

export interface BackoffConfig {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const backoffDelay = (cfg: BackoffConfig, failures: number): number =>
  failures <= 0 ? 0 : Math.min(cfg.maxMs, cfg.baseMs * 2 ** Math.min(failures - 1, 30));

/** How long to wait before creating pods again (0: now), from the job's finished pods. */
export function remainingBackoff(job: Readonly<Job>, pods: readonly Readonly<Pod>[], cfg: BackoffConfig, now: number): number {
  let lastSuccess = -Infinity;
  for (const p of pods) if (isSucceeded(p)) lastSuccess = Math.max(lastSuccess, finishTime(p, now));
  let failures = 0;
  let lastFailure = -Infinity;
  for (const p of pods) {
    if (!isFailed(p, job)) continue;
    if (job.spec?.podFailurePolicy && matchPodFailurePolicy(job, p).action === 'Ignore') continue;
    const t = finishTime(p, now);
    if (t < lastSuccess) continue;
    failures++;
    lastFailure = Math.max(lastFailure, t);
  }
  if (failures === 0) return 0;
  return Math.max(0, lastFailure + backoffDelay(cfg, failures) - now);
}
