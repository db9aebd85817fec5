// Request authorization, modelled on k8s.io/apiserver's authorizer.Authorizer. RBAC comes later
// behind the same interface.
import type { UserInfo } from './authenticator.js';
import { AUTHENTICATED_GROUP } from './authenticator.js';

export interface AuthorizationAttributes {
  user: UserInfo;
  /** get, list, watch, create, update, patch, delete, deletecollection; or the HTTP verb for non-resource requests. */
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  path: string;
  /** true for /api and /apis resource requests, false for non-resource URLs such as /healthz. */
  resourceRequest: boolean;
}

export type AuthorizationDecision = 'allow' | 'deny' | 'noOpinion';

export interface AuthorizationResult {
  decision: AuthorizationDecision;
  reason: string;
}

/** What a user may do in a namespace (upstream authorizer.RuleResolver; SelfSubjectRulesReview). */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface RulesResult {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  /** True when the authorizer cannot list every rule (e.g. a webhook decides). */
  incomplete: boolean;
  evaluationError?: string;
}

export interface Authorizer {
  authorize(attrs: AuthorizationAttributes): Promise<AuthorizationResult>;
  /** The rules of a user in a namespace; authorizers that cannot enumerate them leave it out. */
  rulesFor?(user: UserInfo, namespace: string): Promise<RulesResult>;
}

/** Allows every authenticated user (anyone in system:authenticated); no opinion on the rest. */
export class AllowAllAuthorizer implements Authorizer {
  async authorize(attrs: AuthorizationAttributes): Promise<AuthorizationResult> {
    if (attrs.user.groups.includes(AUTHENTICATED_GROUP)) return { decision: 'allow', reason: '' };
    return { decision: 'noOpinion', reason: 'anonymous requests are not authorized' };
  }

  async rulesFor(user: UserInfo): Promise<RulesResult> {
    if (!user.groups.includes(AUTHENTICATED_GROUP)) return { resourceRules: [], nonResourceRules: [], incomplete: false };
    return {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    };
  }
}

/** Asks each authorizer in order; the first allow or deny decides (upstream's union authorizer). */
export class UnionAuthorizer implements Authorizer {
  private readonly authorizers: Authorizer[];
  constructor(...authorizers: Authorizer[]) {
    this.authorizers = authorizers;
  }
  async authorize(attrs: AuthorizationAttributes): Promise<AuthorizationResult> {
    const reasons: string[] = [];
    for (const a of this.authorizers) {
      const r = await a.authorize(attrs);
      if (r.decision !== 'noOpinion') return r;
      if (r.reason) reasons.push(r.reason);
    }
    return { decision: 'noOpinion', reason: reasons.join(', ') };
  }

  /** Every authorizer's rules together; incomplete when one of them cannot list its rules. */
  async rulesFor(user: UserInfo, namespace: string): Promise<RulesResult> {
    const out: RulesResult = { resourceRules: [], nonResourceRules: [], incomplete: false };
    const errors: string[] = [];
    for (const a of this.authorizers) {
      if (!a.rulesFor) {
        out.incomplete = true;
        continue;
      }
      const r = await a.rulesFor(user, namespace);
      out.resourceRules.push(...r.resourceRules);
      out.nonResourceRules.push(...r.nonResourceRules);
      if (r.incomplete) out.incomplete = true;
      if (r.evaluationError) errors.push(r.evaluationError);
    }
    if (errors.length) out.evaluationError = errors.join(', ');
    return out;
  }
}
