// serviceaccounts/{name}/token (authentication.k8s.io/v1 TokenRequest, `kubectl create token`):
// a signed token for an existing service account, for the requested audiences (default: the
// API audiences) and lifetime (default one hour, at least ten minutes), optionally bound to a
// Pod, Secret or Node that must exist. Answered 201 with the request and status.token.
import { newBadRequest, newInvalid, newNotFound } from '../../api/errors.js';
import { invalid, required, type FieldError } from '../../api/field-errors.js';
import { isPlainObject, mediaType, parseStructured, PROTOBUF_TYPE, readBody } from '../http/body.js';
import { protobufUnsupported } from '../http/protobuf-body.js';
import type { BoundObject, ServiceAccountTokenIssuer } from '../auth/service-account-jwt.js';
import { rfc3339 } from '../registry/object-meta.js';
import type { ResourceStore } from '../registry/store.js';
import type { RequestContext } from './context.js';
import { reply } from './resource.js';

type Obj = Record<string, any>;

export const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
const BOUND_KINDS: Record<string, { group: string; resource: string; namespaced: boolean }> = {
  Pod: { group: '', resource: 'pods', namespaced: true },
  Secret: { group: '', resource: 'secrets', namespaced: true },
  Node: { group: '', resource: 'nodes', namespaced: false },
};

function validate(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const exp = spec.expirationSeconds;
  if (typeof exp !== 'number' || !Number.isInteger(exp)) errs.push(invalid('spec.expirationSeconds', exp, 'must be an integer'));
  else if (exp < MIN_EXPIRATION_SECONDS) errs.push(invalid('spec.expirationSeconds', exp, 'may not specify a duration less than 10 minutes'));
  else if (exp > MAX_EXPIRATION_SECONDS) errs.push(invalid('spec.expirationSeconds', exp, 'may not specify a duration larger than 2^32 seconds'));
  const ref = spec.boundObjectRef;
  if (ref !== undefined && ref !== null) {
    if (!isPlainObject(ref)) errs.push(invalid('spec.boundObjectRef', ref, 'must be an object'));
    else {
      if (!BOUND_KINDS[String(ref.kind)]) errs.push(invalid('spec.boundObjectRef.kind', ref.kind, 'must be one of Pod, Secret, Node'));
      if (!ref.name) errs.push(required('spec.boundObjectRef.name'));
    }
  }
  return errs;
}

async function boundObject(ctx: RequestContext, ns: string, ref: Obj): Promise<BoundObject> {
  const k = BOUND_KINDS[String(ref.kind)]!;
  const store = ctx.registry.lookup(k.group, 'v1', k.resource);
  if (!store) throw newNotFound({ group: k.group, resource: k.resource }, String(ref.name));
  const obj = (await store.get(k.namespaced ? ns : '', String(ref.name))) as Obj;
  const uid = String(obj.metadata?.uid ?? '');
  if (ref.uid && ref.uid !== uid) {
    throw newInvalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, ctx.info.name, [
      invalid('spec.boundObjectRef.uid', ref.uid, `the UID in the bound object reference (${String(ref.uid)}) does not match the UID in record. The object might have been deleted and then recreated`),
    ]);
  }
  return { kind: ref.kind as BoundObject['kind'], name: String(ref.name), uid };
}

/** JSON, YAML or protobuf (kubectl sends protobuf); the protobuf decoder is asked through a store of the body's group version. */
async function parseTokenRequest(ctx: RequestContext, body: Buffer): Promise<unknown> {
  const type = mediaType(ctx.req);
  if (type !== PROTOBUF_TYPE) return parseStructured(body, type);
  const authn = ctx.registry.resourcesOf('authentication.k8s.io', 'v1')[0];
  if (!authn) throw protobufUnsupported();
  return ctx.decoder.decodeProtobuf(authn, body, 'TokenRequest');
}

export async function handleTokenRequest(ctx: RequestContext, store: ResourceStore, ns: string, issuer: ServiceAccountTokenIssuer): Promise<void> {
  const body = await readBody(ctx.req);
  const value = await parseTokenRequest(ctx, body);
  if (!isPlainObject(value)) throw newBadRequest(`Object 'Kind' is missing in '${body.toString('utf8').slice(0, 200)}'`);
  const req = value as Obj;
  if (req.apiVersion !== undefined && req.apiVersion !== '' && req.apiVersion !== 'authentication.k8s.io/v1') {
    throw newBadRequest(`the API version in the data (${String(req.apiVersion)}) does not match the expected API version (authentication.k8s.io/v1)`);
  }
  const sa = (await store.get(ns, ctx.info.name)) as Obj;
  const spec: Obj = { ...(isPlainObject(req.spec) ? req.spec : {}) };
  spec.expirationSeconds ??= DEFAULT_EXPIRATION_SECONDS;
  const audiences: string[] = Array.isArray(spec.audiences) && spec.audiences.length ? spec.audiences.map(String) : [...issuer.apiAudiences];
  const errs = validate(spec);
  if (errs.length) throw newInvalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, ctx.info.name, errs);
  const bound = spec.boundObjectRef ? await boundObject(ctx, ns, spec.boundObjectRef as Obj) : undefined;
  const now = store.deps.clock.now();
  const { token, claims } = issuer.issue({ namespace: ns, name: ctx.info.name, uid: String(sa.metadata?.uid ?? ''), audiences, expirationSeconds: spec.expirationSeconds, bound }, now);
  const out = {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: ctx.info.name, namespace: ns, creationTimestamp: rfc3339(now) },
    spec: { audiences, expirationSeconds: spec.expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: { token, expirationTimestamp: rfc3339(claims.exp * 1000) },
  };
  return reply(ctx, 201, out);
}
