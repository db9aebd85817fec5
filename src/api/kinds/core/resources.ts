// Resource names and resource lists (requests, limits, capacity, quota): upstream's name classes,
// quantity checks and the ResourceList defaulting that rounds values up to milli units.
import { forbidden, invalid, required, type FieldError } from '../../field-errors.js';
import { isDNS1123Label, isQualifiedName } from '../../validation/names.js';
import { compareQuantity, formatQuantity, isIntegerQuantity, parseQuantity, quantitySign, roundUpQuantity, scaledValue, type Quantity } from './quantity.js';
import { GoValue, arr, goQuote, idx, invalidGo, isObj, key, obj, sortedKeys, str, sub, type Obj } from './util.js';

export const HUGEPAGES_PREFIX = 'hugepages-';
const REQUESTS_HUGEPAGES_PREFIX = 'requests.hugepages-';
const REQUESTS_PREFIX = 'requests.';
const DEFAULT_NAMESPACE_PREFIX = 'kubernetes.io/';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu',
  'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets',
  'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers',
]);
const STANDARD_QUOTA_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers',
  'secrets', 'persistentvolumeclaims', 'configmaps', 'services.nodeports', 'services.loadbalancers',
]);
const INTEGER_RESOURCES = new Set([
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);

export const isHugePageResourceName = (n: string): boolean => n.startsWith(HUGEPAGES_PREFIX);
const isQuotaHugePageResourceName = (n: string): boolean => n.startsWith(HUGEPAGES_PREFIX) || n.startsWith(REQUESTS_HUGEPAGES_PREFIX);
/** Unprefixed names and names under kubernetes.io/ belong to Kubernetes. */
export const isNativeResource = (n: string): boolean => !n.includes('/') || n.includes(DEFAULT_NAMESPACE_PREFIX);
export const isExtendedResourceName = (n: string): boolean =>
  !isNativeResource(n) && !n.startsWith(REQUESTS_PREFIX) && isQualifiedName(REQUESTS_PREFIX + n).length === 0;
/** Requests may be lower than limits for native resources other than huge pages. */
export const isOvercommitAllowed = (n: string): boolean => isNativeResource(n) && !isHugePageResourceName(n);
export const isStandardContainerResourceName = (n: string): boolean => STANDARD_CONTAINER_RESOURCES.has(n) || isHugePageResourceName(n);
export const isStandardResourceName = (n: string): boolean => STANDARD_RESOURCES.has(n) || isQuotaHugePageResourceName(n);
export const isStandardQuotaResourceName = (n: string): boolean => STANDARD_QUOTA_RESOURCES.has(n) || isQuotaHugePageResourceName(n);
export const isIntegerResourceName = (n: string): boolean => INTEGER_RESOURCES.has(n) || isExtendedResourceName(n);

/** Resource names print unquoted in messages (core.ResourceName is a fmt.Stringer). */
const invalidName = (path: string, name: string, detail: string) => invalidGo(path, name, name, detail);

/** A resource name: qualified, and standard unless it has a domain. */
export function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalidName(path, name, m));
  if (errs.length) return errs;
  if (!name.includes('/') && !isStandardResourceName(name)) errs.push(invalidName(path, name, 'must be a standard resource type or fully qualified'));
  return errs;
}

/** A resource a container may request. */
export function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/')) {
    if (!isStandardContainerResourceName(name)) errs.push(invalidName(path, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalidName(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** A resource a quota may limit. */
export function validateResourceQuotaResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/') && !isStandardQuotaResourceName(name)) errs.push(invalidName(path, name, 'must be a standard resource for quota'));
  return errs;
}

/** Quantities print through Quantity.String() (unquoted) where upstream passes the Quantity itself. */
export const invalidQuantity = (path: string, q: Quantity, detail: string): FieldError => invalidGo(path, formatQuantity(q), formatQuantity(q), detail);

export function validateNonnegativeQuantity(q: Quantity, path: string): FieldError[] {
  return quantitySign(q) < 0 ? [invalid(path, formatQuantity(q), 'must be greater than or equal to 0')] : [];
}

export function validatePositiveQuantityValue(q: Quantity, path: string): FieldError[] {
  return quantitySign(q) <= 0 ? [invalid(path, formatQuantity(q), 'must be greater than zero')] : [];
}

/** Non-negative, and whole for countable resources. */
export function validateResourceQuantityValue(resource: string, q: Quantity, path: string): FieldError[] {
  const errs = validateNonnegativeQuantity(q, path);
  if (isIntegerResourceName(resource) && scaledValue(q, -3) % 1000n !== 0n) errs.push(invalidQuantity(path, q, 'must be an integer'));
  return errs;
}

/** Quantity.Value() < 0 is reported with the integer value. */
export function validateBasicResource(q: Quantity, path: string): FieldError[] {
  const v = scaledValue(q, 0);
  return v < 0n ? [invalidGo(path, Number(v), String(v), 'must be a valid resource quantity')] : [];
}

/** The entries of a resource list in a stable order, with parsed quantities (unparsable ones are skipped). */
export function resourceEntries(list: unknown): Array<[string, Quantity]> {
  if (!isObj(list)) return [];
  const out: Array<[string, Quantity]> = [];
  for (const k of sortedKeys(list)) {
    const q = parseQuantity(list[k]);
    if (q) out.push([k, q]);
  }
  return out;
}

export const getQuantity = (list: unknown, name: string): Quantity | undefined => (isObj(list) && name in list ? parseQuantity(list[name]) : undefined);

/** SetDefaults_ResourceList: values are rounded up to milli units and written in canonical form. */
export function defaultResourceList(list: unknown): void {
  if (!isObj(list)) return;
  for (const k of Object.keys(list)) {
    const q = parseQuantity(list[k]);
    if (q) list[k] = formatQuantity(roundUpQuantity(q, -3));
  }
}

/** A single quantity field written in canonical form (no rounding). */
export function canonicalizeQuantityField(o: Obj, field: string): void {
  if (!isObj(o) || !(field in o)) return;
  const q = parseQuantity(o[field]);
  if (q) o[field] = formatQuantity(q);
}

function hugePageValueError(name: string, q: Quantity): string | undefined {
  const page = parseQuantity(name.slice(HUGEPAGES_PREFIX.length));
  const ok =
    page !== undefined &&
    quantitySign(page) > 0 &&
    isIntegerQuantity(page) &&
    scaledValue(q, 0) % scaledValue(page, 0) === 0n;
  return ok ? undefined : `${formatQuantity(q)} is not positive integer multiple of ${name}`;
}

export interface ResourceRequirementsOptions {
  /** Names of spec.resourceClaims entries, for resources.claims. */
  readonly podClaimNames?: ReadonlySet<string>;
  readonly allowIndivisibleHugePagesValues?: boolean;
}

/** Container resources: names, quantities, requests ≤ limits, huge pages and claim references. */
export function validateResourceRequirements(
  requirements: unknown,
  path: string,
  nameFn: (name: string, path: string) => FieldError[] = validateContainerResourceName,
  opts: ResourceRequirementsOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  const r = obj(requirements);
  const limPath = sub(path, 'limits');
  const reqPath = sub(path, 'requests');
  let limCpuMem = false;
  let reqCpuMem = false;
  let limHuge = false;
  let reqHuge = false;
  const limits = resourceEntries(r.limits);
  for (const [name, q] of limits) {
    const p = key(limPath, name);
    errs.push(...nameFn(name, p), ...validateResourceQuantityValue(name, q, p));
    if (isHugePageResourceName(name)) {
      limHuge = true;
      const m = opts.allowIndivisibleHugePagesValues ? undefined : hugePageValueError(name, q);
      if (m) errs.push(invalid(p, formatQuantity(q), m));
    }
    if (name === 'cpu' || name === 'memory') limCpuMem = true;
  }
  const limitOf = new Map(limits);
  for (const [name, q] of resourceEntries(r.requests)) {
    const p = key(reqPath, name);
    errs.push(...nameFn(name, p), ...validateResourceQuantityValue(name, q, p));
    const limit = limitOf.get(name);
    if (limit) {
      if (compareQuantity(q, limit) !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      } else if (compareQuantity(q, limit) > 0) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) {
      reqHuge = true;
      const m = opts.allowIndivisibleHugePagesValues ? undefined : hugePageValueError(name, q);
      if (m) errs.push(invalid(p, formatQuantity(q), m));
    }
    if (name === 'cpu' || name === 'memory') reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && (reqHuge || limHuge)) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  errs.push(...validateResourceClaimNames(r.claims, opts.podClaimNames ?? new Set(), sub(path, 'claims')));
  return errs;
}

/** resources.claims entries must name spec.resourceClaims entries, once each. */
export function validateResourceClaimNames(claims: unknown, podClaimNames: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(claims).forEach((c, i) => {
    const p = idx(path, i);
    const name = str(obj(c).name);
    const request = str(obj(c).request);
    if (!name) {
      errs.push(required(p, ''));
      return;
    }
    if (names.has(name)) {
      errs.push({ type: 'FieldValueDuplicate', field: p, value: name, showValue: true });
    } else {
      let k = name;
      if (request) {
        for (const m of isDNS1123Label(request)) errs.push(invalid(sub(p, 'request'), request, m));
        k = `${name}/${request}`;
      }
      if (names.has(k)) {
        errs.push({ type: 'FieldValueDuplicate', field: p, value: k, showValue: true });
      } else if (!request) {
        for (const other of names) {
          const slash = other.indexOf('/');
          if (slash >= 0 && other.slice(0, slash) === name) errs.push({ type: 'FieldValueDuplicate', field: p, value: name, showValue: true });
        }
      }
      names.add(k);
    }
    if (!podClaimNames.has(name)) {
      const list = [...podClaimNames].sort();
      const detail = `must be one of the names in pod.spec.resourceClaims${list.length ? `: ${list.join(', ')}` : ' which is empty'}`;
      // Upstream adds a detail to this NotFound; it is carried in the printed value.
      errs.push({ type: 'FieldValueNotFound', field: p, value: new GoValue(`${goQuote(name)}: ${detail}`), showValue: true });
    }
  });
  return errs;
}

