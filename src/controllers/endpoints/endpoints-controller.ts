// The Endpoints controller (upstream's endpoint-controller): for every Service with a selector,
// an Endpoints object of the same name listing its pods (ready ones in addresses, the others in
// notReadyAddresses) with the ports resolved per pod; deleted with the service. Services without
// a selector are left alone (their Endpoints are someone else's).
import type { Endpoints, Pod, Service } from '../../api/types/core-v1.js';
import {
  ENDPOINTS, PODS, SERVICES, apiTime, isAlreadyExists, isConflict, isNotFound, metaNamespaceKey, splitMetaNamespaceKey,
  type SharedInformer,
} from '../../client/index.js';
import { canonicalJson } from '../deployment/hash.js';
import { Controller, type ControllerContext, type Runnable } from '../runtime/index.js';
import { HEADLESS_LABEL, TRIGGER_TIME_ANNOTATION, isHeadless, lastChangeTriggerTime, serviceSelector, servicesForPod } from './pod-endpoints.js';
import { OVER_CAPACITY_ANNOTATION, computeSubsets, truncateSubsets } from './subsets.js';

export const ENDPOINT_CONTROLLER = 'endpoint-controller';

/** The labels an Endpoints object carries: the service's, plus the headless marker. */
export function endpointsLabels(svc: Readonly<Service>): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}) };
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}

export class EndpointsController implements Runnable {
  readonly name = ENDPOINT_CONTROLLER;
  readonly controller: Controller;
  private readonly services: SharedInformer<Service>;
  private readonly pods: SharedInformer<Pod>;
  private readonly endpoints: SharedInformer<Endpoints>;

  constructor(private readonly ctx: ControllerContext) {
    this.services = ctx.informers.forResource(SERVICES);
    this.pods = ctx.informers.forResource(PODS);
    this.endpoints = ctx.informers.forResource(ENDPOINTS);
    this.controller = new Controller({ name: this.name, reconcile: (k, s) => this.sync(k, s), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    const c = this.controller;
    this.services.addEventHandler({ onAdd: (s) => c.enqueue(s), onUpdate: (_o, s) => c.enqueue(s), onDelete: (s) => c.enqueue(s) });
    const onPod = (...pods: (Readonly<Pod> | undefined)[]) => {
      const ns = pods[0]?.metadata?.namespace ?? '';
      for (const s of servicesForPod(this.services.lister.listNamespace(ns), ...pods)) c.enqueue(s);
    };
    this.pods.addEventHandler({
      onAdd: (p) => onPod(p),
      onUpdate: (o, p) => {
        if (o.metadata?.resourceVersion !== p.metadata?.resourceVersion) onPod(o, p);
      },
      onDelete: (p) => onPod(p),
    });
    // A deleted or edited Endpoints of a managed service is put back.
    this.endpoints.addEventHandler({ onDelete: (e) => c.enqueue(e), onUpdate: (_o, e) => c.enqueue(e) });
  }

  async sync(key: string, signal: AbortSignal): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const client = this.ctx.client.resource(ENDPOINTS, namespace);
    const svc = this.services.lister.get(name, namespace);
    if (!svc) {
      if (!this.endpoints.lister.get(name, namespace)) return;
      try {
        await client.delete(name, { signal });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      return;
    }
    const selector = serviceSelector(svc);
    if (!selector) return;
    const pods = this.pods.lister.listNamespace(namespace, selector);
    const { subsets, truncated } = truncateSubsets(computeSubsets(svc, pods));
    const labels = endpointsLabels(svc);
    const current = this.endpoints.lister.get(name, namespace);
    const wasTruncated = current?.metadata?.annotations?.[OVER_CAPACITY_ANNOTATION] === 'truncated';
    if (current && wasTruncated === truncated && canonicalJson(current.subsets ?? []) === canonicalJson(subsets) && canonicalJson(current.metadata?.labels ?? {}) === canonicalJson(labels)) return;
    const next: Endpoints = current ? structuredClone(current) as Endpoints : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } };
    next.metadata!.labels = labels;
    const annotations = { ...(next.metadata!.annotations ?? {}) };
    const trigger = lastChangeTriggerTime(svc, pods);
    if (trigger !== undefined) annotations[TRIGGER_TIME_ANNOTATION] = apiTime(trigger);
    else delete annotations[TRIGGER_TIME_ANNOTATION];
    if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    next.metadata!.annotations = annotations;
    next.subsets = subsets;
    try {
      if (current) await client.update(next, { signal });
      else await client.create(next, { signal });
    } catch (e) {
      // Our cache is behind: the next event brings the key back; retry rate-limited meanwhile.
      if (isConflict(e) || isAlreadyExists(e)) throw new Error(`endpoints ${metaNamespaceKey(next)} changed under us; retrying`);
      throw e;
    }
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }
}

export const newEndpointsController = (ctx: ControllerContext): Runnable => new EndpointsController(ctx);
