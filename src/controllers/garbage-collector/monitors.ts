// The collector's view of the cluster: a shared informer for every deletable, listable and
// watchable resource the server serves (custom resources too), found by discovery and found
// again every resync period and soon after a CustomResourceDefinition changes. Events keep the
// dependency graph current and tell the collector which UIDs to look at.
import {
  SharedInformer, discoverResources, resourceKey, stripManagedFields,
  type DiscoveredResource, type KubeObject, type ResourceEventHandler, type ResourceRef,
} from '../../client/index.js';
import { errorMessage, type ControllerContext } from '../runtime/index.js';
import { nodeOf, type DependencyGraph } from './graph.js';

/** Upstream's ignored resources: events are never owners worth a watch. */
const IGNORED = new Set(['events.v1.', 'events.v1.events.k8s.io']);
const REQUIRED_VERBS = ['delete', 'list', 'watch'];
/** How long a discovery pass waits for new informers to sync. */
export const SYNC_TIMEOUT_MS = 30_000;

export const isMonitorable = (r: DiscoveredResource): boolean => !IGNORED.has(resourceKey(r.ref)) && REQUIRED_VERBS.every((v) => r.verbs.includes(v));

export interface GraphEvents {
  /** A node changed or appeared (before: its owner UIDs before the change). */
  changed(uid: string, before: readonly string[]): void;
  /** A node is gone. */
  removed(uid: string, owners: readonly string[]): void;
}

interface Monitor {
  readonly informer: SharedInformer<KubeObject>;
  /** Set for the collector's own informers (resources that appeared after start): stops it. */
  readonly stop?: () => void;
}

export class Monitors {
  private readonly informers = new Map<string, Monitor>();
  private firstPass = true;
  private resources: DiscoveredResource[] = [];
  private pendingResync: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly graph: DependencyGraph,
    private readonly events: GraphEvents,
  ) {}

  /** The resources found by the last discovery. */
  discovered(): readonly DiscoveredResource[] {
    return this.resources;
  }

  /** Discovers resources and starts an informer for each new one; resolves when they have synced. */
  async sync(signal: AbortSignal): Promise<void> {
    const found = await discoverResources(this.ctx.client.rest, signal);
    for (const [gv, msg] of found.failed) this.ctx.logger.warn({ groupVersion: gv, err: msg }, 'garbage collector: discovery failed');
    this.resources = found.resources;
    const added: SharedInformer<KubeObject>[] = [];
    const present = new Set<string>();
    for (const r of found.resources.filter(isMonitorable)) {
      const key = resourceKey(r.ref);
      present.add(key);
      if (this.informers.has(key)) continue;
      const m = this.firstPass ? { informer: this.ctx.informers.forResource(r.ref) } : this.ownInformer(r.ref, signal);
      m.informer.addEventHandler(this.handler(r.ref, signal));
      this.informers.set(key, m);
      added.push(m.informer);
    }
    // Only a complete discovery says a resource is gone (a failing group version is not).
    if (found.failed.size === 0) this.dropVanished(present);
    const first = this.firstPass;
    this.firstPass = false;
    if (first) this.ctx.informers.start(signal);
    if (added.length === 0) return;
    // A resource whose list keeps failing must not hold the collector back forever (upstream
    // also goes on after a bounded wait).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), SYNC_TIMEOUT_MS)));
    const synced = await Promise.race([Promise.all(added.map((i) => i.waitForSync(signal))).then(() => true), timedOut]);
    clearTimeout(timer);
    if (!synced && !signal.aborted) {
      const pending = [...this.informers].filter(([, m]) => !m.informer.hasSynced()).map(([k]) => k);
      this.ctx.logger.warn({ resources: pending }, 'garbage collector: timed out waiting for informers to sync; going on');
    }
  }

  /** Re-runs sync every periodMs (and soon after CRD changes) until signal aborts. */
  async resyncLoop(periodMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          this.wake = () => {};
          resolve();
        };
        const t = setTimeout(done, periodMs);
        this.wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
      if (signal.aborted) break;
      await this.sync(signal).catch((e: unknown) => this.ctx.logger.warn({ err: errorMessage(e) }, 'garbage collector: resource resync failed'));
    }
  }

  private wake: () => void = () => {};

  private resyncSoon(): void {
    if (this.pendingResync) return;
    this.pendingResync = setTimeout(() => {
      this.pendingResync = undefined;
      this.wake();
    }, 500);
  }

  /**
   * An informer of the collector's own for a resource served since after start (a custom
   * resource), so that it can be stopped when the resource goes away again.
   */
  private ownInformer(ref: ResourceRef, signal: AbortSignal): Monitor {
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const stop = () => {
      signal.removeEventListener('abort', onAbort);
      ac.abort();
    };
    const informer = new SharedInformer<KubeObject>(this.ctx.client.resource(ref), {
      transform: stripManagedFields,
      clock: this.ctx.client.clock,
      onError: (e) => this.ctx.logger.warn({ resource: resourceKey(ref), err: errorMessage(e) }, 'garbage collector: informer'),
    });
    void informer.run(ac.signal).catch((e: unknown) => this.ctx.logger.warn({ resource: resourceKey(ref), err: errorMessage(e) }, 'garbage collector: informer stopped'));
    return { informer, stop };
  }

  /** Stops the own informers of resources no longer served; their objects leave the graph. */
  private dropVanished(present: ReadonlySet<string>): void {
    for (const [key, m] of this.informers) {
      if (present.has(key) || !m.stop) continue;
      m.stop();
      this.informers.delete(key);
      for (const obj of m.informer.lister.list()) {
        const old = obj.metadata?.uid ? this.graph.remove(obj.metadata.uid) : undefined;
        if (old) this.events.removed(old.uid, old.owners.map((o) => o.uid));
      }
    }
  }

  private handler(ref: ResourceRef, signal: AbortSignal): ResourceEventHandler<KubeObject> {
    const isCrd = ref.group === 'apiextensions.k8s.io' && ref.resource === 'customresourcedefinitions';
    const upsert = (obj: Readonly<KubeObject>) => {
      const n = nodeOf(obj, ref);
      if (n) this.events.changed(n.uid, this.graph.upsert(n));
      if (isCrd && !signal.aborted) this.resyncSoon();
    };
    return {
      onAdd: upsert,
      onUpdate: (_old, obj) => upsert(obj),
      onDelete: (obj) => {
        const uid = obj.metadata?.uid;
        const old = uid ? this.graph.remove(uid) : undefined;
        if (old) this.events.removed(old.uid, old.owners.map((o) => o.uid));
        if (isCrd && !signal.aborted) this.resyncSoon();
      },
    };
  }

  dispose(): void {
    if (this.pendingResync) clearTimeout(this.pendingResync);
    this.pendingResync = undefined;
  }
}
