// pods/log: the kubelet's /containerLogs answer streamed to the client as it comes (no
// buffering; with follow=true it lasts until the container ends or either side goes away).
import type { ServerResponse } from 'node:http';
import { StatusError, type StatusReason } from '../../api/errors.js';
import { getBackendError } from './dial-error.js';
import type { KubeletTransport } from './kubelet-transport.js';
import type { KubeletLocation } from './node-connection.js';
import type { KubeletRequestTarget } from './pod-connect-request.js';

/** How much of a kubelet's error body becomes the Status message (upstream reads at most this). */
const MAX_ERROR_BODY = 50_000;

const REASONS: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

async function readSome(body: AsyncIterable<Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += chunk.toString('utf8');
    if (text.length >= MAX_ERROR_BODY) break;
  }
  return text.slice(0, MAX_ERROR_BODY).trim();
}

/**
 * Streams a kubelet GET to `res`. A kubelet error answer becomes a Status with its code and
 * its body as the message (as upstream's response checker does); resolves with the code sent.
 */
export async function proxyLogs(
  transport: KubeletTransport,
  loc: KubeletLocation,
  target: KubeletRequestTarget,
  res: ServerResponse,
  details: { name: string; kind: string },
  insecure = false,
): Promise<number> {
  const gone = new AbortController();
  const onClose = () => gone.abort();
  res.once('close', onClose);
  try {
    let answer;
    try {
      answer = await transport.request('GET', loc, target.path, target.query, gone.signal, insecure);
    } catch (e) {
      if (gone.signal.aborted) return 499;
      throw getBackendError(e, 'GET', transport.url(loc, target.path, target.query), loc);
    }
    const code = answer.statusCode ?? 500;
    if (code < 200 || code > 299) {
      const message = await readSome(answer);
      throw new StatusError(code, REASONS[code] ?? '', message || `the server responded with the status code ${code}`, { ...details });
    }
    res.writeHead(200, { 'Content-Type': answer.headers['content-type'] ?? 'text/plain', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    await new Promise<void>((resolve) => {
      answer.on('data', (chunk: Buffer) => {
        if (!res.write(chunk)) {
          answer.pause();
          res.once('drain', () => answer.resume());
        }
      });
      answer.once('end', () => {
        res.end();
        resolve();
      });
      answer.once('error', () => {
        res.destroy();
        resolve();
      });
      answer.once('close', () => resolve());
    });
    return 200;
  } finally {
    res.off('close', onClose);
  }
}
