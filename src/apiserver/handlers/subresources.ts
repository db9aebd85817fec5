// Subresources: status, scale, certificatesigningrequests/approval, pods/binding, pods/eviction, pods/ephemeralcontainers,
// pods/log|exec|attach|portforward (pod-connect.ts), nodes/proxy (node-proxy.ts), namespaces/finalize.
import { newBadRequest, newConflict, newInvalid, newMethodNotAllowed, OBJECT_MODIFIED } from '../../api/errors.js';
import { invalid, required } from '../../api/field-errors.js';
import { labelSelectorToString } from '../../api/meta/labels.js';
import type { KObj } from '../../api/resource-info.js';
import { isPlainObject, mediaType, PATCH_TYPES, readBody } from '../http/body.js';
import { metaOf } from '../registry/object-meta.js';
import type { ResourceStore } from '../registry/store.js';
import type { RequestContext } from './context.js';
import { checkForceParam, handleApply, scaleApplier } from './apply.js';
import { optionsKindOf } from './options-validation.js';
import { handleEviction } from './eviction.js';
import { handleNodeProxy } from './node-proxy.js';
import { handlePodConnect } from './pod-connect.js';
import { CONNECT_SUBRESOURCES, type ConnectSubresource } from '../kubelet-client/pod-connect-request.js';
import { handleTokenRequest } from './token-request.js';
import { applyPatchBody } from './patch.js';
import { parseRequestBody } from './request-body.js';
import { admissionOf, notFoundPath, readObject, reply, writeOptionsOf } from './resource.js';
import { successStatus } from '../http/respond.js';
import { getResult } from '../table/respond.js';

type Obj = Record<string, any>;

export async function handleSubresource(ctx: RequestContext, store: ResourceStore): Promise<void> {
  const { info } = ctx;
  const ns = store.info.namespaced ? info.namespace : '';
  const sub = info.subresource;
  if (sub === 'status' && store.info.status) return handleStatus(ctx, store, ns, 'status');
  if (sub === 'scale' && store.info.scale) return handleScale(ctx, store, ns);
  if (sub === 'approval' && store.strategy.approval) return handleStatus(ctx, store, ns, 'approval');
  if (sub === 'finalize' && store.info.resource === 'namespaces' && info.verb === 'update') {
    const obj = await readObject(ctx, store);
    const r = await store.update(ns, info.name, () => obj, { ...writeOptionsOf(ctx.query, ctx.req.headers['user-agent'] ?? ''), subresource: 'finalize' });
    return reply(ctx, 200, r.object);
  }
  if (sub === 'token' && store.info.resource === 'serviceaccounts' && store.info.group === '' && info.verb === 'create' && ctx.tokenIssuer) {
    return handleTokenRequest(ctx, store, ns, ctx.tokenIssuer);
  }
  if (sub === 'proxy' && store.info.resource === 'nodes' && store.info.group === '') return handleNodeProxy(ctx, store);
  if (store.info.resource === 'pods' && store.info.group === '') {
    if (sub === 'binding' && info.verb === 'create') return handleBinding(ctx, store, ns);
    if (sub === 'eviction' && info.verb === 'create') return handleEviction(ctx, store, ns);
    // The whole Pod is read and written; only spec.ephemeralContainers may change (the store's rule).
    if (sub === 'ephemeralcontainers') return handleStatus(ctx, store, ns, 'ephemeralcontainers');
    if (CONNECT_SUBRESOURCES.has(sub)) return handlePodConnect(ctx, store, ns, sub as ConnectSubresource);
  }
  throw notFoundPath();
}

/** get, update and patch of a subresource whose body is the object itself (status, pods/ephemeralcontainers, certificatesigningrequests/approval). */
async function handleStatus(ctx: RequestContext, store: ResourceStore, ns: string, subresource: 'status' | 'ephemeralcontainers' | 'approval'): Promise<void> {
  const name = ctx.info.name;
  const opts = { ...writeOptionsOf(ctx.query, ctx.req.headers['user-agent'] ?? '', optionsKindOf(ctx.info.verb)), subresource, admission: admissionOf(ctx) };
  switch (ctx.info.verb) {
    case 'get':
      return reply(ctx, 200, getResult(ctx, store, await store.get(ns, name)));
    case 'update': {
      const obj = await readObject(ctx, store);
      const r = await store.update(ns, name, () => structuredClone(obj), opts);
      return reply(ctx, 200, r.object);
    }
    case 'patch': {
      const type = mediaType(ctx.req);
      if (type === PATCH_TYPES.apply) return handleApply(ctx, store, ns, subresource);
      checkForceParam(ctx.query, false);
      const body = await readBody(ctx.req);
      const r = await store.update(
        ns,
        name,
        (cur) => ctx.decoder.decode(store, applyPatchBody(store, cur, body, type, ctx.query), 'Ignore', ctx.warnings),
        opts,
      );
      return reply(ctx, 200, r.object);
    }
    default:
      throw newMethodNotAllowed('the server does not allow this method on the requested resource');
  }
}

const getPath = (o: Obj, path: string): unknown => path.split('.').reduce<any>((v, k) => (v && typeof v === 'object' ? v[k] : undefined), o);
function setPath(o: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) cur = cur[k] && typeof cur[k] === 'object' ? cur[k] : (cur[k] = {});
  cur[keys[keys.length - 1]!] = value;
}

/** The autoscaling/v1 Scale view of an object. */
export function scaleOf(store: ResourceStore, obj: KObj): Obj {
  const scale = store.info.scale!;
  const meta = (obj.metadata ?? {}) as Obj;
  const sel = getPath(obj, 'spec.selector');
  // A custom resource's labelSelectorPath points at the selector's string form (upstream's CR scale).
  const atPath = scale.labelSelectorPath ? getPath(obj, scale.labelSelectorPath) : undefined;
  let selector = typeof atPath === 'string' ? atPath : '';
  if (typeof atPath !== 'string' && isPlainObject(sel)) {
    selector = 'matchLabels' in sel || 'matchExpressions' in sel ? labelSelectorToString(sel as Obj) : Object.entries(sel).map(([k, v]) => `${k}=${String(v)}`).join(',');
  }
  const m: Obj = { name: meta.name, uid: meta.uid, resourceVersion: meta.resourceVersion, creationTimestamp: meta.creationTimestamp };
  if (meta.namespace) m.namespace = meta.namespace;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: m,
    spec: { replicas: Number(getPath(obj, scale.specReplicasPath) ?? 0) },
    status: { replicas: Number(getPath(obj, scale.statusReplicasPath) ?? 0), selector },
  };
}

async function handleScale(ctx: RequestContext, store: ResourceStore, ns: string): Promise<void> {
  const name = ctx.info.name;
  if (ctx.info.verb === 'get') return reply(ctx, 200, scaleOf(store, await store.get(ns, name)));
  if (ctx.info.verb !== 'update' && ctx.info.verb !== 'patch') throw newMethodNotAllowed('the server does not allow this method on the requested resource');
  const type = mediaType(ctx.req);
  const applier = ctx.info.verb === 'patch' && type === PATCH_TYPES.apply ? await scaleApplier(ctx, store) : undefined;
  const body = applier ? Buffer.alloc(0) : await readBody(ctx.req);
  if (ctx.info.verb === 'patch' && !applier) checkForceParam(ctx.query, false);
  // An update's body is an autoscaling/v1 Scale (JSON, YAML or protobuf), whatever the resource's group.
  const updated = ctx.info.verb === 'update' ? await parseRequestBody(ctx, body, 'Scale', 'autoscaling/v1') : undefined;
  const opts = {
    ...writeOptionsOf(ctx.query, ctx.req.headers['user-agent'] ?? '', optionsKindOf(ctx.info.verb)),
    managerSubresource: 'scale',
    ...(applier ? { fieldManager: applier.manager, managedFieldsSet: true } : {}),
  };
  const r = await store.update(
    ns,
    name,
    (cur) => {
      const current = scaleOf(store, cur);
      let next: unknown;
      if (ctx.info.verb === 'update') next = updated;
      else if (applier) next = applier.apply(cur, current);
      else next = applyPatchBody(store, current, body, type, ctx.query);
      if (!isPlainObject(next)) throw newBadRequest('the body of the request must be a Scale object');
      // replicas is omitempty in upstream's ScaleSpec: a missing (or null) value decodes as 0.
      const wanted = (next.spec as Obj | undefined)?.replicas ?? 0;
      const nm = (next.metadata ?? {}) as Obj;
      if (nm.resourceVersion && nm.resourceVersion !== (cur.metadata as Obj).resourceVersion) {
        throw newConflict(store.gr, name, OBJECT_MODIFIED);
      }
      if (typeof wanted !== 'number' || !Number.isInteger(wanted)) throw newBadRequest(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof wanted} into Go struct field ScaleSpec.spec.replicas of type int32`);
      if (wanted < 0) {
        throw newInvalid({ group: 'autoscaling', kind: 'Scale' }, name, [invalid('spec.replicas', wanted, 'must be greater than or equal to 0')]);
      }
      setPath(cur, store.info.scale!.specReplicasPath, wanted);
      return cur;
    },
    opts,
  );
  reply(ctx, 200, scaleOf(store, r.object));
}

async function handleBinding(ctx: RequestContext, store: ResourceStore, ns: string): Promise<void> {
  const body = await readBody(ctx.req);
  const binding = await parseRequestBody(ctx, body, 'Binding');
  if (!isPlainObject(binding)) throw newBadRequest('the body of the request must be a Binding object');
  const target = (binding.target ?? {}) as Obj;
  const node = target.name;
  const bindName = ((binding.metadata ?? {}) as Obj).name ?? ctx.info.name;
  if (bindName !== ctx.info.name) throw newBadRequest(`name in URL does not match name in Binding object`);
  if (typeof node !== 'string' || !node) {
    throw newInvalid({ group: '', kind: 'Binding' }, ctx.info.name, [required('target.name')]);
  }
  if (target.kind && target.kind !== 'Node') {
    throw newInvalid({ group: '', kind: 'Binding' }, ctx.info.name, [invalid('target.kind', target.kind, 'must be empty or "Node"')]);
  }
  // Binding is not a field manager write upstream: nobody owns spec.nodeName for it.
  const opts = { ...writeOptionsOf(ctx.query, undefined, 'CreateOptions'), fieldManager: undefined };
  await store.update(
    ns,
    ctx.info.name,
    (pod) => {
      const meta = metaOf(pod);
      if (meta.deletionTimestamp) throw newConflict(store.gr, ctx.info.name, 'pod is being deleted, cannot be assigned to a host');
      const spec = (pod.spec ?? (pod.spec = {})) as Obj;
      if (spec.nodeName) throw newConflict(store.gr, ctx.info.name, `pod ${ctx.info.name} is already assigned to node "${String(spec.nodeName)}"`);
      spec.nodeName = node;
      const annotations = ((binding.metadata ?? {}) as Obj).annotations;
      if (isPlainObject(annotations)) meta.annotations = { ...(meta.annotations ?? {}), ...(annotations as Record<string, string>) };
      const status = (pod.status ?? (pod.status = {})) as Obj;
      const conds: Obj[] = Array.isArray(status.conditions) ? status.conditions.filter((c: Obj) => c?.type !== 'PodScheduled') : [];
      conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z') });
      status.conditions = conds;
      return pod;
    },
    { ...opts, subresource: 'binding' },
  );
  reply(ctx, 201, { ...successStatus(), code: 201 });
}
