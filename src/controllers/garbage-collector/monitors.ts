// The collector's view of the cluster: a shared informer for every deletable, listable and
// watchable resource the server serves (custom resources too), found by discovery and found
// again every resync period and soon after a CustomResourceDefinition changes. Events keep the
// dependency graph current and tell the collector which UIDs to look at.
import {
  discoverResources, resourceKey,
  type DiscoveredResource, type KubeObject, type ResourceEventHandler, type ResourceRef, type SharedInformer,
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

export class Monitors {
  private readonly informers = new Map<string, SharedInformer<KubeObject>>();
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
    for (const r of found.resources.filter(isMonitorable)) {
      const key = resourceKey(r.ref);
      if (this.informers.has(key)) continue;
      const inf = this.ctx.informers.forResource(r.ref);
      inf.addEventHandler(this.handler(r.ref, signal));
      this.informers.set(key, inf);
      added.push(inf);
    }
    if (added.length === 0) return;
    this.ctx.informers.start(signal);
    // A resource whose list keeps failing must not hold the collector back forever (upstream
    // also goes on after a bounded wait).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), SYNC_TIMEOUT_MS)));
    const synced = await Promise.race([Promise.all(added.map((i) => i.waitForSync(signal))).then(() => true), timedOut]);
    clearTimeout(timer);
    if (!synced && !signal.aborted) {
      const pending = [...this.informers].filter(([, i]) => !i.hasSynced()).map(([k]) => k);
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
