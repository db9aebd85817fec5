// REST verbs on a resource collection or object: get, list, create, update, patch, delete,
// deletecollection. Watches and subresources have their own files.
import { newBadRequest, newMethodNotAllowed, StatusError } from '../../api/errors.js';
import { apiVersionOf, type KObj } from '../../api/resource-info.js';
import { isPlainObject, mediaType, PATCH_TYPES, readBody } from '../http/body.js';
import { sendBytes, sendJson, setWarnings, successStatus } from '../http/respond.js';
import { sendInSlices } from '../http/send-in-slices.js';
import { deleteWarnings } from '../registry/gc-policy.js';
import { deleteObject, type DeleteOptions } from '../registry/delete.js';
import { buildFilter } from '../registry/filter.js';
import { listObjects } from '../registry/list.js';
import type { ResourceStore, WriteOptions } from '../registry/store.js';
import type { AdmissionRequestInfo } from '../admission/webhooks/attributes.js';
import { getResult, listTable, tableRequestOfCtx } from '../table/respond.js';
import type { BodySource, FieldValidation, RequestContext } from './context.js';
import { jsonPatchProblems } from '../../api/schema/duplicate-fields.js';
import { checkForceParam, handleApply } from './apply.js';
import { validateDryRun, validateFieldManager, type OptionsKind } from './options-validation.js';
import { applyPatchBody } from './patch.js';
import { parseRequestBody } from './request-body.js';
import { isYamlMediaType, parseYamlAllowingDuplicates } from '../http/yaml-duplicates.js';
import { handleComponentStatus, isComponentStatuses } from '../component-status/index.js';
import { reviewHandlerFor } from '../reviews/index.js';
import { handleSubresource } from './subresources.js';
import { handleWatch } from './watch-stream.js';
import { validateListOptions } from './list-options.js';

export async function handleResource(ctx: RequestContext): Promise<void> {
  const { info } = ctx;
  const store = ctx.registry.lookup(info.group, info.version, info.resource);
  if (!store) throw notFoundPath();
  if (!store.info.namespaced && info.namespace && info.resource !== 'namespaces') throw notFoundPath();
  const review = reviewHandlerFor(store);
  if (review) return review(ctx, store);
  if (isComponentStatuses(store)) return handleComponentStatus(ctx, store);
  if (info.subresource) return handleSubresource(ctx, store);
  const ns = store.info.namespaced ? info.namespace : '';
  if (store.info.verbs && !store.info.verbs.includes(info.verb)) throw newMethodNotAllowed('the server does not allow this method on the requested resource');
  switch (info.verb) {
    case 'get': {
      // Tables, and kinds whose versions convert through a webhook, need the object itself.
      if (tableRequestOfCtx(ctx) || store.externalConversion) return reply(ctx, 200, getResult(ctx, store, await store.get(ns, info.name)));
      // The stored JSON with its resourceVersion spliced in: no parse and re-encode per get.
      const kv = await store.getKv(ns, info.name);
      return replyBytes(ctx, 200, store.json(kv.value, kv.modRevision));
    }
    case 'list':
      validateListOptions(ctx.query, false);
      return handleList(ctx, store, ns);
    case 'watch':
      validateListOptions(ctx.query, true);
      return handleWatch(ctx, store, ns);
    case 'create':
      return handleCreate(ctx, store, ns);
    case 'update':
      return handleUpdate(ctx, store, ns);
    case 'patch':
      return handlePatch(ctx, store, ns);
    case 'delete':
      return handleDelete(ctx, store, ns);
    case 'deletecollection':
      return handleDeleteCollection(ctx, store, ns);
    default:
      throw newMethodNotAllowed(`the server does not allow this method on the requested resource`);
  }
}

export function notFoundPath(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function reply(ctx: RequestContext, code: number, obj: unknown): void {
  ctx.status = code;
  setWarnings(ctx.res, ctx.warnings);
  sendJson(ctx.res, code, obj);
}

/** Like reply, for an object already encoded as JSON. */
export function replyBytes(ctx: RequestContext, code: number, json: Buffer): void {
  ctx.status = code;
  setWarnings(ctx.res, ctx.warnings);
  sendBytes(ctx.res, code, json);
}

export function fieldValidationOf(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw newBadRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got ${JSON.stringify(v)}`);
}

/**
 * The write options of a request. With `userAgent` (a request that records managedFields) the
 * manager defaults to the User-Agent up to its first '/', as upstream.
 */
export function writeOptionsOf(q: URLSearchParams, userAgent?: string | string[], kind: OptionsKind = 'UpdateOptions'): WriteOptions {
  const dryRun = q.getAll('dryRun');
  validateDryRun(kind, dryRun);
  let fm = q.get('fieldManager') || undefined;
  if (fm !== undefined) validateFieldManager(kind, fm);
  if (fm === undefined && userAgent !== undefined) fm = managerFromUserAgent(Array.isArray(userAgent) ? (userAgent[0] ?? '') : userAgent);
  return { dryRun: dryRun.length > 0, fieldManager: fm };
}

/** What admission webhooks learn of the request: its user, its subresource, and where their warnings go. */
export function admissionOf(ctx: RequestContext): AdmissionRequestInfo {
  return { user: ctx.user, warnings: ctx.warnings, subresource: ctx.info.subresource || undefined, audit: ctx };
}

/** Upstream prefixFromUserAgent: up to the first '/', printable characters only, at most 128 bytes. */
export function managerFromUserAgent(ua: string): string {
  let out = '';
  for (const ch of ua.split('/')[0] ?? '') {
    if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(ch) || (ch !== ' ' && /\s/u.test(ch))) continue;
    if (Buffer.byteLength(out + ch) > 128) break;
    out += ch;
  }
  return out;
}

/** Read and type-check an object body. */
export async function readObject(ctx: RequestContext, store: ResourceStore): Promise<KObj> {
  const body = await readBody(ctx.req);
  const type = mediaType(ctx.req);
  // YAML with repeated keys is accepted (last wins) and reported per fieldValidation, as upstream.
  const yaml = isYamlMediaType(type) ? await parseYamlAllowingDuplicates(body) : undefined;
  const value = yaml ? yaml.value : await parseRequestBody(ctx, body);
  if (!isPlainObject(value)) throw newBadRequest(`Object 'Kind' is missing in '${body.toString('utf8').slice(0, 200)}'`);
  const source = yaml ? { yamlDuplicates: yaml.duplicates } : type === 'application/json' || type === '' ? { json: body.toString('utf8') } : {};
  return ctx.decoder.decode(store, value, fieldValidationOf(ctx.query), ctx.warnings, source);
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw newBadRequest(`invalid ${name}: ${JSON.stringify(v)}`);
  return Number(v);
}

async function handleList(ctx: RequestContext, store: ResourceStore, ns: string): Promise<void> {
  const q = ctx.query;
  const table = tableRequestOfCtx(ctx);
  const filter = buildFilter(store.strategy, q.get('labelSelector'), q.get('fieldSelector'));
  const limit = intParam(q, 'limit');
  const page = await listObjects(store, {
    namespace: ns,
    filter,
    limit: limit && limit > 0 ? limit : undefined,
    continueToken: q.get('continue') || undefined,
    resourceVersion: q.get('resourceVersion') ?? undefined,
    resourceVersionMatch: q.get('resourceVersionMatch') ?? undefined,
    intoBody: !table,
  });
  if (table) return reply(ctx, 200, listTable(store, page, table));
  const meta: Record<string, unknown> = { resourceVersion: page.resourceVersion };
  if (page.continueToken) meta.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
  const head = `{"kind":${JSON.stringify(store.info.listKind)},"apiVersion":${JSON.stringify(apiVersionOf(store.info))},"metadata":${JSON.stringify(meta)},"items":[`;
  ctx.status = 200;
  setWarnings(ctx.res, ctx.warnings);
  const body = page.body!;
  // Once the response has been handed to the socket, the next large list may reuse the buffer.
  sendInSlices(ctx.res, body.finish(head, ']}'), () => body.release());
}

async function handleCreate(ctx: RequestContext, store: ResourceStore, ns: string): Promise<void> {
  if (ctx.info.name) throw newMethodNotAllowed('the server does not allow this method on the requested resource');
  const obj = await readObject(ctx, store);
  const name = obj.metadata?.name;
  if (typeof name === 'string') ctx.objectName = name;
  const created = await store.create(ns, obj, { ...writeOptionsOf(ctx.query, ctx.req.headers['user-agent'] ?? '', 'CreateOptions'), requester: ctx.user, admission: admissionOf(ctx) });
  reply(ctx, 201, created);
}

async function handleUpdate(ctx: RequestContext, store: ResourceStore, ns: string): Promise<void> {
  const obj = await readObject(ctx, store);
  const opts = { ...writeOptionsOf(ctx.query, ctx.req.headers['user-agent'] ?? ''), requester: ctx.user, admission: admissionOf(ctx) };
  const body = structuredClone(obj);
  const result = await store.update(ns, ctx.info.name, () => structuredClone(body), {
    ...opts,
    createFn: () => structuredClone(body),
  });
  reply(ctx, result.created ? 201 : 200, result.object);
}

async function handlePatch(ctx: RequestContext, store: ResourceStore, ns: string): Promise<void> {
  const type = mediaType(ctx.req);
  if (type === PATCH_TYPES.apply) return handleApply(ctx, store, ns);
  checkForceParam(ctx.query, false);
  const body = await readBody(ctx.req);
  const opts = { ...writeOptionsOf(ctx.query, ctx.req.headers['user-agent'] ?? '', 'PatchOptions'), admission: admissionOf(ctx) };
  const mode = fieldValidationOf(ctx.query);
  // Merge patches name fields by the object's own paths, so their repeated keys are reported too.
  const rawPatch = type === PATCH_TYPES.merge || type === PATCH_TYPES.strategic ? body.toString('utf8') : undefined;
  const source: BodySource = rawPatch !== undefined ? { json: rawPatch, patch: true } : type === PATCH_TYPES.json && mode !== 'Ignore' ? { patch: true, patchProblems: jsonPatchOpProblems(body) } : {};
  const result = await store.update(ns, ctx.info.name, (current) => {
    const patched = applyPatchBody(store, current, body, type, ctx.query);
    return ctx.decoder.decode(store, patched, mode, ctx.warnings, source);
  }, opts);
  reply(ctx, 200, result.object);
}

export async function readDeleteOptions(ctx: RequestContext): Promise<DeleteOptions> {
  const body = await readBody(ctx.req);
  let opts: DeleteOptions = {};
  if (body.length && body.toString('utf8').trim() !== '') {
    const v = await parseRequestBody(ctx, body, 'DeleteOptions');
    if (!isPlainObject(v)) throw newBadRequest('the body of the request must be a DeleteOptions object');
    opts = ctx.decoder.decodeOptions('DeleteOptions', v) as DeleteOptions;
  }
  const q = ctx.query;
  const grace = intParam(q, 'gracePeriodSeconds');
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  const pp = q.get('propagationPolicy');
  if (pp) opts.propagationPolicy = pp as DeleteOptions['propagationPolicy'];
  const od = q.get('orphanDependents');
  if (od) opts.orphanDependents = od === 'true';
  const dr = q.getAll('dryRun');
  if (dr.length) opts.dryRun = dr;
  if (opts.dryRun) validateDryRun('DeleteOptions', opts.dryRun);
  return opts;
}

async function handleDelete(ctx: RequestContext, store: ResourceStore, ns: string): Promise<void> {
  const opts = await readDeleteOptions(ctx);
  ctx.warnings.push(...deleteWarnings(store.info, opts));
  const result = await deleteObject(store, ns, ctx.info.name, opts, admissionOf(ctx));
  if (!result.deleted || store.info.resource === 'pods') {
    reply(ctx, 200, result.object);
    return;
  }
  const meta = (result.object.metadata ?? {}) as Record<string, unknown>;
  const details: Record<string, unknown> = { name: ctx.info.name };
  if (store.info.group) details.group = store.info.group;
  details.kind = store.info.resource;
  if (meta.uid) details.uid = meta.uid;
  reply(ctx, 200, successStatus(details));
}

async function handleDeleteCollection(ctx: RequestContext, store: ResourceStore, ns: string): Promise<void> {
  const opts = await readDeleteOptions(ctx);
  ctx.warnings.push(...deleteWarnings(store.info, opts));
  const filter = buildFilter(store.strategy, ctx.query.get('labelSelector'), ctx.query.get('fieldSelector'));
  const page = await listObjects(store, { namespace: ns, filter });
  const objects = page.objects ?? page.items.map((chunks) => JSON.parse(Buffer.concat(chunks).toString('utf8')) as KObj);
  const deleted: KObj[] = [];
  for (const obj of objects) {
    const meta = (obj.metadata ?? {}) as Record<string, string>;
    try {
      const r = await deleteObject(store, meta.namespace ?? '', meta.name ?? '', { ...opts }, admissionOf(ctx));
      deleted.push(r.object);
    } catch (e) {
      if (e instanceof StatusError && e.code === 404) continue;
      throw e;
    }
  }
  reply(ctx, 200, {
    kind: store.info.listKind,
    apiVersion: apiVersionOf(store.info),
    metadata: { resourceVersion: page.resourceVersion },
    items: deleted,
  });
}

/** The JSON patch's own problems; none when it does not parse (the patch step answers that). */
function jsonPatchOpProblems(body: Buffer): string[] {
  try {
    return jsonPatchProblems(body.toString('utf8'));
  } catch {
    return [];
  }
}
