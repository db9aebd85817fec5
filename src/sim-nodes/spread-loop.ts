// One loop that calls fn for each of count items once per period, spread evenly over the
// period (no timer per item): a tick renews the items whose slot has come since the last tick.
import { wait, type Clock } from '../client/index.js';
import type { Limiter } from './limiter.js';

export interface SpreadLoopOptions {
  readonly periodMs: number;
  readonly count: number;
  readonly clock: Clock;
  readonly limiter: Limiter;
  readonly fn: (index: number, signal: AbortSignal) => Promise<void>;
  /** Tick length (default: period/count, between 20 ms and 1000 ms). */
  readonly tickMs?: number;
}

export class SpreadLoop {
  /** Completed cycles (every item handled once). */
  cycles = 0;

  constructor(private readonly o: SpreadLoopOptions) {}

  async run(signal: AbortSignal): Promise<void> {
    const { periodMs, count, clock } = this.o;
    if (count === 0) return;
    const tick = this.o.tickMs ?? Math.min(1000, Math.max(20, periodMs / count));
    let cycleStart = clock.now();
    let done = 0;
    while (!signal.aborted) {
      const now = clock.now();
      const target = Math.min(count, Math.floor(((now - cycleStart) / periodMs) * count));
      if (target > done) {
        const batch: Promise<void>[] = [];
        for (let i = done; i < target; i++) batch.push(this.o.limiter.run(() => this.o.fn(i, signal)).catch(() => {}));
        await Promise.all(batch);
        done = target;
      }
      if (done >= count) {
        this.cycles++;
        done = 0;
        cycleStart += periodMs;
        // Fell more than a period behind (slow server): start the next cycle from now.
        if (clock.now() - cycleStart > periodMs) cycleStart = clock.now();
      }
      await wait(clock, tick, signal);
    }
  }
}
