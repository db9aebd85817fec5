// Per-pod exponential back-off of the scheduling queue: initial × 2^(attempts-1), capped.

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ initialMs: 1_000, maxMs: 10_000 });

export function backoffDuration(attempts: number, p: BackoffPolicy): number {
  let d = p.initialMs;
  for (let i = 1; i < attempts; i++) {
    if (d > p.maxMs - d) return p.maxMs;
    d += d;
  }
  return Math.min(d, p.maxMs);
}
