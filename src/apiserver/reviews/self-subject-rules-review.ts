// SelfSubjectRulesReview: what may the requesting user do in a namespace (kubectl auth can-i --list).
import { newBadRequest } from '../../api/errors.js';
import type { RequestContext } from '../handlers/context.js';
import { reply } from '../handlers/resource.js';
import type { ResourceStore } from '../registry/store.js';
import { readReview, reviewMetadata } from './read-review.js';

export async function createSelfSubjectRulesReview(ctx: RequestContext, store: ResourceStore): Promise<void> {
  const review = await readReview(ctx, store);
  const spec = (review.spec ?? {}) as Record<string, unknown>;
  const namespace = typeof spec.namespace === 'string' ? spec.namespace : '';
  if (!namespace) throw newBadRequest('no namespace on request');
  const status: Record<string, unknown> = { resourceRules: [], nonResourceRules: [], incomplete: true };
  if (ctx.authorizer.rulesFor) {
    const r = await ctx.authorizer.rulesFor(ctx.user, namespace);
    status.resourceRules = r.resourceRules;
    status.nonResourceRules = r.nonResourceRules;
    status.incomplete = r.incomplete;
    if (r.evaluationError) status.evaluationError = r.evaluationError;
  }
  reply(ctx, 201, { kind: store.info.kind, apiVersion: store.apiVersion, metadata: reviewMetadata(review), spec, status });
}
