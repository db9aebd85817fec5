// ResourceQuota: hard limits (names and quantities), scopes and scope selectors, immutable scopes,
// and status updates.
import { invalid, required, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import type { StrategyOverrides } from '../index.js';
import { defaultResourceList, isStandardQuotaResourceName, resourceEntries, validateResourceQuantityValue, validateResourceQuotaResourceName } from './resources.js';
import { arr, goQuote, invalidGo, isObj, isSet, key, obj, str, type Obj } from './util.js';

const STANDARD_SCOPES = new Set(['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass']);
const POD_COUNT = new Set(['pods']);
const POD_COMPUTE = new Set(['cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory']);
const PVC_RESOURCES = new Set(['persistentvolumeclaims', 'requests.storage']);

function scopeValidForResource(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return POD_COUNT.has(resource) || POD_COMPUTE.has(resource);
    case 'BestEffort':
      return POD_COUNT.has(resource);
    case 'VolumeAttributesClass':
      return PVC_RESOURCES.has(resource);
    default:
      return true;
  }
}

const goScopes = (scopes: unknown) =>
  Array.isArray(scopes) ? `[]core.ResourceQuotaScope{${scopes.map((s) => goQuote(str(s))).join(', ')}}` : '[]core.ResourceQuotaScope(nil)';
const CONFLICTS = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];

function validateResourceList(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, q] of resourceEntries(list)) errs.push(...validateResourceQuotaResourceName(k, key(path, k)), ...validateResourceQuantityValue(k, q, key(path, k)));
  return errs;
}

/** Upstream ValidateResourceQuotaSpec. */
export function validateResourceQuotaSpec(specRaw: unknown, path = 'spec'): FieldError[] {
  const spec = obj(specRaw);
  const errs = validateResourceList(spec.hard, `${path}.hard`);
  const hard = Object.keys(obj(spec.hard)).sort();
  const scopes = arr(spec.scopes).map(str);
  const sp = `${path}.scopes`;
  const scopesText = goScopes(spec.scopes);
  if (scopes.length) {
    for (const s of scopes) {
      if (!STANDARD_SCOPES.has(s)) errs.push(invalidGo(sp, spec.scopes, scopesText, 'unsupported scope'));
      for (const k of hard) if (isStandardQuotaResourceName(k) && !scopeValidForResource(s, k)) errs.push(invalidGo(sp, spec.scopes, scopesText, 'unsupported scope applied to resource'));
    }
    for (const [a, b] of CONFLICTS) if (scopes.includes(a!) && scopes.includes(b!)) errs.push(invalidGo(sp, spec.scopes, scopesText, 'conflicting scopes'));
  }
  if (isSet(spec.scopeSelector)) {
    const mp = `${path}.scopeSelector.matchExpressions`;
    const seen = new Set<string>();
    for (const raw of arr(obj(spec.scopeSelector).matchExpressions)) {
      const req = obj(raw);
      const scope = str(req.scopeName);
      if (!STANDARD_SCOPES.has(scope)) errs.push(invalid(`${mp}.scopeName`, scope, 'unsupported scope'));
      for (const k of hard) {
        if (isStandardQuotaResourceName(k) && !scopeValidForResource(scope, k)) errs.push(invalidGo(mp, spec.scopeSelector, '&core.ScopeSelector{...}', 'unsupported scope applied to resource'));
      }
      if (['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating', 'CrossNamespacePodAffinity'].includes(scope) && req.operator !== 'Exists') {
        errs.push(
          invalid(
            `${mp}.operator`,
            str(req.operator),
            'must be \'Exists\' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity',
          ),
        );
      }
      const values = arr(req.values);
      switch (req.operator) {
        case 'In':
        case 'NotIn':
          if (values.length === 0) errs.push(required(`${mp}.values`, "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
          break;
        case 'Exists':
        case 'DoesNotExist':
          if (values.length) {
            errs.push(invalidGo(`${mp}.values`, values, `[]string{${values.map((v) => goQuote(str(v))).join(', ')}}`, "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
          }
          break;
        default:
          errs.push(invalid(`${mp}.operator`, str(req.operator), 'not a valid selector operator'));
      }
      seen.add(scope);
    }
    for (const [a, b] of CONFLICTS) if (seen.has(a!) && seen.has(b!)) errs.push(invalidGo(mp, spec.scopes, scopesText, 'conflicting scopes'));
  }
  return errs;
}

/** Upstream ValidateResourceQuotaStatus. */
export function validateResourceQuotaStatus(statusRaw: unknown, path = 'status'): FieldError[] {
  const status = obj(statusRaw);
  return [...validateResourceList(status.hard, `${path}.hard`), ...validateResourceList(status.used, `${path}.used`)];
}

/** The update rule of upstream ValidateResourceQuotaUpdate: scopes do not change. */
export function validateResourceQuotaUpdate(rq: KObj, old: KObj): FieldError[] {
  const next = new Set(arr(obj(rq.spec).scopes).map(str));
  const prev = new Set(arr(obj(old.spec).scopes).map(str));
  const same = next.size === prev.size && [...next].every((s) => prev.has(s));
  return same ? [] : [invalidGo('spec.scopes', obj(rq.spec).scopes, goScopes(obj(rq.spec).scopes), 'field is immutable')];
}

export function defaultResourceQuota(rq: KObj): void {
  if (isObj(rq.spec)) defaultResourceList(rq.spec.hard);
  const status = rq.status as Obj | undefined;
  if (isObj(status)) {
    defaultResourceList(status.hard);
    defaultResourceList(status.used);
  }
}

export const resourceQuotaStrategy: StrategyOverrides = {
  defaults: defaultResourceQuota,
  validate: (rq: KObj) => [...validateResourceQuotaSpec(rq.spec), ...validateResourceQuotaStatus(rq.status)],
  validateUpdate: validateResourceQuotaUpdate,
  validateStatusUpdate(rq: KObj) {
    defaultResourceQuota(rq);
    return validateResourceQuotaStatus(rq.status);
  },
};
