// The EndpointSlice mirroring controller (upstream's endpointslice-mirroring-controller): a
// Service without a selector whose Endpoints someone writes by hand gets EndpointSlices that
// mirror them, owned by the Endpoints and labelled managed-by
// endpointslicemirroring-controller.k8s.io, so EndpointSlice consumers see those backends too.
import type { Endpoints, Service } from '../../api/types/core-v1.js';
import type { EndpointSlice } from '../../api/types/discovery-v1.js';
import { ENDPOINTS, SERVICES, isNotFound, splitMetaNamespaceKey, type SharedInformer } from '../../client/index.js';
import { canonicalJson } from '../deployment/hash.js';
import { ENDPOINTSLICES, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from '../endpointslice/endpointslice-controller.js';
import { planSlices } from '../endpointslice/plan.js';
import { SliceTracker } from '../endpointslice/slice-tracker.js';
import { Controller, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';
import { MIRRORING_MANAGED_BY, mirroredAnnotations, mirroredGroups, shouldMirror } from './mirror.js';

export const MIRRORING_CONTROLLER = 'endpointslice-mirroring-controller';
/** Upstream's --mirroring-max-endpoints-per-subset applies per subset; slices hold up to 100. */
const MAX_PER_SLICE = 100;

const mirroredService = (s: Readonly<EndpointSlice>): string | undefined =>
  s.metadata?.labels?.[MANAGED_BY_LABEL] === MIRRORING_MANAGED_BY ? s.metadata?.labels?.[SERVICE_NAME_LABEL] : undefined;

export class EndpointSliceMirroringController implements Runnable {
  readonly name = MIRRORING_CONTROLLER;
  readonly controller: Controller;
  private readonly services: SharedInformer<Service>;
  private readonly endpoints: SharedInformer<Endpoints>;
  private readonly slices: SharedInformer<EndpointSlice>;
  private readonly tracker: SliceTracker;

  constructor(private readonly ctx: ControllerContext) {
    this.tracker = new SliceTracker(ctx.clock);
    this.services = ctx.informers.forResource(SERVICES);
    this.endpoints = ctx.informers.forResource(ENDPOINTS);
    this.slices = ctx.informers.forResource(ENDPOINTSLICES);
    this.controller = new Controller({ name: this.name, reconcile: (k, s) => this.sync(k, s), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    const c = this.controller;
    this.services.addEventHandler({ onAdd: (s) => c.enqueue(s), onUpdate: (_o, s) => c.enqueue(s), onDelete: (s) => c.enqueue(s) });
    this.endpoints.addEventHandler({ onAdd: (e) => c.enqueue(e), onUpdate: (_o, e) => c.enqueue(e), onDelete: (e) => c.enqueue(e) });
    const onSlice = (s: Readonly<EndpointSlice>) => {
      const svc = mirroredService(s);
      if (svc) c.enqueueKey(`${s.metadata?.namespace ?? ''}/${svc}`);
    };
    this.slices.addEventHandler({ onAdd: onSlice, onUpdate: (_o, s) => onSlice(s), onDelete: onSlice });
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    if (!this.tracker.satisfied(key, (n) => this.slices.lister.get(n, namespace))) return { requeueAfterMs: 100 };
    const client = this.ctx.client.resource(ENDPOINTSLICES, namespace);
    const svc = this.services.lister.get(name, namespace);
    const ep = this.endpoints.lister.get(name, namespace);
    const existing = this.slices.lister.listNamespace(namespace).filter((s) => mirroredService(s) === name);
    if (!shouldMirror(svc, ep)) {
      for (const s of existing) await this.deleteSlice(key, s, signal);
      return;
    }
    const labels: Record<string, string> = { ...(ep!.metadata?.labels ?? {}), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: MIRRORING_MANAGED_BY };
    const annotations = mirroredAnnotations(ep!);
    const owner = { apiVersion: 'v1', kind: 'Endpoints', name, uid: ep!.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true };
    const plan = planSlices({
      groups: mirroredGroups(ep!),
      existing,
      maxEndpointsPerSlice: MAX_PER_SLICE,
      placeholder: false,
      template: () => ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { generateName: `${name}-`, namespace, labels: { ...labels }, annotations: { ...annotations }, ownerReferences: [owner] }, addressType: 'IPv4', endpoints: [] }),
      refreshMeta: (s) => {
        const changed = canonicalJson(s.metadata?.labels ?? {}) !== canonicalJson(labels) || canonicalJson(s.metadata?.annotations ?? {}) !== canonicalJson(annotations);
        s.metadata!.labels = { ...labels };
        s.metadata!.annotations = { ...annotations };
        return changed;
      },
    });
    for (const s of plan.update) this.tracker.written(key, await client.update(s, { signal }));
    for (const s of plan.create) this.tracker.written(key, await client.create(s, { signal }));
    for (const s of plan.delete) await this.deleteSlice(key, s, signal);
  }

  private async deleteSlice(key: string, s: Readonly<EndpointSlice>, signal: AbortSignal): Promise<void> {
    try {
      await this.ctx.client.resource(ENDPOINTSLICES, s.metadata?.namespace).delete(s.metadata?.name ?? '', { signal, preconditions: { uid: s.metadata?.uid } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    this.tracker.deleted(key, s.metadata?.name ?? '');
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }
}

export const newEndpointSliceMirroringController = (ctx: ControllerContext): Runnable => new EndpointSliceMirroringController(ctx);
