// Label selectors: the string syntax of ?labelSelector= (parsed the way upstream's labels.Parse does,
// including its error texts), the metav1.LabelSelector object form, and their validation.
import { newBadRequest, StatusError } from '../errors.js';
import { forbidden, invalid, required, type FieldError, type FieldPath } from '../field-errors.js';
import { compareStrings, goQuote, goStringSlice, isQualifiedName, isValidLabelValue } from '../validation/names.js';

/** Requirement operators, spelled as upstream's selection.Operator values. */
export type SelectorOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  /** Parsed selectors hold set-based values sorted and de-duplicated; object selectors keep their order. */
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>>;

export interface LabelSelectorMatcher {
  /** ANDed requirements, sorted by key. */
  readonly requirements: readonly LabelRequirement[];
  /** False only for the selector that matches nothing (a null metav1.LabelSelector). */
  readonly selectable: boolean;
  matches(labels: Labels | undefined | null): boolean;
  /** True when the selector does not restrict anything (it matches every object). */
  empty(): boolean;
  toString(): string;
  /** The value a selector requires for key (key=v, key==v or key in (v)), if it pins one. */
  requiresExactMatch(key: string): string | undefined;
}

/** metav1.LabelSelector */
export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

/** metav1.LabelSelectorRequirement */
export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[] | null;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

// ---------------------------------------------------------------------------------------------
// Matching

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64); undefined when s is not a base-10 int64. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

function requirementMatches(r: LabelRequirement, labels: Labels): boolean {
  const has = hasOwn(labels, r.key);
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(labels[r.key]!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(labels[r.key]!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const v = parseInt64(labels[r.key]!);
      const want = parseInt64(r.values[0]!);
      if (v === undefined || want === undefined) return false;
      return r.operator === 'gt' ? v > want : v < want;
    }
  }
}

const OP_TEXT: Record<SelectorOperator, string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

function requirementString(r: LabelRequirement): string {
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return `!${r.key}`;
  const vals = r.values.length === 1 ? r.values[0]! : [...r.values].sort(compareStrings).join(',');
  const set = r.operator === 'in' || r.operator === 'notin';
  return `${r.key}${OP_TEXT[r.operator]}${set ? `(${vals})` : vals}`;
}

class Selector implements LabelSelectorMatcher {
  constructor(
    readonly requirements: readonly LabelRequirement[],
    readonly selectable = true,
  ) {}
  matches(labels: Labels | undefined | null): boolean {
    if (!this.selectable) return false;
    const ls = labels ?? {};
    for (const r of this.requirements) if (!requirementMatches(r, ls)) return false;
    return true;
  }
  empty(): boolean {
    return this.selectable && this.requirements.length === 0;
  }
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
  requiresExactMatch(key: string): string | undefined {
    for (const r of this.requirements) {
      if (r.key !== key) continue;
      if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0];
      return undefined;
    }
    return undefined;
  }
}

const sortByKey = (reqs: LabelRequirement[]) => reqs.sort((a, b) => compareStrings(a.key, b.key));

const EVERYTHING: LabelSelectorMatcher = Object.freeze(new Selector(Object.freeze([])));
const NOTHING: LabelSelectorMatcher = Object.freeze(new Selector(Object.freeze([]), false));

/** The selector that matches every object. */
export const everything = (): LabelSelectorMatcher => EVERYTHING;
/** The selector that matches no object (what a null metav1.LabelSelector means). */
export const nothing = (): LabelSelectorMatcher => NOTHING;

/** A selector requiring exactly the given labels (no validation, as upstream's SelectorFromSet). */
export function selectorFromSet(set: Labels | null | undefined): LabelSelectorMatcher {
  if (!set) return EVERYTHING;
  const reqs: LabelRequirement[] = Object.keys(set).map((k) => ({ key: k, operator: '=', values: [set[k]!] }));
  if (reqs.length === 0) return EVERYTHING;
  return new Selector(sortByKey(reqs));
}

// ---------------------------------------------------------------------------------------------
// Requirement construction with upstream's checks (labels.NewRequirement). Errors are rendered as
// Go's field.Error strings; a null path is Go's nil *field.Path, which prints as "<nil>".

type GoValue = { s: string } | { slice: readonly string[] | null };

function errText(field: string, value: GoValue, detail: string): string {
  const v = 's' in value ? goQuote(value.s) : goStringSlice(value.slice);
  return `${field}: Invalid value: ${v}: ${detail}`;
}

const child = (path: string | null, name: string) => (path === null || path === '' ? name : `${path}.${name}`);

/** Go's aggregate error text: one message as is, several de-duplicated inside brackets. */
function aggregate(msgs: string[]): string {
  const uniq = [...new Set(msgs)];
  return uniq.length === 1 ? uniq[0]! : `[${uniq.join(', ')}]`;
}

function labelKeyError(key: string, field: string): string | undefined {
  const errs = isQualifiedName(key);
  return errs.length ? errText(field, { s: key }, errs.join('; ')) : undefined;
}

/** Returns the error text (or undefined) of upstream's NewRequirement for these arguments. */
function checkRequirement(key: string, op: SelectorOperator, vals: readonly string[] | null, path: string | null): string | undefined {
  const errs: string[] = [];
  const keyErr = labelKeyError(key, child(path, 'key'));
  if (keyErr) errs.push(keyErr);
  const valuePath = child(path, 'values');
  const n = vals?.length ?? 0;
  switch (op) {
    case 'in':
    case 'notin':
      if (n === 0) errs.push(errText(valuePath, { slice: vals }, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (n !== 1) errs.push(errText(valuePath, { slice: vals }, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (n !== 0) errs.push(errText(valuePath, { slice: vals }, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (n !== 1) errs.push(errText(valuePath, { slice: vals }, "for 'Gt', 'Lt' operators, exactly one value is required"));
      (vals ?? []).forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(errText(`${valuePath}[${i}]`, { s: v }, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
  }
  (vals ?? []).forEach((v, i) => {
    const ve = isValidLabelValue(v);
    if (ve.length) errs.push(errText(`${valuePath}[${i}][${key}]`, { s: v }, ve.join('; ')));
  });
  return errs.length ? aggregate(errs) : undefined;
}

// ---------------------------------------------------------------------------------------------
// The string syntax

const enum Tok {
  Error,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const LITERAL_TOKENS: ReadonlyMap<string, Tok> = new Map([
  [')', Tok.ClosedPar],
  [',', Tok.Comma],
  ['!', Tok.DoesNotExist],
  ['==', Tok.DoubleEquals],
  ['=', Tok.Equals],
  ['>', Tok.GreaterThan],
  ['in', Tok.In],
  ['<', Tok.LessThan],
  ['!=', Tok.NotEquals],
  ['notin', Tok.NotIn],
  ['(', Tok.OpenPar],
]);

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) => ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';

interface Item {
  tok: Tok;
  lit: string;
}

/**
 * Splits a selector into tokens. Like upstream's byte lexer, a NUL character reads as the end of
 * input: where a token would start it ends the scan, and inside a token it ends that token.
 */
function lex(s: string): Item[] {
  let pos = 0;
  const read = (): string => {
    if (pos < s.length) return s[pos++]!;
    return '\0';
  };
  const items: Item[] = [];
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    if (ch === '\0') {
      items.push({ tok: Tok.EndOfString, lit: '' });
      return items;
    }
    pos--;
    if (isSpecial(ch)) {
      let buf = '';
      let last: Item | undefined;
      for (;;) {
        const c = read();
        if (c === '\0') break;
        if (!isSpecial(c)) {
          pos--;
          break;
        }
        buf += c;
        const t = LITERAL_TOKENS.get(buf);
        if (t !== undefined) last = { tok: t, lit: buf };
        else if (last) {
          pos--;
          break;
        }
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buf}'` });
    } else {
      const start = pos;
      let end = -1;
      while (pos < s.length) {
        const c = s[pos]!;
        if (c === '\0') {
          end = pos++;
          break;
        }
        if (isSpecial(c) || isWhitespace(c)) {
          end = pos;
          break;
        }
        pos++;
      }
      if (end < 0) end = pos;
      const lit = s.slice(start, end);
      items.push({ tok: LITERAL_TOKENS.get(lit) ?? Tok.Identifier, lit });
    }
  }
}

class ParseError extends Error {}

const fail = (msg: string): never => {
  throw new ParseError(msg);
};

class Parser {
  private i = 0;
  constructor(private readonly items: Item[]) {}

  /** In value position the keywords "in" and "notin" are plain identifiers. */
  private static asValue(it: Item): Item {
    return it.tok === Tok.In || it.tok === Tok.NotIn ? { tok: Tok.Identifier, lit: it.lit } : it;
  }
  private peekValue(): Item {
    return Parser.asValue(this.items[this.i]!);
  }
  private nextValue(): Item {
    return Parser.asValue(this.items[this.i++]!);
  }
  private nextRaw(): Item {
    return this.items[this.i++]!;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const it = this.peekValue();
      if (it.tok === Tok.Identifier || it.tok === Tok.DoesNotExist) {
        let r: LabelRequirement;
        try {
          r = this.requirement();
        } catch (e) {
          if (e instanceof ParseError) fail(`unable to parse requirement: ${e.message}`);
          throw e;
        }
        reqs.push(r);
        const t = this.nextValue();
        if (t.tok === Tok.EndOfString) return reqs;
        if (t.tok === Tok.Comma) {
          const n = this.peekValue();
          if (n.tok !== Tok.Identifier && n.tok !== Tok.DoesNotExist) fail(`found '${n.lit}', expected: identifier after ','`);
        } else {
          fail(`found '${t.lit}', expected: ',' or 'end of string'`);
        }
      } else if (it.tok === Tok.EndOfString) {
        return reqs;
      } else {
        fail(`found '${it.lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private requirement(): LabelRequirement {
    let op: SelectorOperator | undefined;
    let it = this.nextValue();
    if (it.tok === Tok.DoesNotExist) {
      op = '!';
      it = this.nextValue();
    }
    if (it.tok !== Tok.Identifier) fail(`found '${it.lit}', expected: identifier`);
    const key = it.lit;
    const keyErr = labelKeyError(key, '<nil>');
    if (keyErr) fail(keyErr);
    const next = this.peekValue().tok;
    if ((next === Tok.EndOfString || next === Tok.Comma) && op !== '!') op = 'exists';
    if (op === 'exists' || op === '!') return this.build(key, op, []);

    const opItem = this.nextRaw();
    switch (opItem.tok) {
      case Tok.In:
        op = 'in';
        break;
      case Tok.Equals:
        op = '=';
        break;
      case Tok.DoubleEquals:
        op = '==';
        break;
      case Tok.GreaterThan:
        op = 'gt';
        break;
      case Tok.LessThan:
        op = 'lt';
        break;
      case Tok.NotIn:
        op = 'notin';
        break;
      case Tok.NotEquals:
        op = '!=';
        break;
      default:
        return fail(`found '${opItem.lit}', expected: ${BINARY_OPERATORS}`);
    }
    const values = op === 'in' || op === 'notin' ? this.valueSet() : this.exactValue();
    return this.build(key, op, [...values].sort(compareStrings));
  }

  private build(key: string, op: SelectorOperator, values: string[]): LabelRequirement {
    const err = checkRequirement(key, op, values, null);
    if (err) fail(err);
    return { key, operator: op, values };
  }

  private valueSet(): Set<string> {
    const open = this.nextValue();
    if (open.tok !== Tok.OpenPar) fail(`found '${open.lit}' expected: '('`);
    const it = this.peekValue();
    switch (it.tok) {
      case Tok.Identifier:
      case Tok.Comma: {
        const s = this.identifierList();
        if (this.nextValue().tok !== Tok.ClosedPar) fail(`found '${it.lit}', expected: ')'`);
        return s;
      }
      case Tok.ClosedPar:
        this.nextValue();
        return new Set(['']);
      default:
        return fail(`found '${it.lit}', expected: ',', ')' or identifier`);
    }
  }

  private identifierList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const it = this.nextValue();
      if (it.tok === Tok.Identifier) {
        s.add(it.lit);
        const n = this.peekValue();
        if (n.tok === Tok.Comma) continue;
        if (n.tok === Tok.ClosedPar) return s;
        fail(`found '${n.lit}', expected: ',' or ')'`);
      } else if (it.tok === Tok.Comma) {
        if (s.size === 0) s.add(''); // "(,"
        const n = this.peekValue().tok;
        if (n === Tok.ClosedPar) {
          s.add(''); // ",)"
          return s;
        }
        if (n === Tok.Comma) s.add(''); // ",,"
      } else {
        fail(`found '${it.lit}', expected: ',', or identifier`);
      }
    }
  }

  private exactValue(): Set<string> {
    const n = this.peekValue().tok;
    if (n === Tok.EndOfString || n === Tok.Comma) return new Set(['']);
    const it = this.nextValue();
    if (it.tok === Tok.Identifier) return new Set([it.lit]);
    return fail(`found '${it.lit}', expected: identifier`);
  }
}

/**
 * Parses a label selector string (?labelSelector=). The empty string selects everything.
 * Throws a 400 BadRequest StatusError with upstream's message on a syntax or validity error.
 */
export function parseLabelSelector(s: string): LabelSelectorMatcher {
  let reqs: LabelRequirement[];
  try {
    reqs = new Parser(lex(s)).parse();
  } catch (e) {
    if (e instanceof ParseError) throw newBadRequest(e.message);
    throw e;
  }
  return reqs.length === 0 ? EVERYTHING : new Selector(sortByKey(reqs));
}

// ---------------------------------------------------------------------------------------------
// metav1.LabelSelector

const OBJECT_OPERATORS: Record<string, SelectorOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * Converts a metav1.LabelSelector (LabelSelectorAsSelector): null or undefined selects nothing, an
 * empty selector selects everything. Throws a 400 BadRequest StatusError with upstream's message
 * when a requirement is invalid.
 */
export function labelSelectorFromObject(sel: LabelSelector | null | undefined): LabelSelectorMatcher {
  if (sel == null) return NOTHING;
  const matchLabels = sel.matchLabels ?? {};
  const exprs = sel.matchExpressions ?? [];
  const labelKeys = Object.keys(matchLabels);
  if (labelKeys.length + exprs.length === 0) return EVERYTHING;
  const reqs: LabelRequirement[] = [];
  for (const k of labelKeys) {
    const v = String(matchLabels[k]);
    const err = checkRequirement(k, '=', [v], null);
    if (err) throw newBadRequest(err);
    reqs.push({ key: k, operator: '=', values: [v] });
  }
  for (const e of exprs) {
    const opName = e?.operator;
    const op = typeof opName === 'string' && hasOwn(OBJECT_OPERATORS, opName) ? OBJECT_OPERATORS[opName] : undefined;
    if (op === undefined) throw newBadRequest(`${goQuote(String(opName ?? ''))} is not a valid label selector operator`);
    const key = String(e.key ?? '');
    const values = e.values == null || e.values.length === 0 ? null : e.values.map(String);
    const err = checkRequirement(key, op, values, null);
    if (err) throw newBadRequest(err);
    reqs.push({ key, operator: op, values: values ?? [] });
  }
  return new Selector(sortByKey(reqs));
}

/** The selector's string form as upstream prints it ("app=x,tier in (a,b)"); throws like labelSelectorFromObject. */
export function labelSelectorToString(sel: LabelSelector | null | undefined): string {
  return labelSelectorFromObject(sel).toString();
}

/** Upstream's FormatLabelSelector (kubectl columns): "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(sel: LabelSelector | null | undefined): string {
  let s: string;
  try {
    s = labelSelectorToString(sel);
  } catch (e) {
    if (e instanceof StatusError) return '<error>';
    throw e;
  }
  return s.length === 0 ? '<none>' : s;
}

// ---------------------------------------------------------------------------------------------
// Validation (k8s.io/apimachinery/pkg/apis/meta/v1/validation)

type P = FieldPath | string;
const str = (p: P) => (typeof p === 'string' ? p : p.toString());
const sub = (p: string, name: string) => (p ? `${p}.${name}` : name);

/** A label key (or other qualified name); errors are reported on path itself. */
export function validateLabelName(name: string, path: P): FieldError[] {
  return isQualifiedName(name).map((m) => invalid(path, name, m));
}

/** A label map; key and value errors are reported on path itself, as upstream does. */
export function validateLabels(labels: Record<string, string> | null | undefined, path: P): FieldError[] {
  const errs: FieldError[] = [];
  if (labels == null || typeof labels !== 'object') return errs;
  for (const k of Object.keys(labels)) {
    errs.push(...validateLabelName(k, path));
    const v = labels[k];
    if (typeof v === 'string') for (const m of isValidLabelValue(v)) errs.push(invalid(path, v, m));
  }
  return errs;
}

export interface LabelSelectorValidationOptions {
  /** Skip value checks in matchExpressions (upstream allows this when updating objects already stored). */
  allowInvalidLabelValueInSelector?: boolean;
}

/** ValidateLabelSelector: a null selector is valid. */
export function validateLabelSelector(
  sel: LabelSelector | null | undefined,
  path: P,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  if (sel == null) return errs;
  const base = str(path);
  errs.push(...validateLabels(sel.matchLabels, sub(base, 'matchLabels')));
  (sel.matchExpressions ?? []).forEach((e, i) => {
    errs.push(...validateLabelSelectorRequirement(e, `${sub(base, 'matchExpressions')}[${i}]`, opts));
  });
  return errs;
}

export function validateLabelSelectorRequirement(
  r: LabelSelectorRequirement,
  path: P,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  const base = str(path);
  const values = r?.values ?? [];
  switch (r?.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(sub(base, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(forbidden(sub(base, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      break;
    default:
      errs.push(invalid(sub(base, 'operator'), r?.operator ?? '', 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(String(r?.key ?? ''), sub(base, 'key')));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      for (const m of isValidLabelValue(String(v))) errs.push(invalid(`${sub(base, 'values')}[${i}]`, v, m));
    });
  }
  return errs;
}
