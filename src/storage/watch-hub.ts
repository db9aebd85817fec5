// Fans one ordered stream of storage events out to many prefix watchers. Each watcher gets its
// history backlog first, then live events, delivered asynchronously and never concurrently.
import type { StorageEvent, Watch, WatchOptions } from './interface.js';

interface Subscriber {
  readonly prefix: string;
  /** Events with revision <= this were already queued as backlog. */
  floor: number;
  queue: StorageEvent[];
  scheduled: boolean;
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
    const sub: Subscriber = { prefix: opts.prefix, floor, queue: backlog, scheduled: false, cancelled: false, opts };
    this.subs.add(sub);
    if (backlog.length) this.schedule(sub);
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
    for (const sub of this.subs) {
      let added = false;
      for (const ev of events) {
        if (ev.revision <= sub.floor || !ev.key.startsWith(sub.prefix)) continue;
        sub.queue.push(ev);
        added = true;
      }
      if (added) this.schedule(sub);
    }
  }

  /** Stop every watcher with an error (e.g. the store is closing). */
  closeAll(err: Error): void {
    for (const sub of [...this.subs]) {
      this.subs.delete(sub);
      sub.cancelled = true;
      queueMicrotask(() => sub.opts.onError(err));
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
      sub.opts.onEvents(batch);
    });
  }
}
