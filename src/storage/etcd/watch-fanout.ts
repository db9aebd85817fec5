// All watchers of one EtcdStorage share ONE etcd watch over the whole storage prefix. Its events
// go into a bounded in-memory window and out through a WatchHub that filters by prefix. A new
// watcher whose start revision is inside the window gets its backlog from memory; an older one
// first catches up through its own etcd watch (see CatchUp) and then joins the shared stream.
import { compacted, unavailable } from '../errors.js';
import type { StorageEvent, Watch, WatchOptions } from '../interface.js';
import { WatchHub } from '../watch-hub.js';
import { CatchUp } from './catch-up.js';
import { toStorageEvent } from './convert.js';
import { EventWindow, type EventWindowLimits } from './event-window.js';
import type { KeyCodec } from './keys.js';
import type { MuxWatch, MuxWatchEnd, WatchOpener } from './watch-mux.js';

export interface FanoutContext {
  readonly mux: WatchOpener;
  readonly codec: KeyCodec;
  /** The compacted revision the storage knows of. */
  knownCompacted(): number;
  noteCompacted(revision: number): void;
}

const RESTART_DELAY_MS = 1_000;

export class WatchFanout {
  private readonly hub = new WatchHub();
  private readonly window: EventWindow;
  private readonly catchUps = new Set<CatchUp>();
  private shared: MuxWatch | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private closed = false;

  /** The shared stream starts right after startRevision. */
  constructor(
    private readonly ctx: FanoutContext,
    startRevision: number,
    limits: EventWindowLimits = {},
  ) {
    this.window = new EventWindow(startRevision, limits);
    this.openShared();
  }

  watch(opts: WatchOptions): Watch {
    if (this.closed) return this.hub.fail(opts, unavailable('storage is closed'));
    const after = Math.max(0, opts.afterRevision);
    const known = this.ctx.knownCompacted();
    if (after + 1 < known) return this.hub.fail(opts, compacted(after + 1, known));
    const normalized = after === opts.afterRevision ? opts : { ...opts, afterRevision: after };
    if (after >= this.window.floor) {
      return this.hub.subscribe(normalized, this.window.since(after, opts.prefix), Math.max(after, this.window.position));
    }
    const c = new CatchUp(normalized, {
      mux: this.ctx.mux,
      codec: this.ctx.codec,
      window: this.window,
      hub: this.hub,
      noteCompacted: (r) => this.ctx.noteCompacted(r),
      finished: (done) => this.catchUps.delete(done),
    });
    this.catchUps.add(c);
    c.start();
    return c;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.shared?.cancel();
    const err = unavailable('storage is closed');
    for (const c of [...this.catchUps]) c.fail(err);
    this.hub.closeAll(err);
  }

  private openShared(): void {
    this.shared = this.ctx.mux.open(
      { range: this.ctx.codec.prefixRange(''), startRevision: this.window.position + 1 },
      { events: (raw) => this.publish(raw.map((ev) => toStorageEvent(this.ctx.codec, ev))), ended: (end) => this.onSharedEnded(end) },
    );
  }

  private publish(events: StorageEvent[]): void {
    this.hub.publish(this.window.append(events));
  }

  /**
   * The shared watch was stopped by etcd. Live watchers cannot be told what they missed, so they
   * fail (Compacted when history is gone); the window restarts where etcd can resume.
   */
  private onSharedEnded(end: MuxWatchEnd): void {
    this.shared = undefined;
    if (this.closed) return;
    if (end.compactRevision > 0) {
      this.ctx.noteCompacted(end.compactRevision);
      this.hub.closeAll(compacted(this.window.position + 1, end.compactRevision));
      this.window.reset(end.compactRevision - 1);
      this.openShared();
      return;
    }
    this.hub.closeAll(unavailable(`shared etcd watch ended: ${end.reason}`));
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.closed) this.openShared();
    }, RESTART_DELAY_MS);
  }
}
