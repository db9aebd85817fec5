// Parses a request body by its media type: JSON, YAML, or protobuf (built-in kinds only).
import { mediaType, parseStructured, PROTOBUF_TYPE } from '../http/body.js';
import { StatusError } from '../../api/errors.js';
import type { RequestContext } from './context.js';

/**
 * `kind`: what a protobuf body should hold (default: the requested resource's kind); `apiVersion`:
 * its group version when that is not the resource's (a subresource's own type, e.g. autoscaling/v1 Scale).
 */
export async function parseRequestBody(ctx: RequestContext, body: Buffer, kind?: string, apiVersion?: string): Promise<unknown> {
  const type = mediaType(ctx.req);
  if (type !== PROTOBUF_TYPE) return parseStructured(body, type);
  const store = ctx.registry.lookup(ctx.info.group, ctx.info.version, ctx.info.resource);
  if (!store) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
  return ctx.decoder.decodeProtobuf(store, body, kind, apiVersion);
}
