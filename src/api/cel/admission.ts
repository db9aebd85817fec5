// The CEL environment of admission expressions (webhook matchConditions): the variables
// `object`, `oldObject` (null where the operation has none), `request` (the AdmissionRequest's
// attributes) and `authorizer`, with Kubernetes' authorizer library — authorizer.group(g)
// .resource(r)[.subresource(s)][.namespace(ns)][.name(n)].check(verb), authorizer.path(p)
// .check(verb), authorizer.serviceAccount(ns, name), authorizer.requestResource, and the
// decision's allowed(), reason(), errored(), error().
//
// CEL evaluates synchronously and authorizers answer asynchronously, so an evaluation that meets
// a check it has no answer for stops with the checks it needs; the caller asks the authorizer
// and evaluates again with the answers (expressions have no side effects, so the second run
// takes the same path up to the answered checks).
import { celEnv, celMethod, CelScalar, isCelError, mapType, type CelEnv, type CelInput, type CelMap, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { compileCel, evalErrorText, type Compiled, type Shape } from './compile.js';

export { fieldsUsed } from './compile.js';
import { kubernetesFuncs } from './library.js';

/** One authorization question an expression asks. `serviceAccount` is "namespace/name" when it asks for one. */
export interface AuthzQuery {
  readonly serviceAccount?: string;
  readonly verb: string;
  readonly path?: string;
  readonly group?: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
}

export interface AuthzAnswer {
  readonly decision: 'allow' | 'deny' | 'noOpinion';
  readonly reason: string;
  readonly error?: string;
}

/** What an evaluation came to: a value, an error (cel-go's words), or the checks it waits for. */
export type Evaluation = { readonly value: CelValue } | { readonly error: string } | { readonly pending: readonly AuthzQuery[] };

const OBJ = mapType(CelScalar.STRING, CelScalar.DYN);
const KIND = '@kind';

const GVK: Shape = { group: 'string', version: 'string', kind: 'string' };
const GVR: Shape = { group: 'string', version: 'string', resource: 'string' };
const REQUEST: Shape = {
  kind: GVK,
  resource: GVR,
  subResource: 'string',
  requestKind: GVK,
  requestResource: GVR,
  requestSubResource: 'string',
  name: 'string',
  namespace: 'string',
  operation: 'string',
  userInfo: { username: 'string', uid: 'string', groups: 'list', extra: 'map' },
  dryRun: 'bool',
  options: 'dyn',
};

/** The variables of a webhook's match conditions. */
export const MATCH_CONDITION_VARIABLES: ReadonlyMap<string, Shape> = new Map<string, Shape>([
  ['object', 'dyn'],
  ['oldObject', 'dyn'],
  ['request', REQUEST],
  ['authorizer', { requestResource: 'object' }],
]);

/** The variables of a ValidatingAdmissionPolicy's expressions, with the names of the variables they may read. */
export function policyVariables(variableNames: readonly string[], withParams: boolean): ReadonlyMap<string, Shape> {
  const m = new Map(MATCH_CONDITION_VARIABLES);
  m.set('namespaceObject', 'dyn');
  if (withParams) m.set('params', 'dyn');
  m.set('variables', Object.fromEntries(variableNames.map((n) => [n, 'other'])));
  return m;
}

class AuthzPending extends Error {}

const str = (m: CelMap, k: string): string => {
  const v = m.get(k);
  return typeof v === 'string' ? v : '';
};

function resourceCheck(from: CelMap | undefined, fields: Record<string, string>): CelInput {
  const out = new Map<string, CelInput>([[KIND, 'ResourceCheck']]);
  for (const k of ['@sa', 'group', 'resource', 'subresource', 'namespace', 'name']) out.set(k, k in fields ? fields[k]! : from ? str(from, k) : '');
  return out;
}

function expect(m: CelMap, kind: string): void {
  if (m.get(KIND) !== kind) throw new Error('no such overload');
}

/** Compiles and evaluates admission expressions; one per API server. */
export class AdmissionCel {
  readonly env: CelEnv;
  /** The answers of the evaluation in progress, and the checks it found unanswered. */
  private session: { answers: ReadonlyMap<string, AuthzAnswer>; pending: Map<string, AuthzQuery> } | undefined;

  constructor() {
    this.env = celEnv({ funcs: [...strings, ...kubernetesFuncs, ...this.authzFuncs()] });
  }

  /** A webhook match condition's expression compiled, or upstream's reason it is invalid ("compilation failed: ..." or "must evaluate to bool"). */
  compileCondition(text: string): Compiled | { invalid: string } {
    return this.compile(text, MATCH_CONDITION_VARIABLES, ['bool']);
  }

  /** An expression with these variables, whose result must be of one of `result` (any type when absent). */
  compile(text: string, variables: ReadonlyMap<string, Shape>, result?: readonly string[]): Compiled | { invalid: string } {
    const c = compileCel(text, { env: this.env, variables, result });
    if ('error' in c) return { invalid: `compilation failed: ${c.error}` };
    if ('detail' in c) return { invalid: c.detail };
    return c;
  }

  /** Evaluates with the authorization answers known so far. */
  evaluate(c: Compiled, vars: Record<string, CelInput>, answers: ReadonlyMap<string, AuthzAnswer>): Evaluation {
    const session = { answers, pending: new Map<string, AuthzQuery>() };
    this.session = session;
    let out: CelValue;
    try {
      out = c.program(vars) as CelValue;
    } catch (e) {
      // The evaluator reports errors as values; anything it throws is an evaluation error too.
      if (session.pending.size === 0) return { error: (e as Error).message };
      out = null;
    } finally {
      this.session = undefined;
    }
    if (session.pending.size > 0) return { pending: [...session.pending.values()] };
    if (isCelError(out)) return { error: evalErrorText(out) };
    return { value: out };
  }

  private answer(q: AuthzQuery): AuthzAnswer {
    const key = queryKey(q);
    const a = this.session?.answers.get(key);
    if (a) return a;
    this.session?.pending.set(key, q);
    throw new AuthzPending('authorization pending');
  }

  private decision(q: AuthzQuery): CelInput {
    const a = this.answer(q);
    return new Map<string, CelInput>([
      [KIND, 'Decision'],
      ['allowed', a.decision === 'allow'],
      ['reason', a.reason],
      ['error', a.error ?? ''],
    ]);
  }

  private authzFuncs() {
    const sa = (m: CelMap) => str(m, '@sa') || undefined;
    const step = (field: string) =>
      celMethod(field, OBJ, [CelScalar.STRING], OBJ, function (v) {
        expect(this, 'ResourceCheck');
        return resourceCheck(this, { [field]: v }) as never;
      });
    const decide = (q: AuthzQuery) => this.decision(q);
    return [
      celMethod('group', OBJ, [CelScalar.STRING], OBJ, function (g) {
        expect(this, 'Authorizer');
        return new Map<string, CelInput>([[KIND, 'GroupCheck'], ['@sa', str(this, '@sa')], ['group', g]]) as never;
      }),
      celMethod('path', OBJ, [CelScalar.STRING], OBJ, function (p) {
        expect(this, 'Authorizer');
        return new Map<string, CelInput>([[KIND, 'PathCheck'], ['@sa', str(this, '@sa')], ['path', p]]) as never;
      }),
      celMethod('serviceAccount', OBJ, [CelScalar.STRING, CelScalar.STRING], OBJ, function (ns, name) {
        expect(this, 'Authorizer');
        return authorizerValue(`${ns}/${name}`, undefined) as never;
      }),
      celMethod('resource', OBJ, [CelScalar.STRING], OBJ, function (r) {
        expect(this, 'GroupCheck');
        return resourceCheck(this, { resource: r, subresource: '', namespace: '', name: '' }) as never;
      }),
      step('subresource'),
      step('namespace'),
      step('name'),
      celMethod('check', OBJ, [CelScalar.STRING], OBJ, function (verb) {
        const kind = this.get(KIND);
        if (kind === 'PathCheck') return decide({ serviceAccount: sa(this), verb, path: str(this, 'path') }) as never;
        expect(this, 'ResourceCheck');
        const q: AuthzQuery = { serviceAccount: sa(this), verb, group: str(this, 'group'), resource: str(this, 'resource'), subresource: str(this, 'subresource'), namespace: str(this, 'namespace'), name: str(this, 'name') };
        return decide(q) as never;
      }),
      celMethod('allowed', OBJ, [], CelScalar.BOOL, function () {
        expect(this, 'Decision');
        return this.get('allowed') === true;
      }),
      celMethod('reason', OBJ, [], CelScalar.STRING, function () {
        expect(this, 'Decision');
        return str(this, 'reason');
      }),
      celMethod('errored', OBJ, [], CelScalar.BOOL, function () {
        expect(this, 'Decision');
        return str(this, 'error') !== '';
      }),
      celMethod('error', OBJ, [], CelScalar.STRING, function () {
        expect(this, 'Decision');
        return str(this, 'error');
      }),
    ];
  }
}

export const queryKey = (q: AuthzQuery): string => JSON.stringify([q.serviceAccount ?? '', q.verb, q.path ?? null, q.group ?? '', q.resource ?? '', q.subresource ?? '', q.namespace ?? '', q.name ?? '']);

/** The `authorizer` variable: checks for the request's user (or a service account), with the request's own resource as requestResource. */
export function authorizerValue(serviceAccount: string | undefined, request: { group: string; resource: string; subresource: string; namespace: string; name: string } | undefined): CelInput {
  const m = new Map<string, CelInput>([[KIND, 'Authorizer'], ['@sa', serviceAccount ?? '']]);
  if (request) m.set('requestResource', resourceCheck(undefined, { '@sa': serviceAccount ?? '', ...request }));
  return m;
}
