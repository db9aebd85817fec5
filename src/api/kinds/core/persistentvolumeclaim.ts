// PersistentVolumeClaim: volume mode default and Pending phase, spec validation, the update rules
// (spec immutable except storage requests of bound claims, no shrinking below status.capacity),
// status updates and selectable fields.
import { forbidden, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { isQualifiedName } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { compareQuantity, ZERO_QUANTITY } from './quantity.js';
import {
  defaultResourceList,
  getQuantity,
  isNativeResource,
  resourceEntries,
  validateBasicResource,
  validateResourceQuantityValue,
} from './resources.js';
import { GoValue, immutableField, isObj, isSet, jsonDiff, key, obj, semanticEqual, str, type Obj } from './util.js';
import { defaultClaimSpec, validatePersistentVolumeClaimSpec } from './volume-validation.js';

const STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
const RESIZE_STATUSES = [
  'ControllerResizeInProgress',
  'ControllerResizeInfeasible',
  'NodeResizeInProgress',
  'NodeResizeInfeasible',
  'NodeResizePending',
];

/** Upstream ValidatePersistentVolumeClaim (ObjectMeta is validated by the registry). */
export function validatePersistentVolumeClaim(pvc: KObj): FieldError[] {
  return validatePersistentVolumeClaimSpec(obj(pvc.spec), 'spec');
}

/** The update rules of upstream ValidatePersistentVolumeClaimUpdate (validate runs on updates too). */
export function validatePersistentVolumeClaimUpdate(pvc: KObj, old: KObj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = obj(pvc.spec);
  const oldSpec = obj(old.spec);
  const next: Obj = structuredClone(spec);
  const prev: Obj = structuredClone(oldSpec);
  // volumeName may be set once (binding).
  if (!str(oldSpec.volumeName)) prev.volumeName = next.volumeName;
  const oldAnn = obj(obj(old.metadata).annotations);
  const newAnn = obj(obj(pvc.metadata).annotations);
  const upgradeFromAnnotation =
    STORAGE_CLASS_ANNOTATION in oldAnn &&
    !isSet(oldSpec.storageClassName) &&
    isSet(spec.storageClassName) &&
    str(spec.storageClassName) === str(oldAnn[STORAGE_CLASS_ANNOTATION]) &&
    (!(STORAGE_CLASS_ANNOTATION in newAnn) || newAnn[STORAGE_CLASS_ANNOTATION] === oldAnn[STORAGE_CLASS_ANNOTATION]);
  if (upgradeFromAnnotation) {
    delete next.storageClassName;
  } else {
    if (str(newAnn[STORAGE_CLASS_ANNOTATION]) !== str(oldAnn[STORAGE_CLASS_ANNOTATION])) {
      errs.push(invalid(`metadata.annotations.${STORAGE_CLASS_ANNOTATION}`, str(newAnn[STORAGE_CLASS_ANNOTATION]), 'field is immutable'));
    }
    const fromNil = isSet(spec.storageClassName) && !isSet(oldSpec.storageClassName) && (!(STORAGE_CLASS_ANNOTATION in oldAnn) || str(spec.storageClassName) === str(oldAnn[STORAGE_CLASS_ANNOTATION]));
    if (fromNil) next.storageClassName = oldSpec.storageClassName;
  }
  const bound = obj(pvc.status).phase === 'Bound';
  if (bound && isObj(obj(next.resources).requests)) {
    next.resources.requests.storage = obj(obj(oldSpec.resources).requests).storage;
  }
  if (bound && isSet(next.volumeAttributesClassName)) next.volumeAttributesClassName = prev.volumeAttributesClassName;
  if (!semanticEqual(next, prev)) {
    errs.push(forbidden('spec', `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${jsonDiff(prev, next, 'core.PersistentVolumeClaimSpec')}`));
  }
  const newSize = getQuantity(obj(spec.resources).requests, 'storage') ?? ZERO_QUANTITY;
  const oldSize = getQuantity(obj(oldSpec.resources).requests, 'storage') ?? ZERO_QUANTITY;
  const statusSize = getQuantity(obj(old.status).capacity, 'storage') ?? ZERO_QUANTITY;
  // RecoverVolumeExpansionFailure (on in 1.33): shrinking is allowed down to just above status.capacity.
  if (compareQuantity(newSize, oldSize) < 0 && compareQuantity(newSize, statusSize) <= 0) {
    errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  errs.push(...immutableField('volumeMode', spec.volumeMode, oldSpec.volumeMode));
  if (isSet(oldSpec.volumeAttributesClassName) && !semanticEqual(spec.volumeAttributesClassName, oldSpec.volumeAttributesClassName)) {
    if (!isSet(spec.volumeAttributesClassName)) errs.push(forbidden('spec.volumeAttributesClassName', 'update from non-nil value to nil is forbidden'));
    else if (!str(spec.volumeAttributesClassName)) errs.push(forbidden('spec.volumeAttributesClassName', 'update from non-nil value to an empty string is forbidden'));
  }
  return errs;
}

function validateClaimResourceKey(k: string, path: string): FieldError[] {
  const errs = isQualifiedName(k).map((m) => invalid(path, k, m));
  if (errs.length) return errs;
  if (isNativeResource(k) && k !== 'storage') return [notSupported(path, k, ['storage'])];
  return [];
}

/** Upstream ValidatePersistentVolumeClaimStatusUpdate. */
export function validatePersistentVolumeClaimStatusUpdate(pvc: KObj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = obj(pvc.spec);
  const status = obj(pvc.status);
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) errs.push(required('Spec.accessModes', ''));
  for (const [r, q] of resourceEntries(status.capacity)) errs.push(...validateBasicResource(q, key('status.capacity', r)));
  const rsPath = 'status.allocatedResourceStatus';
  for (const [k, v] of Object.entries(obj(status.allocatedResourceStatuses))) {
    errs.push(...validateClaimResourceKey(k, rsPath));
    if (!RESIZE_STATUSES.includes(str(v))) errs.push({ ...notSupported(rsPath, null, RESIZE_STATUSES), value: new GoValue(k) });
  }
  const allocPath = 'status.allocatedResources';
  for (const [k, q] of resourceEntries(status.allocatedResources)) {
    const ke = validateClaimResourceKey(k, allocPath);
    if (ke.length) {
      errs.push(...ke);
      continue;
    }
    const be = validateBasicResource(q, key(allocPath, k));
    errs.push(...(be.length ? be : validateResourceQuantityValue('storage', q, key(allocPath, k))));
  }
  return errs;
}

/** SetDefaults_PersistentVolumeClaim(Spec). */
export function defaultPersistentVolumeClaim(pvc: KObj): void {
  const spec = isObj(pvc.spec) ? pvc.spec : (pvc.spec = {});
  defaultClaimSpec(spec);
  if (isObj(pvc.status)) {
    pvc.status.phase ||= 'Pending';
    defaultResourceList(pvc.status.capacity);
    defaultResourceList(pvc.status.allocatedResources);
  }
}

export const persistentVolumeClaimStrategy: StrategyOverrides = {
  prepareForCreate(pvc: KObj) {
    pvc.status = { phase: 'Pending' };
  },
  defaults: defaultPersistentVolumeClaim,
  validate: validatePersistentVolumeClaim,
  validateUpdate: validatePersistentVolumeClaimUpdate,
  validateStatusUpdate(pvc: KObj) {
    defaultPersistentVolumeClaim(pvc);
    return validatePersistentVolumeClaimStatusUpdate(pvc);
  },
  selectableFields: (pvc: KObj) => ({ name: str(obj(pvc.metadata).name) }),
};
