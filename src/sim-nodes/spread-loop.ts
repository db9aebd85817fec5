// One loop that calls fn for each of count items once per period, spread evenly over the
// period (no timer per item): a tick starts the items whose slot has come since the last tick.
// A tick does not wait for its calls (one slow call must not hold back the items after it); an
// item whose previous call is still running is skipped for that slot, so at most one call per
// item is ever in flight.
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
  /** Slots skipped because the item's previous call had not finished. */
  skipped = 0;
  private readonly inFlight = new Map<number, Promise<void>>();

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
        for (let i = done; i < target; i++) this.start(i, signal);
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
    await this.drained();
  }

  private start(i: number, signal: AbortSignal): void {
    if (this.inFlight.has(i)) {
      this.skipped++;
      return;
    }
    const call = this.o.limiter
      .run(() => (signal.aborted ? Promise.resolve() : this.o.fn(i, signal)))
      .catch(() => {})
      .finally(() => this.inFlight.delete(i));
    this.inFlight.set(i, call);
  }

  /** Resolves once no call is running (after a stop, so run() returns with nothing left behind). */
  private async drained(): Promise<void> {
    await Promise.all(this.inFlight.values());
  }
}
