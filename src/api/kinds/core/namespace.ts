// Namespace: DNS-label names, the "kubernetes" finalizer and the Terminating phase.
import type { KObj } from '../../resource-info.js';
import { isDNS1123Label } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';

type Obj = Record<string, any>;

export const namespaceStrategy: StrategyOverrides = {
  nameValidator: (name) => isDNS1123Label(name),
  prepareForCreate(obj: KObj) {
    obj.status = { phase: 'Active' };
    const spec = (obj.spec && typeof obj.spec === 'object' ? obj.spec : (obj.spec = {})) as Obj;
    const f: string[] = Array.isArray(spec.finalizers) ? spec.finalizers : [];
    if (!f.includes('kubernetes')) spec.finalizers = [...f, 'kubernetes'];
  },
  defaults(obj: KObj) {
    const meta = (obj.metadata ??= {}) as Obj;
    const labels = (meta.labels && typeof meta.labels === 'object' ? meta.labels : (meta.labels = {})) as Obj;
    if (typeof meta.name === 'string') labels['kubernetes.io/metadata.name'] = meta.name;
  },
  prepareForUpdate(obj: KObj, old: KObj) {
    // spec.finalizers change only through the finalize subresource.
    obj.spec = structuredClone(old.spec ?? {});
  },
  beginDelete(obj: KObj) {
    obj.status = { ...((obj.status as Obj) ?? {}), phase: 'Terminating' };
    const f = (obj.spec as Obj | undefined)?.finalizers;
    return Array.isArray(f) && f.length > 0;
  },
  canRemove(obj: KObj) {
    const f = (obj.spec as Obj | undefined)?.finalizers;
    const mf = (obj.metadata as Obj | undefined)?.finalizers;
    return !(Array.isArray(f) && f.length) && !(Array.isArray(mf) && mf.length);
  },
  selectableFields(obj: KObj) {
    return { 'status.phase': String((obj.status as Obj | undefined)?.phase ?? '') };
  },
};
