// Completing (or refusing) a WebSocket upgrade on a socket the HTTP server handed over.
// The subprotocol is chosen before the handshake so that a client offering none we speak gets
// 403 Forbidden, as upstream's stream servers answer, and can fall back to SPDY.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Status } from '../../../api/errors.js';
import { offeredSubprotocols, selectSubprotocol } from './protocols.js';

/** Messages larger than this close the connection (1009); the clients send small frames. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface Upgraded {
  readonly ws: WebSocket;
  readonly protocol: string;
}

/** Writes an HTTP error response with a v1 Status body and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: Status, extraHeaders: Record<string, string> = {}): void {
  const body = JSON.stringify(status);
  const reason = REASON_PHRASES[status.code] ?? 'Error';
  const headers = Object.entries(extraHeaders)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status.code} ${reason}\r\nContent-Type: application/json\r\n${headers}` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  } else {
    socket.destroy();
  }
}

const REASON_PHRASES: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 426: 'Upgrade Required', 500: 'Internal Server Error' };

export function failureStatus(code: number, reason: Status['reason'], message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/**
 * Negotiates one of `supported` and completes the handshake. Resolves null after answering an
 * HTTP error itself: 403 when no offered subprotocol is supported, 400 for a malformed handshake.
 */
export function upgradeWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, supported: readonly string[]): Promise<Upgraded | null> {
  const offered = offeredSubprotocols(req);
  const protocol = selectSubprotocol(offered, supported);
  if (protocol === null) {
    const message = `requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${supported.join(' ')}]`;
    refuseUpgrade(socket, failureStatus(403, 'Forbidden', message));
    return Promise.resolve(null);
  }
  const key = req.headers['sec-websocket-key'];
  if (req.method !== 'GET' || typeof key !== 'string' || !/^[+/0-9A-Za-z]{22}==$/.test(key.trim())) {
    refuseUpgrade(socket, failureStatus(400, 'BadRequest', 'not a valid WebSocket handshake'));
    return Promise.resolve(null);
  }
  if (req.headers['sec-websocket-version'] !== '13') {
    refuseUpgrade(socket, failureStatus(400, 'BadRequest', 'unsupported WebSocket version (13 is)'), { 'Sec-WebSocket-Version': '13' });
    return Promise.resolve(null);
  }
  // ws checks each offered subprotocol is an HTTP token, and "SPDY/3.1+portforward.k8s.io" is
  // not one ('/'). The choice is made above, so ws is shown a placeholder token and told to
  // answer with the chosen protocol.
  req.headers['sec-websocket-protocol'] = 'k8ts-negotiated';
  const server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: () => protocol,
  });
  return new Promise((resolve) => {
    // ws answers a handshake it rejects itself and never calls back: the socket closing first means that.
    const onClose = () => resolve(null);
    socket.once('close', onClose);
    server.handleUpgrade(req, socket, head, (ws) => {
      socket.off('close', onClose);
      resolve({ ws, protocol });
    });
  });
}
