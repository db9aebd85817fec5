// One informer per resource (and namespace/selector), shared by everyone who asks for it
// (client-go's SharedInformerFactory).
import type { Client } from './client.js';
import type { Indexers } from './indexer.js';
import { resourceKey, type ResourceRef } from './resources.js';
import { SharedInformer, type SharedInformerOptions } from './shared-informer.js';
import type { KubeObject } from './types.js';

export interface InformerFactoryOptions {
  /** Watch only this namespace (default: all). */
  readonly namespace?: string;
  readonly onError?: (err: unknown) => void;
  readonly transform?: (obj: any) => any;
  readonly watchTimeoutSeconds?: number;
}

export interface ForResourceOptions<T> {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly indexers?: Indexers<T>;
  readonly transform?: (obj: T) => T;
}

export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedInformer<any>>();
  private readonly runs = new Map<string, Promise<void>>();

  constructor(
    private readonly client: Client,
    private readonly opts: InformerFactoryOptions = {},
  ) {}

  /** The shared informer for ref (created on first use; start() runs it). */
  forResource<T extends KubeObject>(ref: ResourceRef<T>, o: ForResourceOptions<T> = {}): SharedInformer<T> {
    const ns = o.namespace ?? this.opts.namespace ?? '';
    const key = [resourceKey(ref), ns, o.labelSelector ?? '', o.fieldSelector ?? ''].join('|');
    const existing = this.informers.get(key) as SharedInformer<T> | undefined;
    if (existing) {
      if (o.indexers) {
        const fresh = Object.fromEntries(Object.entries(o.indexers).filter(([n]) => !existing.indexer.hasIndex(n)));
        existing.addIndexers(fresh);
      }
      return existing;
    }
    const opts: SharedInformerOptions<T> = {
      labelSelector: o.labelSelector,
      fieldSelector: o.fieldSelector,
      indexers: o.indexers,
      transform: o.transform ?? this.opts.transform,
      clock: this.client.clock,
      onError: this.opts.onError,
      watchTimeoutSeconds: this.opts.watchTimeoutSeconds,
    };
    const inf = new SharedInformer<T>(this.client.resource(ref, ns || undefined), opts);
    this.informers.set(key, inf);
    return inf;
  }

  /** Starts every informer not yet running; they stop when signal aborts. Call again after adding informers. */
  start(signal: AbortSignal): void {
    for (const [key, inf] of this.informers) {
      if (this.runs.has(key)) continue;
      const run = inf.run(signal).catch((e) => this.opts.onError?.(e));
      this.runs.set(key, run);
    }
  }

  /** Resolves true when every started informer has synced, false if signal aborts first. */
  async waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    const started = [...this.informers].filter(([k]) => this.runs.has(k)).map(([, i]) => i);
    const r = await Promise.all(started.map((i) => i.waitForSync(signal)));
    return r.every(Boolean);
  }

  /** Waits for every started informer to stop (abort the start signal first). */
  async shutdown(): Promise<void> {
    await Promise.all(this.runs.values());
  }
}
