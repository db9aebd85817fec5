// What client-go's EventCorrelator decides before an event is written: the spam filter (a token
// bucket per source + involved object; an event without a token is dropped) and the aggregator
// (once an object has had maxEvents distinct messages for the same source, type and reason within
// maxInterval, further ones become a single Event whose message is prefixed
// "(combined from similar events): "). De-duplication of identical events is the recorder's.
import type { Clock } from './clock.js';

export interface EventCorrelatorOptions {
  readonly clock: Clock;
  /** Distinct messages before aggregating (default 10). */
  readonly maxEvents?: number;
  /** The aggregation window (default 10 minutes). */
  readonly maxIntervalMs?: number;
  /** Spam filter bucket size (default 25). */
  readonly burst?: number;
  /** Spam filter refill, tokens per second (default 1 per 5 minutes). */
  readonly qps?: number;
  /** Keys remembered per cache (default 4096, least recently used dropped). */
  readonly cacheSize?: number;
}

/** The parts of an event the correlator looks at. */
export interface CorrelatedEvent {
  /** Source component and host, involved object kind/namespace/name/uid/apiVersion. */
  readonly sourceObjectKey: string;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
}

export type Correlation =
  | { readonly skip: true }
  | {
      readonly skip: false;
      /** The de-duplication key: events with the same key update one Event. */
      readonly key: string;
      readonly message: string;
      readonly aggregated: boolean;
    };

export const AGGREGATE_MESSAGE_PREFIX = '(combined from similar events): ';

interface Bucket {
  tokens: number;
  at: number;
}

interface AggregateRecord {
  messages: Set<string>;
  at: number;
}

/** A Map used as an LRU cache of at most size entries. */
class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
  }
}

export class EventCorrelator {
  private readonly buckets: LruCache<Bucket>;
  private readonly aggregates: LruCache<AggregateRecord>;
  private readonly maxEvents: number;
  private readonly maxIntervalMs: number;
  private readonly burst: number;
  private readonly qps: number;

  constructor(private readonly opts: EventCorrelatorOptions) {
    this.buckets = new LruCache(opts.cacheSize ?? 4096);
    this.aggregates = new LruCache(opts.cacheSize ?? 4096);
    this.maxEvents = opts.maxEvents ?? 10;
    this.maxIntervalMs = opts.maxIntervalMs ?? 600_000;
    this.burst = opts.burst ?? 25;
    this.qps = opts.qps ?? 1 / 300;
  }

  correlate(e: CorrelatedEvent): Correlation {
    if (!this.allow(e.sourceObjectKey)) return { skip: true };
    return { skip: false, ...this.aggregate(e) };
  }

  /** The spam filter: one token per event, refilled at qps up to burst. */
  private allow(key: string): boolean {
    const now = this.opts.clock.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.qps);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private aggregate(e: CorrelatedEvent): { key: string; message: string; aggregated: boolean } {
    const now = this.opts.clock.now();
    const aggregateKey = [e.sourceObjectKey, e.type, e.reason].join('\u0000');
    const fullKey = `${aggregateKey}\u0000${e.message}`;
    let r = this.aggregates.get(aggregateKey);
    if (!r || now - r.at > this.maxIntervalMs) r = { messages: new Set(), at: now };
    r.at = now;
    r.messages.add(e.message);
    this.aggregates.set(aggregateKey, r);
    if (r.messages.size < this.maxEvents) return { key: fullKey, message: e.message, aggregated: false };
    // Keep the set from growing past the threshold (any one member goes).
    r.messages.delete(r.messages.values().next().value!);
    return { key: aggregateKey, message: AGGREGATE_MESSAGE_PREFIX + e.message, aggregated: true };
  }
}
