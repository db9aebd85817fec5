// Small helpers shared by the core/v1 validators: defensive readers for plain JSON, Go-style value
// printing for error messages, path building and the semantic equality upstream uses on updates.
import { invalid, type FieldError } from '../../field-errors.js';
import { goQuote, goStringSlice } from '../../validation/names.js';

export type Obj = Record<string, any>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The object at v, or an empty one (never mutated by callers that only read). */
export const obj = (v: unknown): Obj => (isObj(v) ? v : {});
export const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
/** A string field: strings as they are, absent as "", anything else as its text. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
export const isSet = (v: unknown): boolean => v !== undefined && v !== null;
/** A string map's keys in Go's sorted order. */
export const sortedKeys = (m: Obj): string[] => Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Whether validate() sees a new object: the registry runs validate on creates and updates alike,
 * and only updates carry a resourceVersion by then.
 */
export const isCreate = (o: { metadata?: unknown }): boolean => !obj(o.metadata).resourceVersion;

/** Child and index path segments. */
export const sub = (p: string, name: string): string => (p ? `${p}.${name}` : name);
export const idx = (p: string, i: number): string => `${p}[${i}]`;
export const key = (p: string, k: string): string => `${p}[${k}]`;

/**
 * A value printed as Go prints it (%v of a Stringer, %#v of a struct), not as JSON. formatValue in
 * field-errors prints objects with JSON.stringify and falls back to String() when that throws, so a
 * GoValue declines JSON and is shown through toString.
 */
export class GoValue {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  toJSON(): never {
    throw new TypeError('a GoValue prints through toString');
  }
}

/** Invalid, with the value printed as Go prints it. */
export function invalidGo(path: string, value: unknown, printed: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: path, value, detail: detail ? `${printed}: ${detail}` : printed, showValue: false };
}

/** Go's %#v of a map[string]string: keys sorted. */
export function goStringMap(m: unknown): string {
  if (!isObj(m)) return 'map[string]string(nil)';
  return `map[string]string{${sortedKeys(m)
    .map((k) => `${goQuote(k)}:${goQuote(str(m[k]))}`)
    .join(', ')}}`;
}

export { goQuote, goStringSlice };

/** Invalid with a []string value (printed []string{"a", "b"}). */
export const invalidStrings = (path: string, values: unknown, detail: string): FieldError =>
  invalidGo(path, values, goStringSlice(Array.isArray(values) ? values.map(str) : null), detail);

/** Push one Invalid error per message. */
export function pushMsgs(errs: FieldError[], path: string, value: unknown, msgs: readonly string[]): void {
  for (const m of msgs) errs.push(invalid(path, value, m));
}

/** A JSON number field that must be an integer; undefined when absent or not a number. */
export const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Whether a JSON value equals the zero value Go would decode an absent field to. */
function isZeroValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) return Object.keys(v).every((k) => isZeroValue(v[k]));
  return false;
}

/**
 * Semantic equality of two JSON values as upstream compares decoded structs: absent, null and
 * zero values are alike, and empty and absent lists or maps are alike. (Quantities are canonical by
 * the time updates are compared: the defaults rewrite them.)
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isZeroValue(a) && isZeroValue(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** A short line-by-line diff of two JSON values (upstream prints a Go struct diff here). */
export function jsonDiff(oldV: unknown, newV: unknown, typeName: string): string {
  const lines: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (semanticEqual(a, b)) return;
    if (isObj(a) && isObj(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], path ? `${path}.${k}` : k);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((x, i) => walk(x, b[i], `${path}[${i}]`));
      return;
    }
    lines.push(`- \t${path}: ${JSON.stringify(a ?? null)},`, `+ \t${path}: ${JSON.stringify(b ?? null)},`);
  };
  walk(oldV, newV, '');
  return `  ${typeName}{\n${lines.join('\n')}\n  }\n`;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX: ReadonlyMap<string, number> = new Map([...B64].map((c, i) => [c, i]));

/** Bytes of a base64 (standard alphabet) string; characters outside the alphabet are skipped. */
export function base64Decode(s: string): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of s) {
    const v = B64_INDEX.get(ch);
    if (v === undefined) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** Standard base64 of bytes. */
export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += B64[b0 >> 2]! + B64[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    out += b1 === undefined ? '=' : B64[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    out += b2 === undefined ? '=' : B64[b2 & 63]!;
  }
  return out;
}

/** Immutable-field check (ValidateImmutableField): Invalid with the new value. */
export const immutableField = (path: string, next: unknown, prev: unknown): FieldError[] =>
  semanticEqual(next, prev) ? [] : [invalid(path, next ?? null, 'field is immutable')];
