// Field selectors (?fieldSelector=): comma-separated field=value, field==value and field!=value
// terms, with upstream's escaping (\, \= \\ in values) and error texts.
import { newBadRequest } from '../errors.js';
import { compareStrings } from '../validation/names.js';

export type FieldSelectorOperator = '=' | '!=';

export interface FieldRequirement {
  readonly field: string;
  /** "==" terms are reported as "=", as upstream does. */
  readonly operator: FieldSelectorOperator;
  readonly value: string;
}

export type Fields = Readonly<Record<string, string>>;

/** Rewrites one term's field and value; may throw (e.g. a StatusError for an unsupported field). */
export type FieldTransform = (field: string, value: string) => [field: string, value: string];

export interface FieldSelectorMatcher {
  readonly requirements: readonly FieldRequirement[];
  /** A missing field reads as "", as upstream's fields.Set does. */
  matches(fields: Fields): boolean;
  empty(): boolean;
  toString(): string;
  /** The value the selector pins field to (a field=value term), if any. */
  requiresExactMatch(field: string): string | undefined;
  /** A copy with every term passed through fn (upstream's Transform, used for field label conversion). */
  transform(fn: FieldTransform): FieldSelectorMatcher;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Escapes \, ',' and '=' so a value can be written into a selector string. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * Reverses escapeFieldValue. Throws a 400 BadRequest with upstream's text on an unknown escape or
 * an unescaped ',' or '=' (upstream prints that character as its code point number).
 */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else throw newBadRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') throw newBadRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw newBadRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

class FieldSelector implements FieldSelectorMatcher {
  constructor(readonly requirements: readonly FieldRequirement[]) {}
  matches(fields: Fields): boolean {
    for (const r of this.requirements) {
      const v = fields && hasOwn(fields, r.field) ? fields[r.field] : '';
      if ((v === r.value) !== (r.operator === '=')) return false;
    }
    return true;
  }
  empty(): boolean {
    return this.requirements.length === 0;
  }
  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }
  requiresExactMatch(field: string): string | undefined {
    for (const r of this.requirements) if (r.operator === '=' && r.field === field) return r.value;
    return undefined;
  }
  transform(fn: FieldTransform): FieldSelectorMatcher {
    return new FieldSelector(
      this.requirements.map((r) => {
        const [field, value] = fn(r.field, r.value);
        return { field, operator: r.operator, value };
      }),
    );
  }
}

const EVERYTHING: FieldSelectorMatcher = Object.freeze(new FieldSelector(Object.freeze([])));

export const everythingFields = (): FieldSelectorMatcher => EVERYTHING;

/** A selector requiring field=value for every entry (upstream's SelectorFromSet). */
export function fieldSelectorFromSet(set: Fields | null | undefined): FieldSelectorMatcher {
  if (!set) return EVERYTHING;
  return new FieldSelector(Object.keys(set).map((k) => ({ field: k, operator: '=' as const, value: set[k]! })));
}

/** A selector with the single term field=value. */
export const oneTermEqualSelector = (field: string, value: string): FieldSelectorMatcher =>
  new FieldSelector([{ field, operator: '=', value }]);

/** Splits on commas that are not backslash-escaped; the escapes stay in the terms. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const TERM_OPERATORS = ['!=', '==', '='] as const;

/** The first operator occurrence splits a term; the field part has no escaping. */
function splitTerm(term: string): [string, (typeof TERM_OPERATORS)[number], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/**
 * Parses a field selector string. The empty string selects everything. Terms are kept in the
 * order upstream keeps them (sorted by their text). Throws a 400 BadRequest StatusError with
 * upstream's message on a malformed term.
 */
export function parseFieldSelector(s: string): FieldSelectorMatcher {
  const parts = splitTerms(s).sort(compareStrings);
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw newBadRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    const [field, op, raw] = t;
    reqs.push({ field, operator: op === '!=' ? '!=' : '=', value: unescapeFieldValue(raw) });
  }
  return reqs.length === 0 ? EVERYTHING : new FieldSelector(reqs);
}
