// The garbage collector (upstream's garbagecollector controller): deletes objects whose owners
// are all gone (background cascading deletion), deletes the dependents of an owner deleted in
// the foreground and then lets the owner go (the foregroundDeletion finalizer), and removes the
// references to an owner deleted with the orphan policy from its dependents before letting it go
// (the orphan finalizer). Work items are object UIDs; the graph is the cache they are read from.
import { setMaxListeners } from 'node:events';
import { isConflict, isNotFound, resourceForKind, type Client, type EventRecorder } from '../../client/index.js';
import { Controller, errorMessage, type ControllerContext, type Logger, type ReconcileResult, type Runnable } from '../runtime/index.js';
import { decide, type Action, type OwnerState } from './decide.js';
import { DependencyGraph, FOREGROUND_FINALIZER, ORPHAN_FINALIZER, isDeletingDependents, isOrphaning, type GraphNode, type OwnerRef } from './graph.js';
import { Monitors } from './monitors.js';

export const GARBAGE_COLLECTOR_NAME = 'garbage-collector-controller';
/** How often the served resources are discovered again (upstream: 30 s). */
export const RESOURCE_RESYNC_MS = 30_000;
/** Owner UIDs remembered as gone (upstream's absentOwnerCache; UIDs are never reused). */
export const ABSENT_OWNER_CACHE_SIZE = 1024;

export class OwnerLookupError extends Error {
  override readonly name = 'OwnerLookupError';
  readonly code = 'OwnerLookup';
}

export class GarbageCollector implements Runnable {
  readonly name = GARBAGE_COLLECTOR_NAME;
  readonly graph = new DependencyGraph();
  readonly controller: Controller;
  private readonly monitors: Monitors;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly absentOwners = new Set<string>();

  constructor(ctx: ControllerContext) {
    this.client = ctx.client;
    this.log = ctx.logger;
    this.recorder = ctx.recorder('garbage-collector-controller');
    this.controller = new Controller({ name: this.name, reconcile: (uid, signal) => this.attempt(uid, signal), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    this.monitors = new Monitors(ctx, this.graph, {
      changed: (uid, before) => this.onChanged(uid, before),
      removed: (uid, owners) => this.onRemoved(uid, owners),
    });
  }

  /** Waits for the graph to be complete, then collects until signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    // One informer per served resource, each listening on the same signal.
    setMaxListeners(0, signal);
    for (;;) {
      try {
        await this.monitors.sync(signal);
        break;
      } catch (e) {
        if (signal.aborted) return;
        this.log.warn({ err: errorMessage(e) }, 'garbage collector: initial discovery failed; retrying');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    if (signal.aborted) return;
    try {
      await Promise.all([this.controller.run(signal), this.monitors.resyncLoop(RESOURCE_RESYNC_MS, signal)]);
    } finally {
      this.monitors.dispose();
    }
  }

  private onChanged(uid: string, before: readonly string[]): void {
    const n = this.graph.get(uid);
    if (!n) return;
    if (n.owners.length || (n.deleting && (isDeletingDependents(n) || isOrphaning(n)))) this.controller.enqueueKey(uid);
    if (n.deleting) for (const d of this.graph.dependents(uid)) this.controller.enqueueKey(d.uid);
    // An owner deleting in the foreground waits for this node: a change of its references may free it.
    for (const o of new Set([...before, ...n.owners.map((r) => r.uid)])) this.enqueueIfDeleting(o);
  }

  private onRemoved(uid: string, owners: readonly string[]): void {
    this.rememberAbsent(uid);
    for (const d of this.graph.dependents(uid)) this.controller.enqueueKey(d.uid);
    for (const o of owners) this.enqueueIfDeleting(o);
  }

  private rememberAbsent(uid: string): void {
    this.absentOwners.delete(uid);
    this.absentOwners.add(uid);
    if (this.absentOwners.size > ABSENT_OWNER_CACHE_SIZE) this.absentOwners.delete(this.absentOwners.values().next().value!);
  }

  private enqueueIfDeleting(uid: string): void {
    const o = this.graph.get(uid);
    if (o?.deleting) this.controller.enqueueKey(uid);
  }

  /** One object: finish an orphaning or foreground deletion, or collect it if its owners are gone. */
  async attempt(uid: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const node = this.graph.get(uid);
    if (!node) return;
    if (isOrphaning(node)) {
      for (const d of this.graph.dependents(uid)) await this.removeOwnerReferences(d, [uid], signal);
      await this.removeFinalizer(node, ORPHAN_FINALIZER, signal);
      return;
    }
    if (isDeletingDependents(node)) {
      if (this.graph.blockingDependents(uid).length === 0) {
        await this.removeFinalizer(node, FOREGROUND_FINALIZER, signal);
        return;
      }
      for (const d of this.graph.dependents(uid)) if (!d.deleting || isDeletingDependents(d)) this.controller.enqueueKey(d.uid);
      return;
    }
    if (node.deleting || node.owners.length === 0) return;
    const states = new Map<string, OwnerState>();
    for (const o of node.owners) states.set(o.uid, await this.ownerState(node, o, signal));
    await this.execute(node, decide(node, states, this.graph.hasDependents(uid)), signal);
  }

  private async execute(node: GraphNode, action: Action, signal: AbortSignal): Promise<void> {
    if (action.type === 'none') return;
    if (action.type === 'removeOwnerReferences') {
      await this.removeOwnerReferences(node, action.uids, signal);
      return;
    }
    this.log.info({ object: `${node.ref.resource}/${node.namespace}/${node.name}`, propagation: action.propagation }, 'garbage collector: deleting object');
    try {
      await this.client.resource(node.ref, node.namespace || undefined).delete(node.name, { propagationPolicy: action.propagation, preconditions: { uid: node.uid }, signal });
    } catch (e) {
      // Gone already, or a new object of the same name (the UID precondition failed).
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }

  /** An owner's state: from the graph, else read live (the graph may not have seen it yet). */
  private async ownerState(dependent: GraphNode, ref: OwnerRef, signal: AbortSignal): Promise<OwnerState> {
    const known = this.graph.get(ref.uid);
    if (known) return isDeletingDependents(known) ? 'waiting' : 'solid';
    if (this.absentOwners.has(ref.uid)) return 'dangling';
    const r = resourceForKind(this.monitors.discovered(), ref.apiVersion, ref.kind);
    if (!r) throw new OwnerLookupError(`cannot find the resource of owner kind ${ref.kind} (${ref.apiVersion})`);
    if (r.ref.namespaced && !dependent.namespace) {
      this.recorder.event(eventTarget(dependent), 'Warning', 'OwnerRefInvalidNamespace', `ownerRef [${ref.apiVersion}/${ref.kind}, namespace: , name: ${ref.name}, uid: ${ref.uid}] does not exist in namespace ""`);
      return 'dangling';
    }
    try {
      const owner = await this.client.resource(r.ref, r.ref.namespaced ? dependent.namespace : undefined).get(ref.name, { signal });
      if (owner.metadata?.uid !== ref.uid) {
        this.rememberAbsent(ref.uid);
        return 'dangling';
      }
      const m = owner.metadata;
      return m?.deletionTimestamp && m.finalizers?.includes(FOREGROUND_FINALIZER) ? 'waiting' : 'solid';
    } catch (e) {
      if (isNotFound(e)) {
        this.rememberAbsent(ref.uid);
        return 'dangling';
      }
      throw e;
    }
  }

  private async removeOwnerReferences(node: GraphNode, uids: readonly string[], signal: AbortSignal): Promise<void> {
    const keep = node.owners.filter((o) => !uids.includes(o.uid));
    if (keep.length === node.owners.length) return;
    await this.patchMetadata(node, { ownerReferences: keep.length ? keep : null }, signal);
  }

  private async removeFinalizer(node: GraphNode, finalizer: string, signal: AbortSignal): Promise<void> {
    const keep = node.finalizers.filter((f) => f !== finalizer);
    await this.patchMetadata(node, { finalizers: keep.length ? keep : null }, signal);
  }

  /** A merge patch of metadata guarded by the cached resourceVersion (a conflict is retried after the cache catches up). */
  private async patchMetadata(node: GraphNode, metadata: Record<string, unknown>, signal: AbortSignal): Promise<void> {
    try {
      await this.client.resource(node.ref, node.namespace || undefined).patch(node.name, { metadata: { ...metadata, uid: node.uid, resourceVersion: node.resourceVersion } }, 'merge', { signal });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

const eventTarget = (n: GraphNode) => ({
  apiVersion: n.ref.group ? `${n.ref.group}/${n.ref.version}` : n.ref.version,
  kind: n.ref.kind,
  metadata: { name: n.name, namespace: n.namespace || undefined, uid: n.uid },
});

export const newGarbageCollector = (ctx: ControllerContext): GarbageCollector => new GarbageCollector(ctx);
