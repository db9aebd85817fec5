// Evaluating admission CEL expressions (webhook matchConditions, ValidatingAdmissionPolicy): the
// CEL package loaded on first use, the request's variables (object, oldObject, request,
// authorizer), and evaluation rounds that ask the server's authorizer what an expression checks.
import type { CelInput } from '@bufbuild/cel';
import type { AdmissionCel, AuthzAnswer, AuthzQuery } from '../../api/cel/admission.js';
import type { Compiled } from '../../api/cel/compile.js';
import type { UserInfo } from '../auth/authenticator.js';
import type { Authorizer } from '../auth/authorizer.js';
import type { AdmissionAttributes } from './webhooks/attributes.js';
import { buildReview } from './webhooks/review.js';

type Obj = Record<string, unknown>;
export type CelModule = typeof import('../../api/cel/admission.js') & typeof import('../../api/cel/json.js');

export interface LoadedCel {
  readonly module: CelModule;
  readonly env: AdmissionCel;
}

export type Outcome = { readonly value: unknown } | { readonly error: string };

/** How many rounds of authorizer answers one expression may ask for before it counts as an error. */
const MAX_AUTHZ_ROUNDS = 8;

export class AdmissionExpressions {
  private loaded: LoadedCel | undefined;

  constructor(private readonly authorizer: Authorizer | undefined) {}

  async load(): Promise<LoadedCel> {
    if (!this.loaded) {
      const module = { ...(await import('../../api/cel/admission.js')), ...(await import('../../api/cel/json.js')) };
      this.loaded = { module, env: new module.AdmissionCel() };
    }
    return this.loaded;
  }

  /** Evaluates one expression, asking the authorizer what it checks. */
  async run(cel: LoadedCel, c: Compiled, vars: Record<string, CelInput>, user: UserInfo): Promise<Outcome> {
    const answers = new Map<string, AuthzAnswer>();
    for (let round = 0; round < MAX_AUTHZ_ROUNDS; round++) {
      const r = cel.env.evaluate(c, vars, answers);
      if (!('pending' in r)) return r;
      for (const q of r.pending) answers.set(cel.module.queryKey(q), await this.ask(q, user));
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

/** object, oldObject, request and authorizer as admission expressions see them. */
export function requestVariables(m: CelModule, a: AdmissionAttributes): Record<string, CelInput> {
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

/** Go's utilerrors.NewAggregate(...).Error(). */
export const aggregate = (errs: readonly string[]): string => (errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`);

/** A condition's or validation's evaluation error as upstream words it. */
export const resultedInError = (expression: string, error: string): string => `expression '${expression}' resulted in error: ${error}`;
