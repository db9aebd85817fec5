// nodes/{name}/proxy/{path}: a plain request passed to the node's kubelet at /{path} (method,
// query, body and content headers), its answer streamed back with its status and headers.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getBackendError } from './dial-error.js';
import type { KubeletTransport } from './kubelet-transport.js';
import type { KubeletLocation } from './node-connection.js';

/** Request headers that stay with the API server (its credentials, hop-by-hop headers). */
const DROPPED = new Set(['host', 'authorization', 'proxy-authorization', 'cookie', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer']);
/** Response headers the API server sets itself. */
const DROPPED_BACK = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

function forwardedHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || DROPPED.has(k) || k.startsWith('impersonate-') || k.startsWith('x-remote-')) continue;
    out[k] = v;
  }
  return out;
}

/** Resolves with the status code sent. */
export function proxyRequest(transport: KubeletTransport, loc: KubeletLocation, path: string, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<number> {
  return new Promise((resolve, reject) => {
    const q = query.toString();
    const out = https.request(
      { method: req.method, host: loc.host, port: loc.port, path: `${path}${q ? `?${q}` : ''}`, agent: transport.agent, headers: forwardedHeaders(req) },
      (answer) => {
        const headers: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined && !DROPPED_BACK.has(k)) headers[k] = v;
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
        answer.once('end', () => resolve(answer.statusCode ?? 502));
        answer.once('error', () => {
          res.destroy();
          resolve(answer.statusCode ?? 502);
        });
      },
    );
    out.once('error', (e) => {
      if (res.headersSent) {
        res.destroy();
        resolve(res.statusCode);
      } else reject(getBackendError(e, req.method ?? 'GET', transport.url(loc, path, query), loc));
    });
    res.once('close', () => out.destroy());
    req.pipe(out);
  });
}
