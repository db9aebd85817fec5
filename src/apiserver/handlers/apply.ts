// Server-side apply: PATCH with application/apply-patch+yaml on an object or its status. The
// merge, ownership and conflicts are the field manager's; this file reads the request.
import { newBadRequest, newUnsupportedMediaType } from '../../api/errors.js';
import { validateApplied, type TypeNode } from '../../api/managed-fields/index.js';
import type { KObj } from '../../api/resource-info.js';
import { printedValue } from '../../api/field-errors.js';
import { isPlainObject, parseYaml, readBody } from '../http/body.js';
import { parseYamlAllowingDuplicates } from '../http/yaml-duplicates.js';
import type { ResourceStore } from '../registry/store.js';
import type { RequestContext } from './context.js';
import { invalidOptions } from './options-validation.js';
import { admissionOf, fieldValidationOf, reply, writeOptionsOf } from './resource.js';

const invalidPatchOptions = (field: string, reason: string, detail: string, what: string) => invalidOptions('PatchOptions', field, reason, `${what}: ${detail}`);

/**
 * The configuration must convert to its type (declared fields, map-list keys present, no
 * duplicate keys). Upstream answers a plain error here, i.e. a 500 with no reason (its issue
 * kubernetes#139253, fix pending, makes it a 400); the request is the client's fault, so we
 * answer 400 BadRequest with upstream's message text.
 */
function checkTyped(root: TypeNode, config: KObj, ns: string, name: string, store: ResourceStore): void {
  const errs = validateApplied(config, root);
  if (!errs.length) return;
  const gvk = `${store.info.group}/${store.info.version}, Kind=${store.info.kind}`;
  const detail = errs.length === 1 ? errs[0] : `errors:\n  ${errs.join('\n  ')}`;
  throw newBadRequest(`failed to create typed patch object (${ns}/${name}; ${gvk}): ${detail}`);
}

/**
 * Repeated keys of an apply configuration (the last one wins): Strict refuses them in one 400,
 * Warn returns one warning per key, Ignore says nothing (upstream's applyPatcher texts).
 */
function reportDuplicateKeys(duplicates: readonly string[], mode: 'Strict' | 'Warn' | 'Ignore', warnings: string[]): void {
  if (!duplicates.length || mode === 'Ignore') return;
  if (mode === 'Warn') {
    for (const d of duplicates) if (!warnings.includes(d)) warnings.push(d);
    return;
  }
  throw newBadRequest(`error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  ${duplicates.join('\n  ')}`);
}

/** `force` only goes with apply (upstream ValidatePatchOptions). */
export function checkForceParam(q: URLSearchParams, isApply: boolean): boolean {
  const raw = q.get('force');
  if (raw === null) return false;
  if (!isApply) throw invalidPatchOptions('force', 'FieldValueForbidden', 'may not be specified for non-apply patch', 'Forbidden');
  if (raw === '' || raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw newBadRequest(`strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`);
}

export async function handleApply(ctx: RequestContext, store: ResourceStore, ns: string, subresource?: 'status' | 'ephemeralcontainers' | 'approval'): Promise<void> {
  const q = ctx.query;
  const manager = q.get('fieldManager') ?? '';
  if (!manager) throw invalidPatchOptions('fieldManager', 'FieldValueRequired', 'is required for apply patch', 'Required value');
  const force = checkForceParam(q, true);
  const fm = store.deps.fieldManager;
  if (!fm) throw newUnsupportedMediaType('server-side apply is not enabled on this server');
  const { value: parsed, duplicates } = await parseYamlAllowingDuplicates(await readBody(ctx.req));
  if (!isPlainObject(parsed)) throw newBadRequest('error decoding YAML: the apply configuration must be an object');
  if (parsed.apiVersion !== store.apiVersion) {
    throw newBadRequest(`Incorrect version specified in apply patch. Specified patch version: ${printedValue(parsed.apiVersion ?? '')}, expected: ${store.apiVersion}`);
  }
  if (parsed.kind !== store.info.kind) {
    throw newBadRequest(`the kind in the data (${printedValue(parsed.kind ?? '')}) does not match the expected kind (${store.info.kind})`);
  }
  const name = ctx.info.name;
  const meta = isPlainObject(parsed.metadata) ? parsed.metadata : {};
  if (meta.managedFields !== undefined && meta.managedFields !== null) throw newBadRequest('metadata.managedFields must be nil');
  if (meta.name !== undefined && meta.name !== name) {
    throw newBadRequest(`the name of the object (${printedValue(meta.name)}) does not match the name on the URL (${name})`);
  }
  checkTyped(fm.root(store), parsed, ns, name, store);
  const config: KObj = ctx.decoder.decode(store, parsed, fieldValidationOf(q), ctx.warnings, { applyConfiguration: true });
  const opts = {
    ...writeOptionsOf(q, undefined, 'PatchOptions'),
    fieldManager: manager,
    managedFieldsSet: true,
    requester: ctx.user,
    admission: admissionOf(ctx),
    ...(subresource ? { subresource } : { forceAllowCreate: true }),
  };
  // Repeated keys are looked for after the merge, as upstream does (a conflict is reported first).
  const mode = fieldValidationOf(q);
  const checked = (obj: KObj): KObj => {
    reportDuplicateKeys(duplicates, mode, ctx.warnings);
    return obj;
  };
  const result = await store.update(ns, name, (current) => checked(fm.apply(store, current, config, manager, force, subresource)), {
    ...opts,
    createFn: () => checked(fm.apply(store, undefined, structuredClone(config), manager, force)),
  });
  reply(ctx, result.created ? 201 : 200, result.object);
}

/**
 * Server-side apply of a Scale (PATCH /scale with application/apply-patch+yaml): checks the
 * options and the configuration, and returns what merges it into a parent's Scale view.
 */
export async function scaleApplier(ctx: RequestContext, store: ResourceStore): Promise<{ manager: string; apply: (parent: KObj, scale: KObj) => KObj }> {
  const q = ctx.query;
  const manager = q.get('fieldManager') ?? '';
  if (!manager) throw invalidPatchOptions('fieldManager', 'FieldValueRequired', 'is required for apply patch', 'Required value');
  const force = checkForceParam(q, true);
  const fm = store.deps.fieldManager;
  if (!fm) throw newUnsupportedMediaType('server-side apply is not enabled on this server');
  const config = await parseYaml(await readBody(ctx.req));
  if (!isPlainObject(config)) throw newBadRequest('error decoding YAML: the apply configuration must be an object');
  if (config.apiVersion !== 'autoscaling/v1') {
    throw newBadRequest(`Incorrect version specified in apply patch. Specified patch version: ${String(config.apiVersion ?? '')}, expected: autoscaling/v1`);
  }
  if (config.kind !== 'Scale') throw newBadRequest(`the kind in the data (${String(config.kind ?? '')}) does not match the expected kind (Scale)`);
  const meta = isPlainObject(config.metadata) ? config.metadata : {};
  if (meta.name !== undefined && meta.name !== ctx.info.name) {
    throw newBadRequest(`the name of the object (${printedValue(meta.name)}) does not match the name on the URL (${ctx.info.name})`);
  }
  return { manager, apply: (parent, scale) => fm.applyToScale(store, parent, scale, config, manager, force) };
}
