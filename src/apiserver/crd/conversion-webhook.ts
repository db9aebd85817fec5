// A CustomResourceDefinition's conversion webhook (spec.conversion.strategy Webhook; upstream:
// the apiextensions webhook converter): the objects not yet in the wanted version go to the
// webhook in one ConversionReview, and its answer is checked as upstream checks it: the same
// uid, a Success result, as many objects as were sent, each in the wanted version with the same
// kind, name, namespace and uid. Of the metadata only labels and annotations may change; the rest
// is taken from the object sent.
import { randomUUID } from 'node:crypto';
import { newInternalError, StatusError } from '../../api/errors.js';
import { aggregateMessage } from '../../api/field-errors.js';
import { validateLabels } from '../../api/meta/labels.js';
import type { ExternalConversion, KObj } from '../../api/resource-info.js';
import { validateAnnotations } from '../../api/validation/object-meta.js';
import { webhookTarget } from '../webhook/client-config.js';
import { postJson } from '../webhook/https-call.js';
import type { ServiceStores } from '../webhook/service-endpoint.js';

type Obj = Record<string, any>;

/** How long one conversion call may take (upstream's webhook client default). */
const CONVERSION_TIMEOUT_MS = 30_000;
/** A converted list comes back whole. */
const MAX_CONVERSION_RESPONSE_BYTES = 512 * 1024 * 1024;
const REVIEW_VERSIONS = ['v1', 'v1beta1'];

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Go's GroupVersionKind.String(): "group/version, Kind=Kind". */
const gvkOf = (apiVersion: unknown, kind: unknown): string => {
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = av.indexOf('/');
  const [group, version] = slash < 0 ? ['', av] : [av.slice(0, slash), av.slice(slash + 1)];
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
};

class ConversionFailure extends Error {}

/** The checked convertedObjects of a review answer. */
function convertedObjects(body: unknown, reviewVersion: string, uid: string): unknown[] {
  const review = isObj(body) ? body : {};
  if (reviewVersion === 'v1' && (review.apiVersion !== 'apiextensions.k8s.io/v1' || review.kind !== 'ConversionReview')) {
    throw new ConversionFailure(`expected webhook response of apiextensions.k8s.io/v1, Kind=ConversionReview, got ${gvkOf(review.apiVersion, review.kind)}`);
  }
  const response = review.response;
  if (!isObj(response)) throw new ConversionFailure('no response provided');
  // As upstream, v1beta1 answers are not held to the request's uid.
  if (reviewVersion === 'v1' && response.uid !== uid) throw new ConversionFailure(`expected response.uid="${uid}", got "${String(response.uid ?? '')}"`);
  const result = isObj(response.result) ? response.result : {};
  if (result.status !== 'Success') {
    throw new ConversionFailure(typeof result.message === 'string' && result.message ? result.message : `response.result.status was '${String(result.status ?? '')}', not 'Success'`);
  }
  return Array.isArray(response.convertedObjects) ? response.convertedObjects : [];
}

/** Why `out` cannot stand for `original`, or undefined. */
function changedIdentity(original: Obj, out: Obj): string | undefined {
  const om = isObj(original.metadata) ? original.metadata : {};
  const cm = isObj(out.metadata) ? out.metadata : {};
  const checks: Array<[string, unknown, unknown]> = [
    ['kind', original.kind, out.kind],
    ['name', om.name, cm.name],
    ['namespace', om.namespace, cm.namespace],
    ['UID', om.uid, cm.uid],
  ];
  for (const [what, a, b] of checks) if ((a ?? '') !== (b ?? '')) return `must have the same ${what}: ${String(a ?? '')} != ${String(b ?? '')}`;
  return undefined;
}

/** `converted` with the metadata of `original`, except the labels and annotations the webhook returned. */
function withOriginalMeta(original: Obj, converted: Obj): KObj {
  const returned = converted.metadata;
  if (returned === undefined) throw new ConversionFailure('missing metadata in converted object');
  if (!isObj(returned)) throw new ConversionFailure(`invalid metadata of type ${typeof returned} in converted object`);
  const meta: Obj = structuredClone(isObj(original.metadata) ? original.metadata : {});
  for (const field of ['labels', 'annotations'] as const) {
    const got = returned[field];
    if (got === undefined || got === null) {
      delete meta[field];
      continue;
    }
    if (!isObj(got)) throw new ConversionFailure(`invalid metadata.${field} of type ${Array.isArray(got) ? 'array' : typeof got} in converted object`);
    const before: Obj = isObj(meta[field]) ? meta[field] : {};
    let changed = Object.keys(before).length !== Object.keys(got).length;
    for (const [k, v] of Object.entries(got)) {
      if (typeof v !== 'string') throw new ConversionFailure(`metadata.${field}[${k}] must be a string, but is ${typeof v} in converted object`);
      if (before[k] !== v) changed = true;
    }
    if (changed) {
      const errs = field === 'labels' ? validateLabels(got as Record<string, string>, 'metadata.labels') : validateAnnotations(got as Record<string, string>, 'metadata.annotation');
      if (errs.length) throw new ConversionFailure(aggregateMessage(errs));
    }
    meta[field] = got;
  }
  return { ...converted, metadata: meta };
}

/** The conversion of a CRD whose spec.conversion names a webhook. */
export function webhookConversion(crd: Obj, services: ServiceStores): ExternalConversion {
  const webhook: Obj = isObj(crd.spec?.conversion?.webhook) ? crd.spec.conversion.webhook : {};
  const clientConfig = webhook.clientConfig;
  const wanted: unknown[] = Array.isArray(webhook.conversionReviewVersions) ? webhook.conversionReviewVersions : [];
  const reviewVersion = wanted.find((v): v is string => typeof v === 'string' && REVIEW_VERSIONS.includes(v));
  const listKind = String(crd.spec?.names?.listKind || `${String(crd.spec?.names?.kind ?? '')}List`);
  const versions: Obj[] = Array.isArray(crd.spec?.versions) ? crd.spec.versions : [];
  const storageVersion = String((versions.find((v) => v?.storage) ?? versions[0])?.name ?? '');

  return {
    storageApiVersion: `${String(crd.spec?.group ?? '')}/${storageVersion}`,
    async convert(objects, apiVersion) {
      const toSend = objects.filter((o) => o.apiVersion !== apiVersion);
      if (toSend.length === 0) return [...objects];
      const first = toSend[0]!;
      const single = objects.length === 1;
      const what = gvkOf(first.apiVersion, single ? first.kind : listKind);
      if (!reviewVersion) throw newInternalError('no supported conversion review versions');
      const uid = randomUUID();
      const review = { kind: 'ConversionReview', apiVersion: `apiextensions.k8s.io/${reviewVersion}`, request: { uid, desiredAPIVersion: apiVersion, objects: toSend } };
      let answer: unknown[];
      try {
        const target = await webhookTarget(clientConfig, services);
        const body = await postJson(target, Buffer.from(JSON.stringify(review)), CONVERSION_TIMEOUT_MS, MAX_CONVERSION_RESPONSE_BYTES);
        answer = convertedObjects(body, reviewVersion, uid);
      } catch (e) {
        if (e instanceof StatusError) throw e;
        throw newInternalError(`conversion webhook for ${what} failed: ${(e as Error).message}`);
      }
      if (answer.length !== toSend.length) throw newInternalError(`conversion webhook for ${what} returned ${answer.length} objects, expected ${toSend.length}`);
      const converted = toSend.map((original, i) => checkedObject(original as Obj, answer[i], apiVersion, what, single ? undefined : i));
      let next = 0;
      return objects.map((o) => (o.apiVersion === apiVersion ? o : converted[next++]!));
    },
  };
}

/**
 * One answered object, checked against the one sent. `index` is the object's place among those
 * sent for a list (undefined for a single object); the messages word both cases as upstream does,
 * which counts from 1 in a list's identity errors.
 */
function checkedObject(original: Obj, out: unknown, apiVersion: string, what: string, index: number | undefined): KObj {
  const prefix = index === undefined ? `conversion webhook for ${what} returned invalid object at index 0` : `conversion webhook for ${what} returned invalid converted object at index`;
  const at = (i: number) => (index === undefined ? prefix : `${prefix} ${i}`);
  if (!isObj(out)) {
    if (index === undefined) throw newInternalError(`couldn't get version/kind; json parse error: the converted object is not an object`);
    throw newInternalError(`${at(index)}: couldn't get version/kind; json parse error: the converted object is not an object`);
  }
  const shown = index === undefined ? 0 : index + 1;
  if (out.apiVersion !== apiVersion) throw newInternalError(`${at(shown)}: invalid groupVersion (expected ${apiVersion}, received ${String(out.apiVersion ?? '')})`);
  if (out.kind !== original.kind) throw newInternalError(`${at(shown)}: invalid kind (expected ${String(original.kind ?? '')}, received ${String(out.kind ?? '')})`);
  const identity = changedIdentity(original, out);
  if (identity) {
    if (index === undefined) throw newInternalError(`conversion webhook for ${what} returned invalid object: ${identity}`);
    throw newInternalError(`${at(shown)}: ${identity}`);
  }
  try {
    return withOriginalMeta(original, out);
  } catch (e) {
    if (!(e instanceof ConversionFailure)) throw e;
    if (index === undefined) throw newInternalError(`conversion webhook for ${what} returned invalid metadata: ${e.message}`);
    throw newInternalError(`conversion webhook for ${what} returned invalid metadata in object at index ${shown}: ${e.message}`);
  }
}
