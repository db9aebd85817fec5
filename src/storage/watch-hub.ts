// Fans one ordered stream of storage events out to many prefix watchers. Each watcher gets its
// history backlog first (in a microtask after subscribe returns), then live events. Live events
// go out synchronously from publish, which the backends call from their own commit or stream
// callbacks: one pass over the watchers, no task or closure per watcher, and every watcher's
// copy is written before anything queued behind the commit (such as the writer's reply) runs.
// A watcher still waiting for its backlog, or one whose callback publishes again, gets the events
// queued instead, so each sees one ordered stream and is never called concurrently.
import { channel } from 'node:diagnostics_channel';
import type { StorageEvent, Watch, WatchOptions } from './interface.js';

/**
 * Each publish's start and end (performance.now()) and its watcher count, for benchmarks'
 * timelines; nothing is measured or sent while the channel has no subscriber.
 */
const publishTrace = channel('k8ts:watch-hub:publish');

interface Subscriber {
  readonly prefix: string;
  /** Events with revision <= this were already queued as backlog. */
  floor: number;
  /** Events waiting for the next asynchronous delivery (the backlog, or events that arrived meanwhile). */
  queue: StorageEvent[];
  scheduled: boolean;
  /** Inside this watcher's onEvents. */
  delivering: boolean;
  cancelled: boolean;
  readonly opts: WatchOptions;
}

export class WatchHub {
  private readonly subs = new Set<Subscriber>();

  get size(): number {
    return this.subs.size;
  }

  /** Register a watcher whose history (events after opts.afterRevision up to floor) is `backlog`. */
  subscribe(opts: WatchOptions, backlog: StorageEvent[], floor: number): Watch {
    const sub: Subscriber = { prefix: opts.prefix, floor, queue: backlog, scheduled: false, delivering: false, cancelled: false, opts };
    this.subs.add(sub);
    // Even with no backlog, live events wait for one microtask: whatever the caller queued before
    // subscribing (e.g. an etcd catch-up's last history batch) reaches the watcher first.
    this.schedule(sub);
    return {
      cancel: () => {
        sub.cancelled = true;
        sub.queue = [];
        this.subs.delete(sub);
      },
    };
  }

  /** Fail a watcher: it gets onError once and nothing more. */
  fail(opts: WatchOptions, err: Error): Watch {
    let cancelled = false;
    queueMicrotask(() => {
      if (!cancelled) opts.onError(err);
    });
    return { cancel: () => (cancelled = true) };
  }

  /** Publish committed events, in revision order. */
  publish(events: readonly StorageEvent[]): void {
    if (events.length === 0 || this.subs.size === 0) return;
    const start = publishTrace.hasSubscribers ? performance.now() : 0;
    for (const sub of this.subs) {
      const mine = eventsFor(sub, events);
      if (!mine) continue;
      if (sub.scheduled || sub.delivering) {
        sub.queue.push(...mine);
        this.schedule(sub);
      } else {
        this.deliver(sub, mine);
      }
    }
    if (start) publishTrace.publish({ start, end: performance.now(), watchers: this.subs.size, events: events.length });
  }

  /** Stop every watcher with an error (e.g. the store is closing). */
  closeAll(err: Error): void {
    for (const sub of [...this.subs]) {
      this.subs.delete(sub);
      sub.cancelled = true;
      queueMicrotask(() => sub.opts.onError(err));
    }
  }

  private deliver(sub: Subscriber, events: readonly StorageEvent[]): void {
    sub.delivering = true;
    try {
      sub.opts.onEvents(events);
    } catch (e) {
      // One watcher's failure must not cost the others their events: it surfaces as the
      // uncaught exception it would have been if this watcher were the only one.
      queueMicrotask(() => {
        throw e;
      });
    } finally {
      sub.delivering = false;
    }
  }

  private schedule(sub: Subscriber): void {
    if (sub.scheduled) return;
    sub.scheduled = true;
    queueMicrotask(() => {
      sub.scheduled = false;
      if (sub.cancelled || sub.queue.length === 0) return;
      const batch = sub.queue;
      sub.queue = [];
      this.deliver(sub, batch);
    });
  }
}

/** The events a watcher should get: the same array when all of them match (the usual case). */
function eventsFor(sub: Subscriber, events: readonly StorageEvent[]): readonly StorageEvent[] | undefined {
  let all = true;
  let any = false;
  for (const ev of events) {
    if (ev.revision > sub.floor && ev.key.startsWith(sub.prefix)) any = true;
    else all = false;
  }
  if (all) return events;
  if (!any) return undefined;
  return events.filter((ev) => ev.revision > sub.floor && ev.key.startsWith(sub.prefix));
}
