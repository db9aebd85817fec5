// The stored Validating/MutatingWebhookConfigurations, kept by one storage watch each (upstream's
// webhook admission reads informers). The webhooks come out sorted by configuration name, then
// in their order within it, as upstream calls them. With no configuration stored a request
// costs one map size check. While a watch is down every lookup reads the store.
import type { KObj } from '../../../api/resource-info.js';
import type { KeyValue } from '../../../storage/interface.js';
import type { ResourceStore } from '../../registry/store.js';
import { StoreWatchCache } from '../store-watch-cache.js';

export type WebhookKind = 'validating' | 'mutating';

/** One webhook of a configuration. */
export interface RegisteredWebhook {
  readonly configuration: string;
  readonly hook: Record<string, unknown>;
}

const nameOf = (o: KObj): string => String((o.metadata as { name?: string } | undefined)?.name ?? '');

/** The stored objects, sorted by name (the order admission applies configurations and policies in). */
export function decodeByName(kvs: Iterable<KeyValue>, store: ResourceStore): KObj[] {
  const out = [...kvs].map((kv) => store.decodeKv(kv));
  return out.sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
}

function webhooksOf(kvs: Iterable<KeyValue>, store: ResourceStore): RegisteredWebhook[] {
  const out: RegisteredWebhook[] = [];
  for (const c of decodeByName(kvs, store)) {
    for (const hook of Array.isArray(c.webhooks) ? c.webhooks : []) {
      if (hook && typeof hook === 'object') out.push({ configuration: nameOf(c), hook: hook as Record<string, unknown> });
    }
  }
  return out;
}

/** The stored objects of one resource, kept by a storage watch, with what its owner derives from them memoised. */
export class CachedObjects<T> {
  private readonly byName = new Map<string, KeyValue>();
  private derived: readonly T[] | undefined;
  private readonly cache: StoreWatchCache;

  constructor(
    private readonly store: () => ResourceStore | undefined,
    private readonly derive: (kvs: Iterable<KeyValue>, store: ResourceStore) => T[],
  ) {
    this.cache = new StoreWatchCache(store, {
      reset: () => this.changed(() => this.byName.clear()),
      put: (name, kv) => this.changed(() => this.byName.set(name, kv)),
      remove: (name) => this.changed(() => this.byName.delete(name)),
    });
  }

  private changed(f: () => void): void {
    f();
    this.derived = undefined;
  }

  start(): Promise<void> {
    return this.cache.start();
  }

  stop(): void {
    this.cache.stop();
  }

  /** False only when the watch runs and no object is stored. */
  get maybeAny(): boolean {
    return !this.cache.live || this.byName.size > 0;
  }

  async items(): Promise<readonly T[]> {
    const store = this.store();
    if (!store) return [];
    if (this.cache.live) {
      if (this.byName.size === 0) return [];
      return (this.derived ??= this.derive(this.byName.values(), store));
    }
    this.cache.ensureStarted();
    return this.derive((await store.deps.storage.list(store.prefix)).items, store);
  }
}

export class WebhookConfigurationCache {
  private readonly kinds: Record<WebhookKind, CachedObjects<RegisteredWebhook>>;

  constructor(validating: () => ResourceStore | undefined, mutating: () => ResourceStore | undefined) {
    this.kinds = { validating: new CachedObjects(validating, webhooksOf), mutating: new CachedObjects(mutating, webhooksOf) };
  }

  async start(): Promise<void> {
    await Promise.all([this.kinds.validating.start(), this.kinds.mutating.start()]);
  }

  stop(): void {
    this.kinds.validating.stop();
    this.kinds.mutating.stop();
  }

  /** Whether a write may meet a webhook at all (a synchronous check, so that clusters without webhooks pay nothing). */
  maybeAny(): boolean {
    return this.kinds.validating.maybeAny || this.kinds.mutating.maybeAny;
  }

  webhooks(kind: WebhookKind): Promise<readonly RegisteredWebhook[]> {
    return this.kinds[kind].items();
  }
}
