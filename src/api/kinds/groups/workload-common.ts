// Checks shared by the workload kinds (apps/v1, batch/v1, policy/v1): IntOrString percentages,
// label selectors with upstream's extra rules, and status counters.
import { invalid, required, type FieldError } from '../../field-errors.js';
import { validateLabelSelector, type LabelSelector } from '../../meta/labels.js';
import { isValidPercent } from '../../validation/names.js';
import { goIntOrString, goLabelSelector } from './go-format.js';
import { arr, has, invalidGo, isNum, nonNegative, obj } from './util.js';

/** ValidatePositiveIntOrPercent: a non-negative int, or a percent string. */
export function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalidGo(path, v, goIntOrString(v), m));
  return nonNegative(v, path);
}

function percentValue(v: unknown): number | undefined {
  if (typeof v !== 'string' || isValidPercent(v).length > 0) return undefined;
  const n = Number(v.slice(0, -1));
  return Number.isSafeInteger(n) ? n : 0;
}

/** getIntOrPercentValue: the percent number, or the int (a non-numeric string reads as 0). */
export function intOrPercentValue(v: unknown): number {
  const p = percentValue(v);
  if (p !== undefined) return p;
  if (typeof v === 'string') return /^[+-]?[0-9]+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : 0;
  return isNum(v) ? v : 0;
}

/** IsNotMoreThan100Percent. */
export function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  const p = percentValue(v);
  return p !== undefined && p > 100 ? [invalidGo(path, v, goIntOrString(v), 'must not be greater than 100%')] : [];
}

const selectorSize = (sel: unknown): number => Object.keys(obj(obj(sel).matchLabels)).length + arr(obj(sel).matchExpressions).length;

/**
 * A required workload selector: "Required value" when missing, the label selector rules, and
 * "empty selector is invalid for <what>" when it selects everything.
 */
export function validateRequiredSelector(sel: unknown, path: string, what: string): FieldError[] {
  if (!has(sel)) return [required(path)];
  const errs = validateLabelSelector(sel as LabelSelector, path);
  if (selectorSize(sel) === 0) errs.push(invalidGo(path, sel, goLabelSelector(sel), `empty selector is invalid for ${what}`));
  return errs;
}

export const selectorIsEmpty = (sel: unknown): boolean => has(sel) && selectorSize(sel) === 0;

/** Non-negative counters of a status, and "cannot be greater than status.replicas" style bounds. */
export function nonNegativeFields(o: Record<string, unknown>, path: string, fields: readonly string[]): FieldError[] {
  return fields.flatMap((f) => nonNegative(o[f], `${path}.${f}`));
}

export function notGreaterThan(o: Record<string, unknown>, path: string, field: string, limitField: string, detail: string): FieldError[] {
  const v = o[field];
  const lim = o[limitField];
  const a = isNum(v) ? v : 0;
  const b = isNum(lim) ? lim : 0;
  return a > b ? [invalid(`${path}.${field}`, a, detail)] : [];
}

/** "status.collisionCount: Invalid value: N: cannot be decremented". */
export function collisionCountDecrement(status: unknown, oldStatus: unknown): FieldError[] {
  const n = obj(status).collisionCount;
  const o = obj(oldStatus).collisionCount;
  if (!isNum(o)) return [];
  const nv = isNum(n) ? n : undefined;
  if (nv === undefined || nv < o) return [invalid('status.collisionCount', nv ?? 0, 'cannot be decremented')];
  return [];
}
