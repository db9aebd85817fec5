// x-kubernetes-validations: the CEL rules of a CRD version's schema (upstream: apiextensions'
// schema/cel Validator). Each rule is compiled once; a write evaluates the rules of every schema
// node the object has a value at, with `self` the value and, for transition rules, `oldSelf` the
// stored value at the same place (object properties, map keys and x-kubernetes-list-type=map
// items by key; a rule using oldSelf is skipped where there is none). A rule that is false gives
// its message (messageExpression, message, or "failed rule: RULE") at its fieldPath with its
// reason; an evaluation error reads "ERROR evaluating rule: RULE". On an update, a value equal to
// the stored one passes rules that do not use oldSelf (upstream's validation ratcheting).
import { isCelError, type CelInput } from '@bufbuild/cel';
import { duplicate, forbidden, invalid, required, type FieldError } from '../../field-errors.js';
import { child, indexPath, isObject, jsonEqual, keyPath, own, sAdditionalProperties, sItems, sListType, sProperty, sType, type Schema } from '../schema-util.js';
import { rulesOf } from './has-rules.js';
import { compileCel, evalErrorText, evaluateSafely, usesVariable, type Compiled, type Program, type Shape } from '../../cel/compile.js';
import { VALIDATION_ENV } from '../../cel/library.js';
import { rootToCel, toCel } from './values.js';

type Obj = Record<string, unknown>;

interface CompiledRule {
  readonly rule: string;
  readonly message?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
  readonly program?: Program;
  readonly messageProgram?: Program;
  readonly compileError?: string;
  readonly usesOldSelf: boolean;
}

/** The variables of a validation rule (their types come from the schema at evaluation). */
const RULE_VARIABLES: ReadonlyMap<string, Shape> = new Map([
  ['self', 'dyn'],
  ['oldSelf', 'dyn'],
]);

/** A compiled rule or messageExpression, or why it does not compile (cel-go's issue text). */
export function compileExpression(text: string): Compiled | { error: string } {
  const c = compileCel(text, { env: VALIDATION_ENV, variables: RULE_VARIABLES });
  return 'detail' in c ? { error: c.detail } : c;
}

function compileRule(r: Obj): CompiledRule {
  const rule = typeof r.rule === 'string' ? r.rule : '';
  const base = {
    rule,
    ...(typeof r.message === 'string' && r.message ? { message: r.message } : {}),
    ...(typeof r.reason === 'string' && r.reason ? { reason: r.reason } : {}),
    ...(typeof r.fieldPath === 'string' && r.fieldPath ? { fieldPath: r.fieldPath } : {}),
  };
  const compiled = compileExpression(rule);
  if ('error' in compiled) return { ...base, compileError: compiled.error, usesOldSelf: false };
  const message = typeof r.messageExpression === 'string' && r.messageExpression ? compileExpression(r.messageExpression) : undefined;
  return {
    ...base,
    program: compiled.program,
    ...(message && 'program' in message ? { messageProgram: message.program } : {}),
    usesOldSelf: usesVariable(compiled.parsed, 'oldSelf'),
  };
}

/** upstream's ruleErrorString: the message when there is one, else the rule. */
const ruleShown = (r: CompiledRule): string => (r.message ?? r.rule).trim();

/** A rule's fieldPath (".spec.x", "['key']") appended to the node's path. */
function withFieldPath(path: string, fieldPath: string | undefined): string {
  let out = path;
  for (const m of (fieldPath ?? '').matchAll(/\.([^.[\]]+)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]/g)) {
    out = child(out, m[1] ?? m[2]!.replace(/\\(.)/g, '$1'));
  }
  return out;
}

function messageFrom(r: CompiledRule, ctx: Record<string, CelInput>): string {
  if (r.messageProgram) {
    const out = evaluateSafely(r.messageProgram, ctx);
    if (typeof out === 'string') {
      const trimmed = out.trim();
      if (trimmed && !trimmed.includes('\n') && trimmed.length <= 5120) return trimmed;
    }
  }
  return r.message ? r.message.trim() : `failed rule: ${ruleShown(r)}`;
}

function errorForReason(path: string, type: string, detail: string, reason: string | undefined): FieldError {
  switch (reason) {
    case 'FieldValueForbidden':
      return forbidden(path, detail);
    case 'FieldValueRequired':
      return required(path, detail);
    case 'FieldValueDuplicate':
      return duplicate(path, type);
    default:
      return invalid(path, type, detail);
  }
}

/** The items of a map-type list keyed as x-kubernetes-list-map-keys say, to find an item's old self. */
function oldItemFinder(s: Schema, old: unknown): (item: unknown) => unknown {
  const keys = own(s, 'x-kubernetes-list-map-keys');
  if (sListType(s) !== 'map' || !Array.isArray(old) || !Array.isArray(keys)) return () => undefined;
  const keyOf = (item: unknown) => (isObject(item) ? JSON.stringify(keys.map((k) => item[String(k)] ?? null)) : undefined);
  const byKey = new Map(old.map((o) => [keyOf(o), o]));
  return (item) => byKey.get(keyOf(item));
}

/** The compiled rules of one CRD version's schema, evaluated against writes. */
export class SchemaRules {
  private readonly compiled = new WeakMap<Schema, CompiledRule[]>();

  constructor(private readonly schema: Schema) {}

  /** Errors of every rule that fails for `obj` (an update also gives the stored `old`). */
  validate(obj: Obj, old: Obj | undefined): FieldError[] {
    const errs: FieldError[] = [];
    this.node(this.schema, obj, old, '', true, old !== undefined && jsonEqual(obj, old), errs);
    return errs;
  }

  private rules(s: Schema): CompiledRule[] {
    let c = this.compiled.get(s);
    if (!c) this.compiled.set(s, (c = rulesOf(s).map(compileRule)));
    return c;
  }

  /**
   * `unchanged`: the value equals its stored one, or (where nothing stored correlates with it, as
   * in a list that is not a map) its nearest correlated ancestor equals its stored one.
   */
  private node(s: Schema, value: unknown, old: unknown, path: string, root: boolean, unchanged: boolean, errs: FieldError[]): void {
    if (value === null || value === undefined) return;
    const rules = this.rules(s);
    if (rules.length) this.evaluate(s, rules, value, old, path, root, unchanged, errs);
    if (Array.isArray(value)) {
      const items = sItems(s);
      if (!items) return;
      const oldOf = oldItemFinder(s, old);
      value.forEach((v, i) => {
        const o = oldOf(v);
        this.node(items, v, o, indexPath(path, i), false, o === undefined ? unchanged : jsonEqual(v, o), errs);
      });
    } else if (isObject(value)) {
      const oldObj = isObject(old) ? old : undefined;
      const additional = sAdditionalProperties(s)?.schema;
      for (const [k, v] of Object.entries(value)) {
        const prop = sProperty(s, k);
        const o = oldObj?.[k];
        const same = o !== undefined && jsonEqual(v, o);
        if (prop) this.node(prop, v, o, child(path, k), false, same, errs);
        else if (additional) this.node(additional, v, o, keyPath(path, k), false, same, errs);
      }
    }
  }

  /** `path` is '' at the root, which errors show as upstream's nil path. */
  private evaluate(s: Schema, rules: CompiledRule[], value: unknown, old: unknown, nodePath: string, root: boolean, unchanged: boolean, errs: FieldError[]): void {
    const type = sType(s);
    const path = nodePath || '<nil>';
    const self = root && isObject(value) ? rootToCel(value, s) : toCel(value, s);
    const hasOld = old !== null && old !== undefined;
    const ctx: Record<string, CelInput> = { self };
    if (hasOld) ctx.oldSelf = root && isObject(old) ? rootToCel(old, s) : toCel(old, s);
    // Ratcheting: an unchanged value keeps passing rules that do not look at oldSelf.
    for (const r of rules) {
      if (r.compileError) {
        errs.push(invalid(path, type, `rule compile error: compilation failed: ${r.compileError}`));
        continue;
      }
      if (!r.program || (r.usesOldSelf && !hasOld)) continue;
      if (unchanged && !r.usesOldSelf) continue;
      const result = evaluateSafely(r.program, ctx);
      if (result === true) continue;
      if (isCelError(result) || result instanceof Error) {
        errs.push(invalid(path, type, `${evalErrorText(result)} evaluating rule: ${ruleShown(r)}`));
        continue;
      }
      if (result !== false) {
        errs.push(invalid(path, type, `rule did not evaluate to a bool evaluating rule: ${ruleShown(r)}`));
        continue;
      }
      errs.push(errorForReason(withFieldPath(nodePath, r.fieldPath) || '<nil>', type, messageFrom(r, ctx), r.reason));
    }
  }
}

/** For CRD validation: why a rule or messageExpression does not compile, in upstream's words, or undefined. */
export function compileProblem(text: string): string | undefined {
  const c = compileExpression(text);
  return 'error' in c ? `compilation failed: ${c.error}` : undefined;
}

