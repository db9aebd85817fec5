// The admission.k8s.io AdmissionReview a webhook receives, and the checks of its answer
// (upstream's request/response conversion for v1 and v1beta1).
import { randomUUID } from 'node:crypto';
import type { AdmissionAttributes } from './attributes.js';

type Obj = Record<string, any>;

export const REVIEW_VERSIONS = ['v1', 'v1beta1'];

/** The first of the webhook's versions this server speaks (validation guarantees one). */
export function reviewVersionOf(hook: Obj): string {
  const wanted: unknown[] = Array.isArray(hook.admissionReviewVersions) ? hook.admissionReviewVersions : [];
  return (wanted.find((v) => REVIEW_VERSIONS.includes(String(v))) as string | undefined) ?? 'v1';
}

export function buildReview(a: AdmissionAttributes, version: string, uid: string = randomUUID()): Obj {
  const { info } = a;
  const kind = { group: info.group, version: info.version, kind: info.kind };
  const resource = { group: info.group, version: info.version, resource: info.resource };
  const u = a.request.user;
  const userInfo: Obj = { username: u.username };
  if (u.uid) userInfo.uid = u.uid;
  if (u.groups.length) userInfo.groups = u.groups;
  if (u.extra && Object.keys(u.extra).length) userInfo.extra = u.extra;
  const asked = a.requestInfo ?? info;
  const request: Obj = { uid, kind, resource };
  if (a.subresource) request.subResource = a.subresource;
  request.requestKind = { group: asked.group, version: asked.version, kind: asked.kind };
  request.requestResource = { group: asked.group, version: asked.version, resource: asked.resource };
  if (a.subresource) request.requestSubResource = a.subresource;
  if (a.name) request.name = a.name;
  if (a.namespace) request.namespace = a.namespace;
  request.operation = a.operation;
  request.userInfo = userInfo;
  request.object = a.object ?? null;
  request.oldObject = a.oldObject ?? null;
  request.dryRun = a.dryRun;
  if (a.options) request.options = a.options;
  return { kind: 'AdmissionReview', apiVersion: `admission.k8s.io/${version}`, request };
}

/** What a webhook answered. */
export interface ReviewResponse {
  readonly allowed: boolean;
  readonly status?: Obj;
  readonly patch?: Buffer;
  readonly warnings: readonly string[];
}

/** The answer, or the reason it is not a valid one (upstream's "received invalid webhook response"). */
export function parseReviewResponse(body: unknown, version: string, uid: string): ReviewResponse | string {
  const b = (body && typeof body === 'object' ? body : {}) as Obj;
  if (version === 'v1' && (b.apiVersion !== 'admission.k8s.io/v1' || b.kind !== 'AdmissionReview')) {
    return `expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${String(b.apiVersion ?? '')}, Kind=${String(b.kind ?? '')}`;
  }
  const r = b.response;
  if (!r || typeof r !== 'object') return 'webhook response was absent';
  if (version === 'v1' && r.uid !== uid) return `expected response.uid="${uid}", got "${String(r.uid ?? '')}"`;
  const warnings = Array.isArray(r.warnings) ? r.warnings.filter((w: unknown): w is string => typeof w === 'string') : [];
  let patch: Buffer | undefined;
  if (typeof r.patch === 'string' && r.patch !== '') {
    const type = r.patchType;
    if (version === 'v1' && (type === undefined || type === null || type === '')) return 'webhook returned response.patch but not response.patchType';
    if (type !== undefined && type !== null && type !== 'JSONPatch') return `webhook returned invalid response.patchType of "${String(type)}"`;
    patch = Buffer.from(r.patch, 'base64');
  } else if (version === 'v1' && r.patchType !== undefined && r.patchType !== null && r.patchType !== '') {
    return 'webhook returned response.patchType but not response.patch';
  }
  return { allowed: r.allowed === true, status: r.status && typeof r.status === 'object' ? r.status : undefined, patch, warnings };
}
