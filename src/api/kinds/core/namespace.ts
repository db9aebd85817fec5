// Namespace: DNS-label names, the "kubernetes" finalizer, the Terminating phase, finalizer names
// and the phase rules of status updates.
import { invalid, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { isDNS1123Label, isQualifiedName } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { arr, obj, str, type Obj } from './util.js';

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** A spec.finalizers entry: a qualified name, and a standard one unless it has a domain. */
export function validateFinalizerName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
    errs.push(invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

/** Upstream ValidateNamespace (upstream reports every finalizer on the list path itself). */
export function validateNamespace(ns: KObj): FieldError[] {
  return arr(obj(ns.spec).finalizers).flatMap((f) => validateFinalizerName(str(f), 'spec.finalizers'));
}

/** Upstream ValidateNamespaceStatusUpdate: Active until deletion starts, then Terminating. */
export function validateNamespaceStatusUpdate(ns: KObj): FieldError[] {
  const phase = str(obj(ns.status).phase);
  if (!obj(ns.metadata).deletionTimestamp) {
    if (phase !== 'Active') return [invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty")];
  } else if (phase !== 'Terminating') {
    return [invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")];
  }
  return [];
}

export const namespaceStrategy: StrategyOverrides = {
  nameValidator: (name) => isDNS1123Label(name),
  prepareForCreate(ns: KObj) {
    ns.status = { phase: 'Active' };
    const spec = (ns.spec && typeof ns.spec === 'object' ? ns.spec : (ns.spec = {})) as Obj;
    const f: string[] = Array.isArray(spec.finalizers) ? spec.finalizers : [];
    if (!f.includes('kubernetes')) spec.finalizers = [...f, 'kubernetes'];
  },
  defaults(ns: KObj) {
    const meta = (ns.metadata ??= {}) as Obj;
    const labels = (meta.labels && typeof meta.labels === 'object' ? meta.labels : (meta.labels = {})) as Obj;
    if (typeof meta.name === 'string') labels['kubernetes.io/metadata.name'] = meta.name;
    if (ns.status && typeof ns.status === 'object' && !(ns.status as Obj).phase) (ns.status as Obj).phase = 'Active';
  },
  prepareForUpdate(ns: KObj, old: KObj) {
    // spec.finalizers change only through the finalize subresource.
    ns.spec = structuredClone(old.spec ?? {});
  },
  validate: validateNamespace,
  validateStatusUpdate: (ns: KObj) => validateNamespaceStatusUpdate(ns),
  beginDelete(ns: KObj) {
    ns.status = { ...((ns.status as Obj) ?? {}), phase: 'Terminating' };
    const f = (ns.spec as Obj | undefined)?.finalizers;
    return Array.isArray(f) && f.length > 0;
  },
  canRemove(ns: KObj) {
    const f = (ns.spec as Obj | undefined)?.finalizers;
    const mf = (ns.metadata as Obj | undefined)?.finalizers;
    return !(Array.isArray(f) && f.length) && !(Array.isArray(mf) && mf.length);
  },
  selectableFields(ns: KObj) {
    const name = str(obj(ns.metadata).name);
    // "name" is a historical alias upstream keeps for compatibility.
    return { 'status.phase': str(obj(ns.status).phase), name };
  },
};
