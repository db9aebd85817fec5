// Shared helpers for the CRD schema code: defensive accessors over a JSONSchemaProps that may come
// straight from a request body (any field may have the wrong JSON type), JSON value helpers with
// Go semantics (reflect.DeepEqual, json.Marshal key order, %v float printing) and safe property
// access on objects decoded from JSON (keys such as "__proto__" or "constructor" are plain data).

import type { JSONSchemaProps } from '../types/apiextensions-v1.js';
import { compareStrings } from '../validation/names.js';

export type Schema = JSONSchemaProps;
export type JsonObject = Record<string, unknown>;

export const isObject = (x: unknown): x is JsonObject => typeof x === 'object' && x !== null && !Array.isArray(x);

export const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** o[k] if k is an own property of o. */
export function own(o: unknown, k: string): unknown {
  return isObject(o) && hasOwn(o, k) ? o[k] : undefined;
}

/** Sets an own data property, also for keys like "__proto__". */
export function setOwn(o: JsonObject, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------
// Schema accessors. A JSON null counts as absent (Go decodes null into a nil pointer/slice/map).

export const asSchema = (x: unknown): Schema | undefined => (isObject(x) ? (x as Schema) : undefined);

export function sType(s: Schema): string {
  const t = own(s, 'type');
  return typeof t === 'string' ? t : '';
}

export function sString(s: Schema, k: string): string {
  const v = own(s, k);
  return typeof v === 'string' ? v : '';
}

export const sBool = (s: Schema, k: string): boolean => own(s, k) === true;

export function sNumber(s: Schema, k: string): number | undefined {
  const v = own(s, k);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** An int64 schema field (maxLength, minItems, ...): Go truncates nothing here, JSON must hold an integer. */
export function sInt(s: Schema, k: string): number | undefined {
  const v = sNumber(s, k);
  return v !== undefined && Number.isInteger(v) ? v : undefined;
}

export function sStringArray(s: Schema, k: string): string[] | undefined {
  const v = own(s, k);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** properties as [name, schema] pairs (non-object entries count as empty schemas). */
export function sProperties(s: Schema): [string, Schema][] | undefined {
  const p = own(s, 'properties');
  if (!isObject(p)) return undefined;
  return Object.keys(p).map((k) => [k, asSchema(p[k]) ?? {}]);
}

export function sProperty(s: Schema, name: string): Schema | undefined {
  const p = own(s, 'properties');
  if (!isObject(p) || !hasOwn(p, name)) return undefined;
  return asSchema(p[name]) ?? {};
}

export const sHasProperties = (s: Schema): boolean => {
  const p = own(s, 'properties');
  return isObject(p) && Object.keys(p).length > 0;
};

/** items when it is a single schema (an array of schemas is not allowed in CRDs). */
export const sItems = (s: Schema): Schema | undefined => asSchema(own(s, 'items'));

export function sItemsArray(s: Schema): Schema[] | undefined {
  const v = own(s, 'items');
  return Array.isArray(v) ? v.map((x) => asSchema(x) ?? {}) : undefined;
}

export interface SchemaOrBool {
  allows: boolean;
  schema?: Schema;
}

/** additionalProperties as Go's JSONSchemaPropsOrBool: true, false or a schema (allows=true). */
export function sAdditionalProperties(s: Schema): SchemaOrBool | undefined {
  const v = own(s, 'additionalProperties');
  if (v === true) return { allows: true };
  if (v === false) return { allows: false };
  if (isObject(v)) return { allows: true, schema: v as Schema };
  return undefined;
}

export function sSchemaList(s: Schema, k: 'allOf' | 'anyOf' | 'oneOf'): Schema[] | undefined {
  const v = own(s, k);
  return Array.isArray(v) ? v.map((x) => asSchema(x) ?? {}) : undefined;
}

/** The default value, if set (a JSON null default is no default, as in Go). */
export function sDefault(s: Schema): { value: unknown } | undefined {
  const v = own(s, 'default');
  return v === undefined || v === null ? undefined : { value: v };
}

export const sPreserveUnknown = (s: Schema | undefined): boolean => !!s && own(s, 'x-kubernetes-preserve-unknown-fields') === true;
export const sEmbedded = (s: Schema | undefined): boolean => !!s && own(s, 'x-kubernetes-embedded-resource') === true;
export const sIntOrString = (s: Schema | undefined): boolean => !!s && own(s, 'x-kubernetes-int-or-string') === true;
export const sNullable = (s: Schema | undefined): boolean => !!s && own(s, 'nullable') === true;

export function sListType(s: Schema): string | undefined {
  const v = own(s, 'x-kubernetes-list-type');
  return typeof v === 'string' ? v : undefined;
}

export function sMapType(s: Schema): string | undefined {
  const v = own(s, 'x-kubernetes-map-type');
  return typeof v === 'string' ? v : undefined;
}

// ---------------------------------------------------------------------------------------------
// Paths (k8s.io/apimachinery field.Path rendering)

export const child = (p: string, name: string): string => (p ? `${p}.${name}` : name);
export const keyPath = (p: string, k: string): string => `${p}[${k}]`;
export const indexPath = (p: string, i: number): string => `${p}[${i}]`;

// ---------------------------------------------------------------------------------------------
// JSON values with Go semantics

/** Decoded JSON numbers are int64 when integral and in range, float64 otherwise. */
export const isInt64 = (v: number): boolean => Number.isInteger(v) && Math.abs(v) <= 9223372036854775807;

/** Deep copy of a JSON value (own enumerable properties only). */
export function jsonClone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonClone);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) setOwn(out, k, jsonClone(v[k]));
    return out;
  }
  return v;
}

/** reflect.DeepEqual over decoded JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) if (!hasOwn(b, k) || !jsonEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** A copy with object keys in Go's json.Marshal order (sorted), for values printed in errors. */
export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v).sort(compareStrings)) setOwn(out, k, sortKeysDeep(v[k]));
    return out;
  }
  return v;
}

const HTML_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** Go's json.Marshal of a decoded JSON value: sorted keys, HTML-safe escaping. */
export function goJSON(v: unknown): string {
  const s = JSON.stringify(sortKeysDeep(v) ?? null) ?? 'null';
  return s.replace(/[<>&\u2028\u2029]/g, (c) => HTML_ESCAPES[c]!);
}

/** Go's %v of a float64 (strconv 'g' with the shortest representation). */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mant, expStr] = v.toExponential().split('e') as [string, string];
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) {
    const a = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
  }
  return String(v);
}

/** Go's %v of a decoded JSON number: int64 as an integer, float64 as goFloat. */
export const goNumber = (v: number): string => (isInt64(v) ? String(v) : goFloat(v));

const MAX_JSON_FLOAT = 2 ** 53;

/** go-openapi's swag.IsFloat64AJSONInteger. */
export function isFloat64AJSONInteger(f: number): boolean {
  if (Number.isNaN(f) || !Number.isFinite(f) || f < -MAX_JSON_FLOAT || f > MAX_JSON_FLOAT) return false;
  if (Number.isInteger(f)) return true;
  if (f < 0) return false; // uint64(f) of a negative float is far off on amd64
  const g = Math.trunc(f);
  const diff = Math.abs(f - g);
  if (g === 0) return diff < 1e-9 * Number.MIN_VALUE;
  return diff / Math.min(f + g, Number.MAX_VALUE) < 1e-9;
}

/** UTF-8 length of a string in bytes. */
export function utf8Len(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Number of code points (Go's utf8.RuneCountInString). */
export function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
