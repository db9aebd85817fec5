// An upgrade request (exec, attach, port-forward) passed through to a kubelet as bytes: the
// original method, the kubelet path and query, and the client's upgrade and negotiation
// headers go to the kubelet; its answer (101 and its headers, or any other response) goes back
// to the client unchanged, and after a 101 both sockets are piped until either side closes.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { StatusError } from '../../api/errors.js';
import { dialBackendError } from './dial-error.js';
import type { KubeletTransport } from './kubelet-transport.js';
import { hostPort, type KubeletLocation } from './node-connection.js';
import type { KubeletRequestTarget } from './pod-connect-request.js';

/** Headers of the client's request that stay with the API server (its credentials, routing). */
const DROPPED_HEADERS = new Set(['host', 'authorization', 'proxy-authorization', 'cookie', 'content-length', 'transfer-encoding', 'keep-alive']);

const MAX_RESPONSE_HEAD = 64 * 1024;

export interface UpgradeRelay {
  /** The kubelet's status code as relayed (101 when upgraded). */
  readonly code: number;
  /** Settles when both connections are closed. */
  readonly done: Promise<void>;
}

function requestHead(req: IncomingMessage, loc: KubeletLocation, target: KubeletRequestTarget): string {
  const q = target.query.toString();
  const lines = [`${req.method ?? 'GET'} ${target.path}${q ? `?${q}` : ''} HTTP/1.1`, `Host: ${hostPort(loc)}`];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (DROPPED_HEADERS.has(lower) || lower.startsWith('impersonate-') || lower.startsWith('x-remote-')) continue;
    lines.push(`${name}: ${raw[i + 1]!}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Reads the kubelet's response head; resolves with it and whatever bytes followed it. */
function readResponseHead(backend: TLSSocket): Promise<{ head: Buffer; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end >= 0) {
        cleanup();
        backend.pause();
        resolve({ head: buf.subarray(0, end + 4), rest: buf.subarray(end + 4) });
      } else if (buf.length > MAX_RESPONSE_HEAD) {
        cleanup();
        reject(new StatusError(500, '', 'error proxying to the kubelet: response headers too large'));
      }
    };
    const onEnd = () => {
      cleanup();
      reject(new StatusError(500, '', 'error dialing backend: EOF'));
    };
    const onError = (e: Error) => {
      cleanup();
      reject(new StatusError(500, '', `error dialing backend: ${e.message}`));
    };
    const cleanup = () => {
      backend.off('data', onData);
      backend.off('end', onEnd);
      backend.off('error', onError);
    };
    backend.on('data', onData);
    backend.once('end', onEnd);
    backend.once('error', onError);
  });
}

function bothClosed(a: Duplex, b: Duplex): Promise<void> {
  const closed = (s: Duplex) => (s.destroyed ? Promise.resolve() : new Promise<void>((r) => s.once('close', () => r())));
  return Promise.all([closed(a), closed(b)]).then(() => undefined);
}

/**
 * Dials the kubelet and relays the upgrade. Throws a StatusError (nothing written yet) when
 * the kubelet cannot be reached or answers no HTTP head; `beforeRelay` runs just before the
 * first byte goes to the client socket (the caller detaches its response object there).
 */
export async function proxyUpgrade(
  transport: KubeletTransport,
  loc: KubeletLocation,
  target: KubeletRequestTarget,
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  beforeRelay: () => void,
): Promise<UpgradeRelay> {
  let backend: TLSSocket;
  try {
    backend = await transport.dial(loc);
  } catch (e) {
    throw dialBackendError(e, loc);
  }
  backend.write(requestHead(req, loc, target));
  if (head.length) backend.write(head);
  let answer: { head: Buffer; rest: Buffer };
  try {
    answer = await readResponseHead(backend);
  } catch (e) {
    backend.destroy();
    throw e;
  }
  const code = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer.head.toString('latin1'))?.[1] ?? 502);
  beforeRelay();
  const done = bothClosed(client, backend);
  const fail = () => {
    client.destroy();
    backend.destroy();
  };
  client.on('error', fail);
  backend.on('error', fail);
  client.write(answer.head);
  if (answer.rest.length) client.write(answer.rest);
  // After a 101 the bytes flow both ways; any other answer is relayed until the kubelet ends it.
  backend.pipe(client);
  backend.resume();
  if (code === 101) client.pipe(backend);
  else client.once('end', () => backend.end());
  client.once('close', () => backend.destroy());
  backend.once('close', () => {
    if (!client.writableEnded) client.end();
  });
  return { code, done };
}
