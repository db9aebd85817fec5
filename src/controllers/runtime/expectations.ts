// Expectations (upstream's UIDTrackingControllerExpectations): before a controller issues
// creates or deletes it records how many it expects to see come back through its informer; until
// they are observed (or the TTL passes, in case an event was lost) the controller does not act on
// the cache again, so a stale cache never makes it create or delete twice. Deletions are tracked by
// pod key so that the two events of one graceful deletion count once.
import { realClock, type Clock } from '../../client/index.js';

/** Upstream's ExpectationsTimeout. */
export const EXPECTATIONS_TTL_MS = 5 * 60 * 1000;

interface Record {
  add: number;
  deletes: Set<string>;
  at: number;
}

export class ControllerExpectations {
  private readonly records = new Map<string, Record>();
  private readonly clock: Clock;
  private readonly ttlMs: number;

  constructor(opts: { clock?: Clock; ttlMs?: number } = {}) {
    this.clock = opts.clock ?? realClock;
    this.ttlMs = opts.ttlMs ?? EXPECTATIONS_TTL_MS;
  }

  /** True when the controller may act: nothing expected, all observed, or the record expired. */
  satisfiedExpectations(key: string): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    if (r.add <= 0 && r.deletes.size === 0) return true;
    return this.clock.now() - r.at > this.ttlMs;
  }

  expectCreations(key: string, n: number): void {
    this.records.set(key, { add: n, deletes: new Set(), at: this.clock.now() });
  }

  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.records.set(key, { add: 0, deletes: new Set(podKeys), at: this.clock.now() });
  }

  creationObserved(key: string): void {
    const r = this.records.get(key);
    if (r && r.add > 0) r.add--;
  }

  deletionObserved(key: string, podKey: string): void {
    this.records.get(key)?.deletes.delete(podKey);
  }

  /** Creations that will never be observed (they were skipped or failed). */
  lowerExpectations(key: string, adds: number): void {
    const r = this.records.get(key);
    if (r) r.add = Math.max(0, r.add - adds);
  }

  deleteExpectations(key: string): void {
    this.records.delete(key);
  }

  /** The pending counts (tests). */
  pending(key: string): { add: number; del: number } | undefined {
    const r = this.records.get(key);
    return r && { add: r.add, del: r.deletes.size };
  }
}
