// SubjectAccessReview (cluster-wide) and LocalSubjectAccessReview (in a namespace): may the user
// the spec names (user, groups, uid, extra; not the caller) do this? Answered by the server's
// authorizer, as upstream's reviews are.
import { newBadRequest, newInvalid } from '../../api/errors.js';
import { invalid, type FieldError } from '../../api/field-errors.js';
import type { UserInfo } from '../auth/authenticator.js';
import type { RequestContext } from '../handlers/context.js';
import type { ResourceStore } from '../registry/store.js';
import { answerAccessReview, attributeErrors, metadataErrors } from './access-review.js';
import { readReview } from './read-review.js';

type Obj = Record<string, any>;

export async function createSubjectAccessReview(ctx: RequestContext, store: ResourceStore): Promise<void> {
  const review = await readReview(ctx, store);
  const spec = (review.spec ?? {}) as Obj;
  check(store, [...attributeErrors(spec, true), ...metadataErrors(review, false)]);
  await answerAccessReview(ctx, store, review, spec, subjectOf(spec));
}

export async function createLocalSubjectAccessReview(ctx: RequestContext, store: ResourceStore): Promise<void> {
  const review = await readReview(ctx, store);
  const namespace = ctx.info.namespace;
  const meta = (review.metadata ?? {}) as Obj;
  // As for every namespaced create: the body's namespace, if any, is the URL's.
  if (meta.namespace && meta.namespace !== namespace) throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
  review.metadata = { ...meta, namespace };
  const spec = (review.spec ?? {}) as Obj;
  const errs: FieldError[] = [...attributeErrors(spec, true), ...metadataErrors(review, true)];
  const ra = spec.resourceAttributes as Obj | undefined;
  if (ra && String(ra.namespace ?? '') !== namespace) errs.push(invalid('spec.resourceAttributes.namespace', String(ra.namespace ?? ''), 'must match metadata.namespace'));
  if (spec.nonResourceAttributes) errs.push(invalid('spec.nonResourceAttributes', spec.nonResourceAttributes, 'disallowed on this kind of request'));
  check(store, errs);
  await answerAccessReview(ctx, store, review, spec, subjectOf(spec));
}

function check(store: ResourceStore, errs: FieldError[]): void {
  if (errs.length) throw newInvalid({ group: store.info.group, kind: store.info.kind }, '', errs);
}

/** The user a review asks about, as its spec names it (no groups are added). */
function subjectOf(spec: Obj): UserInfo {
  const user: UserInfo = { username: String(spec.user ?? ''), groups: Array.isArray(spec.groups) ? spec.groups.map(String) : [] };
  if (spec.uid) user.uid = String(spec.uid);
  if (spec.extra && typeof spec.extra === 'object') user.extra = structuredClone(spec.extra as Record<string, string[]>);
  return user;
}

