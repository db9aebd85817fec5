// The ResourceQuota objects of every namespace, kept by one storage watch (upstream's quota
// admission reads an informer's lister). A namespace without quotas, the common case, costs
// no store read. While the watch is down (not started yet, or failed) every lookup reads the
// store, and the next lookup starts the watch again.
import type { KeyValue } from '../../storage/interface.js';
import type { ResourceStore } from '../registry/store.js';
import { StoreWatchCache } from './store-watch-cache.js';

export interface QuotaLookup {
  /** The stored quotas of a namespace; `cached` when they come from the watch, not a store read. */
  list(namespace: string): Promise<{ readonly items: readonly KeyValue[]; readonly cached: boolean }>;
}

export class ResourceQuotaCache implements QuotaLookup {
  /** namespace → quota name → stored quota. */
  private readonly byNamespace = new Map<string, Map<string, KeyValue>>();
  private readonly cache: StoreWatchCache;

  constructor(private readonly quotas: () => ResourceStore | undefined) {
    this.cache = new StoreWatchCache(quotas, {
      reset: () => this.byNamespace.clear(),
      put: (rel, kv) => this.put(rel, kv),
      remove: (rel) => this.remove(rel),
    });
  }

  /** Lists every quota and watches from the list's revision. */
  start(): Promise<void> {
    return this.cache.start();
  }

  stop(): void {
    this.cache.stop();
  }

  async list(namespace: string): Promise<{ readonly items: readonly KeyValue[]; readonly cached: boolean }> {
    if (this.cache.live) {
      const m = this.byNamespace.get(namespace);
      return { items: m ? [...m.values()] : [], cached: true };
    }
    const store = this.quotas();
    if (!store) return { items: [], cached: false };
    this.cache.ensureStarted();
    return { items: (await store.deps.storage.list(store.listPrefix(namespace))).items, cached: false };
  }

  private split(rel: string): [string, string] {
    const slash = rel.indexOf('/');
    return [rel.slice(0, slash), rel.slice(slash + 1)];
  }

  private put(rel: string, kv: KeyValue): void {
    const [ns, name] = this.split(rel);
    let m = this.byNamespace.get(ns);
    if (!m) this.byNamespace.set(ns, (m = new Map()));
    m.set(name, kv);
  }

  private remove(rel: string): void {
    const [ns, name] = this.split(rel);
    const m = this.byNamespace.get(ns);
    if (!m) return;
    m.delete(name);
    if (!m.size) this.byNamespace.delete(ns);
  }
}
