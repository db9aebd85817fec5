// LimitRange: container defaults (default from max, defaultRequest from default and min), type
// and resource names, and min ≤ defaultRequest ≤ default ≤ max with the ratio rules.
import { forbidden, invalid, required, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { isQualifiedName } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { compareQuantity, formatQuantity, quantityOf, scaledValue, type Quantity } from './quantity.js';
import { defaultResourceList, invalidQuantity, isOvercommitAllowed, resourceEntries, validateContainerResourceName, validateResourceName } from './resources.js';
import { arr, idx, isObj, key, obj, str } from './util.js';

const STANDARD_LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);
const LISTS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

function validateLimitRangeTypeName(type: string, path: string): FieldError[] {
  const errs = isQualifiedName(type).map((m) => invalid(path, type, m));
  if (errs.length) return errs;
  if (!type.includes('/') && !STANDARD_LIMIT_TYPES.has(type)) errs.push(invalid(path, type, 'must be a standard limit type or fully qualified'));
  return errs;
}

const resourceNameFor = (type: string) => (type === 'Pod' || type === 'Container' ? validateContainerResourceName : validateResourceName);

/** Go's %f. */
const goFloat = (n: number) => (Number.isFinite(n) ? n.toFixed(6) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

/** Upstream ValidateLimitRange (ObjectMeta is validated by the registry). */
export function validateLimitRange(lr: KObj): FieldError[] {
  const errs: FieldError[] = [];
  const types = new Set<string>();
  arr(obj(lr.spec).limits).forEach((raw, i) => {
    const limit = obj(raw);
    const p = idx('spec.limits', i);
    const type = str(limit.type);
    errs.push(...validateLimitRangeTypeName(type, `${p}.type`));
    if (types.has(type)) errs.push({ type: 'FieldValueDuplicate', field: `${p}.type`, value: type, showValue: true });
    types.add(type);
    const nameFn = resourceNameFor(type);
    const lists: Record<string, Map<string, Quantity>> = {};
    const keys = new Set<string>();
    const collect = (f: (typeof LISTS)[number]) => {
      lists[f] = new Map();
      for (const [k, q] of resourceEntries(limit[f])) {
        errs.push(...nameFn(k, key(`${p}.${f}`, k)));
        keys.add(k);
        lists[f]!.set(k, q);
      }
    };
    collect('max');
    collect('min');
    if (type === 'Pod') {
      lists.default = new Map();
      lists.defaultRequest = new Map();
      if (Object.keys(obj(limit.default)).length) errs.push(forbidden(`${p}.default`, "may not be specified when `type` is 'Pod'"));
      if (Object.keys(obj(limit.defaultRequest)).length) errs.push(forbidden(`${p}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
    } else {
      collect('default');
      collect('defaultRequest');
    }
    if (type === 'PersistentVolumeClaim' && !('storage' in obj(limit.min)) && !('storage' in obj(limit.max))) {
      errs.push(required(`${p}.limits`, 'either minimum or maximum storage value is required, but neither was provided'));
    }
    collect('maxLimitRequestRatio');
    const fmt = formatQuantity;
    for (const k of [...keys].sort()) {
      const min = lists.min!.get(k);
      const max = lists.max!.get(k);
      const def = lists.default!.get(k);
      const defReq = lists.defaultRequest!.get(k);
      const ratio = lists.maxLimitRequestRatio!.get(k);
      if (min && max && compareQuantity(min, max) > 0) errs.push(invalidQuantity(key(`${p}.min`, k), min, `min value ${fmt(min)} is greater than max value ${fmt(max)}`));
      if (defReq && min && compareQuantity(min, defReq) > 0) {
        errs.push(invalidQuantity(key(`${p}.defaultRequest`, k), defReq, `min value ${fmt(min)} is greater than default request value ${fmt(defReq)}`));
      }
      if (defReq && max && compareQuantity(defReq, max) > 0) {
        errs.push(invalidQuantity(key(`${p}.defaultRequest`, k), defReq, `default request value ${fmt(defReq)} is greater than max value ${fmt(max)}`));
      }
      if (defReq && def && compareQuantity(defReq, def) > 0) {
        errs.push(invalidQuantity(key(`${p}.defaultRequest`, k), defReq, `default request value ${fmt(defReq)} is greater than default limit value ${fmt(def)}`));
      }
      if (def && min && compareQuantity(min, def) > 0) errs.push(invalidQuantity(key(`${p}.default`, k), min, `min value ${fmt(min)} is greater than default value ${fmt(def)}`));
      if (def && max && compareQuantity(def, max) > 0) errs.push(invalidQuantity(key(`${p}.default`, k), max, `default value ${fmt(def)} is greater than max value ${fmt(max)}`));
      if (ratio && compareQuantity(ratio, quantityOf(1)) < 0) errs.push(invalidQuantity(key(`${p}.maxLimitRequestRatio`, k), ratio, `ratio ${fmt(ratio)} is less than 1`));
      if (ratio && min && max) {
        const MAX_MILLI = 2n ** 63n / 1000n;
        let r = Number(scaledValue(ratio, 0));
        let lo = Number(scaledValue(min, 0));
        let hi = Number(scaledValue(max, 0));
        if (scaledValue(ratio, 0) < MAX_MILLI && scaledValue(min, 0) < MAX_MILLI && scaledValue(max, 0) < MAX_MILLI) {
          r = Number(scaledValue(ratio, -3)) / 1000;
          lo = Number(scaledValue(min, -3));
          hi = Number(scaledValue(max, -3));
        }
        const limitRatio = hi / lo;
        if (r > limitRatio) {
          errs.push(invalidQuantity(key(`${p}.maxLimitRequestRatio`, k), ratio, `ratio ${fmt(ratio)} is greater than max/min = ${goFloat(limitRatio)}`));
        }
      }
      if (!isOvercommitAllowed(k) && def && defReq && compareQuantity(def, defReq) !== 0) {
        errs.push(invalidQuantity(key(`${p}.defaultRequest`, k), defReq, `default value ${fmt(def)} must equal to defaultRequest value ${fmt(defReq)} in ${k}`));
      }
    }
  });
  return errs;
}

/** SetDefaults_LimitRangeItem (container defaults) and the resource lists. */
export function defaultLimitRange(lr: KObj): void {
  for (const item of arr(obj(lr.spec).limits)) {
    if (!isObj(item)) continue;
    for (const f of LISTS) defaultResourceList(item[f]);
    if (item.type !== 'Container') continue;
    const def: Record<string, unknown> = { ...obj(item.default) };
    const defReq: Record<string, unknown> = { ...obj(item.defaultRequest) };
    for (const [k, v] of Object.entries(obj(item.max))) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(obj(item.min))) if (!(k in defReq)) defReq[k] = v;
    // Empty maps are left out, as upstream's JSON omits them.
    if (Object.keys(def).length) item.default = def;
    if (Object.keys(defReq).length) item.defaultRequest = defReq;
  }
}

export const limitRangeStrategy: StrategyOverrides = {
  defaults: defaultLimitRange,
  validate: validateLimitRange,
};
