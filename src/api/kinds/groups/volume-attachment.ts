// storage.k8s.io/v1 VolumeAttachment — upstream's validation (pkg/apis/storage/validation) and
// strategy (pkg/registry/storage/volumeattachment): the spec is fixed at creation, the status is
// written through the status subresource. Stored only: no attacher in k8ts acts on them.
import { forbidden, invalid, required, tooLong, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { goQuote, inclusiveRangeError, isDNS1123Subdomain, utf8Length } from '../../validation/names.js';
import { validatePersistentVolumeSpec } from '../core/persistentvolume.js';
import { validateCSIDriverName } from '../core/volume-validation.js';
import type { StrategyOverrides } from '../index.js';
import { goPtr } from './go-format.js';
import { child, has, invalidGo, isNum, isObj, isUpdate, obj, semanticEqual, str, type Obj } from './util.js';

const MAX_METADATA_SIZE = 256 * 1024;
const MAX_ERROR_MESSAGE_SIZE = 1024;
const MAX_INT32 = 2 ** 31 - 1;
const EXACTLY_ONE = 'must specify exactly one of inlineVolumeSpec and persistentVolumeName';

function validateSource(source: Obj): FieldError[] {
  const path = 'spec.source';
  const inline = has(source.inlineVolumeSpec);
  const named = has(source.persistentVolumeName);
  if (!inline && !named) return [required(path, EXACTLY_ONE)];
  if (inline && named) return [forbidden(path, EXACTLY_ONE)];
  if (named) return str(source.persistentVolumeName) === '' ? [required(`${path}.persistentVolumeName`, 'must specify non empty persistentVolumeName')] : [];
  return validatePersistentVolumeSpec(source.inlineVolumeSpec, '', `${path}.inlineVolumeSpec`, true);
}

function validateVolumeError(e: unknown, path: string): FieldError[] {
  if (!has(e)) return [];
  const err = obj(e);
  const errs: FieldError[] = [];
  // Upstream reports the metadata limit here, not the message limit it checks.
  if (utf8Length(str(err.message)) > MAX_ERROR_MESSAGE_SIZE) errs.push(tooLong(`${path}.message`, '', MAX_METADATA_SIZE));
  if (isNum(err.errorCode) && err.errorCode < 0) errs.push(invalid(`${path}.errorCode`, err.errorCode, inclusiveRangeError(0, MAX_INT32)));
  return errs;
}

function validateStatus(statusRaw: unknown): FieldError[] {
  const status = obj(statusRaw);
  const errs: FieldError[] = [];
  const metadata = obj(status.attachmentMetadata);
  let size = 0;
  for (const [k, v] of Object.entries(metadata)) size += utf8Length(k) + utf8Length(str(v));
  if (size > MAX_METADATA_SIZE) errs.push(tooLong('status.attachmentMetadata', '', MAX_METADATA_SIZE));
  errs.push(...validateVolumeError(status.attachError, 'status.attachError'));
  errs.push(...validateVolumeError(status.detachError, 'status.detachError'));
  return errs;
}

/** ValidateVolumeAttachment: what every write is checked against. */
export function validateVolumeAttachment(o: KObj): FieldError[] {
  const spec = obj(o.spec);
  const errs: FieldError[] = [];
  if (str(spec.attacher) === '') errs.push(required('spec.attacher', ''));
  errs.push(...validateSource(obj(spec.source)));
  const nodeName = str(spec.nodeName);
  for (const m of isDNS1123Subdomain(nodeName)) errs.push(invalid('spec.nodeName', nodeName, m));
  errs.push(...validateStatus(o.status));
  return errs;
}

/** The stricter checks of new storage.k8s.io/v1 objects: a CSI driver name, a PV name. */
function validateVolumeAttachmentV1(o: KObj): FieldError[] {
  const spec = obj(o.spec);
  const errs = validateCSIDriverName(str(spec.attacher), 'spec.attacher');
  const source = obj(spec.source);
  if (has(source.persistentVolumeName)) {
    const pv = str(source.persistentVolumeName);
    for (const m of isDNS1123Subdomain(pv)) errs.push(invalid('spec.source.persistentVolumeName', pv, m));
  }
  return errs;
}

/** %#v of the internal VolumeAttachmentSpec, as the immutable-spec error prints it. */
function goSpec(spec: Obj): string {
  const source = obj(spec.source);
  const goSource = `storage.VolumeAttachmentSource{PersistentVolumeName:${goPtr('string', source.persistentVolumeName)}, InlineVolumeSpec:${goPtr('core.PersistentVolumeSpec', source.inlineVolumeSpec)}}`;
  return `storage.VolumeAttachmentSpec{Attacher:${goQuote(str(spec.attacher))}, Source:${goSource}, NodeName:${goQuote(str(spec.nodeName))}}`;
}

/** ValidateVolumeAttachmentUpdate: validates the object again, and the spec may not change. */
function validateVolumeAttachmentUpdate(o: KObj, old: KObj): FieldError[] {
  const errs = validateVolumeAttachment(o);
  if (!semanticEqual(o.spec, old.spec)) errs.push(invalidGo('spec', o.spec, goSpec(obj(o.spec)), 'field is immutable'));
  return errs;
}

/** Without MutableCSINodeAllocatableCount (off in 1.33), a status may not add an errorCode. */
function dropNewErrorCodes(o: KObj, old: KObj): void {
  const status = obj(o.status);
  const oldStatus = obj(old.status);
  for (const key of ['attachError', 'detachError']) {
    if (isObj(status[key]) && !has(obj(oldStatus[key]).errorCode)) delete status[key].errorCode;
  }
}

/** The status is a struct whose attached flag Go always writes (false until an attacher says so). */
export function defaultVolumeAttachment(o: KObj): void {
  child(o, 'status').attached ??= false;
}

export const volumeAttachmentStrategy: StrategyOverrides = {
  defaults: defaultVolumeAttachment,
  // On update, upstream checks the object once here and once more in the update check.
  validate: (o) => (isUpdate(o) ? validateVolumeAttachment(o) : [...validateVolumeAttachment(o), ...validateVolumeAttachmentV1(o)]),
  validateUpdate: validateVolumeAttachmentUpdate,
  prepareForStatusUpdate: dropNewErrorCodes,
  validateStatusUpdate: (o, old) => [...validateVolumeAttachment(o), ...validateVolumeAttachmentUpdate(o, old)],
};
