// Deletion: preconditions, finalizers, propagation policy and graceful deletion.
import { newBadRequest, newConflict, newNotFound } from '../../api/errors.js';
import type { KObj } from '../../api/resource-info.js';
import { isStorageError } from '../../storage/errors.js';
import { defaultGarbageCollectionPolicy, finalizersAfterDelete } from './gc-policy.js';
import { metaOf, rfc3339, type Meta } from './object-meta.js';
import type { ResourceStore } from './store.js';
import type { AdmissionRequestInfo } from '../admission/webhooks/attributes.js';
import { callDeleteWebhooks } from '../admission/webhooks/request-calls.js';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  dryRun?: string[];
}

export interface DeleteResult {
  /** The object as it was deleted, or as it is now when deletion is pending. */
  readonly object: KObj;
  /** True when the object is gone from storage. */
  readonly deleted: boolean;
}

export function validateDeleteOptions(o: DeleteOptions): void {
  if (o.gracePeriodSeconds !== undefined && (!Number.isInteger(o.gracePeriodSeconds) || o.gracePeriodSeconds < 0)) {
    throw newBadRequest(`DeleteOptions.meta.k8s.io "" is invalid: gracePeriodSeconds: Invalid value: ${o.gracePeriodSeconds}: must be greater than or equal to 0`);
  }
  const p = o.propagationPolicy;
  if (p !== undefined && p !== 'Orphan' && p !== 'Background' && p !== 'Foreground') {
    throw newBadRequest(
      `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: ${JSON.stringify(p)}: supported values: "Foreground", "Background", "Orphan", "nil"`,
    );
  }
  if (p !== undefined && o.orphanDependents !== undefined) {
    throw newBadRequest('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "' + p + '": orphanDependents and deletionPropagation cannot be both set');
  }
}

/** `admission`: the API request behind the delete, for admission webhooks (none for internal deletes). */
export async function deleteObject(store: ResourceStore, namespace: string, name: string, opts: DeleteOptions, admission?: AdmissionRequestInfo): Promise<DeleteResult> {
  validateDeleteOptions(opts);
  const result = await deleteStored(store, namespace, name, opts, admission);
  // A delete changes metadata only, so it works on the stored form; the caller gets its version.
  if (!store.externalConversion) return result;
  return { ...result, object: (await store.served([result.object]))[0]! };
}

async function deleteStored(store: ResourceStore, namespace: string, name: string, opts: DeleteOptions, admission: AdmissionRequestInfo | undefined): Promise<DeleteResult> {
  const dryRun = !!opts.dryRun?.length;
  for (let attempt = 0; attempt < 16; attempt++) {
    const kv = await store.getKv(namespace, name);
    const obj = store.decodeKv(kv);
    const meta = obj.metadata as Meta;
    checkPreconditions(store, name, meta, opts);
    if (attempt === 0 && admission && store.deps.webhooks?.active()) {
      const seen = store.externalConversion ? (await store.served([obj]))[0]! : obj;
      await callDeleteWebhooks(store, seen, dryRun, { ...opts }, admission);
    }

    const now = store.deps.clock.now();
    const finalizers = wantedFinalizers(store, meta, opts);
    const grace = store.strategy.gracefulDeleteSeconds?.(obj, opts.gracePeriodSeconds) ?? 0;
    const alreadyDeleting = !!meta.deletionTimestamp;
    const next = structuredClone(obj);
    const held = store.strategy.beginDelete?.(next) ?? false;
    const needsFinalizing = finalizers.length > 0 || held;

    if (!needsFinalizing && grace === 0) {
      if (dryRun) return { object: obj, deleted: true };
      try {
        const res = await store.deps.storage.delete(kv.key, kv.modRevision);
        metaOf(obj).resourceVersion = String(res.revision);
        return { object: obj, deleted: true };
      } catch (e) {
        if (isStorageError(e, 'Conflict')) continue;
        if (isStorageError(e, 'NotFound')) throw newNotFound(store.gr, name);
        throw e;
      }
    }

    // Pending deletion: mark it and let finalizers / the node agent finish it.
    const nm = metaOf(next);
    let changed = JSON.stringify(next.status) !== JSON.stringify(obj.status);
    if (!alreadyDeleting) {
      nm.deletionTimestamp = rfc3339(now + grace * 1000);
      nm.deletionGracePeriodSeconds = grace;
      changed = true;
    } else if (grace < (meta.deletionGracePeriodSeconds ?? 0)) {
      // A shorter grace period may replace a longer one.
      nm.deletionTimestamp = rfc3339(now + grace * 1000);
      nm.deletionGracePeriodSeconds = grace;
      changed = true;
    }
    if (JSON.stringify(finalizers) !== JSON.stringify(meta.finalizers ?? [])) {
      nm.finalizers = finalizers;
      changed = true;
    }
    if (!changed) return { object: obj, deleted: false };
    if (dryRun) return { object: next, deleted: false };
    try {
      const res = await store.deps.storage.update(kv.key, store.encode(next), kv.modRevision);
      nm.resourceVersion = String(res.modRevision);
      return { object: next, deleted: false };
    } catch (e) {
      if (isStorageError(e, 'Conflict')) continue;
      if (isStorageError(e, 'NotFound')) throw newNotFound(store.gr, name);
      throw e;
    }
  }
  throw newConflict(store.gr, name, 'too many concurrent updates, please try again');
}

function checkPreconditions(store: ResourceStore, name: string, meta: Meta, opts: DeleteOptions): void {
  const p = opts.preconditions;
  if (!p) return;
  if (p.uid && p.uid !== meta.uid) {
    throw newConflict(store.gr, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${meta.uid ?? ''}`);
  }
  if (p.resourceVersion && p.resourceVersion !== meta.resourceVersion) {
    throw newConflict(
      store.gr,
      name,
      `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ''}`,
    );
  }
}

/** The finalizers the object will carry after this delete call (propagation policy recorded). */
function wantedFinalizers(store: ResourceStore, meta: Meta, opts: DeleteOptions): string[] {
  const current = Array.isArray(meta.finalizers) ? meta.finalizers : [];
  return finalizersAfterDelete(current, opts, defaultGarbageCollectionPolicy(store.info));
}
