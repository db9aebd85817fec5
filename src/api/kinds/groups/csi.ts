// storage.k8s.io/v1 CSIDriver, CSINode and CSIStorageCapacity — upstream's defaults and validation
// (pkg/apis/storage/v1/defaults.go, pkg/apis/storage/validation, pkg/registry/storage/*), with the
// Kubernetes 1.33 feature gates: SELinuxMountReadWriteOncePod on, MutableCSINodeAllocatableCount off.
// Stored only: k8ts has no CSI drivers or attach/detach controller that would act on them.
import { duplicate, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import { validateLabelSelector, type LabelSelector } from '../../meta/labels.js';
import type { KObj } from '../../resource-info.js';
import { goQuote, isDNS1123Subdomain, isQualifiedName } from '../../validation/names.js';
import { canonicalizeQuantityField, validateNonnegativeQuantity } from '../core/resources.js';
import { parseQuantity } from '../core/quantity.js';
import { validateCSIDriverName } from '../core/volume-validation.js';
import type { StrategyOverrides } from '../index.js';
import { goLabelSelectorPtr, goPtr, goStringSliceOf } from './go-format.js';
import { arr, child, has, immutable, immutableGo, invalidGo, isNum, isObj, isUpdate, obj, semanticEqual, str, type Obj } from './util.js';

const IMMUTABLE = 'field is immutable';

// ---------------------------------------------------------------------------------------------
// CSIDriver

const FS_GROUP_POLICIES = ['File', 'None', 'ReadWriteOnceWithFSType'];
const LIFECYCLE_MODES = ['Persistent', 'Ephemeral'];
const MIN_TOKEN_SECONDS = 10 * 60;
const MAX_TOKEN_SECONDS = 2 ** 32;
const MIN_ALLOCATABLE_UPDATE_SECONDS = 10;

/** SetDefaults_CSIDriver (seLinuxMount because SELinuxMountReadWriteOncePod is on in 1.33). */
export function defaultCSIDriver(o: KObj): void {
  const spec = child(o, 'spec');
  spec.attachRequired ??= true;
  spec.podInfoOnMount ??= false;
  spec.storageCapacity ??= false;
  spec.fsGroupPolicy ??= 'ReadWriteOnceWithFSType';
  if (arr(spec.volumeLifecycleModes).length === 0) spec.volumeLifecycleModes = ['Persistent'];
  spec.requiresRepublish ??= false;
  spec.seLinuxMount ??= false;
  // A token request's audience is written even when empty (the field is not omitempty).
  for (const t of arr(spec.tokenRequests)) if (isObj(t)) t.audience ??= '';
}

function validateTokenRequests(requests: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const audiences = new Set<string>();
  arr(requests).forEach((r, i) => {
    const p = `${path}[${i}]`;
    const req = obj(r);
    const audience = str(req.audience);
    if (audiences.has(audience)) {
      errs.push(duplicate(`${p}.audience`, audience));
      return;
    }
    audiences.add(audience);
    if (!isNum(req.expirationSeconds)) return;
    if (req.expirationSeconds < MIN_TOKEN_SECONDS) errs.push(invalid(`${p}.expirationSeconds`, req.expirationSeconds, 'may not specify a duration less than 10 minutes'));
    if (req.expirationSeconds > MAX_TOKEN_SECONDS) errs.push(invalid(`${p}.expirationSeconds`, req.expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  });
  return errs;
}

/** validateCSIDriverSpec; upstream names the attachRequired field "attachedRequired" in errors. */
export function validateCSIDriverSpec(specRaw: unknown): FieldError[] {
  const spec = obj(specRaw);
  const errs: FieldError[] = [];
  if (!has(spec.attachRequired)) errs.push(required('spec.attachedRequired', ''));
  if (!has(spec.podInfoOnMount)) errs.push(required('spec.podInfoOnMount', ''));
  if (!has(spec.storageCapacity)) errs.push(required('spec.storageCapacity', ''));
  if (has(spec.fsGroupPolicy) && !FS_GROUP_POLICIES.includes(str(spec.fsGroupPolicy))) errs.push(notSupported('spec.fsGroupPolicy', spec.fsGroupPolicy, FS_GROUP_POLICIES));
  errs.push(...validateTokenRequests(spec.tokenRequests, 'spec.tokenRequests'));
  for (const mode of arr(spec.volumeLifecycleModes)) {
    if (!LIFECYCLE_MODES.includes(str(mode))) errs.push(notSupported('spec.volumeLifecycleModes', mode, LIFECYCLE_MODES));
  }
  if (!has(spec.seLinuxMount)) errs.push(required('spec.seLinuxMount', ''));
  const period = spec.nodeAllocatableUpdatePeriodSeconds;
  if (isNum(period) && period < MIN_ALLOCATABLE_UPDATE_SECONDS) {
    errs.push(invalid('spec.nodeAllocatableUpdatePeriodSeconds', period, 'must be greater than or equal to 10 seconds'));
  }
  return errs;
}

/** attachRequired and volumeLifecycleModes cannot change; the rest of the spec can. */
export function validateCSIDriverUpdate(o: KObj, old: KObj): FieldError[] {
  const spec = obj(o.spec);
  const oldSpec = obj(old.spec);
  return [
    ...immutable(spec.attachRequired, oldSpec.attachRequired, 'spec.attachedRequired'),
    ...immutableGo(spec.volumeLifecycleModes, oldSpec.volumeLifecycleModes, 'spec.volumeLifecycleModes', goStringSliceOf('storage.VolumeLifecycleMode', spec.volumeLifecycleModes)),
  ];
}

export const csiDriverStrategy: StrategyOverrides = {
  defaults: defaultCSIDriver,
  // nodeAllocatableUpdatePeriodSeconds needs MutableCSINodeAllocatableCount (off in 1.33).
  prepareForCreate(o) {
    if (isObj(o.spec)) delete o.spec.nodeAllocatableUpdatePeriodSeconds;
  },
  prepareForUpdate(o, old) {
    if (isObj(o.spec) && !has(obj(old.spec).nodeAllocatableUpdatePeriodSeconds)) delete o.spec.nodeAllocatableUpdatePeriodSeconds;
    // Any change of the (defaulted) spec bumps the generation, which creation leaves unset.
    defaultCSIDriver(o);
    const oldGen = obj(old.metadata).generation;
    if (!isObj(o.metadata)) return;
    if (!semanticEqual(o.spec, old.spec)) o.metadata.generation = (isNum(oldGen) ? oldGen : 0) + 1;
    else if (isNum(oldGen)) o.metadata.generation = oldGen;
  },
  validate: (o) => validateCSIDriverSpec(o.spec),
  validateUpdate: validateCSIDriverUpdate,
};

// ---------------------------------------------------------------------------------------------
// CSINode

/** Node IDs may be 256 bytes long (the registry allows the long form). */
const NODE_ID_MAX_LENGTH = 256;

function validateCSINodeDriver(driver: Obj, names: Set<string>, path: string): FieldError[] {
  const name = str(driver.name);
  const errs = validateCSIDriverName(name, `${path}.name`);
  const nodeID = str(driver.nodeID);
  if (nodeID.length === 0) errs.push(required(`${path}.nodeID`, ''));
  if (nodeID.length > NODE_ID_MAX_LENGTH) errs.push(invalid(`${path}.nodeID`, nodeID, `must be ${NODE_ID_MAX_LENGTH} characters or less`));
  const count = obj(driver.allocatable).count;
  if (isNum(count) && count < 0) errs.push(invalid(`${path}.allocatable.count`, count, 'must be greater than or equal to 0'));
  if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
  names.add(name);
  const keys = new Set<string>();
  const topologyKeys = arr(driver.topologyKeys).map(String);
  for (const k of topologyKeys) {
    if (k.length === 0) errs.push(required(path, ''));
    if (keys.has(k)) errs.push(duplicate(path, k));
    keys.add(k);
    for (const m of isQualifiedName(k)) errs.push(invalid(path, k, m));
  }
  return errs;
}

export function validateCSINode(o: KObj): FieldError[] {
  const names = new Set<string>();
  return arr(obj(o.spec).drivers).flatMap((d, i) => validateCSINodeDriver(obj(d), names, `spec.drivers[${i}]`));
}

/** %#v of an internal storage.CSINodeDriver. */
const goCSINodeDriver = (d: Obj): string =>
  `storage.CSINodeDriver{Name:${goQuote(str(d.name))}, NodeID:${goQuote(str(d.nodeID))}, TopologyKeys:${goStringSliceOf('string', d.topologyKeys)}, Allocatable:${goPtr('storage.VolumeNodeResources', d.allocatable)}}`;

/** A driver already registered cannot change (its allocatable count neither, in 1.33). */
export function validateCSINodeUpdate(o: KObj, old: KObj): FieldError[] {
  const errs = validateCSINode(o);
  for (const od of arr(obj(old.spec).drivers)) {
    for (const nd of arr(obj(o.spec).drivers)) {
      if (str(obj(od).name) !== str(obj(nd).name)) continue;
      errs.push(...immutableGo(nd, od, 'spec.drivers', goCSINodeDriver(obj(nd))));
    }
  }
  return errs;
}

export const csiNodeStrategy: StrategyOverrides = {
  validate: validateCSINode,
  // Upstream validates the object a second time inside the update check.
  validateUpdate: validateCSINodeUpdate,
};

// ---------------------------------------------------------------------------------------------
// CSIStorageCapacity

export function defaultCSIStorageCapacity(o: KObj): void {
  canonicalizeQuantityField(o, 'capacity');
  canonicalizeQuantityField(o, 'maximumVolumeSize');
}

function validateCSIStorageCapacity(o: KObj, allowInvalidLabelValueInSelector: boolean): FieldError[] {
  const errs = validateLabelSelector(o.nodeTopology as LabelSelector | undefined, 'nodeTopology', { allowInvalidLabelValueInSelector });
  const className = str(o.storageClassName);
  for (const m of isDNS1123Subdomain(className)) errs.push(invalid('storageClassName', className, m));
  const capacity = parseQuantity(o.capacity);
  if (capacity) errs.push(...validateNonnegativeQuantity(capacity, 'capacity'));
  return errs;
}

export function validateCSIStorageCapacityUpdate(o: KObj, old: KObj): FieldError[] {
  const errs: FieldError[] = [];
  if (!semanticEqual(o.nodeTopology, old.nodeTopology)) errs.push(invalidGo('nodeTopology', o.nodeTopology, goLabelSelectorPtr(o.nodeTopology), IMMUTABLE));
  if (str(o.storageClassName) !== str(old.storageClassName)) errs.push(invalid('storageClassName', str(o.storageClassName), IMMUTABLE));
  return errs;
}

const hasInvalidSelector = (o: KObj): boolean => validateLabelSelector(o.nodeTopology as LabelSelector | undefined, 'nodeTopology').length > 0;

export const csiStorageCapacityStrategy: StrategyOverrides = {
  specKeys: ['nodeTopology', 'storageClassName', 'capacity', 'maximumVolumeSize'],
  defaults: defaultCSIStorageCapacity,
  // On update, label values a stored selector already had stay allowed; the update path checks.
  validate: (o) => (isUpdate(o) ? [] : validateCSIStorageCapacity(o, false)),
  validateUpdate: (o, old) => [...validateCSIStorageCapacity(o, hasInvalidSelector(old)), ...validateCSIStorageCapacityUpdate(o, old)],
};
