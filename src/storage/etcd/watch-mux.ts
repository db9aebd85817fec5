// Carries many etcd watches over one gRPC Watch stream. Each watch remembers the revision after
// its last delivered event; when the stream breaks it is re-created from there on a new stream,
// so a consumer sees every event once, in order, across reconnects. Watch ids are assigned here
// (etcd >= 3.4 accepts client-chosen ids), which avoids matching "created" replies by position.
import type { IDuplexStream, IEvent, IWatchRequest, IWatchResponse, WatchClient } from 'etcd3';
import { rev } from './convert.js';
import type { ByteRange } from './keys.js';

export interface MuxWatchSpec {
  readonly range: ByteRange;
  /** The first revision to deliver (inclusive). */
  readonly startRevision: number;
}

export interface MuxWatchEnd {
  /** Set when etcd refused or stopped the watch because its history was compacted. */
  readonly compactRevision: number;
  readonly reason: string;
}

export interface MuxWatchHandler {
  /** One complete batch (fragments joined), in revision order. */
  events(events: readonly IEvent[]): void;
  /** etcd ended the watch for good (compaction or another cancel reason); nothing follows. */
  ended(end: MuxWatchEnd): void;
}

export interface MuxWatch {
  cancel(): void;
}

/** What the fan-out needs from the mux (tests substitute a fake). */
export interface WatchOpener {
  open(spec: MuxWatchSpec, handler: MuxWatchHandler): MuxWatch;
}

interface Entry {
  readonly id: number;
  readonly range: ByteRange;
  readonly handler: MuxWatchHandler;
  /** Where to resume: one past the last delivered event. */
  next: number;
  fragments: IEvent[];
}

type Stream = IDuplexStream<IWatchRequest, IWatchResponse>;

const MIN_RETRY_MS = 50;
const MAX_RETRY_MS = 5_000;

export class WatchMux implements WatchOpener {
  private readonly entries = new Map<number, Entry>();
  private stream: Stream | undefined;
  private connecting = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = MIN_RETRY_MS;
  private nextId = 1;
  private closed = false;

  constructor(private readonly client: WatchClient) {}

  open(spec: MuxWatchSpec, handler: MuxWatchHandler): MuxWatch {
    if (this.closed) throw new Error('watch stream is closed');
    const entry: Entry = { id: this.nextId++, range: spec.range, handler, next: spec.startRevision, fragments: [] };
    this.entries.set(entry.id, entry);
    if (this.stream) this.sendCreate(this.stream, entry);
    else this.connect();
    return { cancel: () => this.cancel(entry) };
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.entries.clear();
    const stream = this.stream;
    this.stream = undefined;
    stream?.cancel();
  }

  private cancel(entry: Entry): void {
    if (!this.entries.delete(entry.id)) return;
    // The create request went out on this stream before any cancel could, so etcd knows the id.
    if (this.stream) this.write(this.stream, { cancel_request: { watch_id: entry.id } });
  }

  private connect(): void {
    if (this.closed || this.connecting || this.stream || this.retryTimer || this.entries.size === 0) return;
    this.connecting = true;
    this.client.watch().then(
      (stream) => {
        this.connecting = false;
        if (this.closed) {
          stream.cancel();
          return;
        }
        this.stream = stream;
        stream.on('data', (res) => this.onResponse(stream, res));
        stream.on('error', (err) => this.onBroken(stream, err));
        stream.on('end', () => this.onBroken(stream, new Error('watch stream ended')));
        for (const entry of this.entries.values()) this.sendCreate(stream, entry);
      },
      () => {
        this.connecting = false;
        this.scheduleReconnect();
      },
    );
  }

  private sendCreate(stream: Stream, entry: Entry): void {
    entry.fragments = [];
    this.write(stream, {
      create_request: {
        key: entry.range.key,
        range_end: entry.range.range_end,
        start_revision: entry.next,
        prev_kv: true,
        fragment: true,
        watch_id: entry.id,
      },
    });
  }

  private write(stream: Stream, req: IWatchRequest): void {
    try {
      stream.write(req);
    } catch (e) {
      this.onBroken(stream, e as Error);
    }
  }

  private onResponse(stream: Stream, res: IWatchResponse): void {
    if (stream !== this.stream) return;
    this.retryMs = MIN_RETRY_MS;
    const entry = this.entries.get(rev(res.watch_id));
    if (!entry) return; // cancelled by us, or not ours
    const compactRevision = rev(res.compact_revision);
    if (res.canceled || compactRevision > 0) {
      this.entries.delete(entry.id);
      entry.handler.ended({ compactRevision, reason: res.cancel_reason || 'watch cancelled by etcd' });
      return;
    }
    if (res.fragment) {
      entry.fragments.push(...res.events);
      return;
    }
    const batch = entry.fragments.length ? [...entry.fragments, ...res.events] : res.events;
    entry.fragments = [];
    if (batch.length === 0) return; // a "created" reply or a progress notice
    entry.next = rev(batch[batch.length - 1]!.kv.mod_revision) + 1;
    entry.handler.events(batch);
  }

  private onBroken(stream: Stream, _err: Error): void {
    if (stream !== this.stream) return;
    this.stream = undefined;
    stream.cancel();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer || this.entries.size === 0) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
