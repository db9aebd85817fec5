// Reads a review's request body (JSON, YAML or protobuf) into a schema-checked object.
import { newBadRequest } from '../../api/errors.js';
import type { KObj } from '../../api/resource-info.js';
import type { RequestContext } from '../handlers/context.js';
import { parseRequestBody } from '../handlers/request-body.js';
import { fieldValidationOf } from '../handlers/resource.js';
import { isPlainObject, readBody } from '../http/body.js';
import type { ResourceStore } from '../registry/store.js';

export async function readReview(ctx: RequestContext, store: ResourceStore): Promise<KObj> {
  const body = await readBody(ctx.req);
  const value = await parseRequestBody(ctx, body);
  if (!isPlainObject(value)) throw newBadRequest(`Object 'Kind' is missing in '${body.toString('utf8').slice(0, 200)}'`);
  const { kind, apiVersion } = value;
  if ((kind !== undefined && kind !== store.info.kind) || (apiVersion !== undefined && apiVersion !== store.apiVersion)) {
    throw newBadRequest(`${String(kind)} in version "${String(apiVersion)}" cannot be handled as a ${store.info.kind}: the object is not a ${store.info.kind}`);
  }
  return ctx.decoder.decode(store, value, fieldValidationOf(ctx.query), ctx.warnings);
}

/** Upstream's ObjectMeta of a review answer: what was sent, with creationTimestamp null. */
export function reviewMetadata(obj: KObj): Record<string, unknown> {
  return { ...(obj.metadata ?? {}), creationTimestamp: null };
}
