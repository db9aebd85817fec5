// The ResourceQuota objects of every namespace, kept by one storage watch (upstream's quota
// admission reads an informer's lister). A namespace without quotas, the common case, costs
// no store read. While the watch is down (not started yet, or failed) every lookup reads the
// store, and the next lookup starts the watch again.
import type { KeyValue, StorageEvent, Watch } from '../../storage/interface.js';
import type { ResourceStore } from '../registry/store.js';

export interface QuotaLookup {
  /** The stored quotas of a namespace; `cached` when they come from the watch, not a store read. */
  list(namespace: string): Promise<{ readonly items: readonly KeyValue[]; readonly cached: boolean }>;
}

const kvOfEvent = (ev: StorageEvent): KeyValue => ({ key: ev.key, value: ev.value, createRevision: ev.createRevision, modRevision: ev.revision });

export class ResourceQuotaCache implements QuotaLookup {
  /** namespace → quota name → stored quota. */
  private readonly byNamespace = new Map<string, Map<string, KeyValue>>();
  private watch: Watch | undefined;
  private starting: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly quotas: () => ResourceStore | undefined) {}

  /** Lists every quota and watches from the list's revision. */
  start(): Promise<void> {
    this.stopped = false;
    this.starting ??= this.run().finally(() => (this.starting = undefined));
    return this.starting;
  }

  stop(): void {
    this.stopped = true;
    this.watch?.cancel();
    this.watch = undefined;
    this.byNamespace.clear();
  }

  async list(namespace: string): Promise<{ readonly items: readonly KeyValue[]; readonly cached: boolean }> {
    if (this.watch) {
      const m = this.byNamespace.get(namespace);
      return { items: m ? [...m.values()] : [], cached: true };
    }
    const store = this.quotas();
    if (!store) return { items: [], cached: false };
    if (!this.stopped) void this.start().catch(() => undefined);
    return { items: (await store.deps.storage.list(store.listPrefix(namespace))).items, cached: false };
  }

  private async run(): Promise<void> {
    const store = this.quotas();
    if (!store || this.watch) return;
    const storage = store.deps.storage;
    const page = await storage.list(store.prefix);
    if (this.stopped) return;
    this.byNamespace.clear();
    for (const kv of page.items) this.put(store.prefix, kv);
    this.watch = storage.watch({
      prefix: store.prefix,
      afterRevision: page.revision,
      onEvents: (events) => {
        for (const ev of events) {
          if (ev.type === 'delete') this.remove(store.prefix, ev.key);
          else this.put(store.prefix, kvOfEvent(ev));
        }
      },
      // Lookups read the store until the next one restarts the watch.
      onError: () => {
        this.watch = undefined;
        this.byNamespace.clear();
      },
    });
  }

  private split(prefix: string, key: string): [string, string] {
    const rest = key.slice(prefix.length);
    const slash = rest.indexOf('/');
    return [rest.slice(0, slash), rest.slice(slash + 1)];
  }

  private put(prefix: string, kv: KeyValue): void {
    const [ns, name] = this.split(prefix, kv.key);
    let m = this.byNamespace.get(ns);
    if (!m) this.byNamespace.set(ns, (m = new Map()));
    m.set(name, kv);
  }

  private remove(prefix: string, key: string): void {
    const [ns, name] = this.split(prefix, key);
    const m = this.byNamespace.get(ns);
    if (!m) return;
    m.delete(name);
    if (!m.size) this.byNamespace.delete(ns);
  }
}
