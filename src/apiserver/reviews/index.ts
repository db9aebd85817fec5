// Routing of the review resources: create only, answered without storage.
import { newMethodNotAllowed } from '../../api/errors.js';
import type { RequestContext } from '../handlers/context.js';
import type { ResourceStore } from '../registry/store.js';
import { createSelfSubjectAccessReview } from './self-subject-access-review.js';
import { createSelfSubjectReview } from './self-subject-review.js';
import { createSelfSubjectRulesReview } from './self-subject-rules-review.js';
import { createLocalSubjectAccessReview, createSubjectAccessReview } from './subject-access-review.js';
import { createTokenReview } from './token-review.js';

export { reviewStrategies } from './review-kinds.js';

type ReviewHandler = (ctx: RequestContext, store: ResourceStore) => Promise<void>;

const HANDLERS: ReadonlyMap<string, ReviewHandler> = new Map([
  ['authorization.k8s.io/selfsubjectaccessreviews', createSelfSubjectAccessReview],
  ['authorization.k8s.io/selfsubjectrulesreviews', createSelfSubjectRulesReview],
  ['authorization.k8s.io/subjectaccessreviews', createSubjectAccessReview],
  ['authorization.k8s.io/localsubjectaccessreviews', createLocalSubjectAccessReview],
  ['authentication.k8s.io/selfsubjectreviews', createSelfSubjectReview],
  ['authentication.k8s.io/tokenreviews', createTokenReview],
]);

/** The handler of a review resource, or undefined for every other resource. */
export function reviewHandlerFor(store: ResourceStore): ReviewHandler | undefined {
  const h = HANDLERS.get(`${store.info.group}/${store.info.resource}`);
  if (!h) return undefined;
  return (ctx, s) => {
    if (ctx.info.verb !== 'create' || ctx.info.subresource || ctx.info.name) {
      throw newMethodNotAllowed('the server does not allow this method on the requested resource');
    }
    return h(ctx, s);
  };
}
