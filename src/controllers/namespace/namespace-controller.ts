// The namespace controller (upstream's NamespaceController): once a namespace is being deleted
// (phase Terminating, deletionTimestamp set) it deletes all the namespace's content, reports
// progress in the five deletion conditions, and when nothing is left removes the "kubernetes"
// finalizer through namespaces/{name}/finalize, after which the API server removes the namespace.
import type { Namespace } from '../../api/types/core-v1.js';
import { NAMESPACES, apiTime, isConflict, isNotFound, objectPath, type Client, type SharedInformer } from '../../client/index.js';
import { Controller, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';
import { updateConditions } from './conditions.js';
import { deleteAllContent } from './content-deleter.js';

export const NAMESPACE_CONTROLLER_NAME = 'namespace-controller';
export const KUBERNETES_FINALIZER = 'kubernetes';
/** Upstream re-checks after estimate/2+1 seconds; k8ts looks at least this often. */
export const MAX_RECHECK_MS = 2000;

export class NamespaceController implements Runnable {
  readonly name = NAMESPACE_CONTROLLER_NAME;
  readonly controller: Controller;
  private readonly namespaces: SharedInformer<Namespace>;
  private readonly client: Client;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    this.namespaces = ctx.informers.forResource(NAMESPACES);
    this.controller = new Controller({ name: this.name, reconcile: (key, signal) => this.sync(key, signal), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    const enqueue = (ns: Readonly<Namespace>) => {
      if (ns.metadata?.deletionTimestamp) this.controller.enqueue(ns);
    };
    this.namespaces.addEventHandler({ onAdd: enqueue, onUpdate: (_o, ns) => enqueue(ns) });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const cached = this.namespaces.lister.get(key);
    if (!cached?.metadata?.deletionTimestamp) return;
    if (!(cached.spec?.finalizers ?? []).includes(KUBERNETES_FINALIZER)) return;
    // The cache may lag: decide on the live object.
    let ns: Namespace;
    try {
      ns = await this.client.resource(NAMESPACES).get(key, { signal });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (ns.metadata?.uid !== cached.metadata.uid || !(ns.spec?.finalizers ?? []).includes(KUBERNETES_FINALIZER)) return;
    const content = await deleteAllContent(this.client, key, this.ctx.clock.now(), signal);
    const { status, changed } = updateConditions(ns.status, content.report, apiTime(this.ctx.clock.now()));
    if (changed) {
      try {
        ns = await this.client.resource(NAMESPACES).updateStatus({ ...ns, status }, { signal });
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e)) throw e;
        return { requeueAfterMs: 0 };
      }
    }
    const failed = content.report.discoveryFailures.size > 0 || content.report.contentErrors.length > 0;
    if (content.estimateSeconds > 0) return { requeueAfterMs: Math.min((content.estimateSeconds / 2 + 1) * 1000, MAX_RECHECK_MS) };
    if (failed) throw new Error(`namespace ${key}: content deletion incomplete`);
    await this.finalize(ns, signal);
  }

  private async finalize(ns: Namespace, signal: AbortSignal): Promise<void> {
    const body: Namespace = { ...ns, spec: { ...ns.spec, finalizers: (ns.spec?.finalizers ?? []).filter((f) => f !== KUBERNETES_FINALIZER) } };
    try {
      await this.client.rest.request('PUT', objectPath(NAMESPACES, undefined, ns.metadata!.name!, 'finalize'), body, { signal });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

export const newNamespaceController = (ctx: ControllerContext): NamespaceController => new NamespaceController(ctx);
