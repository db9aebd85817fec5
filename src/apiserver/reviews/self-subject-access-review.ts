// SelfSubjectAccessReview: may the requesting user do this? Answered by the server's authorizer.
import { newInvalid } from '../../api/errors.js';
import type { RequestContext } from '../handlers/context.js';
import type { ResourceStore } from '../registry/store.js';
import { answerAccessReview, attributeErrors, metadataErrors } from './access-review.js';
import { readReview } from './read-review.js';

export async function createSelfSubjectAccessReview(ctx: RequestContext, store: ResourceStore): Promise<void> {
  const review = await readReview(ctx, store);
  const spec = (review.spec ?? {}) as Record<string, unknown>;
  const errs = [...attributeErrors(spec, false), ...metadataErrors(review, false)];
  if (errs.length) throw newInvalid({ group: store.info.group, kind: store.info.kind }, '', errs);
  await answerAccessReview(ctx, store, review, spec, ctx.user);
}
