// Serves custom resources: follows the stored CustomResourceDefinitions, registers a resource
// for every served version as soon as a CRD exists (and marks it NamesAccepted/Established),
// and on CRD deletion removes every custom resource, then lets the CRD go.
import { isStatusError } from '../../api/errors.js';
import type { KObj } from '../../api/resource-info.js';
import type { StorageEvent, Watch } from '../../storage/interface.js';
import type { ApiRegistry } from '../api-registry.js';
import { deleteObject } from '../registry/delete.js';
import { rfc3339 } from '../registry/object-meta.js';
import type { ResourceStore } from '../registry/store.js';
import type { Logger } from '../server.js';
import { serviceStoresOf, type ServiceStores } from '../webhook/service-endpoint.js';
import { webhookConversion } from './conversion-webhook.js';
import { customResourceStrategy, servedVersions } from './custom-resource-strategy.js';

type Obj = Record<string, any>;

export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

export class CrdRegistrar {
  /** CRD name -> the group/version/resource triples registered for it. */
  private readonly served = new Map<string, Array<{ group: string; version: string; resource: string }>>();
  private watch: Watch | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: ApiRegistry,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.services = serviceStoresOf(registry);
  }

  /** Where a conversion webhook given as a Service reference is reached. */
  private readonly services: ServiceStores;

  private get crds(): ResourceStore {
    return this.registry.lookup('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
  }

  async start(): Promise<void> {
    const store = this.crds;
    const storage = store.deps.storage;
    const page = await storage.list(store.prefix);
    for (const kv of page.items) await this.apply(store.decodeKv(kv));
    this.watch = storage.watch({
      prefix: store.prefix,
      afterRevision: page.revision,
      onEvents: (events) => {
        for (const ev of events) this.enqueue(ev);
      },
      onError: (err) => this.logger.error({ err }, 'CRD watch ended'),
    });
  }

  stop(): void {
    this.watch?.cancel();
  }

  /** Resolves once every event seen so far is handled (tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(ev: StorageEvent): void {
    const store = this.crds;
    this.queue = this.queue
      .then(() => (ev.type === 'delete' ? this.remove(store.decode(ev.value, ev.revision)) : this.apply(store.decode(ev.value, ev.revision))))
      .catch((err) => this.logger.error({ err }, 'handling a CRD change failed'));
  }

  private async apply(crd: KObj): Promise<void> {
    const name = String((crd.metadata as Obj)?.name ?? '');
    const versions = servedVersions(crd as Obj);
    const wanted = versions.map((v) => ({ group: v.group, version: v.version, resource: String(v.names.plural) }));
    for (const old of this.served.get(name) ?? []) {
      if (!wanted.some((w) => w.group === old.group && w.version === old.version && w.resource === old.resource)) {
        this.registry.unregister(old.group, old.version, old.resource);
      }
    }
    const external = (crd.spec as Obj | undefined)?.conversion?.strategy === 'Webhook' ? webhookConversion(crd as Obj, this.services) : undefined;
    for (const v of versions) this.registry.register(customResourceStrategy(v, external));
    this.served.set(name, wanted);
    if ((crd.metadata as Obj)?.deletionTimestamp) await this.cleanUp(crd, versions[0]);
    else await this.establish(crd);
  }

  private remove(crd: KObj): void {
    const name = String((crd.metadata as Obj)?.name ?? '');
    for (const r of this.served.get(name) ?? []) this.registry.unregister(r.group, r.version, r.resource);
    this.served.delete(name);
  }

  /** Mark the CRD accepted and established, and add the cleanup finalizer, once. */
  private async establish(crd: KObj): Promise<void> {
    const name = String((crd.metadata as Obj).name);
    const status = (crd.status ?? {}) as Obj;
    const established = (status.conditions ?? []).some((c: Obj) => c?.type === 'Established' && c.status === 'True');
    const finalizers: string[] = (crd.metadata as Obj).finalizers ?? [];
    try {
      if (!finalizers.includes(CRD_CLEANUP_FINALIZER)) {
        await this.crds.update('', name, (cur) => {
          const meta = cur.metadata as Obj;
          meta.finalizers = [...(meta.finalizers ?? []), CRD_CLEANUP_FINALIZER];
          return cur;
        });
      }
      if (established) return;
      await this.crds.update(
        '',
        name,
        (cur) => {
          const spec = (cur.spec ?? {}) as Obj;
          const names = spec.names ?? {};
          const at = rfc3339(this.now());
          const storage = (spec.versions ?? []).find((v: Obj) => v?.storage)?.name;
          cur.status = {
            conditions: [
              { type: 'NamesAccepted', status: 'True', lastTransitionTime: at, reason: 'NoConflicts', message: 'no conflicts found' },
              { type: 'Established', status: 'True', lastTransitionTime: at, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
            ],
            acceptedNames: {
              plural: names.plural,
              singular: names.singular || String(names.kind ?? '').toLowerCase(),
              kind: names.kind,
              listKind: names.listKind || `${names.kind}List`,
              ...(names.shortNames ? { shortNames: names.shortNames } : {}),
              ...(names.categories ? { categories: names.categories } : {}),
            },
            storedVersions: storage ? [storage] : [],
          };
          return cur;
        },
        { subresource: 'status' },
      );
    } catch (e) {
      if (!isStatusError(e, 'NotFound') && !isStatusError(e, 'Conflict')) throw e;
    }
  }

  /** Delete every custom resource of a CRD being deleted, then release the CRD. */
  private async cleanUp(crd: KObj, v: ReturnType<typeof servedVersions>[number] | undefined): Promise<void> {
    const name = String((crd.metadata as Obj).name);
    if (v) {
      const store = this.registry.lookup(v.group, v.version, String(v.names.plural));
      if (store) {
        const page = await store.deps.storage.list(store.prefix);
        for (const kv of page.items) {
          const obj = store.decodeKv(kv);
          const meta = obj.metadata as Obj;
          try {
            await deleteObject(store, String(meta.namespace ?? ''), String(meta.name), {});
          } catch (e) {
            if (!isStatusError(e, 'NotFound')) throw e;
          }
        }
        if ((await store.deps.storage.count(store.prefix)) > 0) return; // finalizers on some; retried on the next change
      }
    }
    try {
      await this.crds.update('', name, (cur) => {
        const meta = cur.metadata as Obj;
        meta.finalizers = (meta.finalizers ?? []).filter((f: string) => f !== CRD_CLEANUP_FINALIZER);
        return cur;
      });
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
}
