// SelfSubjectAccessReview: may the requesting user do this? Answered by the server's authorizer.
import { newInvalid } from '../../api/errors.js';
import { invalid } from '../../api/field-errors.js';
import type { KObj } from '../../api/resource-info.js';
import type { AuthorizationAttributes } from '../auth/authorizer.js';
import type { RequestContext } from '../handlers/context.js';
import { reply } from '../handlers/resource.js';
import type { ResourceStore } from '../registry/store.js';
import { readReview, reviewMetadata } from './read-review.js';

type Obj = Record<string, any>;

export async function createSelfSubjectAccessReview(ctx: RequestContext, store: ResourceStore): Promise<void> {
  const review = await readReview(ctx, store);
  const spec = (review.spec ?? {}) as Obj;
  validate(review, spec);
  const attrs = attributesOf(ctx, spec);
  const r = await ctx.authorizer.authorize(attrs);
  const status: Obj = { allowed: r.decision === 'allow' };
  if (r.decision === 'deny') status.denied = true;
  if (r.reason) status.reason = r.reason;
  reply(ctx, 201, { kind: store.info.kind, apiVersion: store.apiVersion, metadata: reviewMetadata(review), spec, status });
}

function validate(review: KObj, spec: Obj): void {
  const errs = [];
  const meta = (review.metadata ?? {}) as Obj;
  if (Object.keys(meta).some((k) => meta[k] !== undefined && k !== 'creationTimestamp')) errs.push(invalid('metadata', meta, 'must be empty'));
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    errs.push(invalid('spec.nonResourceAttributes', spec.nonResourceAttributes, 'cannot be specified in combination with resourceAttributes'));
  } else if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    // upstream passes a nil pointer, which field errors print as "null"
    errs.push(invalid('spec.resourceAttributes', 'null', 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  }
  if (errs.length) throw newInvalid({ group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview' }, '', errs);
}

function attributesOf(ctx: RequestContext, spec: Obj): AuthorizationAttributes {
  const base = { user: ctx.user, apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path: '' };
  if (spec.resourceAttributes) {
    const ra = spec.resourceAttributes as Obj;
    return {
      ...base,
      verb: String(ra.verb ?? ''),
      apiGroup: String(ra.group ?? ''),
      resource: String(ra.resource ?? ''),
      subresource: String(ra.subresource ?? ''),
      namespace: String(ra.namespace ?? ''),
      name: String(ra.name ?? ''),
      resourceRequest: true,
    };
  }
  const nra = spec.nonResourceAttributes as Obj;
  return { ...base, verb: String(nra.verb ?? ''), path: String(nra.path ?? ''), resourceRequest: false };
}
