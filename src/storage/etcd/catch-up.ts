// A watcher whose start lies before the shared stream's in-memory window. It reads the missing
// history through its own etcd watch on its prefix (on the shared gRPC stream), and as soon as
// what it has delivered reaches the window floor it hands over to the shared fan-out: the window
// supplies the events after that point and the hub the live ones, so nothing is skipped or
// repeated. Until then the catch-up watch is a complete watch of the prefix by itself.
import { compacted, unavailable } from '../errors.js';
import type { StorageEvent, Watch, WatchOptions } from '../interface.js';
import type { WatchHub } from '../watch-hub.js';
import { toStorageEvent } from './convert.js';
import type { EventWindow } from './event-window.js';
import type { KeyCodec } from './keys.js';
import type { MuxWatch, MuxWatchEnd, WatchOpener } from './watch-mux.js';

export interface CatchUpContext {
  readonly mux: WatchOpener;
  readonly codec: KeyCodec;
  readonly window: EventWindow;
  readonly hub: WatchHub;
  noteCompacted(revision: number): void;
  /** The catch-up no longer needs the fan-out's attention (switched, failed or cancelled). */
  finished(c: CatchUp): void;
}

export class CatchUp implements Watch {
  /** Everything under the prefix up to this revision has been queued for the watcher. */
  private last: number;
  private source: MuxWatch | undefined;
  private live: Watch | undefined;
  private stopped = false;
  private pending: StorageEvent[] = [];
  private error: Error | undefined;
  private scheduled = false;

  constructor(
    private readonly opts: WatchOptions,
    private readonly ctx: CatchUpContext,
  ) {
    this.last = opts.afterRevision;
  }

  start(): void {
    this.source = this.ctx.mux.open(
      { range: this.ctx.codec.prefixRange(this.opts.prefix), startRevision: this.last + 1 },
      { events: (raw) => this.onHistory(raw.map((ev) => toStorageEvent(this.ctx.codec, ev))), ended: (end) => this.onEnded(end) },
    );
  }

  cancel(): void {
    this.stopped = true;
    this.pending = [];
    this.error = undefined;
    this.source?.cancel();
    this.live?.cancel();
    this.ctx.finished(this);
  }

  /** Stop with an error (e.g. the storage is closing). */
  fail(err: Error): void {
    if (this.stopped || this.live) return;
    this.source?.cancel();
    this.error = err;
    this.ctx.finished(this);
    this.schedule();
  }

  private onHistory(events: StorageEvent[]): void {
    if (this.stopped || this.live || this.error) return;
    const fresh = events.filter((ev) => ev.revision > this.last && ev.key.startsWith(this.opts.prefix));
    if (fresh.length === 0) return;
    this.pending.push(...fresh);
    this.last = fresh[fresh.length - 1]!.revision;
    this.schedule();
    const { window } = this.ctx;
    if (this.last >= window.floor) {
      this.source?.cancel();
      this.source = undefined;
      // Queued after our pending delivery (both use microtasks, which run in order).
      this.live = this.ctx.hub.subscribe(this.opts, window.since(this.last, this.opts.prefix), Math.max(this.last, window.position));
      this.ctx.finished(this);
    }
  }

  private onEnded(end: MuxWatchEnd): void {
    if (this.stopped || this.live || this.error) return;
    this.source = undefined;
    if (end.compactRevision > 0) {
      this.ctx.noteCompacted(end.compactRevision);
      this.fail(compacted(this.last + 1, end.compactRevision));
    } else {
      this.fail(unavailable(`watch on ${this.opts.prefix} ended: ${end.reason}`));
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.stopped) return;
      const batch = this.pending;
      this.pending = [];
      if (batch.length) this.opts.onEvents(batch);
      const err = this.error;
      if (err && !this.stopped) {
        this.stopped = true;
        this.opts.onError(err);
      }
    });
  }
}
