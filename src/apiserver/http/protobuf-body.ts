// Protobuf request bodies (application/vnd.kubernetes.protobuf) of built-in kinds, decoded into
// the plain object the JSON path would have parsed. Errors are upstream's 400s; custom resources
// (and kinds without protobuf messages) answer 415 as upstream does for custom resources.
import { newBadRequest, newUnsupportedMediaType, type StatusError } from '../../api/errors.js';
// The error class alone (no protobufjs): the decoder itself loads on the first protobuf body.
import { ProtobufDecodeError } from '../../api/protobuf/decode-error.js';
import type { DecodedObject, ProtobufDecoder } from '../../api/protobuf/index.js';
import type { ResourceStore } from '../registry/store.js';

/**
 * `kind`: what the body should hold (default: the store's kind; e.g. DeleteOptions).
 * `apiVersion`: the group version of a subresource's own body type (autoscaling/v1 Scale, policy/v1
 * Eviction); such bodies decode for custom resources too, as upstream's scale subresource does.
 */
export function decodeProtobufBody(decoder: ProtobufDecoder, store: ResourceStore, body: Uint8Array, kind = store.info.kind, apiVersion?: string): Record<string, unknown> {
  if ((!apiVersion && store.strategy.customResource) || !decoder.supports(apiVersion ?? store.apiVersion, kind)) {
    throw protobufUnsupported();
  }
  let decoded: DecodedObject;
  try {
    decoded = decoder.decode(body);
  } catch (e) {
    if (!(e instanceof ProtobufDecodeError)) throw e;
    throw decodeFailure(e, kind, body);
  }
  if (kind !== 'DeleteOptions') checkEnvelopeType(decoded, kind, apiVersion ?? store.apiVersion);
  return decoded.object;
}

/** Group versions a body may have besides the expected one (upstream EvictionREST.AcceptsGroupVersion). */
const ALSO_ACCEPTED: ReadonlyMap<string, readonly string[]> = new Map([['policy/v1 Eviction', ['policy/v1beta1']]]);

/** Go package of a group's internal types (upstream decodes into those, then checks the version). */
const internalPackage = (group: string): string => (group === '' || group === 'events.k8s.io' ? 'core' : group.split('.')[0]!);
const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');
const versionOf = (apiVersion: string): string => apiVersion.split('/').pop()!;

/**
 * The envelope's type must be the endpoint's: another kind does not convert into the endpoint's
 * internal type, and the same kind in another group version is refused by the version check.
 */
function checkEnvelopeType(d: DecodedObject, kind: string, apiVersion: string): void {
  const into = `${internalPackage(groupOf(apiVersion))}.${kind}`;
  if (d.kind !== kind || internalPackage(groupOf(d.apiVersion)) !== internalPackage(groupOf(apiVersion))) {
    const v = versionOf(d.apiVersion);
    throw newBadRequest(`${d.kind} in version ${JSON.stringify(v)} cannot be handled as a ${kind}: converting (${v}.${d.kind}) to (${into}): unknown conversion`);
  }
  if (d.apiVersion !== apiVersion && !(ALSO_ACCEPTED.get(`${apiVersion} ${kind}`) ?? []).includes(d.apiVersion)) {
    throw newBadRequest(`the API version in the data (${d.apiVersion}) does not match the expected API version (${apiVersion})`);
  }
}

export function protobufUnsupported(): StatusError {
  return newUnsupportedMediaType('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
}

/** Upstream's transformDecodeError texts. */
function decodeFailure(e: ProtobufDecodeError, into: string, body: Uint8Array): StatusError {
  if (e.kind) {
    const version = (e.apiVersion ?? '').split('/').pop();
    return newBadRequest(`${e.kind} in version ${JSON.stringify(version)} cannot be handled as a ${into}: ${e.message}`);
  }
  return newBadRequest(`the object provided is unrecognized (must be of type ${into}): ${e.message} (${summarize(body)})`);
}

function summarize(body: Uint8Array): string {
  if (!body.length) return '<empty>';
  const head = Buffer.from(body.subarray(0, 30));
  const text = body[0] === 0x7b ? head.toString('utf8') : head.toString('hex');
  return body.length > 30 ? `${text} ...` : text;
}
