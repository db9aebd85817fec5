// The EndpointSlice controller (upstream's endpointslice-controller): for every Service with a
// selector, discovery.k8s.io/v1 EndpointSlices named <service>-<random>, owned by the service and
// labelled with its name and this controller, holding one endpoint per pod (ready, serving,
// terminating conditions, node, zone, target) in slices of at most 100.
import type { Node, Pod, Service } from '../../api/types/core-v1.js';
import type { EndpointSlice } from '../../api/types/discovery-v1.js';
import {
  NODES, PODS, SERVICES, apiTime, isNotFound, resourceRef, splitMetaNamespaceKey,
  type SharedInformer,
} from '../../client/index.js';
import { canonicalJson } from '../deployment/hash.js';
import { HEADLESS_LABEL, TRIGGER_TIME_ANNOTATION, isHeadless, lastChangeTriggerTime, serviceSelector, servicesForPod } from '../endpoints/pod-endpoints.js';
import { Controller, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';
import { desiredGroups } from './desired.js';
import { planSlices } from './plan.js';
import { SliceTracker } from './slice-tracker.js';

export const ENDPOINTSLICES = resourceRef<EndpointSlice>({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice', namespaced: true });
export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
/** Upstream's --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface EndpointSliceControllerOptions {
  readonly maxEndpointsPerSlice?: number;
}

export function sliceLabels(svc: Readonly<Service>): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}) };
  labels[SERVICE_NAME_LABEL] = svc.metadata?.name ?? '';
  labels[MANAGED_BY_LABEL] = MANAGED_BY;
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}

const serviceOfSlice = (s: Readonly<EndpointSlice>): string | undefined =>
  s.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY ? s.metadata?.labels?.[SERVICE_NAME_LABEL] : undefined;

export class EndpointSliceController implements Runnable {
  readonly name = ENDPOINTSLICE_CONTROLLER;
  readonly controller: Controller;
  private readonly services: SharedInformer<Service>;
  private readonly pods: SharedInformer<Pod>;
  private readonly nodes: SharedInformer<Node>;
  private readonly slices: SharedInformer<EndpointSlice>;
  private readonly tracker: SliceTracker;
  private readonly max: number;

  constructor(private readonly ctx: ControllerContext, o: EndpointSliceControllerOptions = {}) {
    this.max = o.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
    this.tracker = new SliceTracker(ctx.clock);
    this.services = ctx.informers.forResource(SERVICES);
    this.pods = ctx.informers.forResource(PODS);
    this.nodes = ctx.informers.forResource(NODES);
    this.slices = ctx.informers.forResource(ENDPOINTSLICES);
    this.controller = new Controller({ name: this.name, reconcile: (k, s) => this.sync(k, s), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    const c = this.controller;
    this.services.addEventHandler({ onAdd: (s) => c.enqueue(s), onUpdate: (_o, s) => c.enqueue(s), onDelete: (s) => c.enqueue(s) });
    const onPod = (...pods: (Readonly<Pod> | undefined)[]) => {
      for (const s of servicesForPod(this.services.lister.listNamespace(pods[0]?.metadata?.namespace ?? ''), ...pods)) c.enqueue(s);
    };
    this.pods.addEventHandler({
      onAdd: (p) => onPod(p),
      onUpdate: (o, p) => {
        if (o.metadata?.resourceVersion !== p.metadata?.resourceVersion) onPod(o, p);
      },
      onDelete: (p) => onPod(p),
    });
    const onSlice = (s: Readonly<EndpointSlice>) => {
      const svc = serviceOfSlice(s);
      if (svc) c.enqueueKey(`${s.metadata?.namespace ?? ''}/${svc}`);
    };
    this.slices.addEventHandler({ onAdd: onSlice, onUpdate: (_o, s) => onSlice(s), onDelete: onSlice });
    // A node's zone label feeds its endpoints' zone.
    this.nodes.addEventHandler({
      onUpdate: (o, n) => {
        if (o.metadata?.labels?.['topology.kubernetes.io/zone'] === n.metadata?.labels?.['topology.kubernetes.io/zone']) return;
        for (const p of this.pods.lister.list()) if (p.spec?.nodeName === n.metadata?.name) onPod(p);
      },
    });
  }

  private managedSlices(namespace: string, service: string): Readonly<EndpointSlice>[] {
    return this.slices.lister.listNamespace(namespace).filter((s) => serviceOfSlice(s) === service);
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const client = this.ctx.client.resource(ENDPOINTSLICES, namespace);
    if (!this.tracker.satisfied(key, (n) => this.slices.lister.get(n, namespace))) return { requeueAfterMs: 100 };
    const svc = this.services.lister.get(name, namespace);
    const selector = svc ? serviceSelector(svc) : undefined;
    const existing = this.managedSlices(namespace, name);
    if (!svc || !selector) {
      // The service is gone (garbage collection would follow the owner references) or no longer
      // selects pods: its managed slices go.
      for (const s of existing) await this.deleteSlice(key, s, signal);
      if (!svc) this.tracker.forget(key);
      return;
    }
    const pods = this.pods.lister.listNamespace(namespace, selector);
    const groups = desiredGroups(svc, pods, (n) => this.nodes.lister.get(n));
    const labels = sliceLabels(svc);
    const owner = { apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true };
    const plan = planSlices({
      groups,
      existing,
      maxEndpointsPerSlice: this.max,
      template: () => ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { generateName: `${name}-`, namespace, labels: { ...labels }, ownerReferences: [owner] }, addressType: 'IPv4', endpoints: [] }),
      refreshMeta: (s) => {
        const changed = canonicalJson(s.metadata?.labels ?? {}) !== canonicalJson(labels);
        s.metadata!.labels = { ...labels };
        return changed;
      },
    });
    const trigger = lastChangeTriggerTime(svc, pods);
    const stamp = (s: EndpointSlice) => {
      const a = { ...(s.metadata!.annotations ?? {}) };
      if (trigger !== undefined) a[TRIGGER_TIME_ANNOTATION] = apiTime(trigger);
      s.metadata!.annotations = a;
      return s;
    };
    for (const s of plan.update) this.tracker.written(key, await client.update(stamp(s), { signal }));
    for (const s of plan.create) this.tracker.written(key, await client.create(stamp(s), { signal }));
    for (const s of plan.delete) await this.deleteSlice(key, s, signal);
  }

  private async deleteSlice(key: string, s: Readonly<EndpointSlice>, signal: AbortSignal): Promise<void> {
    const n = s.metadata?.name ?? '';
    try {
      await this.ctx.client.resource(ENDPOINTSLICES, s.metadata?.namespace).delete(n, { signal, preconditions: { uid: s.metadata?.uid } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    this.tracker.deleted(key, n);
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }
}

export const newEndpointSliceController = (o: EndpointSliceControllerOptions = {}) => (ctx: ControllerContext): Runnable => new EndpointSliceController(ctx, o);
