// A shared informer: one list/watch per resource feeding an indexed cache and any number of
// event handlers (client-go's SharedIndexInformer).
import { realClock, type Clock } from './clock.js';
import { Indexer, NAMESPACE_INDEX, namespaceIndexFunc, type Indexers } from './indexer.js';
import { Lister } from './lister.js';
import { Reflector, type ReflectorSink } from './reflector.js';
import type { ResourceClient } from './resource-client.js';
import type { KubeObject } from './types.js';

export interface ResourceEventHandler<T> {
  /** isInInitialList: the object came with the handler's first view of the cache. */
  onAdd?(obj: Readonly<T>, isInInitialList: boolean): void;
  /** Also called with old === new on a periodic resync or a relist. */
  onUpdate?(oldObj: Readonly<T>, newObj: Readonly<T>): void;
  /** finalStateUnknown: the delete was noticed by a relist, obj is the last state seen. */
  onDelete?(obj: Readonly<T>, finalStateUnknown: boolean): void;
}

export interface HandlerOptions {
  /** Redeliver every cached object as onUpdate(obj, obj) this often (0/absent: never). */
  readonly resyncPeriodMs?: number;
}

export interface HandlerRegistration {
  remove(): void;
  /** True once the handler has been given the cache's content as of the informer's sync. */
  hasSynced(): boolean;
}

export interface SharedInformerOptions<T> {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly indexers?: Indexers<T>;
  /** Applied to every object before it is cached (e.g. stripManagedFields). */
  readonly transform?: (obj: T) => T;
  readonly pageSize?: number;
  readonly watchTimeoutSeconds?: number;
  readonly clock?: Clock;
  readonly onError?: (err: unknown) => void;
}

interface Listener<T> {
  readonly handler: ResourceEventHandler<T>;
  readonly resyncPeriodMs: number;
  nextResync: number;
  synced: boolean;
}

export class SharedInformer<T extends KubeObject> implements ReflectorSink<T> {
  readonly indexer: Indexer<T>;
  readonly lister: Lister<T>;
  private readonly listeners = new Set<Listener<T>>();
  private readonly reflector: Reflector<T>;
  private readonly clock: Clock;
  private synced = false;
  private running = false;
  private syncWaiters: Array<() => void> = [];
  private cancelResync: (() => void) | undefined;

  constructor(
    readonly client: ResourceClient<T>,
    private readonly opts: SharedInformerOptions<T> = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.indexer = new Indexer<T>({ [NAMESPACE_INDEX]: namespaceIndexFunc, ...(opts.indexers ?? {}) });
    this.lister = new Lister(this.indexer);
    this.reflector = new Reflector(client, this, { ...opts, clock: this.clock, onError: (e) => this.report(e) });
  }

  get stats(): Readonly<{ lists: number; watches: number; expired: number }> {
    return this.reflector.stats;
  }

  addIndexers(indexers: Indexers<T>): void {
    this.indexer.addIndexers(indexers);
  }

  /** Adds a handler; when the cache is already filled, the handler first gets every object as onAdd. */
  addEventHandler(handler: ResourceEventHandler<T>, o: HandlerOptions = {}): HandlerRegistration {
    const l: Listener<T> = { handler, resyncPeriodMs: o.resyncPeriodMs ?? 0, nextResync: 0, synced: false };
    l.nextResync = this.clock.now() + l.resyncPeriodMs;
    this.listeners.add(l);
    if (this.synced) {
      for (const obj of this.indexer.list()) this.call(() => handler.onAdd?.(obj, true));
      l.synced = true;
    }
    if (this.running) this.scheduleResync();
    return { remove: () => this.listeners.delete(l), hasSynced: () => l.synced };
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once the first list is in the cache, or false if signal aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        this.syncWaiters = this.syncWaiters.filter((w) => w !== done);
        resolve(false);
      };
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      this.syncWaiters.push(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  lastSyncResourceVersion(): string {
    return this.reflector.lastResourceVersion();
  }

  isRunning(): boolean {
    return this.running;
  }

  /** Lists and watches until signal aborts; resolves when stopped. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.running) throw new Error('informer is already running');
    this.running = true;
    this.scheduleResync();
    try {
      await this.reflector.run(signal);
    } finally {
      this.cancelResync?.();
      this.running = false;
    }
  }

  /** @internal ReflectorSink: a full list. */
  replace(items: T[], _rv: string): void {
    const initial = !this.synced;
    const old = new Map<string, Readonly<T>>();
    for (const k of this.indexer.listKeys()) old.set(k, this.indexer.get(k)!);
    const fresh = items.map((o) => this.transform(o));
    this.indexer.replace(fresh);
    for (const obj of fresh) {
      const key = this.indexer.keyOf(obj);
      const prev = old.get(key);
      old.delete(key);
      if (prev) this.dispatch((h) => h.onUpdate?.(prev, obj));
      else this.dispatch((h) => h.onAdd?.(obj, initial));
    }
    for (const gone of old.values()) this.dispatch((h) => h.onDelete?.(gone, true));
    if (initial) {
      this.synced = true;
      for (const l of this.listeners) l.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  /** @internal ReflectorSink: one watch event. */
  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', raw: T): void {
    if (type === 'DELETED') {
      this.indexer.remove(this.indexer.keyOf(raw));
      const last = this.transform(raw);
      this.dispatch((h) => h.onDelete?.(last, false));
      return;
    }
    const obj = this.transform(raw);
    const prev = this.indexer.upsert(obj);
    if (prev) this.dispatch((h) => h.onUpdate?.(prev, obj));
    else this.dispatch((h) => h.onAdd?.(obj, false));
  }

  private transform(o: T): Readonly<T> {
    return this.opts.transform ? this.opts.transform(o) : o;
  }

  private dispatch(fn: (h: ResourceEventHandler<T>) => void): void {
    for (const l of this.listeners) this.call(() => fn(l.handler));
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.report(e);
    }
  }

  private report(e: unknown): void {
    this.opts.onError?.(e);
  }

  private scheduleResync(): void {
    this.cancelResync?.();
    this.cancelResync = undefined;
    let due = Infinity;
    for (const l of this.listeners) if (l.resyncPeriodMs > 0) due = Math.min(due, l.nextResync);
    if (due === Infinity) return;
    this.cancelResync = this.clock.after(Math.max(0, due - this.clock.now()), () => this.resync());
  }

  private resync(): void {
    const now = this.clock.now();
    for (const l of this.listeners) {
      if (l.resyncPeriodMs <= 0 || l.nextResync > now) continue;
      l.nextResync = now + l.resyncPeriodMs;
      if (this.synced) for (const obj of this.indexer.list()) this.call(() => l.handler.onUpdate?.(obj, obj));
    }
    if (this.running) this.scheduleResync();
  }
}

/** Drops metadata.managedFields (what most controllers do to save memory). */
export function stripManagedFields<T extends KubeObject>(obj: T): T {
  if (obj.metadata?.managedFields) delete obj.metadata.managedFields;
  return obj;
}

/** Resolves once every informer has synced (true) or signal aborts (false). */
export async function waitForCacheSync(signal: AbortSignal | undefined, ...informers: Array<{ waitForSync(s?: AbortSignal): Promise<boolean> }>): Promise<boolean> {
  const results = await Promise.all(informers.map((i) => i.waitForSync(signal)));
  return results.every(Boolean);
}

