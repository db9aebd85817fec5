// TokenReview: who is behind this bearer token? The server's authenticators are asked about
// spec.token alone (as a request that carries nothing else), for spec.audiences (default: the API
// audiences). A token they refuse is an answer (authenticated false, with the error), not an
// HTTP error.
import { isStatusError, newBadRequest } from '../../api/errors.js';
import { RejectedCredentials, type AuthenticatedUser } from '../auth/authenticator.js';
import type { RequestContext } from '../handlers/context.js';
import { reply } from '../handlers/resource.js';
import type { ResourceStore } from '../registry/store.js';
import { readReview, reviewMetadata } from './read-review.js';

type Obj = Record<string, any>;

/** Upstream's bearer token authenticator's word for a token no authenticator accepts. */
const INVALID_TOKEN = 'invalid bearer token';

export async function createTokenReview(ctx: RequestContext, store: ResourceStore): Promise<void> {
  const review = await readReview(ctx, store);
  const spec = (review.spec ?? {}) as Obj;
  const token = typeof spec.token === 'string' ? spec.token : '';
  if (!token) throw newBadRequest('token is required for TokenReview in authentication');
  const apiAudiences = ctx.tokenIssuer?.apiAudiences ?? [];
  const wanted: readonly string[] = Array.isArray(spec.audiences) && spec.audiences.length ? spec.audiences.map(String) : apiAudiences;
  const status = reviewStatus(ctx, token, wanted, apiAudiences);
  reply(ctx, 201, { kind: store.info.kind, apiVersion: store.apiVersion, metadata: reviewMetadata(review), spec, status });
}

function reviewStatus(ctx: RequestContext, token: string, wanted: readonly string[], apiAudiences: readonly string[]): Obj {
  let user: AuthenticatedUser | null;
  try {
    user = ctx.authenticator.authenticate({ headers: { authorization: `Bearer ${token}` }, audiences: wanted });
  } catch (e) {
    if (!isStatusError(e, 'Unauthorized')) throw e;
    // Upstream joins the authenticators' errors: the bearer token one, then the one that knew the token.
    return { user: {}, error: e instanceof RejectedCredentials ? `[${INVALID_TOKEN}, ${e.why}]` : INVALID_TOKEN };
  }
  // Tokens of authenticators that do not check audiences (the token file) are good for the API audiences.
  if (!user) return { user: {}, error: INVALID_TOKEN };
  const audiences = user.audiences ?? apiAudiences.filter((a) => wanted.includes(a));
  if (wanted.length && !audiences.length) return { user: {}, error: INVALID_TOKEN };
  const userInfo: Obj = { username: user.username };
  if (user.uid) userInfo.uid = user.uid;
  if (user.groups.length) userInfo.groups = [...user.groups];
  if (user.extra && Object.keys(user.extra).length) userInfo.extra = structuredClone(user.extra);
  return audiences.length ? { authenticated: true, user: userInfo, audiences: [...audiences] } : { authenticated: true, user: userInfo };
}
