// One resource's stored objects kept current by a single storage watch (upstream's admission
// plugins read informers' listers for this). It lists the resource, then watches from the list's
// revision and hands each change to its owner. While the watch is down (not started yet, or
// failed) `live` is false, so the owner reads the store instead; `ensureStarted` starts it again.
import type { KeyValue, StorageEvent, Watch } from '../../storage/interface.js';
import type { ResourceStore } from '../registry/store.js';

/** What the cache reports to its owner; keys are relative to the resource's prefix. */
export interface StoreWatchSink {
  reset(): void;
  put(relativeKey: string, kv: KeyValue): void;
  remove(relativeKey: string): void;
}

const kvOfEvent = (ev: StorageEvent): KeyValue => ({ key: ev.key, value: ev.value, createRevision: ev.createRevision, modRevision: ev.revision });

export class StoreWatchCache {
  private watch: Watch | undefined;
  private starting: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly resource: () => ResourceStore | undefined,
    private readonly sink: StoreWatchSink,
  ) {}

  /** Whether the watch runs, so the owner's state is current. */
  get live(): boolean {
    return this.watch !== undefined;
  }

  /** Lists every object and watches from the list's revision. */
  start(): Promise<void> {
    this.stopped = false;
    this.starting ??= this.run().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Starts the watch in the background unless it runs or the cache was stopped. */
  ensureStarted(): void {
    if (!this.watch && !this.stopped) void this.start().catch(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    this.watch?.cancel();
    this.watch = undefined;
    this.sink.reset();
  }

  private async run(): Promise<void> {
    const store = this.resource();
    if (!store || this.watch) return;
    const { prefix } = store;
    const storage = store.deps.storage;
    const page = await storage.list(prefix);
    if (this.stopped) return;
    this.sink.reset();
    for (const kv of page.items) this.sink.put(kv.key.slice(prefix.length), kv);
    this.watch = storage.watch({
      prefix,
      afterRevision: page.revision,
      onEvents: (events) => {
        for (const ev of events) {
          const rel = ev.key.slice(prefix.length);
          if (ev.type === 'delete') this.sink.remove(rel);
          else this.sink.put(rel, kvOfEvent(ev));
        }
      },
      // The owner reads the store until the next ensureStarted restarts the watch.
      onError: () => {
        this.watch = undefined;
        this.sink.reset();
      },
    });
  }
}
