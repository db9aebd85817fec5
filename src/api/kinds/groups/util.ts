// Small helpers shared by the named-group kinds: safe readers over decoded JSON, the common
// numeric checks, immutability and upstream's "semantic" equality.
import { invalid, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { isDNS1123Subdomain, regexError } from '../../validation/names.js';
import { FIELD_IMMUTABLE_ERROR_MSG } from '../../validation/object-meta.js';

export type Obj = Record<string, any>;

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
/** v when it is an object, else an empty (throw-away) object. */
export const obj = (v: unknown): Obj => (isObj(v) ? v : {});
/** v when it is an array, else an empty array. */
export const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** A number field read as Go reads an int (absent is 0). */
export const int = (v: unknown): number => (isNum(v) ? v : 0);
export const has = (v: unknown): boolean => v !== undefined && v !== null;

/** The child object at key, created when missing (for defaulting). */
export function child(parent: Obj, key: string): Obj {
  if (!isObj(parent[key])) parent[key] = {};
  return parent[key] as Obj;
}

export const sub = (p: string, name: string): string => (p ? `${p}.${name}` : name);

export const NEGATIVE_MSG = 'must be greater than or equal to 0';

/** ValidateNonnegativeField. */
export function nonNegative(value: unknown, path: string): FieldError[] {
  return isNum(value) && value < 0 ? [invalid(path, value, NEGATIVE_MSG)] : [];
}

/** Like nonNegative, for an optional field (absent and null are fine). */
export function optNonNegative(value: unknown, path: string): FieldError[] {
  return has(value) ? nonNegative(value, path) : [];
}

/**
 * True when the object being validated is an update: the registry only lets objects without a
 * resourceVersion be created, and fills in the stored one on update.
 */
export function isUpdate(o: KObj): boolean {
  const rv = obj(o.metadata).resourceVersion;
  return typeof rv === 'string' && rv !== '';
}

const isEmptyish = (v: unknown): boolean =>
  v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);

/**
 * Upstream's apiequality.Semantic.DeepEqual over JSON values: absent, null, empty lists and empty
 * maps are the same; everything else compares structurally.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmptyish(a) && isEmptyish(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

/**
 * An Invalid error whose value is printed as Go prints it (%#v of an internal struct, a map,
 * ...). The value stays on the error; the printed form travels in the detail.
 */
export function invalidGo(path: string, value: unknown, printed: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: path, value, detail: detail ? `${printed}: ${detail}` : printed, showValue: false };
}

/**
 * A value that prints as the given Go text inside an error body (used where the error type
 * always prints its value, such as Unsupported value). Serialising it to JSON fails on purpose,
 * which makes the error formatter fall back to the text.
 */
export class GoText {
  constructor(readonly text: string) {}
  toJSON(): never {
    throw new TypeError('GoText is printed, not serialised');
  }
  toString(): string {
    return this.text;
  }
}

/** ValidateImmutableField with a value that prints like a plain JSON value. */
export function immutable(newV: unknown, oldV: unknown, path: string): FieldError[] {
  if (semanticEqual(newV, oldV)) return [];
  return [invalid(path, newV === undefined ? null : newV, FIELD_IMMUTABLE_ERROR_MSG)];
}

/** ValidateImmutableField where the new value is printed as Go text. */
export function immutableGo(newV: unknown, oldV: unknown, path: string, printed: string): FieldError[] {
  if (semanticEqual(newV, oldV)) return [];
  return [invalidGo(path, newV, printed, FIELD_IMMUTABLE_ERROR_MSG)];
}

/** How Go prints a nil pointer passed as a bad value: the quoted string "null". */
export const GO_NULL = '"null"';

// ---------------------------------------------------------------------------------------------
// metav1.Condition lists (ValidateConditions)

const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const REASON_RE = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;
const REASON_ERR =
  "a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'";

export function validateConditions(conditions: unknown, path: string, validateName: (n: string, p: string) => FieldError[]): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  arr(conditions).forEach((c, i) => {
    const cp = `${path}[${i}]`;
    const cond = obj(c);
    const type = str(cond.type);
    if (seen.has(type)) errs.push({ type: 'FieldValueDuplicate', field: `${cp}.type`, value: type, showValue: true });
    seen.add(type);
    errs.push(...validateName(type, `${cp}.type`));
    const status = str(cond.status);
    if (!CONDITION_STATUSES.includes(status)) {
      errs.push({ type: 'FieldValueNotSupported', field: `${cp}.status`, value: status, showValue: true, detail: `supported values: ${CONDITION_STATUSES.map((s) => JSON.stringify(s)).join(', ')}` });
    }
    if (isNum(cond.observedGeneration) && cond.observedGeneration < 0) {
      errs.push(invalid(`${cp}.observedGeneration`, cond.observedGeneration, 'must be greater than or equal to zero'));
    }
    if (!str(cond.lastTransitionTime)) errs.push({ type: 'FieldValueRequired', field: `${cp}.lastTransitionTime`, detail: 'must be set' });
    const reason = str(cond.reason);
    if (reason.length === 0) errs.push({ type: 'FieldValueRequired', field: `${cp}.reason`, detail: 'must be set' });
    else {
      if (!REASON_RE.test(reason)) errs.push(invalid(`${cp}.reason`, reason, REASON_ERR));
      if (reason.length > 1024) errs.push({ type: 'FieldValueTooLong', field: `${cp}.reason`, showValue: false, detail: 'may not be more than 1024 bytes' });
    }
    if (str(cond.message).length > 32768) {
      errs.push({ type: 'FieldValueTooLong', field: `${cp}.message`, showValue: false, detail: 'may not be more than 32768 bytes' });
    }
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Domain-prefixed paths ("example.com/foo"), as IngressClass controllers and Job managedBy use.

const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const HTTP_PATH_RE = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

/** IsDomainPrefixedPath. */
export function validateDomainPrefixedPath(value: string, path: string): FieldError[] {
  if (value.length === 0) return [{ type: 'FieldValueRequired', field: path }];
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const rest = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || host.length === 0 || rest.length === 0) {
    return [invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  const errs = isDNS1123Subdomain(host).map((m) => invalid(path, host, m));
  if (!HTTP_PATH_RE.test(rest)) errs.push(invalid(path, rest, regexError('Invalid path', HTTP_PATH_FMT)));
  return errs;
}
