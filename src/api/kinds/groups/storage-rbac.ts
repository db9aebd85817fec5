// storage.k8s.io/v1 StorageClass and rbac.authorization.k8s.io/v1 roles and bindings — upstream's
// defaults and validation (pkg/apis/storage/validation, pkg/apis/rbac/validation).
import { duplicate, forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../../field-errors.js';
import { validateLabelName, validateLabelSelector, type LabelSelector } from '../../meta/labels.js';
import type { KObj } from '../../resource-info.js';
import { isDNS1123Subdomain, isQualifiedName, utf8Length, validatePathSegmentName } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { goStrings } from './go-format.js';
import { asSelector } from './template.js';
import { arr, has, invalidGo, isObj, obj, str, type Obj } from './util.js';

// ---------------------------------------------------------------------------------------------
// StorageClass

const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;
const RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];

export function defaultStorageClass(o: KObj): void {
  o.reclaimPolicy ??= 'Delete';
  o.volumeBindingMode ??= 'Immediate';
}

function validateTopologyTerm(term: unknown, path: string): { keys: Map<string, Set<string>>; errs: FieldError[] } {
  const keys = new Map<string, Set<string>>();
  const errs: FieldError[] = [];
  arr(obj(term).matchLabelExpressions).forEach((r, i) => {
    const rp = `${path}.matchLabelExpressions[${i}]`;
    const req = obj(r);
    const values = new Set<string>();
    const vals = arr(req.values).map(String);
    if (vals.length === 0) errs.push(required(`${rp}.values`));
    vals.forEach((v, j) => {
      if (values.has(v)) errs.push(duplicate(`${rp}.values[${j}]`, v));
      values.add(v);
    });
    const key = str(req.key);
    errs.push(...validateLabelName(key, `${rp}.key`));
    if (keys.has(key)) errs.push(duplicate(`${rp}.key`, key));
    keys.set(key, values);
  });
  return { keys, errs };
}

const sameTerm = (a: Map<string, Set<string>>, b: Map<string, Set<string>>): boolean =>
  a.size === b.size && [...a].every(([k, v]) => {
    const w = b.get(k);
    return w !== undefined && w.size === v.size && [...v].every((x) => w.has(x));
  });

export function validateStorageClass(o: KObj): FieldError[] {
  const errs: FieldError[] = [];
  const provisioner = str(o.provisioner);
  if (provisioner.length === 0) errs.push(required('provisioner'));
  else for (const m of isQualifiedName(provisioner.toLowerCase())) errs.push(invalid('provisioner', provisioner, m));
  const params = obj(o.parameters);
  const keys = Object.keys(params);
  if (keys.length > MAX_PARAMETERS) {
    errs.push(tooLong('parameters', '', MAX_PARAMETERS));
  } else {
    let size = 0;
    for (const k of keys) {
      if (k.length < 1) errs.push(invalid('parameters', k, 'field can not be empty.'));
      size += utf8Length(k) + utf8Length(String(params[k]));
    }
    if (size > MAX_PARAMETERS_SIZE) errs.push(tooLong('parameters', '', MAX_PARAMETERS_SIZE));
  }
  const reclaim = str(o.reclaimPolicy);
  if (reclaim.length > 0 && !RECLAIM_POLICIES.includes(reclaim)) errs.push(notSupported('reclaimPolicy', reclaim, RECLAIM_POLICIES));
  if (!has(o.volumeBindingMode)) errs.push(required('volumeBindingMode'));
  else if (!BINDING_MODES.includes(str(o.volumeBindingMode))) errs.push(notSupported('volumeBindingMode', o.volumeBindingMode, BINDING_MODES));
  // Upstream compares each term with the ones before it, starting from as many empty terms.
  const terms = arr(o.allowedTopologies);
  const seen: Map<string, Set<string>>[] = terms.map(() => new Map());
  terms.forEach((t, i) => {
    const { keys: term, errs: termErrs } = validateTopologyTerm(t, `allowedTopologies[${i}]`);
    errs.push(...termErrs);
    for (const s of seen) if (sameTerm(term, s)) errs.push(duplicate(`allowedTopologies[${i}].matchLabelExpressions`, ''));
    seen.push(term);
  });
  return errs;
}

/** reflect.DeepEqual of two map[string]string: a missing map differs from an empty one. */
function sameStringMap(a: unknown, b: unknown): boolean {
  if (!isObj(a) || !isObj(b)) return isObj(a) === isObj(b);
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => k in b && String(a[k]) === String(b[k]));
}

export function validateStorageClassUpdate(o: KObj, old: KObj): FieldError[] {
  const errs: FieldError[] = [];
  if (!sameStringMap(o.parameters, old.parameters)) {
    errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  }
  if (str(o.provisioner) !== str(old.provisioner)) errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (str(o.reclaimPolicy) !== str(old.reclaimPolicy)) errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (str(o.volumeBindingMode) !== str(old.volumeBindingMode)) errs.push(invalid('volumeBindingMode', o.volumeBindingMode ?? null, 'field is immutable'));
  return errs;
}

export const storageClassStrategy: StrategyOverrides = {
  defaults: defaultStorageClass,
  validate: validateStorageClass,
  validateUpdate: validateStorageClassUpdate,
};

// ---------------------------------------------------------------------------------------------
// RBAC

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
const rbacName = (name: string, _prefix: boolean): string[] => validatePathSegmentName(name, false);

function validatePolicyRule(rule: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (arr(rule.verbs).length === 0) errs.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = arr(rule.nonResourceURLs);
  if (urls.length > 0) {
    if (namespaced) errs.push(invalidGo(`${path}.nonResourceURLs`, urls, goStrings(urls), 'namespaced rules cannot apply to non-resource URLs'));
    if (arr(rule.apiGroups).length > 0 || arr(rule.resources).length > 0 || arr(rule.resourceNames).length > 0) {
      errs.push(invalidGo(`${path}.nonResourceURLs`, urls, goStrings(urls), 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (arr(rule.apiGroups).length === 0) errs.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (arr(rule.resources).length === 0) errs.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

const validateRules = (o: KObj, namespaced: boolean): FieldError[] =>
  arr(o.rules).flatMap((r, i) => validatePolicyRule(obj(r), namespaced, `rules[${i}]`));

function validateAggregationRule(o: KObj): FieldError[] {
  if (!has(o.aggregationRule)) return [];
  const selectors = arr(obj(o.aggregationRule).clusterRoleSelectors);
  const path = 'aggregationRule.clusterRoleSelectors';
  const errs: FieldError[] = [];
  if (selectors.length === 0) errs.push(required(path, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
  selectors.forEach((s, i) => {
    errs.push(...validateLabelSelector(s as LabelSelector, `${path}[${i}]`));
    if (!asSelector(s)) errs.push(invalidGo(`${path}[${i}]`, null, '"null"', 'invalid label selector.'));
  });
  return errs;
}

function validateSubject(subject: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(subject.name);
  const apiGroup = str(subject.apiGroup);
  if (name.length === 0) errs.push(required(`${path}.name`));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name.length > 0) for (const m of isDNS1123Subdomain(name)) errs.push(invalid(`${path}.name`, name, m));
      if (apiGroup.length > 0) errs.push(notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && str(subject.namespace).length === 0) errs.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(`${path}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(o: KObj, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref = obj(o.roleRef);
  if (str(ref.apiGroup) !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', str(ref.apiGroup), [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(ref.kind))) errs.push(notSupported('roleRef.kind', str(ref.kind), kinds));
  const name = str(ref.name);
  if (name.length === 0) errs.push(required('roleRef.name'));
  else for (const m of rbacName(name, false)) errs.push(invalid('roleRef.name', name, m));
  arr(o.subjects).forEach((s, i) => errs.push(...validateSubject(obj(s), namespaced, `subjects[${i}]`)));
  return errs;
}

const goRoleRef = (ref: Obj): string =>
  `rbac.RoleRef{APIGroup:${JSON.stringify(str(ref.apiGroup))}, Kind:${JSON.stringify(str(ref.kind))}, Name:${JSON.stringify(str(ref.name))}}`;

function roleRefUnchanged(o: KObj, old: KObj): FieldError[] {
  const n = obj(o.roleRef);
  const p = obj(old.roleRef);
  if (str(n.apiGroup) === str(p.apiGroup) && str(n.kind) === str(p.kind) && str(n.name) === str(p.name)) return [];
  return [invalidGo('roleRef', o.roleRef, goRoleRef(n), 'cannot change roleRef')];
}

export function defaultBinding(o: KObj): void {
  if (isObj(o.roleRef) && !o.roleRef.apiGroup) o.roleRef.apiGroup = RBAC_GROUP;
  else if (!isObj(o.roleRef)) o.roleRef = { apiGroup: RBAC_GROUP, kind: '', name: '' };
  for (const s of arr(o.subjects)) {
    if (!isObj(s) || s.apiGroup) continue;
    // A ServiceAccount's group is the core group "", which upstream omits (omitempty).
    if (s.kind === 'ServiceAccount') delete s.apiGroup;
    else if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = RBAC_GROUP;
  }
}

export const roleStrategy: StrategyOverrides = {
  nameValidator: rbacName,
  specKeys: ['rules'],
  validate: (o) => validateRules(o, true),
};

export const clusterRoleStrategy: StrategyOverrides = {
  nameValidator: rbacName,
  specKeys: ['rules', 'aggregationRule'],
  validate: (o) => [...validateRules(o, false), ...validateAggregationRule(o)],
};

export const roleBindingStrategy: StrategyOverrides = {
  nameValidator: rbacName,
  specKeys: ['roleRef', 'subjects'],
  defaults: defaultBinding,
  validate: (o) => validateBinding(o, true),
  validateUpdate: roleRefUnchanged,
};

export const clusterRoleBindingStrategy: StrategyOverrides = {
  nameValidator: rbacName,
  specKeys: ['roleRef', 'subjects'],
  defaults: defaultBinding,
  validate: (o) => validateBinding(o, false),
  validateUpdate: roleRefUnchanged,
};
