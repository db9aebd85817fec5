// HTTP for /openapi/v2 and /openapi/v3[/<group-version>]: content negotiation (JSON or
// gnostic protobuf for v2), ETag and If-None-Match, and for v3 documents the hash query
// (301 to the current hash; long-lived caching headers when it matches), as upstream does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newNotAcceptable, StatusError } from '../../api/errors.js';
import type { OpenApiService, ServedDocument } from './service.js';
import { v3Url } from './v3-url.js';

const V2_PROTOBUF = 'com.github.proto-openapi.spec.v2@v1.0+protobuf';
const V2_PROTOBUF_NEW = 'com.github.proto-openapi.spec.v2.v1.0+protobuf';
const V2_PROTOBUF_CONTENT_TYPE = `application/${V2_PROTOBUF_NEW}`;

/** True when the path is one of ours. */
export function isOpenApiPath(path: string): boolean {
  return path === '/openapi/v2' || path === '/openapi/v3' || path.startsWith('/openapi/v3/');
}

/** Serves an OpenAPI path; returns the status code sent. Errors are thrown as StatusErrors. */
export function serveOpenApi(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, service: OpenApiService): number | Promise<number> {
  if (path === '/openapi/v2') return serveV2(req, res, service);
  if (path === '/openapi/v3') return send(req, res, service.v3Index(), 'application/json');
  const gv = path.slice('/openapi/v3/'.length);
  const doc = service.v3(gv);
  if (!doc) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
  const accept = acceptedSubtype(req.headers.accept, ['json']);
  res.setHeader('Vary', 'Accept');
  if (!accept) throw notAcceptable(['application/json']);
  const hash = query.get('hash');
  if (hash) {
    if (hash !== doc.etag) {
      res.writeHead(301, { Location: v3Url(gv, doc.etag), 'Content-Type': 'text/html; charset=utf-8', Etag: JSON.stringify(doc.etag) });
      res.end(`<a href="${v3Url(gv, doc.etag)}">Moved Permanently</a>.\n\n`);
      return 301;
    }
    res.setHeader('Cache-Control', 'public, immutable');
    res.setHeader('Expires', new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString());
  }
  return send(req, res, doc, 'application/json');
}

function serveV2(req: IncomingMessage, res: ServerResponse, service: OpenApiService): number | Promise<number> {
  const accept = acceptedSubtype(req.headers.accept, ['json', V2_PROTOBUF, V2_PROTOBUF_NEW]);
  res.setHeader('Vary', 'Accept');
  if (!accept) throw notAcceptable(['application/json', `application/${V2_PROTOBUF}`]);
  if (accept === 'json') return send(req, res, service.v2Json(), 'application/json');
  return service.v2Protobuf().then((doc) => send(req, res, doc, V2_PROTOBUF_CONTENT_TYPE));
}

/**
 * The first subtype of `offered` (all under application/) that the Accept header allows, in the
 * header's order (q-values of 0 exclude); a missing header accepts anything.
 */
export function acceptedSubtype(accept: string | undefined, offered: readonly string[]): string | undefined {
  if (!accept || !accept.trim()) return offered[0];
  const clauses = accept
    .split(',')
    .map((c) => {
      const [type = '', ...params] = c.split(';').map((s) => s.trim());
      const q = params.find((p) => p.startsWith('q='));
      return { type: type.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((c) => c.type && c.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const c of clauses) {
    const [t, sub] = c.type.split('/');
    if (t !== 'application' && t !== '*') continue;
    for (const o of offered) if (sub === '*' || sub === o) return o;
  }
  return undefined;
}

function send(req: IncomingMessage, res: ServerResponse, doc: ServedDocument, contentType: string): number {
  const etag = JSON.stringify(doc.etag);
  res.setHeader('Etag', etag);
  res.setHeader('Last-Modified', doc.lastModified.toUTCString());
  if (notModified(req, etag, doc.lastModified)) {
    res.writeHead(304);
    res.end();
    return 304;
  }
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': doc.body.length });
  res.end(req.method === 'HEAD' ? undefined : doc.body);
  return 200;
}

/** If-None-Match (any listed ETag, or *) wins over If-Modified-Since, as in Go's ServeContent. */
function notModified(req: IncomingMessage, etag: string, lastModified: Date): boolean {
  const inm = req.headers['if-none-match'];
  if (inm) return inm.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag);
  const ims = req.headers['if-modified-since'];
  if (ims) {
    const t = Date.parse(ims);
    return !Number.isNaN(t) && lastModified.getTime() <= t;
  }
  return false;
}

/** Upstream answers an unacceptable Accept with an empty 406; ours carries a Status like every other error. */
function notAcceptable(types: readonly string[]): StatusError {
  return newNotAcceptable(`only the following media types are accepted: ${types.join(', ')}`);
}
