// What the access reviews (SelfSubjectAccessReview, SubjectAccessReview,
// LocalSubjectAccessReview) share: upstream's checks of the attributes, the authorizer attributes
// for a user, and the answer (status allowed/denied/reason/evaluationError with the spec echoed).
import { invalid, required, type FieldError } from '../../api/field-errors.js';
import type { KObj } from '../../api/resource-info.js';
import type { UserInfo } from '../auth/authenticator.js';
import type { AuthorizationAttributes } from '../auth/authorizer.js';
import type { RequestContext } from '../handlers/context.js';
import { reply } from '../handlers/resource.js';
import type { ResourceStore } from '../registry/store.js';
import { reviewMetadata } from './read-review.js';

type Obj = Record<string, any>;

/**
 * Upstream's spec checks: exactly one of resourceAttributes and nonResourceAttributes, with
 * `subject` (the reviews that name whom they ask about) a user or groups, and well-formed selectors.
 */
export function attributeErrors(spec: Obj, subject: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    errs.push(invalid('spec.nonResourceAttributes', spec.nonResourceAttributes, 'cannot be specified in combination with resourceAttributes'));
  } else if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    // upstream passes a nil pointer, which field errors print as "null"
    errs.push(invalid('spec.resourceAttributes', 'null', 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  }
  const groups = Array.isArray(spec.groups) ? spec.groups : [];
  if (subject && !spec.user && !groups.length) errs.push(invalid('spec.user', String(spec.user ?? ''), 'at least one of user or group must be specified'));
  const ra = (spec.resourceAttributes ?? {}) as Obj;
  for (const which of ['fieldSelector', 'labelSelector']) {
    const sel = ra[which] as Obj | undefined;
    if (!sel) continue;
    const path = `spec.resourceAttributes.${which}`;
    const raw = typeof sel.rawSelector === 'string' ? sel.rawSelector : '';
    const reqs = Array.isArray(sel.requirements) ? sel.requirements : [];
    if (raw && reqs.length) errs.push(invalid(`${path}.rawSelector`, raw, 'may not specified at the same time as requirements'));
    if (!raw && !reqs.length) errs.push(required(`${path}.requirements`, `when ${path} is specified, requirements or rawSelector is required`));
  }
  return errs;
}

/** A review's metadata must be empty (a LocalSubjectAccessReview's but for its namespace). */
export function metadataErrors(review: KObj, allowNamespace: boolean): FieldError[] {
  const meta = (review.metadata ?? {}) as Obj;
  const ignored = new Set(['creationTimestamp', 'managedFields', ...(allowNamespace ? ['namespace'] : [])]);
  // Go compares with an empty ObjectMeta, where an empty string, list or map is no value.
  const isSet = (v: unknown) => v !== undefined && v !== null && v !== '' && v !== 0 && !(typeof v === 'object' && Object.keys(v).length === 0);
  if (!Object.keys(meta).some((k) => !ignored.has(k) && isSet(meta[k]))) return [];
  return [invalid('metadata', meta, allowNamespace ? 'must be empty except for namespace' : 'must be empty')];
}

/** The authorizer attributes of a review's spec, asked for user. */
export function attributesOf(user: UserInfo, spec: Obj): AuthorizationAttributes {
  const base = { user, apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path: '' };
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

/** Asks the authorizer whether user may do what spec describes, and answers 201 with the review, its spec and status. */
export async function answerAccessReview(ctx: RequestContext, store: ResourceStore, review: KObj, spec: Obj, user: UserInfo): Promise<void> {
  const r = await ctx.authorizer.authorize(attributesOf(user, spec));
  const status: Obj = { allowed: r.decision === 'allow' };
  if (r.decision === 'deny') status.denied = true;
  if (r.reason) status.reason = r.reason;
  reply(ctx, 201, { kind: store.info.kind, apiVersion: store.apiVersion, metadata: reviewMetadata(review), spec, status });
}
