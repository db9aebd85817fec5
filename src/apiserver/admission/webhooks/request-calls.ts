// The admission webhook calls of requests that write no object through the store's create and
// update: a delete (webhooks see the stored object as oldObject) and a CONNECT (the object is the
// request's options). Both do nothing unless webhook configurations exist.
import type { KObj } from '../../../api/resource-info.js';
import { metaOf } from '../../registry/object-meta.js';
import type { ResourceStore } from '../../registry/store.js';
import type { AdmissionAttributes, AdmissionRequestInfo } from './attributes.js';

async function run(store: ResourceStore, attrs: AdmissionAttributes): Promise<void> {
  const hooks = store.deps.webhooks!;
  // Mutating webhooks are called, but a patch has nothing to change here.
  await hooks.mutate(store, attrs);
  await hooks.validate(store, attrs);
}

/** DELETE of `obj`; `options`: the request's DeleteOptions. No `admission`: an internal delete. */
export async function callDeleteWebhooks(store: ResourceStore, obj: KObj, dryRun: boolean, options: Record<string, unknown>, admission: AdmissionRequestInfo | undefined): Promise<void> {
  if (!store.deps.webhooks?.active() || !admission) return;
  const meta = metaOf(obj);
  await run(store, {
    info: store.info,
    operation: 'DELETE',
    subresource: '',
    name: meta.name ?? '',
    namespace: store.info.namespaced ? (meta.namespace ?? '') : '',
    oldObject: obj,
    dryRun,
    options: { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', ...options },
    request: admission,
  });
}

/** CONNECT of pods/exec, attach or portforward, with PodExecOptions (...) as the object. */
export async function callConnectWebhooks(store: ResourceStore, namespace: string, name: string, subresource: string, options: KObj, admission: AdmissionRequestInfo): Promise<void> {
  if (!store.deps.webhooks?.active()) return;
  await run(store, {
    info: store.info,
    operation: 'CONNECT',
    subresource,
    name,
    namespace: store.info.namespaced ? namespace : '',
    object: options,
    dryRun: false,
    options: null,
    request: admission,
  });
}
