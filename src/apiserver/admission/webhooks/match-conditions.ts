// A webhook's matchConditions (upstream's matchconditions.Matcher): evaluated in order on the
// request as the webhook would see it. Any condition false: the webhook is not called. Otherwise
// an evaluation error skips the webhook with failurePolicy Ignore and refuses the request with
// Fail (403, "... is forbidden: expression '...' resulted in error: ..."). Compiled programs are
// kept per stored webhook; the CEL package is loaded only when a webhook has conditions.
import type { CelInput } from '@bufbuild/cel';
import { newForbidden, type StatusError } from '../../../api/errors.js';
import type { Compiled } from '../../../api/cel/compile.js';
import type { AdmissionCel, AuthzAnswer, AuthzQuery } from '../../../api/cel/admission.js';
import type { Authorizer } from '../../auth/authorizer.js';
import type { UserInfo } from '../../auth/authenticator.js';
import type { AdmissionAttributes } from './attributes.js';
import { buildReview } from './review.js';

type Obj = Record<string, unknown>;
type CelModule = typeof import('../../../api/cel/admission.js') & typeof import('../../../api/cel/json.js');

interface Condition {
  readonly name: string;
  readonly expression: string;
  readonly compiled?: Compiled;
  readonly invalid?: string;
}

/** How many rounds of authorizer answers one condition may ask for before it counts as an error. */
const MAX_AUTHZ_ROUNDS = 8;

export type ConditionOutcome = { readonly call: true } | { readonly call: false } | { readonly refuse: StatusError };

/** Go's utilerrors.NewAggregate(...).Error(). */
const aggregate = (errs: readonly string[]): string => (errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`);

export class MatchConditions {
  private cel: { module: CelModule; env: AdmissionCel } | undefined;
  private readonly compiled = new WeakMap<Obj, Condition[]>();

  constructor(private readonly authorizer: Authorizer | undefined) {}

  /** Whether the webhook is to be called for this request, or the refusal its conditions give. */
  async evaluate(hook: Obj, a: AdmissionAttributes): Promise<ConditionOutcome> {
    const list = Array.isArray(hook.matchConditions) ? (hook.matchConditions as unknown[]) : [];
    if (list.length === 0) return { call: true };
    const cel = await this.load();
    const conditions = this.conditionsOf(hook, list, cel.env);
    const vars = variables(cel.module, a);
    const errors: string[] = [];
    for (const c of conditions) {
      const result = c.compiled ? await this.run(cel.env, c.compiled, vars, a.request.user) : { error: c.invalid ?? 'not compiled' };
      if ('error' in result) errors.push(`expression '${c.expression}' resulted in error: ${result.error}`);
      else if (result.value === false) return { call: false };
      else if (result.value !== true) errors.push(`expression '${c.expression}' resulted in error: expected a bool result`);
    }
    if (errors.length === 0) return { call: true };
    if (hook.failurePolicy === 'Ignore') return { call: false };
    return { refuse: newForbidden({ group: a.info.group, resource: a.info.resource }, a.name, aggregate(errors)) };
  }

  private async load(): Promise<{ module: CelModule; env: AdmissionCel }> {
    if (!this.cel) {
      const module = { ...(await import('../../../api/cel/admission.js')), ...(await import('../../../api/cel/json.js')) };
      this.cel = { module, env: new module.AdmissionCel() };
    }
    return this.cel;
  }

  private conditionsOf(hook: Obj, list: readonly unknown[], env: AdmissionCel): Condition[] {
    let c = this.compiled.get(hook);
    if (!c) {
      c = list.map((raw) => {
        const mc = (raw && typeof raw === 'object' ? raw : {}) as Obj;
        const expression = typeof mc.expression === 'string' ? mc.expression : '';
        const r = env.compileCondition(expression.trim());
        return { name: String(mc.name ?? ''), expression, ...('invalid' in r ? { invalid: r.invalid } : { compiled: r }) };
      });
      this.compiled.set(hook, c);
    }
    return c;
  }

  /** Evaluates one condition, asking the authorizer what it checks. */
  private async run(env: AdmissionCel, c: Compiled, vars: Record<string, CelInput>, user: UserInfo): Promise<{ value: unknown } | { error: string }> {
    const answers = new Map<string, AuthzAnswer>();
    const { queryKey } = this.cel!.module;
    for (let round = 0; round < MAX_AUTHZ_ROUNDS; round++) {
      const r = env.evaluate(c, vars, answers);
      if (!('pending' in r)) return r;
      for (const q of r.pending) answers.set(queryKey(q), await this.ask(q, user));
    }
    return { error: 'too many authorization checks' };
  }

  private async ask(q: AuthzQuery, requestUser: UserInfo): Promise<AuthzAnswer> {
    if (!this.authorizer) return { decision: 'noOpinion', reason: 'no authorizer' };
    let user = requestUser;
    if (q.serviceAccount) {
      const [ns = '', name = ''] = q.serviceAccount.split('/');
      user = { username: `system:serviceaccount:${ns}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`] };
    }
    try {
      const r = await this.authorizer.authorize({
        user,
        verb: q.verb,
        apiGroup: q.group ?? '',
        resource: q.resource ?? '',
        subresource: q.subresource ?? '',
        namespace: q.namespace ?? '',
        name: q.name ?? '',
        path: q.path ?? '',
        resourceRequest: q.path === undefined,
      });
      return { decision: r.decision, reason: r.reason };
    } catch (e) {
      return { decision: 'noOpinion', reason: '', error: (e as Error).message };
    }
  }
}

/** object, oldObject, request and authorizer as the conditions see them. */
function variables(m: CelModule, a: AdmissionAttributes): Record<string, CelInput> {
  const review = buildReview(a, 'v1', '').request as Obj;
  const u = (review.userInfo ?? {}) as Obj;
  const request = {
    kind: review.kind,
    resource: review.resource,
    subResource: review.subResource ?? '',
    requestKind: review.requestKind,
    requestResource: review.requestResource,
    requestSubResource: review.requestSubResource ?? '',
    name: review.name ?? '',
    namespace: review.namespace ?? '',
    operation: review.operation,
    userInfo: { username: u.username ?? '', uid: u.uid ?? '', groups: u.groups ?? [], extra: u.extra ?? {} },
    dryRun: review.dryRun === true,
    options: review.options ?? null,
  };
  return {
    object: m.jsonToCel(a.object ?? null),
    oldObject: m.jsonToCel(a.oldObject ?? null),
    request: m.jsonToCel(request),
    authorizer: m.authorizerValue(undefined, { group: a.info.group, resource: a.info.resource, subresource: a.subresource, namespace: a.namespace, name: a.name }),
  };
}
