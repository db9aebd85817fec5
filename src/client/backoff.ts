// Exponential back-off with jitter for reconnect loops (list/watch, leader election retries).

export interface BackoffOptions {
  readonly initialMs?: number;
  readonly maxMs?: number;
  readonly factor?: number;
  /** Fraction of random extra delay (0.1: up to 10 % more). */
  readonly jitter?: number;
  readonly random?: () => number;
}

export class Backoff {
  private current: number;
  private readonly initial: number;
  private readonly max: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(o: BackoffOptions = {}) {
    this.initial = o.initialMs ?? 800;
    this.max = o.maxMs ?? 30_000;
    this.factor = o.factor ?? 2;
    this.jitter = o.jitter ?? 0.1;
    this.random = o.random ?? Math.random;
    this.current = this.initial;
  }

  /** The next delay in ms; each call grows the following one up to the cap. */
  next(): number {
    const d = this.current;
    this.current = Math.min(this.max, this.current * this.factor);
    return Math.round(d * (1 + this.jitter * this.random()));
  }

  reset(): void {
    this.current = this.initial;
  }
}
