// Records core/v1 Events about objects (client-go's EventRecorder with its EventCorrelator): the
// spam filter drops events past an object's token bucket, the aggregator folds many distinct
// messages of one kind into one "(combined from similar events)" Event (event-correlator.ts), and
// a repeat of the same event (same source, object, type, reason and message) bumps count and
// lastTimestamp on the existing Event instead of writing a new one. Writes are asynchronous, in
// order per event, with bounded concurrency and a bounded queue (events past it are dropped, as
// client-go drops them); flush() waits for them.
import type { Event, ObjectReference } from '../api/types/core-v1.js';
import { realClock, wait, type Clock } from './clock.js';
import type { Client } from './client.js';
import { ConnectionError, isAlreadyExists, isNotFound, StatusError } from './errors.js';
import { EventCorrelator, type EventCorrelatorOptions } from './event-correlator.js';
import { EVENTS } from './resources.js';
import { apiTime } from './time-format.js';
import type { KubeObject } from './types.js';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  readonly client: Client;
  /** source.component and reportingComponent, e.g. "default-scheduler". */
  readonly component: string;
  /** source.host (kubelets set their node name). */
  readonly host?: string;
  /** reportingInstance (default: component, or component-host). */
  readonly instance?: string;
  readonly clock?: Clock;
  /** Writes in flight at once (default 4). */
  readonly maxConcurrency?: number;
  /**
   * Writes queued (in flight or waiting) at most; an event recorded beyond that is dropped, as
   * client-go's broadcaster drops events past its 1,000 queued ones (default 1000). A busy
   * component whose API server answers slowly keeps its memory and CPU instead of an ever longer
   * queue of events.
   */
  readonly maxQueued?: number;
  /** Distinct events remembered for de-duplication (default 4096, least recently used dropped). */
  readonly cacheSize?: number;
  readonly onError?: (err: unknown) => void;
  /** Spam filter and aggregation settings (client-go's CorrelatorOptions); false turns both off. */
  readonly correlation?: Omit<EventCorrelatorOptions, 'clock'> | false;
}

export interface EventTarget {
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly fieldPath?: string;
}

interface Entry {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
  chain: Promise<void>;
}

export class EventRecorder {
  private readonly clock: Clock;
  private readonly correlator: EventCorrelator | undefined;
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Set<Promise<void>>();
  private readonly slots: Array<() => void> = [];
  private inFlight = 0;
  private closed = false;
  private dropped = 0;
  /** Starts anywhere, so that recorders naming events in the same millisecond rarely collide. */
  private seq = Math.floor(Math.random() * 1_000_000);

  constructor(private readonly opts: EventRecorderOptions) {
    this.clock = opts.clock ?? realClock;
    this.correlator = opts.correlation === false ? undefined : new EventCorrelator({ ...opts.correlation, clock: this.clock, cacheSize: opts.correlation?.cacheSize ?? opts.cacheSize });
  }

  /** Records an event about obj (an object, or a reference to one). Never throws; errors go to onError. */
  event(obj: KubeObject | ObjectReference, type: EventType, reason: string, message: string, target: EventTarget = {}): void {
    if (this.closed) return;
    const ref = referenceOf(obj, target);
    const sourceObjectKey = [this.opts.component, this.opts.host ?? '', ref.kind, ref.namespace, ref.name, ref.uid, ref.apiVersion].join('\u0000');
    const c = this.correlator?.correlate({ sourceObjectKey, type, reason, message }) ?? { skip: false, key: [sourceObjectKey, type, reason, message].join('\u0000'), message, aggregated: false };
    if (c.skip) return;
    if (this.pending.size >= (this.opts.maxQueued ?? 1000)) return this.drop();
    const text = c.message;
    const key = c.aggregated ? c.key : `${c.key}\u0000${ref.fieldPath ?? ''}`;
    const now = this.clock.now();
    let e = this.cache.get(key);
    if (e) {
      this.cache.delete(key);
      e.count++;
    } else {
      e = { name: `${ref.name || 'unknown'}.${eventSuffix(now, this.seq++)}`, namespace: ref.namespace || 'default', count: 1, firstTimestamp: apiTime(now), chain: Promise.resolve() };
    }
    this.cache.set(key, e);
    if (this.cache.size > (this.opts.cacheSize ?? 4096)) this.cache.delete(this.cache.keys().next().value!);
    const entry = e;
    const body = this.build(entry, ref, type, reason, text, now);
    const first = entry.count === 1;
    const p = (entry.chain = entry.chain.then(() => this.limited(() => this.write(entry, body, first))));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Events dropped because the queue was full. */
  get droppedEvents(): number {
    return this.dropped;
  }

  /** Reports the first drop, then every thousandth, not each one. */
  private drop(): void {
    this.dropped++;
    if (this.dropped === 1 || this.dropped % 1000 === 0) this.opts.onError?.(new EventsDroppedError(this.dropped, this.opts.maxQueued ?? 1000));
  }

  /** Resolves when every event recorded so far has been written (or given up on). */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** Stops recording, then flushes. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private build(e: Entry, ref: ObjectReference, type: EventType, reason: string, message: string, now: number): Event {
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: e.name, namespace: e.namespace },
      involvedObject: ref,
      reason,
      message,
      type,
      source: this.opts.host ? { component: this.opts.component, host: this.opts.host } : { component: this.opts.component },
      count: e.count,
      firstTimestamp: e.firstTimestamp,
      lastTimestamp: apiTime(now),
      reportingComponent: this.opts.component,
      reportingInstance: this.opts.instance ?? (this.opts.host ? `${this.opts.component}-${this.opts.host}` : this.opts.component),
    };
  }

  private async write(e: Entry, body: Event, first: boolean): Promise<void> {
    const events = this.opts.client.resource(EVENTS, e.namespace);
    let ev = body;
    for (let attempt = 1; ; attempt++) {
      try {
        if (first) {
          try {
            await events.create(ev);
          } catch (err) {
            // Another recorder named an event about the same object in the same instant.
            if (!isAlreadyExists(err) || attempt >= 3) throw err;
            e.name = `${ev.involvedObject?.name || 'unknown'}.${eventSuffix(this.clock.now(), this.seq++)}`;
            ev = { ...ev, metadata: { ...ev.metadata, name: e.name } };
            continue;
          }
        } else {
          try {
            await events.patch(e.name, { count: ev.count, lastTimestamp: ev.lastTimestamp, message: ev.message }, 'merge');
          } catch (err) {
            if (!isNotFound(err)) throw err;
            await events.create(ev);
          }
        }
        return;
      } catch (err) {
        const retriable = err instanceof ConnectionError || (err instanceof StatusError && err.code >= 500);
        if (!retriable || attempt >= 3 || this.closed) {
          this.opts.onError?.(err);
          return;
        }
        await wait(this.clock, 500 * attempt);
      }
    }
  }

  private async limited<R>(fn: () => Promise<R>): Promise<R> {
    if (this.inFlight >= (this.opts.maxConcurrency ?? 4)) await new Promise<void>((r) => this.slots.push(r));
    this.inFlight++;
    try {
      return await fn();
    } finally {
      this.inFlight--;
      this.slots.shift()?.();
    }
  }
}

/** Events were recorded while the queue was full, and dropped. */
export class EventsDroppedError extends Error {
  override readonly name = 'EventsDroppedError';
  constructor(
    readonly dropped: number,
    readonly maxQueued: number,
  ) {
    super(`unable to record event: too many queued events (${maxQueued}), ${dropped} dropped so far`);
  }
}

/** An ObjectReference to obj (kind/apiVersion from target when the object lacks them). */
export function referenceOf(obj: KubeObject | ObjectReference, target: EventTarget = {}): ObjectReference {
  const o = obj as KubeObject & ObjectReference;
  const m = o.metadata;
  const ref: ObjectReference = {
    kind: target.kind ?? o.kind,
    apiVersion: target.apiVersion ?? o.apiVersion,
    namespace: m ? m.namespace : o.namespace,
    name: m ? m.name : o.name,
    uid: m ? m.uid : o.uid,
    resourceVersion: m ? m.resourceVersion : o.resourceVersion,
  };
  if (target.fieldPath ?? o.fieldPath) ref.fieldPath = target.fieldPath ?? o.fieldPath;
  for (const k of Object.keys(ref) as (keyof ObjectReference)[]) if (ref[k] === undefined || ref[k] === '') delete ref[k];
  return ref;
}

/** Upstream names events "<object>.<unix nanoseconds in hex>"; seq keeps names from one ms apart. */
const eventSuffix = (ms: number, seq: number): string => (BigInt(ms) * 1_000_000n + BigInt(seq % 1_000_000)).toString(16);

