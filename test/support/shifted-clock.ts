// A real clock that a test can move forward: now() is the wall clock plus an offset, timers run
// on real time, and advance() fires at once every timer the jump made due. Lets a controller
// that waits for minute boundaries (CronJob) be driven through several in seconds.
import { realClock, type Clock } from '../../src/client/index.js';

interface Timer {
  readonly at: number;
  readonly fn: () => void;
  cancel: () => void;
}

export class ShiftedClock implements Clock {
  private offset = 0;
  private readonly timers = new Set<Timer>();

  now(): number {
    return Date.now() + this.offset;
  }

  after(ms: number, fn: () => void): () => void {
    const t: Timer = { at: this.now() + Math.max(0, ms), fn, cancel: () => {} };
    t.cancel = realClock.after(ms, () => this.fire(t));
    this.timers.add(t);
    return () => {
      t.cancel();
      this.timers.delete(t);
    };
  }

  /**
   * Moves forward (never back: rate limiters and timers assume time only grows) so that now() is
   * at least ms past the first whole minute after the wall clock: an object created now (its
   * creationTimestamp is wall-clock time) has a start time it missed.
   */
  passNextMinute(ms: number): void {
    const real = Date.now();
    const boundary = Math.floor(real / 60_000) * 60_000 + 60_000;
    this.advance(Math.max(0, boundary + ms - this.now()));
  }

  /** Moves time forward by ms, firing the timers that fall due. */
  advance(ms: number): void {
    this.offset += ms;
    const now = this.now();
    for (const t of [...this.timers]) if (t.at <= now) this.fire(t);
  }

  private fire(t: Timer): void {
    if (!this.timers.delete(t)) return;
    t.cancel();
    t.fn();
  }
}
