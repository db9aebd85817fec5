// Compiling one CEL expression of the API (CRD validation rules, admission match conditions) the
// way Kubernetes' CEL compiler refuses it: a syntax error, a reference to a variable the
// environment does not declare, a function it does not have, or (for expressions that must be
// conditions and messages) a result of the wrong type. Errors read as cel-go prints them:
// "ERROR: <input>:LINE:COL: message", the source line and a caret. @bufbuild/cel has no type
// checker, so the result type is inferred from the expression's shape: an expression is refused
// only when its result is surely of another type (a constant, an operator's or function's fixed
// result, or a field of a dynamically typed object, which cel-go types as dyn).
import { parse, plan, type CelEnv, type CelInput, type CelResult } from '@bufbuild/cel';

export type Program = (ctx: Record<string, CelInput>) => CelResult;

/** What a declared variable (or a field of one) holds: a CEL type name, 'dyn', or an object's fields ('other': not known). */
export type Shape = string | { readonly [field: string]: Shape };

export interface Parsed {
  readonly expr: unknown;
  readonly sourceInfo?: { readonly positions?: Record<string, number> };
}

export interface Compiled {
  readonly program: Program;
  readonly parsed: Parsed;
}

/** Call names the parser produces that are not functions of the environment. */
const SPECIAL_CALLS = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '@not_strictly_false', '_?._', '_[?_]']);
/** Operators whose result is a bool whatever their operands. */
const BOOL_CALLS = new Set(['_&&_', '_||_', '!_', '_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '@in', '@not_strictly_false']);
/** Type names, which CEL resolves as identifiers (`type(x) == string`). */
const TYPE_NAMES = ['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type', 'dyn'];

interface Node {
  readonly id?: bigint;
  readonly exprKind?: { readonly case?: string; readonly value?: any };
}

/** "<input>:LINE:COLUMN" of an expression id, as cel-go prints positions. */
function position(parsed: Parsed, id: bigint | number | undefined, text: string): string {
  const offset = id === undefined ? undefined : parsed.sourceInfo?.positions?.[String(id)];
  if (offset === undefined) return '<input>:1:1';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `<input>:${line}:${offset - before.lastIndexOf('\n')}`;
}

/** cel-go's error text: the position, the message, then the source line with a caret under the column. */
function errorAt(text: string, where: string, message: string): string {
  const m = /^<input>:(\d+):(\d+)$/.exec(where);
  if (!m) return `ERROR: ${where}: ${message}`;
  const line = text.split('\n')[Number(m[1]) - 1] ?? '';
  return `ERROR: ${where}: ${message}\n | ${line}\n | ${'.'.repeat(Math.max(Number(m[2]) - 1, 0))}^`;
}

/** Walks the expression with comprehension variables in scope; returns the first problem found. */
function referenceProblem(parsed: Parsed, text: string, env: CelEnv, variables: ReadonlyMap<string, Shape>): string | undefined {
  const at = (n: Node, message: string) => errorAt(text, position(parsed, n.id, text), message);
  const walk = (n: Node | undefined, scope: ReadonlySet<string>): string | undefined => {
    if (!n?.exprKind) return undefined;
    const v = n.exprKind.value;
    switch (n.exprKind.case) {
      case 'identExpr':
        if (scope.has(v.name) || variables.has(v.name) || TYPE_NAMES.includes(v.name)) return undefined;
        return at(n, `undeclared reference to '${v.name}' (in container '')`);
      case 'selectExpr': {
        const inner = walk(v.operand, scope);
        if (inner) return inner;
        const shape = shapeOf(v.operand, variables, scope);
        if (shape && typeof shape === 'object' && !(v.field in shape)) return at(n, `undefined field '${v.field}'`);
        return undefined;
      }
      case 'callExpr':
        if (!SPECIAL_CALLS.has(v.function) && !env.funcs.find(v.function)) {
          return at(n, `undeclared reference to '${v.function}' (in container '')`);
        }
        return walk(v.target, scope) ?? first(v.args, (a: Node) => walk(a, scope));
      case 'listExpr':
        return first(v.elements, (e: Node) => walk(e, scope));
      case 'structExpr':
        return first(v.entries, (e: { keyKind?: { case?: string; value?: Node }; value?: Node }) => (e.keyKind?.case === 'mapKey' ? walk(e.keyKind.value, scope) : undefined) ?? walk(e.value, scope));
      case 'comprehensionExpr': {
        const inner = new Set([...scope, v.iterVar, v.iterVar2, v.accuVar].filter(Boolean));
        return walk(v.iterRange, scope) ?? walk(v.accuInit, scope) ?? walk(v.loopCondition, inner) ?? walk(v.loopStep, inner) ?? walk(v.result, inner);
      }
      default:
        return undefined;
    }
  };
  return walk(parsed.expr as Node, new Set());
}

/** The shape of a declared variable or of a field path from one (undefined where not known). */
function shapeOf(n: Node | undefined, variables: ReadonlyMap<string, Shape>, scope: ReadonlySet<string>): Shape | undefined {
  const v = n?.exprKind?.value;
  if (n?.exprKind?.case === 'identExpr') return scope.has(v.name) ? undefined : variables.get(v.name);
  if (n?.exprKind?.case === 'selectExpr' && !v.testOnly) {
    const s = shapeOf(v.operand, variables, scope);
    return s === 'dyn' ? 'dyn' : s && typeof s === 'object' ? s[v.field] : undefined;
  }
  return undefined;
}

function first<T>(xs: readonly T[] | undefined, f: (x: T) => string | undefined): string | undefined {
  for (const x of xs ?? []) {
    const r = f(x);
    if (r) return r;
  }
  return undefined;
}

const CONSTANT_TYPES: Record<string, string> = { boolValue: 'bool', stringValue: 'string', int64Value: 'int', uint64Value: 'uint', doubleValue: 'double', bytesValue: 'bytes', nullValue: 'null_type' };

/**
 * The CEL type of the expression's result where it is sure ('dyn' for a field of a dynamically
 * typed value, as cel-go types it), or undefined where it depends on what the checker would find.
 */
function resultType(n: Node | undefined, env: CelEnv, variables: ReadonlyMap<string, Shape>, scope: ReadonlySet<string> = new Set()): string | undefined {
  const v = n?.exprKind?.value;
  const of = (x: Node | undefined) => resultType(x, env, variables, scope);
  switch (n?.exprKind?.case) {
    case 'constExpr':
      return CONSTANT_TYPES[v.constantKind?.case ?? ''];
    case 'listExpr':
      return 'list';
    case 'structExpr':
      return v.messageName ? undefined : 'map';
    case 'identExpr':
    case 'selectExpr': {
      if (n.exprKind.case === 'selectExpr' && v.testOnly) return 'bool';
      const s = shapeOf(n, variables, scope);
      return s === undefined ? undefined : typeof s === 'object' ? 'object' : s === 'other' ? undefined : s;
    }
    case 'callExpr': {
      if (BOOL_CALLS.has(v.function)) return 'bool';
      if (v.function === '_?_:_') {
        const a = of(v.args?.[1]);
        return a === of(v.args?.[2]) ? a : undefined;
      }
      if (v.function === '_+_') {
        const types = (v.args ?? []).map(of);
        return types.find((t: string | undefined) => t !== undefined && t !== 'dyn') ?? (types.includes('dyn') ? 'dyn' : undefined);
      }
      if (v.function === '_[_]') return of(v.args?.[0]) === 'dyn' ? 'dyn' : undefined;
      const group = env.funcs.find(v.function);
      if (!group) return undefined;
      const results = new Set([...group].map((f) => f.result.name));
      return results.size === 1 && !results.has('dyn') ? [...results][0] : undefined;
    }
    case 'comprehensionExpr':
      return of(v.accuInit);
    default:
      return undefined;
  }
}

export interface CompileOptions {
  readonly env: CelEnv;
  readonly variables: ReadonlyMap<string, Shape>;
  /** The result types the expression must have ('bool' for a condition): a result surely of another type is refused. */
  readonly result?: readonly string[];
}

/**
 * A compiled expression, or why it does not compile: `error` is cel-go's issue text (to follow
 * "compilation failed: "), `detail` a whole reason of its own ("must evaluate to bool").
 */
export function compileCel(text: string, opts: CompileOptions): Compiled | { error: string } | { detail: string } {
  let parsed: Parsed;
  try {
    parsed = parse(text) as unknown as Parsed;
  } catch (e) {
    const m = /^(?:syntax error: )?(<input>:\d+:\d+): (.*)$/s.exec((e as Error).message);
    return { error: m ? errorAt(text, m[1]!, `Syntax error: ${m[2]}`) : `ERROR: <input>:1:1: Syntax error: ${(e as Error).message}` };
  }
  const problem = referenceProblem(parsed, text, opts.env, opts.variables);
  if (problem) return { error: problem };
  if (opts.result) {
    const t = resultType(parsed.expr as Node, opts.env, opts.variables);
    if (t !== undefined && !opts.result.includes(t)) {
      return { detail: opts.result.length === 1 ? `must evaluate to ${opts.result[0]}` : `must evaluate to one of [${opts.result.join(' ')}]` };
    }
  }
  return { program: plan(opts.env, parsed as never) as unknown as Program, parsed };
}

/** Whether the expression reads the variable `name` (outside comprehensions that shadow it). */
export function usesVariable(parsed: Parsed, name: string): boolean {
  let used = false;
  const walk = (n: unknown): void => {
    if (used || !n || typeof n !== 'object') return;
    const kind = (n as Node).exprKind;
    if (kind?.case === 'identExpr' && kind.value?.name === name) used = true;
    else for (const v of Object.values(n)) if (v && typeof v === 'object') walk(v);
  };
  walk(parsed.expr);
  return used;
}

/** A CEL evaluation error in cel-go's words. */
export function evalErrorText(e: Error): string {
  const m = /^field not found: (.*)$/.exec(e.message);
  if (m) return `no such key: ${m[1]}`;
  return e.message;
}

/** The fields of `variable` the expression selects (`variables.x` gives x). */
export function fieldsUsed(parsed: Parsed, variable: string): string[] {
  const out = new Set<string>();
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    const kind = (n as Node).exprKind;
    if (kind?.case === 'selectExpr' && kind.value?.operand?.exprKind?.case === 'identExpr' && kind.value.operand.exprKind.value?.name === variable) out.add(kind.value.field);
    for (const v of Object.values(n)) if (v && typeof v === 'object') walk(v);
  };
  walk(parsed.expr);
  return [...out];
}

/** A program's result; an exception from the evaluator (it reports errors as values) is returned as an error too. */
export function evaluateSafely(p: Program, ctx: Record<string, CelInput>): CelResult | Error {
  try {
    return p(ctx);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}
