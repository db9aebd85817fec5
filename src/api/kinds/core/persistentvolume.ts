// PersistentVolume: reclaim policy and volume mode defaults, spec validation (capacity, access
// modes, exactly one source, node affinity), the immutable source on update, selectable fields.
import { forbidden, notSupported, required, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { defaultResourceList, resourceEntries, validateBasicResource, validatePositiveQuantityValue } from './resources.js';
import { validateNodeSelector } from './scheduling-validation.js';
import { GoValue, arr, goQuote, immutableField, invalidGo, isObj, isSet, jsonDiff, key, obj, pushMsgs, semanticEqual, sortedKeys, str, type Obj } from './util.js';
import {
  PERSISTENT_VOLUME_SOURCE_KEYS,
  VOLUME_MODES,
  defaultVolumeSourceFields,
  validateAccessModes,
  validatePersistentVolumeSource,
} from './volume-validation.js';

const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];

/** Go's %#v of a core.ResourceList (quantities shown by their text). */
export function goResourceList(list: unknown): string {
  if (!isObj(list)) return 'core.ResourceList(nil)';
  return `core.ResourceList{${sortedKeys(list)
    .map((k) => `${goQuote(k)}:${goQuote(str(list[k]))}`)
    .join(', ')}}`;
}

const INLINE_FORBIDDEN = 'may not be specified in the context of inline volumes';

/**
 * Upstream ValidatePersistentVolumeSpec. `inline` is the spec of a VolumeAttachment's
 * inlineVolumeSpec: no capacity, claim, node affinity or class, and a CSI source.
 */
export function validatePersistentVolumeSpec(specRaw: unknown, pvName: string, path: string, inline = false): FieldError[] {
  const spec = obj(specRaw);
  const errs: FieldError[] = [];
  const capPath = `${path}.capacity`;
  const capacity = spec.capacity;
  const capKeys = Object.keys(obj(capacity));
  if (inline) {
    if (isSet(spec.claimRef)) errs.push(forbidden(`${path}.claimRef`, INLINE_FORBIDDEN));
    if (capKeys.length !== 0) errs.push(forbidden(capPath, INLINE_FORBIDDEN));
    if (!isSet(spec.csi)) errs.push(required(`${path}.csi`, 'has to be specified in the context of inline volumes'));
  }
  if (arr(spec.accessModes).length === 0) errs.push(required(`${path}.accessModes`, ''));
  errs.push(...validateAccessModes(spec.accessModes, `${path}.accessModes`));
  if (!inline) {
    if (capKeys.length === 0) errs.push(required(capPath, ''));
    if (!capKeys.includes('storage') || capKeys.length > 1) {
      errs.push({ ...notSupported(capPath, null, ['storage']), value: new GoValue(goResourceList(capacity)) });
    }
    for (const [r, q] of resourceEntries(capacity)) {
      errs.push(...validateBasicResource(q, key(capPath, r)), ...validatePositiveQuantityValue(q, key(capPath, r)));
    }
  }
  const reclaim = str(spec.persistentVolumeReclaimPolicy);
  if (reclaim && inline) {
    if (reclaim !== 'Retain') errs.push(forbidden(`${path}.persistentVolumeReclaimPolicy`, 'may only be Retain in the context of inline volumes'));
  } else if (reclaim && !RECLAIM_POLICIES.includes(reclaim)) {
    errs.push(notSupported(`${path}.persistentVolumeReclaimPolicy`, spec.persistentVolumeReclaimPolicy, RECLAIM_POLICIES));
  }
  let nodeAffinitySpecified = false;
  if (isSet(spec.nodeAffinity) && inline) {
    errs.push(forbidden(`${path}.nodeAffinity`, INLINE_FORBIDDEN));
  } else if (isSet(spec.nodeAffinity)) {
    nodeAffinitySpecified = true;
    const na = obj(spec.nodeAffinity);
    const np = `${path}.nodeAffinity`;
    if (isSet(na.required)) errs.push(...validateNodeSelector(obj(na.required), false, `${np}.required`));
    else errs.push(required(`${np}.required`, 'must specify required node constraints'));
  }
  errs.push(...validatePersistentVolumeSource(spec, pvName, path));
  if (isSet(spec.local) && !nodeAffinitySpecified && PERSISTENT_VOLUME_SOURCE_KEYS.filter((k) => isSet(spec[k]))[0] === 'local') {
    errs.push(required(`${path}.nodeAffinity`, 'Local volume requires node affinity'));
  }
  const hostPath = str(obj(spec.hostPath).path);
  if (isSet(spec.hostPath) && cleanPath(hostPath) === '/' && spec.persistentVolumeReclaimPolicy === 'Recycle') {
    errs.push(forbidden(`${path}.persistentVolumeReclaimPolicy`, "may not be 'recycle' for a hostPath mount of '/'"));
  }
  const sc = str(spec.storageClassName);
  if (sc && inline) errs.push(forbidden(`${path}.storageClassName`, INLINE_FORBIDDEN));
  else if (sc) pushMsgs(errs, `${path}.storageClassName`, sc, nameIsDNSSubdomain(sc, false));
  if (isSet(spec.volumeMode) && inline) {
    if (spec.volumeMode !== 'Filesystem') errs.push(forbidden(`${path}.volumeMode`, 'may not specify volumeMode other than Filesystem in the context of inline volumes'));
  } else if (isSet(spec.volumeMode) && !VOLUME_MODES.includes(str(spec.volumeMode))) {
    errs.push(notSupported(`${path}.volumeMode`, spec.volumeMode, VOLUME_MODES));
  }
  return errs;
}

/** path.Clean for the "/" check. */
function cleanPath(p: string): string {
  if (!p) return '.';
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
    } else out.push(part);
  }
  const s = (abs ? '/' : '') + out.join('/');
  return s || (abs ? '/' : '.');
}

const sourceOf = (spec: Obj): Obj => Object.fromEntries(PERSISTENT_VOLUME_SOURCE_KEYS.filter((k) => isSet(spec[k])).map((k) => [k, spec[k]]));

/** The update rules of upstream ValidatePersistentVolumeUpdate (validate runs on updates too). */
export function validatePersistentVolumeUpdate(pv: KObj, old: KObj): FieldError[] {
  const spec = obj(pv.spec);
  const oldSpec = obj(old.spec);
  const errs: FieldError[] = [];
  const src = structuredClone(sourceOf(spec));
  const oldSrc = sourceOf(oldSpec);
  // A CSI volume may gain a controllerExpandSecretRef.
  if (isObj(oldSrc.csi) && !isSet(oldSrc.csi.controllerExpandSecretRef) && isObj(src.csi)) delete src.csi.controllerExpandSecretRef;
  if (!semanticEqual(src, oldSrc)) {
    errs.push(forbidden('spec.persistentvolumesource', `spec.persistentvolumesource is immutable after creation\n${jsonDiff(oldSrc, src, 'core.PersistentVolumeSource')}`));
  }
  errs.push(...immutableField('volumeMode', spec.volumeMode, oldSpec.volumeMode));
  if (isSet(oldSpec.nodeAffinity) && !semanticEqual(spec.nodeAffinity, oldSpec.nodeAffinity)) {
    errs.push(invalidGo('nodeAffinity', spec.nodeAffinity, '&core.VolumeNodeAffinity{...}', 'field is immutable, except for updating from beta label to GA'));
  }
  return errs;
}

/** SetDefaults_PersistentVolume and the source defaults. */
export function defaultPersistentVolume(pv: KObj): void {
  const spec = isObj(pv.spec) ? pv.spec : (pv.spec = {});
  spec.persistentVolumeReclaimPolicy ||= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  defaultResourceList(spec.capacity);
  defaultVolumeSourceFields(spec);
  if (isObj(pv.status)) pv.status.phase ||= 'Pending';
}

export const persistentVolumeStrategy: StrategyOverrides = {
  prepareForCreate(pv: KObj) {
    pv.status = { phase: 'Pending' };
  },
  defaults: defaultPersistentVolume,
  validate: (pv: KObj) => validatePersistentVolumeSpec(pv.spec, str(obj(pv.metadata).name), 'spec'),
  validateUpdate: validatePersistentVolumeUpdate,
  selectableFields: (pv: KObj) => ({ name: str(obj(pv.metadata).name) }),
};

