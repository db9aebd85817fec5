// Volumes: pod volume sources, the persistent-volume sources they share, claim specs (used by
// ephemeral volumes and PersistentVolumeClaims), downward API selectors and volume defaults.
import { forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../../field-errors.js';
import { validateLabelSelector, validateLabels } from '../../meta/labels.js';
import { validateAnnotations } from '../../validation/object-meta.js';
import { inclusiveRangeError, isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain, validateNamespaceName } from '../../validation/names.js';
import { formatQuantity, parseQuantity, quantitySign } from './quantity.js';
import {
  canonicalizeQuantityField,
  defaultResourceList,
  getQuantity,
  validatePositiveQuantityValue,
  validateResourceQuantityValue,
} from './resources.js';
import { arr, goQuote, idx, invalidGo, isObj, isSet, key, obj, pushMsgs, str, sub, type Obj } from './util.js';

// ---------------------------------------------------------------------------------------------
// Paths and modes

const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';
const PARTITION_ERROR = inclusiveRangeError(1, 255);

/** No ".." element. */
export function validatePathNoBacksteps(target: string, path: string): FieldError[] {
  return target.split('/').includes('..') ? [invalid(path, target, "must not contain '..'")] : [];
}

/** Relative, without "..". */
export function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalid(path, target, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(target, path));
  return errs;
}

/** Relative, without "..", and not starting with "..". */
export function validateLocalNonReservedPath(target: string, path: string): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../')) errs.push(invalid(path, target, "must not start with '..'"));
  return errs;
}

function validateFileMode(mode: unknown, path: string): FieldError[] {
  if (typeof mode !== 'number') return [];
  return mode > 0o777 || mode < 0 ? [invalid(path, mode, FILE_MODE_ERROR)] : [];
}

function validateKeyToPath(kp: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const p = str(kp.path);
  if (!str(kp.key)) errs.push(required(sub(path, 'key'), ''));
  if (!p) errs.push(required(sub(path, 'path'), ''));
  errs.push(...validateLocalNonReservedPath(p, sub(path, 'path')));
  errs.push(...validateFileMode(kp.mode, sub(path, 'mode')));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Downward API selectors

const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const VOLUME_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations', 'metadata.uid'];
const CONVERTIBLE_FIELD_PATHS = new Set([
  'metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
  'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs',
  'status.podIP', 'status.podIPs',
]);
const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const RESOURCE_FIELD_PREFIXES = ['limits.hugepages-', 'requests.hugepages-'];

/** "metadata.labels['x']" → ["metadata.labels", "x"]. */
function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

function convertDownwardAPIFieldLabel(version: string, label: string): string | Error {
  if (version !== 'v1') return new Error(`unsupported pod version: ${version}`);
  const sp = splitSubscript(label);
  if (sp) {
    if (sp[0] === 'metadata.annotations' || sp[0] === 'metadata.labels') return label;
    return new Error(`field label does not support subscript: ${label}`);
  }
  if (CONVERTIBLE_FIELD_PATHS.has(label)) return label;
  if (label === 'spec.host') return 'spec.nodeName';
  return new Error(`field label not supported: ${label}`);
}

function validateObjectFieldSelector(fs: Obj, expressions: readonly string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = str(fs.apiVersion);
  const fieldPath = str(fs.fieldPath);
  if (!apiVersion) return [required(sub(path, 'apiVersion'), '')];
  if (!fieldPath) return [required(sub(path, 'fieldPath'), '')];
  const internal = convertDownwardAPIFieldLabel(apiVersion, fieldPath);
  if (internal instanceof Error) return [invalid(sub(path, 'fieldPath'), fieldPath, `error converting fieldPath: ${internal.message}`)];
  const sp = splitSubscript(internal);
  if (sp) {
    if (sp[0] === 'metadata.annotations') pushMsgs(errs, path, sp[1].toLowerCase(), isQualifiedName(sp[1].toLowerCase()));
    else if (sp[0] === 'metadata.labels') pushMsgs(errs, path, sp[1], isQualifiedName(sp[1]));
    else errs.push(invalid(path, sp[0], 'does not support subscript'));
  } else if (!expressions.includes(internal)) {
    errs.push(notSupported(sub(path, 'fieldPath'), internal, [...expressions].sort()));
  }
  return errs;
}

const CPU_DIVISORS = new Set(['1m', '1']);
const BYTE_DIVISORS = new Set(['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei']);
const BYTE_DIVISORS_TEXT = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei';

function validateContainerResourceDivisor(resource: string, divisor: unknown, path: string): FieldError[] {
  const q = parseQuantity(divisor);
  if (!q || quantitySign(q) === 0) return [];
  const d = formatQuantity(q);
  const dp = sub(path, 'divisor');
  const errs: FieldError[] = [];
  switch (resource) {
    case 'limits.cpu':
    case 'requests.cpu':
      if (!CPU_DIVISORS.has(d)) errs.push(invalid(dp, resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
      break;
    case 'limits.memory':
    case 'requests.memory':
      if (!BYTE_DIVISORS.has(d)) errs.push(invalid(dp, resource, `only divisor's values ${BYTE_DIVISORS_TEXT} are supported with the memory resource`));
      break;
    case 'limits.ephemeral-storage':
    case 'requests.ephemeral-storage':
      if (!BYTE_DIVISORS.has(d)) errs.push(invalid(dp, resource, `only divisor's values ${BYTE_DIVISORS_TEXT} are supported with the local ephemeral storage resource`));
      break;
  }
  if (RESOURCE_FIELD_PREFIXES.some((p) => resource.startsWith(p)) && !BYTE_DIVISORS.has(d)) {
    errs.push(invalid(dp, resource, `only divisor's values ${BYTE_DIVISORS_TEXT} are supported with the hugepages resource`));
  }
  return errs;
}

function validateContainerResourceFieldSelector(fs: Obj, path: string, volume: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const resource = str(fs.resource);
  if (volume && !str(fs.containerName)) errs.push(required(sub(path, 'containerName'), ''));
  else if (!resource) errs.push(required(sub(path, 'resource'), ''));
  else if (!RESOURCE_FIELD_PATHS.includes(resource) && !RESOURCE_FIELD_PREFIXES.some((p) => resource.startsWith(p))) {
    errs.push(notSupported(sub(path, 'resource'), resource, RESOURCE_FIELD_PATHS));
  }
  errs.push(...validateContainerResourceDivisor(resource, fs.divisor, path));
  return errs;
}

/** env[].valueFrom: exactly one source, and none when value is set. */
export function validateEnvVarValueFrom(ev: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isSet(ev.valueFrom)) return errs;
  const vf = obj(ev.valueFrom);
  let n = 0;
  if (isSet(vf.fieldRef)) {
    n++;
    errs.push(...validateObjectFieldSelector(obj(vf.fieldRef), ENV_FIELD_PATHS, sub(path, 'fieldRef')));
  }
  if (isSet(vf.resourceFieldRef)) {
    n++;
    errs.push(...validateContainerResourceFieldSelector(obj(vf.resourceFieldRef), sub(path, 'resourceFieldRef'), false));
  }
  if (isSet(vf.configMapKeyRef)) {
    n++;
    errs.push(...validateKeySelector(obj(vf.configMapKeyRef), sub(path, 'configMapKeyRef')));
  }
  if (isSet(vf.secretKeyRef)) {
    n++;
    errs.push(...validateKeySelector(obj(vf.secretKeyRef), sub(path, 'secretKeyRef')));
  }
  if (n === 0) errs.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (str(ev.value)) errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  else if (n > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

function validateKeySelector(s: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(s.name);
  pushMsgs(errs, sub(path, 'name'), name, nameIsDNSSubdomain(name, false));
  const k = str(s.key);
  if (!k) errs.push(required(sub(path, 'key'), ''));
  else pushMsgs(errs, sub(path, 'key'), k, isConfigMapKey(k));
  return errs;
}

function validateDownwardAPIVolumeFile(file: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const p = str(file.path);
  if (!p) errs.push(required(sub(path, 'path'), ''));
  errs.push(...validateLocalNonReservedPath(p, sub(path, 'path')));
  if (isSet(file.fieldRef)) {
    errs.push(...validateObjectFieldSelector(obj(file.fieldRef), VOLUME_FIELD_PATHS, sub(path, 'fieldRef')));
    if (isSet(file.resourceFieldRef)) errs.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (isSet(file.resourceFieldRef)) {
    errs.push(...validateContainerResourceFieldSelector(obj(file.resourceFieldRef), sub(path, 'resourceFieldRef'), true));
  } else {
    errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateFileMode(file.mode, sub(path, 'mode')));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Volume sources

const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

export function validateHostPathVolumeSource(hp: Obj, path: string): FieldError[] {
  const p = str(hp.path);
  if (!p) return [required(sub(path, 'path'), '')];
  const errs = validatePathNoBacksteps(p, sub(path, 'path'));
  if (isSet(hp.type) && !HOST_PATH_TYPES.includes(str(hp.type))) errs.push(notSupported(sub(path, 'type'), hp.type, HOST_PATH_TYPES));
  return errs;
}

const requireStr = (o: Obj, field: string, path: string, detail = ''): FieldError[] => (str(o[field]) ? [] : [required(sub(path, field), detail)]);
const requireList = (o: Obj, field: string, path: string): FieldError[] => (arr(o[field]).length ? [] : [required(sub(path, field), '')]);

function validatePartition(o: Obj, path: string): FieldError[] {
  const p = o.partition;
  return typeof p === 'number' && (p < 0 || p > 255) ? [invalid(sub(path, 'partition'), p, PARTITION_ERROR)] : [];
}

const IQN_RE = /^iqn\.\d{4}-\d{2}\.([A-Za-z0-9\-.]+)(:[^,;*&$|\s]+)$/;
const EUI_RE = /^eui.[A-Za-z0-9]{16}$/;
const NAA_RE = /^naa.[A-Za-z0-9]{32}$/;
const hasIscsiPrefix = (s: string) => s.startsWith('iqn') || s.startsWith('eui') || s.startsWith('naa');
function iscsiFormatBad(s: string): boolean {
  if (s.startsWith('iqn')) return !IQN_RE.test(s);
  if (s.startsWith('eui')) return !EUI_RE.test(s);
  if (s.startsWith('naa')) return !NAA_RE.test(s);
  return false;
}

function validateISCSI(src: Obj, path: string, persistent: boolean, name: string): FieldError[] {
  const errs = requireStr(src, 'targetPortal', path);
  const portal = str(src.targetPortal);
  if (persistent && isSet(src.initiatorName) && (name + ':' + portal).length > 64) {
    errs.push(invalid(sub(path, 'targetportal'), portal, 'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.'));
  }
  const iqn = str(src.iqn);
  if (!iqn) errs.push(required(sub(path, 'iqn'), ''));
  else if (!hasIscsiPrefix(iqn)) errs.push(invalid(sub(path, 'iqn'), iqn, persistent ? 'must be valid format' : 'must be valid format starting with iqn, eui, or naa'));
  else if (iscsiFormatBad(iqn)) errs.push(invalid(sub(path, 'iqn'), iqn, 'must be valid format'));
  const lun = src.lun;
  if (typeof lun === 'number' && (lun < 0 || lun > 255)) errs.push(invalid(sub(path, 'lun'), lun, inclusiveRangeError(0, 255)));
  if ((src.chapAuthDiscovery === true || src.chapAuthSession === true) && !isSet(src.secretRef)) errs.push(required(sub(path, 'secretRef'), ''));
  if (persistent && isSet(src.secretRef) && !str(obj(src.secretRef).name)) errs.push(required(sub(path, 'secretRef.name'), ''));
  if (isSet(src.initiatorName)) {
    const ini = str(src.initiatorName);
    const ip = sub(path, 'initiatorname');
    if (!hasIscsiPrefix(ini)) errs.push(invalid(ip, ini, persistent ? 'must be valid format' : 'must be valid format starting with iqn, eui, or naa'));
    if (iscsiFormatBad(ini)) errs.push(invalid(ip, ini, 'must be valid format'));
  }
  return errs;
}

function validateFC(src: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const wwns = arr(src.targetWWNs);
  const wwids = arr(src.wwids);
  if (wwns.length < 1 && wwids.length < 1) errs.push(required(sub(path, 'targetWWNs'), 'must specify either targetWWNs or wwids, but not both'));
  if (wwns.length && wwids.length) {
    errs.push(invalidGo(sub(path, 'targetWWNs'), wwns, `[]string{${wwns.map((w) => goQuote(str(w))).join(', ')}}`, 'targetWWNs and wwids can not be specified simultaneously'));
  }
  if (wwns.length) {
    if (!isSet(src.lun)) errs.push(required(sub(path, 'lun'), 'lun is required if targetWWNs is specified'));
    else if (typeof src.lun === 'number' && (src.lun < 0 || src.lun > 255)) errs.push(invalid(sub(path, 'lun'), src.lun, inclusiveRangeError(0, 255)));
  }
  return errs;
}

function validateFlocker(src: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(src.datasetName);
  const uuid = str(src.datasetUUID);
  if (!name && !uuid) errs.push(required(path, 'one of datasetName and datasetUUID is required'));
  if (name && uuid) errs.push(invalid(path, 'resource', 'datasetName and datasetUUID can not be specified simultaneously'));
  if (name.includes('/')) errs.push(invalid(sub(path, 'datasetName'), name, "must not contain '/'"));
  return errs;
}

function validateQuobyte(src: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const registry = str(src.registry);
  if (!registry) errs.push(required(sub(path, 'registry'), 'must be a host:port pair or multiple pairs separated by commas'));
  else if (str(src.tenant).length >= 65) errs.push(required(sub(path, 'tenant'), 'must be a UUID and may not exceed a length of 64 characters'));
  else {
    for (const pair of registry.split(',')) {
      if (!isHostPort(pair)) errs.push(invalid(sub(path, 'registry'), registry, 'must be a host:port pair or multiple pairs separated by commas'));
    }
  }
  errs.push(...requireStr(src, 'volume', path));
  return errs;
}

/** net.SplitHostPort succeeds. */
function isHostPort(s: string): boolean {
  if (s.startsWith('[')) return /^\[[^\]]*\]:[^:]*$/.test(s);
  const c = s.lastIndexOf(':');
  return c >= 0 && !s.slice(0, c).includes(':') && !s.includes('[') && !s.includes(']');
}

function validateFlexOptions(src: Obj, path: string): FieldError[] {
  const errs = requireStr(src, 'driver', path);
  for (const k of Object.keys(obj(src.options))) {
    const slash = k.indexOf('/');
    const ns = slash >= 0 ? k.slice(0, slash) : k;
    const normalized = `.${ns.toLowerCase()}`;
    if (normalized.endsWith('.kubernetes.io') || normalized.endsWith('.k8s.io')) {
      errs.push(invalid(key(sub(path, 'options'), k), k, 'kubernetes.io and k8s.io namespaces are reserved'));
    }
  }
  return errs;
}

function validateAzureDisk(src: Obj, path: string): FieldError[] {
  const errs = [...requireStr(src, 'diskName', path), ...requireStr(src, 'diskURI', path)];
  const caching = ['None', 'ReadOnly', 'ReadWrite'];
  const kinds = ['Dedicated', 'Managed', 'Shared'];
  if (isSet(src.cachingMode) && !caching.includes(str(src.cachingMode))) errs.push(notSupported(sub(path, 'cachingMode'), src.cachingMode, caching));
  if (isSet(src.kind) && !kinds.includes(str(src.kind))) errs.push(notSupported(sub(path, 'kind'), src.kind, kinds));
  const uri = str(src.diskURI);
  if (isSet(src.kind) && src.kind === 'Managed' && !uri.startsWith('/subscriptions/')) {
    errs.push(notSupported(sub(path, 'diskURI'), uri, ['/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}']));
  }
  if (isSet(src.kind) && src.kind !== 'Managed' && !uri.startsWith('https://')) {
    errs.push(notSupported(sub(path, 'diskURI'), uri, ['https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd']));
  }
  return errs;
}

function validateStorageOS(src: Obj, path: string, persistent: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const vn = str(src.volumeName);
  if (!vn) errs.push(required(sub(path, 'volumeName'), ''));
  else pushMsgs(errs, sub(path, 'volumeName'), vn, isDNS1123Label(vn));
  const ns = str(src.volumeNamespace);
  if (ns) pushMsgs(errs, sub(path, 'volumeNamespace'), ns, isDNS1123Label(ns));
  if (isSet(src.secretRef)) {
    if (!str(obj(src.secretRef).name)) errs.push(required(sub(path, 'secretRef.name'), ''));
    if (persistent && !str(obj(src.secretRef).namespace)) errs.push(required(sub(path, 'secretRef.namespace'), ''));
  }
  return errs;
}

/** A CSI driver name: required, at most 63 bytes, a DNS subdomain once lower-cased. */
export function validateCSIDriverName(driver: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!driver) errs.push(required(path, ''));
  if (driver.length > 63) errs.push(tooLong(path, '', 63));
  pushMsgs(errs, path, driver, isDNS1123Subdomain(driver.toLowerCase()));
  return errs;
}

function validatePVSecretReference(ref: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(ref.name);
  const ns = str(ref.namespace);
  if (!name) errs.push(required(sub(path, 'name'), ''));
  else pushMsgs(errs, sub(path, 'name'), name, isDNS1123Subdomain(name));
  if (!ns) errs.push(required(sub(path, 'namespace'), ''));
  else pushMsgs(errs, sub(path, 'namespace'), ns, isDNS1123Label(ns));
  return errs;
}

function validateCSIVolumeSource(src: Obj, path: string): FieldError[] {
  const errs = validateCSIDriverName(str(src.driver), sub(path, 'driver'));
  if (isSet(src.nodePublishSecretRef)) {
    const name = str(obj(src.nodePublishSecretRef).name);
    if (!name) errs.push(required(sub(path, 'nodePublishSecretRef.name'), ''));
    else pushMsgs(errs, sub(path, 'name'), name, nameIsDNSSubdomain(name, false));
  }
  return errs;
}

function validateCSIPersistentVolumeSource(src: Obj, path: string): FieldError[] {
  const errs = validateCSIDriverName(str(src.driver), sub(path, 'driver'));
  errs.push(...requireStr(src, 'volumeHandle', path));
  for (const ref of ['controllerPublishSecretRef', 'controllerExpandSecretRef', 'nodePublishSecretRef', 'nodeExpandSecretRef']) {
    if (isSet(src[ref])) errs.push(...validatePVSecretReference(obj(src[ref]), sub(path, ref)));
  }
  return errs;
}

function validateProjectedSources(projected: Obj, path: string, opts: VolumeValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  const claim = (p: string, dupValue: unknown) => {
    if (paths.has(p)) errs.push(invalid(path, dupValue, 'conflicting duplicate paths'));
    else paths.add(p);
  };
  arr(projected.sources).forEach((s, i) => {
    const source = obj(s);
    const sp = idx(sub(path, 'sources'), i);
    let n = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      if (!isSet(source[kind])) continue;
      n++;
      const o = obj(source[kind]);
      const kp = sub(sp, kind);
      if (!str(o.name)) errs.push(required(sub(kp, 'name'), ''));
      arr(o.items).forEach((item, j) => {
        errs.push(...validateKeyToPath(obj(item), idx(sub(kp, 'items'), j)));
        const p = str(obj(item).path);
        if (p) claim(p, str(o.name));
      });
    }
    if (isSet(source.downwardAPI)) {
      n++;
      for (const f of arr(obj(source.downwardAPI).items)) {
        errs.push(...validateDownwardAPIVolumeFile(obj(f), sub(sp, 'downwardAPI')));
        const p = str(obj(f).path);
        if (p) claim(p, p);
      }
    }
    if (isSet(source.serviceAccountToken)) {
      n++;
      const t = obj(source.serviceAccountToken);
      const exp = typeof t.expirationSeconds === 'number' ? t.expirationSeconds : 0;
      const ep = sub(sub(sp, 'serviceAccountToken'), 'expirationSeconds');
      if (exp < 600) errs.push(invalid(ep, exp, 'may not specify a duration less than 10 minutes'));
      if (exp > 2 ** 32) errs.push(invalid(ep, exp, 'may not specify a duration larger than 2^32 seconds'));
      if (!str(t.path)) errs.push(required(sub(path, 'path'), ''));
      else if (!opts.allowNonLocalProjectedTokenPath) errs.push(...validateLocalNonReservedPath(str(t.path), sub(path, 'path')));
    }
    if (isSet(source.clusterTrustBundle)) {
      n++;
      const c = obj(source.clusterTrustBundle);
      const cp = sub(sp, 'clusterTrustBundle');
      const usingName = isSet(c.name);
      const usingSigner = isSet(c.signerName);
      if (usingName && usingSigner) errs.push(invalid(cp, c, 'only one of name and signerName may be used'));
      else if (usingName) {
        if (!str(c.name)) errs.push(required(sub(cp, 'name'), 'must be a valid object name'));
        if (isSet(c.labelSelector)) errs.push(invalid(sub(cp, 'labelSelector'), c.labelSelector, 'labelSelector must be unset if name is specified'));
      } else if (usingSigner) {
        if (!str(c.signerName)) errs.push(required(sub(cp, 'signerName'), 'must be a valid signer name'));
        errs.push(...validateLabelSelector(c.labelSelector as any, sub(cp, 'labelSelector')));
      } else {
        errs.push(required(cp, 'either name or signerName must be specified'));
      }
      if (!str(c.path)) errs.push(required(sub(cp, 'path'), ''));
      errs.push(...validateLocalNonReservedPath(str(c.path), sub(cp, 'path')));
      claim(str(c.path), str(c.path));
    }
    if (n > 1) errs.push(forbidden(sp, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

export interface VolumeValidationOptions {
  /** The top-level object is a Pod (not a template). */
  readonly resourceIsPod?: boolean;
  readonly allowNonLocalProjectedTokenPath?: boolean;
}

type SourceValidator = (src: Obj, path: string, ctx: { volName: string; podName: string; opts: VolumeValidationOptions }) => FieldError[];

/**
 * Pod volume sources in upstream's order: [field, name used in the "more than 1" error,
 * name used for the source's own errors, validator].
 */
const POD_SOURCES: ReadonlyArray<readonly [string, string, string, SourceValidator]> = [
  ['emptyDir', 'emptyDir', 'emptyDir', (s, p) => {
    const q = parseQuantity(s.sizeLimit);
    return q && quantitySign(q) < 0 ? [forbidden(sub(p, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity')] : [];
  }],
  ['hostPath', 'hostPath', 'hostPath', (s, p) => validateHostPathVolumeSource(s, p)],
  ['gitRepo', 'gitRepo', 'gitRepo', (s, p) => [...requireStr(s, 'repository', p), ...validateLocalDescendingPath(str(s.directory), sub(p, 'directory'))]],
  ['gcePersistentDisk', 'gcePersistentDisk', 'persistentDisk', (s, p) => [...requireStr(s, 'pdName', p), ...validatePartition(s, p)]],
  ['awsElasticBlockStore', 'awsElasticBlockStore', 'awsElasticBlockStore', (s, p) => [...requireStr(s, 'volumeID', p), ...validatePartition(s, p)]],
  ['secret', 'secret', 'secret', (s, p) => [
    ...requireStr(s, 'secretName', p),
    ...validateFileMode(s.defaultMode, sub(p, 'defaultMode')),
    ...arr(s.items).flatMap((it, i) => validateKeyToPath(obj(it), idx(sub(p, 'items'), i))),
  ]],
  ['nfs', 'nfs', 'nfs', (s, p) => [
    ...requireStr(s, 'server', p),
    ...requireStr(s, 'path', p),
    ...(str(s.path).startsWith('/') ? [] : [invalid(sub(p, 'path'), str(s.path), 'must be an absolute path')]),
  ]],
  ['iscsi', 'iscsi', 'iscsi', (s, p, ctx) => {
    const errs = validateISCSI(s, p, false, ctx.volName);
    if (isSet(s.initiatorName) && (ctx.volName + ':' + str(s.targetPortal)).length > 64) {
      errs.push(invalid(sub(p, 'name'), ctx.volName, 'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.'));
    }
    return errs;
  }],
  ['glusterfs', 'glusterfs', 'glusterfs', (s, p) => [...requireStr(s, 'endpoints', p), ...requireStr(s, 'path', p)]],
  ['flocker', 'flocker', 'flocker', (s, p) => validateFlocker(s, p)],
  ['persistentVolumeClaim', 'persistentVolumeClaim', 'persistentVolumeClaim', (s, p) => requireStr(s, 'claimName', p)],
  ['rbd', 'rbd', 'rbd', (s, p) => [...requireList(s, 'monitors', p), ...requireStr(s, 'image', p)]],
  ['cinder', 'cinder', 'cinder', (s, p) => [...requireStr(s, 'volumeID', p), ...(isSet(s.secretRef) && !str(obj(s.secretRef).name) ? [required(sub(p, 'secretRef.name'), '')] : [])]],
  ['cephfs', 'cephFS', 'cephfs', (s, p) => requireList(s, 'monitors', p)],
  ['quobyte', 'quobyte', 'quobyte', (s, p) => validateQuobyte(s, p)],
  ['downwardAPI', 'downwarAPI', 'downwardAPI', (s, p) => [
    ...validateFileMode(s.defaultMode, sub(p, 'defaultMode')),
    ...arr(s.items).flatMap((f) => validateDownwardAPIVolumeFile(obj(f), p)),
  ]],
  ['fc', 'fc', 'fc', (s, p) => validateFC(s, p)],
  ['flexVolume', 'flexVolume', 'flexVolume', (s, p) => validateFlexOptions(s, p)],
  ['configMap', 'configMap', 'configMap', (s, p) => [
    ...requireStr(s, 'name', p),
    ...validateFileMode(s.defaultMode, sub(p, 'defaultMode')),
    ...arr(s.items).flatMap((it, i) => validateKeyToPath(obj(it), idx(sub(p, 'items'), i))),
  ]],
  ['azureFile', 'azureFile', 'azureFile', (s, p) => [...requireStr(s, 'secretName', p), ...requireStr(s, 'shareName', p)]],
  ['vsphereVolume', 'vsphereVolume', 'vsphereVolume', (s, p) => requireStr(s, 'volumePath', p)],
  ['photonPersistentDisk', 'photonPersistentDisk', 'photonPersistentDisk', (s, p) => requireStr(s, 'pdID', p)],
  ['portworxVolume', 'portworxVolume', 'portworxVolume', (s, p) => requireStr(s, 'volumeID', p)],
  ['azureDisk', 'azureDisk', 'azureDisk', (s, p) => validateAzureDisk(s, p)],
  ['storageos', 'storageos', 'storageos', (s, p) => validateStorageOS(s, p, false)],
  ['projected', 'projected', 'projected', (s, p, ctx) => [...validateFileMode(s.defaultMode, sub(p, 'defaultMode')), ...validateProjectedSources(s, p, ctx.opts)]],
  ['scaleIO', 'scaleIO', 'scaleIO', (s, p) => [...requireStr(s, 'gateway', p), ...requireStr(s, 'system', p), ...requireStr(s, 'volumeName', p)]],
  ['csi', 'csi', 'csi', (s, p) => validateCSIVolumeSource(s, p)],
  ['ephemeral', 'ephemeral', 'ephemeral', (s, p, ctx) => {
    const errs: FieldError[] = [];
    if (!isSet(s.volumeClaimTemplate)) errs.push(required(sub(p, 'volumeClaimTemplate'), ''));
    else errs.push(...validatePersistentVolumeClaimTemplate(obj(s.volumeClaimTemplate), sub(p, 'volumeClaimTemplate')));
    if (ctx.podName && ctx.volName) {
      const pvc = `${ctx.podName}-${ctx.volName}`;
      for (const m of nameIsDNSSubdomain(pvc, false)) errs.push(invalid(sub(p, 'name'), ctx.volName, `PVC name ${goQuote(pvc)}: ${m}`));
    }
    return errs;
  }],
  ['image', 'image', 'image', (s, p, ctx) => {
    const errs: FieldError[] = [];
    if (ctx.opts.resourceIsPod && !str(s.reference)) errs.push(required(sub(p, 'reference'), ''));
    errs.push(...validatePullPolicy(s.pullPolicy, sub(p, 'pullPolicy')));
    return errs;
  }],
];

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

export function validatePullPolicy(policy: unknown, path: string): FieldError[] {
  const p = str(policy);
  if (PULL_POLICIES.includes(p)) return [];
  if (!p) return [required(path, '')];
  return [notSupported(path, policy, PULL_POLICIES)];
}

function validateVolumeSource(src: Obj, path: string, volName: string, podName: string, opts: VolumeValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const [field, dupName, ownName, validate] of POD_SOURCES) {
    if (!isSet(src[field])) continue;
    if (n > 0) {
      errs.push(forbidden(sub(path, dupName), 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    errs.push(...validate(obj(src[field]), sub(path, ownName), { volName, podName, opts }));
  }
  if (n === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

export interface ValidatedVolumes {
  /** Valid volumes by name, with their source objects. */
  readonly volumes: ReadonlyMap<string, Obj>;
  readonly errors: FieldError[];
}

/** spec.volumes: names are unique DNS labels, each has exactly one valid source. */
export function validateVolumes(volumes: unknown, podName: string, path: string, opts: VolumeValidationOptions = {}): ValidatedVolumes {
  const errors: FieldError[] = [];
  const names = new Map<string, Obj>();
  const list = arr(volumes);
  const createdPVCs = new Set<string>();
  if (podName) for (const v of list) if (isSet(obj(v).ephemeral)) createdPVCs.add(`${podName}-${str(obj(v).name)}`);
  list.forEach((v, i) => {
    const vol = obj(v);
    const p = idx(path, i);
    const np = sub(p, 'name');
    const name = str(vol.name);
    const el = validateVolumeSource(vol, p, name, podName, opts);
    if (!name) el.push(required(np, ''));
    else pushMsgs(el, np, name, isDNS1123Label(name));
    if (names.has(name)) el.push({ type: 'FieldValueDuplicate', field: np, value: name, showValue: true });
    if (el.length === 0) names.set(name, vol);
    else errors.push(...el);
    const claimName = str(obj(vol.persistentVolumeClaim).claimName);
    if (isSet(vol.persistentVolumeClaim) && createdPVCs.has(claimName)) {
      errors.push(invalid(sub(sub(p, 'persistentVolumeClaim'), 'claimName'), claimName, 'must not reference a PVC that gets created for an ephemeral volume'));
    }
  });
  return { volumes: names, errors };
}

// ---------------------------------------------------------------------------------------------
// Persistent volume sources (PersistentVolumeSpec)

const PV_SOURCES: ReadonlyArray<readonly [string, string, (src: Obj, path: string, pvName: string) => FieldError[]]> = [
  ['hostPath', 'hostPath', (s, p) => validateHostPathVolumeSource(s, p)],
  ['gcePersistentDisk', 'persistentDisk', (s, p) => [...requireStr(s, 'pdName', p), ...validatePartition(s, p)]],
  ['awsElasticBlockStore', 'awsElasticBlockStore', (s, p) => [...requireStr(s, 'volumeID', p), ...validatePartition(s, p)]],
  ['glusterfs', 'glusterfs', (s, p) => {
    const errs = [...requireStr(s, 'endpoints', p), ...requireStr(s, 'path', p)];
    if (isSet(s.endpointsNamespace)) {
      const ns = str(s.endpointsNamespace);
      if (!ns) errs.push(invalid(sub(p, 'endpointsNamespace'), ns, 'if the endpointnamespace is set, it must be a valid namespace name'));
      else pushMsgs(errs, sub(p, 'endpointsNamespace'), ns, validateNamespaceName(ns, false));
    }
    return errs;
  }],
  ['flocker', 'flocker', (s, p) => validateFlocker(s, p)],
  ['nfs', 'nfs', (s, p) => [
    ...requireStr(s, 'server', p),
    ...requireStr(s, 'path', p),
    ...(str(s.path).startsWith('/') ? [] : [invalid(sub(p, 'path'), str(s.path), 'must be an absolute path')]),
  ]],
  ['rbd', 'rbd', (s, p) => [...requireList(s, 'monitors', p), ...requireStr(s, 'image', p)]],
  ['quobyte', 'quobyte', (s, p) => validateQuobyte(s, p)],
  ['cephfs', 'cephfs', (s, p) => requireList(s, 'monitors', p)],
  ['iscsi', 'iscsi', (s, p, name) => validateISCSI(s, p, true, name)],
  ['cinder', 'cinder', (s, p) => {
    const errs = requireStr(s, 'volumeID', p);
    if (isSet(s.secretRef)) {
      if (!str(obj(s.secretRef).name)) errs.push(required(sub(p, 'secretRef.name'), ''));
      if (!str(obj(s.secretRef).namespace)) errs.push(required(sub(p, 'secretRef.namespace'), ''));
    }
    return errs;
  }],
  ['fc', 'fc', (s, p) => validateFC(s, p)],
  ['flexVolume', 'flexVolume', (s, p) => validateFlexOptions(s, p)],
  ['azureFile', 'azureFile', (s, p) => {
    const errs = [...requireStr(s, 'secretName', p), ...requireStr(s, 'shareName', p)];
    if (isSet(s.secretNamespace) && !str(s.secretNamespace)) errs.push(required(sub(p, 'secretNamespace'), ''));
    return errs;
  }],
  ['vsphereVolume', 'vsphereVolume', (s, p) => requireStr(s, 'volumePath', p)],
  ['photonPersistentDisk', 'photonPersistentDisk', (s, p) => requireStr(s, 'pdID', p)],
  ['portworxVolume', 'portworxVolume', (s, p) => requireStr(s, 'volumeID', p)],
  ['azureDisk', 'azureDisk', (s, p) => validateAzureDisk(s, p)],
  ['scaleIO', 'scaleIO', (s, p) => [...requireStr(s, 'gateway', p), ...requireStr(s, 'system', p), ...requireStr(s, 'volumeName', p)]],
  ['local', 'local', (s, p) => (str(s.path) ? validatePathNoBacksteps(str(s.path), sub(p, 'path')) : [required(sub(p, 'path'), '')])],
  ['storageos', 'storageos', (s, p) => validateStorageOS(s, p, true)],
  ['csi', 'csi', (s, p) => validateCSIPersistentVolumeSource(s, p)],
];

/**
 * The volume source of a PersistentVolumeSpec: exactly one. Returns the errors and whether the
 * source is `local` (which then needs node affinity).
 */
export function validatePersistentVolumeSource(spec: Obj, pvName: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const [field, ownName, validate] of PV_SOURCES) {
    if (!isSet(spec[field])) continue;
    // flexVolume is counted without the "more than one" check, as upstream does.
    if (n > 0 && field !== 'flexVolume') {
      errs.push(forbidden(sub(path, field === 'cephfs' ? 'cephFS' : field), 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    errs.push(...validate(obj(spec[field]), sub(path, ownName), pvName));
  }
  if (n === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

/** The keys of a PersistentVolumeSpec that make up its volume source. */
export const PERSISTENT_VOLUME_SOURCE_KEYS: readonly string[] = PV_SOURCES.map(([f]) => f);

// ---------------------------------------------------------------------------------------------
// Claims

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const VOLUME_MODES = ['Block', 'Filesystem'];

/** accessModes values (and ReadWriteOncePod alone). */
export function validateAccessModes(modes: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let other = false;
  for (const m of arr(modes)) {
    if (!ACCESS_MODES.includes(str(m))) errs.push(notSupported(path, m, ACCESS_MODES));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(str(m))) other = true;
  }
  if (rwop && other) errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

export interface ClaimSpecOptions {
  readonly allowInvalidLabelValueInSelector?: boolean;
  readonly allowInvalidAPIGroupInDataSourceOrRef?: boolean;
}

function validateDataSource(ds: Obj, path: string, withNamespace: boolean, opts: ClaimSpecOptions): FieldError[] {
  const errs = [...requireStr(ds, 'name', path), ...requireStr(ds, 'kind', path)];
  const group = str(ds.apiGroup);
  if (!group && str(ds.kind) !== 'PersistentVolumeClaim') errs.push(invalid(path, str(ds.kind), "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  if (group && !opts.allowInvalidAPIGroupInDataSourceOrRef) pushMsgs(errs, sub(path, 'apiGroup'), group, isDNS1123Subdomain(group));
  if (withNamespace && str(ds.namespace)) pushMsgs(errs, sub(path, 'namespace'), str(ds.namespace), validateNamespaceName(str(ds.namespace), false));
  return errs;
}

/** PersistentVolumeClaimSpec: access modes, storage request, class, mode and data sources. */
export function validatePersistentVolumeClaimSpec(spec: Obj, path: string, opts: ClaimSpecOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  if (arr(spec.accessModes).length === 0) errs.push(required(sub(path, 'accessModes'), 'at least 1 access mode is required'));
  if (isSet(spec.selector)) {
    errs.push(...validateLabelSelector(spec.selector as any, sub(path, 'selector'), { allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector }));
  }
  errs.push(...validateAccessModes(spec.accessModes, sub(path, 'accessModes')));
  const storagePath = key(sub(path, 'resources'), 'storage');
  const requests = obj(obj(spec.resources).requests);
  const storage = getQuantity(requests, 'storage');
  if (!('storage' in requests)) errs.push(required(storagePath, ''));
  else if (storage) {
    const pe = validatePositiveQuantityValue(storage, storagePath);
    errs.push(...(pe.length ? pe : validateResourceQuantityValue('storage', storage, storagePath)));
  }
  const sc = str(spec.storageClassName);
  if (sc) pushMsgs(errs, sub(path, 'storageClassName'), sc, nameIsDNSSubdomain(sc, false));
  if (isSet(spec.volumeMode) && !VOLUME_MODES.includes(str(spec.volumeMode))) errs.push(notSupported(sub(path, 'volumeMode'), spec.volumeMode, VOLUME_MODES));
  if (isSet(spec.dataSource)) errs.push(...validateDataSource(obj(spec.dataSource), sub(path, 'dataSource'), false, opts));
  if (isSet(spec.dataSourceRef)) errs.push(...validateDataSource(obj(spec.dataSourceRef), sub(path, 'dataSourceRef'), true, opts));
  const ds = obj(spec.dataSource);
  const dsr = obj(spec.dataSourceRef);
  if (isSet(spec.dataSourceRef) && str(dsr.namespace)) {
    if (isSet(spec.dataSource)) errs.push(invalidGo(path, sub(path, 'dataSource'), sub(path, 'dataSource'), 'may not be specified when dataSourceRef.namespace is specified'));
  } else if (isSet(spec.dataSource) && isSet(spec.dataSourceRef)) {
    const same = (ds.apiGroup ?? null) === (dsr.apiGroup ?? null) && str(ds.kind) === str(dsr.kind) && str(ds.name) === str(dsr.name);
    if (!same) errs.push(invalidGo(path, sub(path, 'dataSource'), sub(path, 'dataSource'), 'must match dataSourceRef'));
  }
  const vac = str(spec.volumeAttributesClassName);
  if (vac) pushMsgs(errs, sub(path, 'volumeAttributesClassName'), vac, nameIsDNSSubdomain(vac, false));
  return errs;
}

const TEMPLATE_META_ALLOWED = new Set(['labels', 'annotations']);

/** Embedded object metadata of templates that only carry labels and annotations. */
export function validateTemplateObjectMeta(meta: unknown, path: string): FieldError[] {
  const m = obj(meta);
  const errs = [...validateAnnotations(isObj(m.annotations) ? m.annotations : undefined, sub(path, 'annotations')), ...validateLabels(isObj(m.labels) ? m.labels : undefined, sub(path, 'labels'))];
  for (const k of Object.keys(m)) {
    if (TEMPLATE_META_ALLOWED.has(k) || !isSet(m[k]) || m[k] === '' || (Array.isArray(m[k]) && m[k].length === 0)) continue;
    errs.push(forbidden(sub(path, k), 'cannot be set'));
  }
  return errs;
}

export function validatePersistentVolumeClaimTemplate(t: Obj, path: string): FieldError[] {
  return [...validateTemplateObjectMeta(t.metadata, sub(path, 'metadata')), ...validatePersistentVolumeClaimSpec(obj(t.spec), sub(path, 'spec'))];
}

// ---------------------------------------------------------------------------------------------
// Defaults

function defaultFieldRef(fr: unknown): void {
  if (isObj(fr) && !fr.apiVersion) fr.apiVersion = 'v1';
}

/** Declarative defaults shared by pod and persistent volume sources. */
export function defaultVolumeSourceFields(src: Obj): void {
  if (isObj(src.hostPath)) src.hostPath.type ??= '';
  if (isObj(src.iscsi)) src.iscsi.iscsiInterface ||= 'default';
  if (isObj(src.rbd)) {
    src.rbd.pool ||= 'rbd';
    src.rbd.user ||= 'admin';
    src.rbd.keyring ||= '/etc/ceph/keyring';
  }
  if (isObj(src.azureDisk)) {
    src.azureDisk.cachingMode ??= 'ReadWrite';
    src.azureDisk.fsType ??= 'ext4';
    src.azureDisk.readOnly ??= false;
    src.azureDisk.kind ??= 'Shared';
  }
  if (isObj(src.scaleIO)) {
    src.scaleIO.storageMode ||= 'ThinProvisioned';
    src.scaleIO.fsType ||= 'xfs';
  }
}

const POD_SOURCE_KEYS = POD_SOURCES.map(([f]) => f);

/** SetDefaults_Volume and the defaults of each source. */
export function defaultVolume(v: unknown): void {
  if (!isObj(v)) return;
  if (!POD_SOURCE_KEYS.some((k) => isSet(v[k]))) v.emptyDir = {};
  if (isObj(v.emptyDir)) canonicalizeQuantityField(v.emptyDir, 'sizeLimit');
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) if (isObj(v[k])) v[k].defaultMode ??= 420;
  if (isObj(v.downwardAPI)) for (const it of arr(v.downwardAPI.items)) defaultFieldRef(obj(it).fieldRef);
  if (isObj(v.projected)) {
    for (const s of arr(v.projected.sources)) {
      const so = obj(s);
      if (isObj(so.downwardAPI)) for (const it of arr(so.downwardAPI.items)) defaultFieldRef(obj(it).fieldRef);
      if (isObj(so.serviceAccountToken)) so.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
  if (isObj(v.image) && !v.image.pullPolicy) v.image.pullPolicy = imageTag(str(v.image.reference)) === 'latest' ? 'Always' : 'IfNotPresent';
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate)) {
    const spec = v.ephemeral.volumeClaimTemplate.spec;
    if (isObj(spec)) defaultClaimSpec(spec);
  }
  defaultVolumeSourceFields(v);
}

/** SetDefaults_PersistentVolumeClaimSpec plus its resource lists. */
export function defaultClaimSpec(spec: Obj): void {
  spec.volumeMode ??= 'Filesystem';
  if (isObj(spec.resources)) {
    defaultResourceList(spec.resources.requests);
    defaultResourceList(spec.resources.limits);
  }
}

/** The tag of an image reference, as the kubelet's parser finds it ("latest" when there is none). */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  const repo = colon >= 0 ? name.slice(0, colon) : name;
  // A reference that does not parse (empty, upper-case repository path) has no tag.
  const parts = repo.split('/');
  const domain = parts.length > 1 && (parts[0]!.includes('.') || parts[0]!.includes(':') || parts[0] === 'localhost') ? 1 : 0;
  if (!repo || parts.slice(domain).some((c) => !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(c))) return '';
  if (colon >= 0) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

export { defaultFieldRef };
