// Scheduling constraints: tolerations and taints, node selectors and affinity, pod (anti-)affinity
// and topology spread constraints.
import { forbidden, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import { validateLabelName, validateLabelSelector } from '../../meta/labels.js';
import { isValidLabelValue, nameIsDNSSubdomain, validateNamespaceName } from '../../validation/names.js';
import { GoValue, arr, goQuote, idx, int, isObj, isSet, obj, pushMsgs, str, sub, type Obj } from './util.js';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTaintEffect(effect: unknown, allowEmpty: boolean, path: string): FieldError[] {
  const e = str(effect);
  if (!allowEmpty && !e) return [required(path, '')];
  return TAINT_EFFECTS.includes(e) ? [] : [notSupported(path, e, TAINT_EFFECTS)];
}

/** spec.tolerations. */
export function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(tolerations).forEach((t, i) => {
    const tol = obj(t);
    const p = idx(path, i);
    const k = str(tol.key);
    const op = str(tol.operator);
    const value = str(tol.value);
    const effect = str(tol.effect);
    if (k) errs.push(...validateLabelName(k, sub(p, 'key')));
    if (!k && op !== 'Exists') {
      errs.push(invalid(sub(p, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (isSet(tol.tolerationSeconds) && effect !== 'NoExecute') {
      errs.push(invalid(sub(p, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (op) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(value);
        if (msgs.length) errs.push(invalid(sub(p, 'operator'), value, msgs.join(';')));
        break;
      }
      case 'Exists':
        if (value) errs.push(invalid(sub(p, 'operator'), value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(sub(p, 'operator'), op, ['Equal', 'Exists']));
    }
    if (effect) errs.push(...validateTaintEffect(effect, true, sub(p, 'effect')));
  });
  return errs;
}

/** Go's %#v of a core.Taint. */
function goTaint(t: Obj): string {
  const added = isSet(t.timeAdded) ? '(*v1.Time)(0xc000010000)' : '(*v1.Time)(nil)';
  return `core.Taint{Key:${goQuote(str(t.key))}, Value:${goQuote(str(t.value))}, Effect:${goQuote(str(t.effect))}, TimeAdded:${added}}`;
}

/** Node taints: key, value, effect, and unique by key and effect. */
export function validateNodeTaints(taints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Map<string, Set<string>>();
  arr(taints).forEach((t, i) => {
    const taint = obj(t);
    const p = idx(path, i);
    const k = str(taint.key);
    const effect = str(taint.effect);
    errs.push(...validateLabelName(k, sub(p, 'key')));
    const msgs = isValidLabelValue(str(taint.value));
    if (msgs.length) errs.push(invalid(sub(p, 'value'), str(taint.value), msgs.join(';')));
    errs.push(...validateTaintEffect(effect, false, sub(p, 'effect')));
    const keys = seen.get(effect) ?? new Set<string>();
    if (keys.has(k)) {
      errs.push({ type: 'FieldValueDuplicate', field: p, value: new GoValue(`${goTaint(taint)}: taints must be unique by key and effect pair`), showValue: true });
      return;
    }
    keys.add(k);
    seen.set(effect, keys);
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Node selectors

export function validateNodeSelectorRequirement(rq: Obj, allowInvalidLabelValue: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values = arr(rq.values);
  switch (rq.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(sub(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(sub(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(required(sub(path, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(sub(path, 'operator'), str(rq.operator), 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(rq.key), sub(path, 'key')));
  if (!allowInvalidLabelValue) values.forEach((v, i) => pushMsgs(errs, idx(sub(path, 'values'), i), str(v), isValidLabelValue(str(v))));
  return errs;
}

function validateNodeFieldSelectorRequirement(rq: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values = arr(rq.values);
  if (rq.operator === 'In' || rq.operator === 'NotIn') {
    if (values.length !== 1) errs.push(required(sub(path, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  } else {
    errs.push(invalid(sub(path, 'operator'), str(rq.operator), 'not a valid selector operator'));
  }
  if (rq.key !== 'metadata.name') errs.push(invalid(sub(path, 'key'), str(rq.key), 'not a valid field selector key'));
  else values.forEach((v, i) => pushMsgs(errs, idx(sub(path, 'values'), i), str(v), nameIsDNSSubdomain(str(v), false)));
  return errs;
}

export function validateNodeSelectorTerm(term: Obj, allowInvalidLabelValue: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(term.matchExpressions).forEach((r, j) => errs.push(...validateNodeSelectorRequirement(obj(r), allowInvalidLabelValue, idx(sub(path, 'matchExpressions'), j))));
  arr(term.matchFields).forEach((r, j) => errs.push(...validateNodeFieldSelectorRequirement(obj(r), idx(sub(path, 'matchFields'), j))));
  return errs;
}

export function validateNodeSelector(ns: Obj, allowInvalidLabelValue: boolean, path: string): FieldError[] {
  const termsPath = sub(path, 'nodeSelectorTerms');
  const terms = arr(ns.nodeSelectorTerms);
  if (terms.length === 0) return [required(termsPath, 'must have at least one node selector term')];
  return terms.flatMap((t, i) => validateNodeSelectorTerm(obj(t), allowInvalidLabelValue, idx(termsPath, i)));
}

// ---------------------------------------------------------------------------------------------
// Affinity

const weightError = (path: string, w: unknown): FieldError[] => {
  const n = int(w) ?? 0;
  return n <= 0 || n > 100 ? [invalid(path, n, 'must be in the range 1-100')] : [];
};

function validateLabelKeys(path: string, keys: unknown, selector: unknown): FieldError[] {
  const list = arr(keys);
  if (list.length === 0) return [];
  if (!isSet(selector)) return [forbidden(path, 'must not be specified when labelSelector is not set')];
  return list.flatMap((k, i) => validateLabelName(str(k), idx(path, i)));
}

function validateMatchLabelKeysAndMismatchLabelKeys(path: string, match: unknown, mismatch: unknown, selector: unknown): FieldError[] {
  const errs = [...validateLabelKeys(sub(path, 'matchLabelKeys'), match, selector), ...validateLabelKeys(sub(path, 'mismatchLabelKeys'), mismatch, selector)];
  const matchKeys = arr(match).map(str);
  if (isObj(selector)) {
    const index = new Map<string, number>();
    matchKeys.forEach((k, i) => index.set(k, i));
    const selectorKeys = new Set(Object.keys(obj(selector.matchLabels)));
    for (const e of arr(selector.matchExpressions)) {
      const k = str(obj(e).key);
      const i = index.get(k);
      if (i !== undefined && selectorKeys.has(k)) errs.push(invalid(idx(path, i), k, 'exists in both matchLabelKeys and labelSelector'));
      selectorKeys.add(k);
    }
  }
  const mismatchSet = new Set(arr(mismatch).map(str));
  matchKeys.forEach((k, i) => {
    if (mismatchSet.has(k)) errs.push(invalid(idx(sub(path, 'matchLabelKeys'), i), k, 'exists in both matchLabelKeys and mismatchLabelKeys'));
  });
  return errs;
}

function validatePodAffinityTerm(term: Obj, allowInvalidLabelValue: boolean, path: string): FieldError[] {
  const opts = { allowInvalidLabelValueInSelector: allowInvalidLabelValue };
  const errs = [
    ...validateLabelSelector(term.labelSelector as any, sub(path, 'labelSelector'), opts),
    ...validateLabelSelector(term.namespaceSelector as any, sub(path, 'namespaceSelector'), opts),
  ];
  for (const ns of arr(term.namespaces)) pushMsgs(errs, sub(path, 'namespace'), str(ns), validateNamespaceName(str(ns), false));
  errs.push(...validateMatchLabelKeysAndMismatchLabelKeys(path, term.matchLabelKeys, term.mismatchLabelKeys, term.labelSelector));
  const topologyKey = str(term.topologyKey);
  if (!topologyKey) errs.push(required(sub(path, 'topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(topologyKey, sub(path, 'topologyKey')));
  return errs;
}

function validatePodAffinityRules(a: Obj, allowInvalidLabelValue: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const req = sub(path, 'requiredDuringSchedulingIgnoredDuringExecution');
  arr(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => errs.push(...validatePodAffinityTerm(obj(t), allowInvalidLabelValue, idx(req, i))));
  const pref = sub(path, 'preferredDuringSchedulingIgnoredDuringExecution');
  arr(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, j) => {
    const wt = obj(t);
    errs.push(...weightError(sub(idx(pref, j), 'weight'), wt.weight));
    errs.push(...validatePodAffinityTerm(obj(wt.podAffinityTerm), allowInvalidLabelValue, sub(idx(pref, j), 'podAffinityTerm')));
  });
  return errs;
}

export interface AffinityOptions {
  readonly allowInvalidLabelValueInSelector?: boolean;
  readonly allowInvalidLabelValueInRequiredNodeAffinity?: boolean;
}

export function validateAffinity(affinity: unknown, path: string, opts: AffinityOptions = {}): FieldError[] {
  if (!isObj(affinity)) return [];
  const errs: FieldError[] = [];
  if (isObj(affinity.nodeAffinity)) {
    const na = affinity.nodeAffinity;
    const np = sub(path, 'nodeAffinity');
    if (isSet(na.requiredDuringSchedulingIgnoredDuringExecution)) {
      errs.push(...validateNodeSelector(obj(na.requiredDuringSchedulingIgnoredDuringExecution), !!opts.allowInvalidLabelValueInRequiredNodeAffinity, sub(np, 'requiredDuringSchedulingIgnoredDuringExecution')));
    }
    const pp = sub(np, 'preferredDuringSchedulingIgnoredDuringExecution');
    arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const term = obj(t);
      errs.push(...weightError(sub(idx(pp, i), 'weight'), term.weight));
      // Invalid label values are always allowed in preferences.
      errs.push(...validateNodeSelectorTerm(obj(term.preference), true, sub(idx(pp, i), 'preference')));
    });
  }
  if (isObj(affinity.podAffinity)) errs.push(...validatePodAffinityRules(affinity.podAffinity, !!opts.allowInvalidLabelValueInSelector, sub(path, 'podAffinity')));
  if (isObj(affinity.podAntiAffinity)) errs.push(...validatePodAffinityRules(affinity.podAntiAffinity, !!opts.allowInvalidLabelValueInSelector, sub(path, 'podAntiAffinity')));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Topology spread

const SCHEDULE_ACTIONS = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];

export function validateTopologySpreadConstraints(constraints: unknown, path: string, allowInvalidLabelSelector = false): FieldError[] {
  const errs: FieldError[] = [];
  const list = arr(constraints).map(obj);
  list.forEach((c, i) => {
    const p = idx(path, i);
    const maxSkew = int(c.maxSkew) ?? 0;
    if (maxSkew <= 0) errs.push(invalid(sub(p, 'maxSkew'), maxSkew, 'must be greater than zero'));
    if (!str(c.topologyKey)) errs.push(required(sub(p, 'topologyKey'), 'can not be empty'));
    if (!SCHEDULE_ACTIONS.includes(str(c.whenUnsatisfiable))) errs.push(notSupported(sub(p, 'whenUnsatisfiable'), str(c.whenUnsatisfiable), SCHEDULE_ACTIONS));
    const dup = list.slice(i + 1).some((o) => str(o.topologyKey) === str(c.topologyKey) && str(o.whenUnsatisfiable) === str(c.whenUnsatisfiable));
    if (dup) {
      errs.push({ type: 'FieldValueDuplicate', field: sub(p, '{topologyKey, whenUnsatisfiable}'), value: `{${str(c.topologyKey)}, ${str(c.whenUnsatisfiable)}}`, showValue: true });
    }
    if (isSet(c.minDomains)) {
      const md = int(c.minDomains) ?? 0;
      if (md <= 0) errs.push(invalid(sub(p, 'minDomains'), md, 'must be greater than zero'));
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        errs.push(invalid(sub(p, 'minDomains'), md, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${str(c.whenUnsatisfiable)}`));
      }
    }
    for (const f of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      if (isSet(c[f]) && !NODE_INCLUSION_POLICIES.includes(str(c[f]))) errs.push(notSupported(sub(p, f), c[f], NODE_INCLUSION_POLICIES));
    }
    const mlk = arr(c.matchLabelKeys);
    if (mlk.length) {
      const mp = sub(p, 'matchLabelKeys');
      const keys = new Set<string>();
      if (isObj(c.labelSelector)) {
        for (const k of Object.keys(obj(c.labelSelector.matchLabels))) keys.add(k);
        for (const e of arr(c.labelSelector.matchExpressions)) keys.add(str(obj(e).key));
      } else {
        errs.push(forbidden(mp, 'must not be specified when labelSelector is not set'));
      }
      mlk.forEach((k, j) => {
        errs.push(...validateLabelName(str(k), idx(mp, j)));
        if (keys.has(str(k))) errs.push(invalid(idx(mp, j), str(k), 'exists in both matchLabelKeys and labelSelector'));
      });
    }
    if (!allowInvalidLabelSelector) errs.push(...validateLabelSelector(c.labelSelector as any, sub(p, 'labelSelector')));
  });
  return errs;
}
