// The ResourceQuota controller (upstream's resourcequota-controller): status.hard mirrors
// spec.hard and status.used is recomputed from the namespace's objects for every resource the
// quota names (counts, pod compute requests/limits, service ports, claim storage). Core kinds come
// from shared informers; other count/<resource>.<group> names are listed through discovery and
// re-counted each resync.
import type { Pod, ResourceQuota } from '../../api/types/core-v1.js';
import { addTo, objectUsage, quotaMatches, resourceForQuotaName, toResourceList, usageOf, type Usage } from '../../api/quota/usage.js';
import { ZERO_QUANTITY } from '../../api/kinds/core/quantity.js';
import {
  CONFIGMAPS, PERSISTENTVOLUMECLAIMS, PODS, REPLICATIONCONTROLLERS, SECRETS, SERVICES, discoverResources, isConflict, isNotFound, resourceRef, splitMetaNamespaceKey,
  type KubeObject, type ResourceRef, type SharedInformer,
} from '../../client/index.js';
import { canonicalJson } from '../deployment/hash.js';
import { Controller, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';

export const RESOURCEQUOTAS = resourceRef<ResourceQuota>({ group: '', version: 'v1', resource: 'resourcequotas', kind: 'ResourceQuota', namespaced: true });
export const RESOURCEQUOTA_CONTROLLER = 'resourcequota-controller';
/** Upstream's --resource-quota-sync-period. */
export const QUOTA_RESYNC_MS = 5 * 60 * 1000;
/** How often quotas that count resources without an informer are re-counted. */
export const UNINFORMED_RESYNC_MS = 15_000;
const DISCOVERY_TTL_MS = 60_000;

export class ResourceQuotaController implements Runnable {
  readonly name = RESOURCEQUOTA_CONTROLLER;
  readonly controller: Controller;
  private readonly quotas: SharedInformer<ResourceQuota>;
  private readonly informed = new Map<string, SharedInformer<KubeObject>>();
  private discovered: { at: number; refs: Map<string, ResourceRef> } | undefined;

  constructor(private readonly ctx: ControllerContext) {
    this.quotas = ctx.informers.forResource(RESOURCEQUOTAS);
    this.controller = new Controller({ name: this.name, reconcile: (k, s) => this.sync(k, s), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    const c = this.controller;
    this.quotas.addEventHandler({ onAdd: (q) => c.enqueue(q), onUpdate: (o, q) => (canonicalJson(o.spec) !== canonicalJson(q.spec) ? c.enqueue(q) : undefined) });
    const touch = (o: Readonly<KubeObject>) => {
      for (const q of this.quotas.lister.listNamespace(o.metadata?.namespace ?? '')) c.enqueue(q);
    };
    for (const ref of [PODS, SERVICES, CONFIGMAPS, SECRETS, PERSISTENTVOLUMECLAIMS, REPLICATIONCONTROLLERS] as ResourceRef[]) {
      const inf = ctx.informers.forResource(ref);
      this.informed.set(`${ref.group}/${ref.resource}`, inf);
      inf.addEventHandler({
        onAdd: touch,
        onDelete: touch,
        onUpdate: (o, n) => {
          if (ref === PODS) {
            const a = o as Readonly<Pod>;
            const b = n as Readonly<Pod>;
            if (a.status?.phase === b.status?.phase && a.metadata?.deletionTimestamp === b.metadata?.deletionTimestamp) return;
          } else if (canonicalJson((o as { spec?: unknown }).spec) === canonicalJson((n as { spec?: unknown }).spec)) return;
          touch(n);
        },
      });
    }
    this.informed.set('/resourcequotas', this.quotas as unknown as SharedInformer<KubeObject>);
  }

  private async refFor(group: string, resource: string, signal: AbortSignal): Promise<ResourceRef | undefined> {
    const now = this.ctx.clock.now();
    if (!this.discovered || now - this.discovered.at > DISCOVERY_TTL_MS || !this.discovered.refs.has(`${group}/${resource}`)) {
      if (!this.discovered || now - this.discovered.at > 1000) {
        const d = await discoverResources(this.ctx.client.rest, signal);
        this.discovered = { at: now, refs: new Map(d.resources.filter((r) => r.ref.namespaced).map((r) => [`${r.ref.group}/${r.ref.resource}`, r.ref])) };
      }
    }
    return this.discovered.refs.get(`${group}/${resource}`);
  }

  /** The namespace's objects of group/resource, and whether an informer supplied them. */
  private async objects(ns: string, group: string, resource: string, signal: AbortSignal): Promise<{ items: readonly Readonly<KubeObject>[]; informed: boolean }> {
    const inf = this.informed.get(`${group}/${resource}`);
    if (inf) return { items: inf.lister.listNamespace(ns), informed: true };
    const ref = await this.refFor(group, resource, signal);
    if (!ref) return { items: [], informed: false };
    return { items: (await this.ctx.client.resource(ref, ns).listAll({ signal })).items, informed: false };
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const quota = this.quotas.lister.get(name, namespace);
    if (!quota) return;
    const hard = usageOf(quota.spec?.hard);
    const used: Usage = new Map([...hard.keys()].map((k) => [k, ZERO_QUANTITY]));
    const sources = new Map<string, { group: string; resource: string }>();
    for (const k of hard.keys()) {
      const r = resourceForQuotaName(k);
      if (r) sources.set(`${r.group}/${r.resource}`, r);
    }
    let allInformed = true;
    const now = this.ctx.clock.now();
    for (const { group, resource } of sources.values()) {
      const { items, informed } = await this.objects(namespace, group, resource, signal);
      allInformed &&= informed;
      for (const o of items) {
        if (!quotaMatches(quota, group, resource, o)) continue;
        for (const [k, q] of objectUsage(group, resource, o as Record<string, unknown>, now)) if (hard.has(k)) addTo(used, k, q);
      }
    }
    const status = { hard: toResourceList(hard), used: toResourceList(used) };
    if (canonicalJson(status) !== canonicalJson(quota.status ?? {})) {
      const next = structuredClone(quota) as ResourceQuota;
      next.status = status;
      try {
        await this.ctx.client.resource(RESOURCEQUOTAS, namespace).updateStatus(next, { signal });
      } catch (e) {
        if (isNotFound(e)) return;
        if (isConflict(e)) return { requeueAfterMs: 50 };
        throw e;
      }
    }
    return { requeueAfterMs: allInformed ? QUOTA_RESYNC_MS : UNINFORMED_RESYNC_MS };
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }
}

export const newResourceQuotaController = (ctx: ControllerContext): Runnable => new ResourceQuotaController(ctx);
