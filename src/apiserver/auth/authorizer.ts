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

export interface Authorizer {
  authorize(attrs: AuthorizationAttributes): Promise<AuthorizationResult>;
}

/** Allows every authenticated user (anyone in system:authenticated); no opinion on the rest. */
export class AllowAllAuthorizer implements Authorizer {
  async authorize(attrs: AuthorizationAttributes): Promise<AuthorizationResult> {
    if (attrs.user.groups.includes(AUTHENTICATED_GROUP)) return { decision: 'allow', reason: '' };
    return { decision: 'noOpinion', reason: 'anonymous requests are not authorized' };
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
}
