// The HTTP side of a SPDY/3.1 stream upgrade, as the kubelet does it: negotiate the
// X-Stream-Protocol-Version subprotocol (the client lists what it speaks, in preference order;
// the first one we also speak wins), check the Upgrade headers, then answer 101 with the choice,
// or an HTTP error (400 without the headers, 403 with nothing in common) and close.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export const HEADER_PROTOCOL_VERSION = 'X-Stream-Protocol-Version';
export const HEADER_ACCEPTED_PROTOCOL_VERSIONS = 'X-Accepted-Stream-Protocol-Versions';
export const SPDY_UPGRADE = 'SPDY/3.1';

/** The values of a possibly repeated, comma-separated request header. */
function listHeader(req: IncomingMessage, name: string): string[] {
  const raw = req.headersDistinct[name.toLowerCase()] ?? [];
  return raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** True when the request asks for a SPDY/3.1 upgrade (Connection: Upgrade, Upgrade: SPDY/3.1). */
export function isSpdyUpgrade(req: IncomingMessage): boolean {
  const connection = listHeader(req, 'connection').some((v) => v.toLowerCase() === 'upgrade');
  const upgrade = listHeader(req, 'upgrade').some((v) => v.toLowerCase() === SPDY_UPGRADE.toLowerCase());
  return connection && upgrade;
}

function writeHttpError(socket: Duplex, status: number, reason: string, message: string, extra: [string, string][] = []): void {
  const body = `${message}\n`;
  const head = [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: text/plain; charset=utf-8',
    'X-Content-Type-Options: nosniff',
    ...extra.map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    `Date: ${new Date().toUTCString()}`,
  ];
  if (!socket.writable) return;
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/**
 * Negotiates and, on success, writes the 101 reply; returns the chosen subprotocol, or null
 * after writing an HTTP error and ending the socket.
 */
export function upgradeToSpdy(req: IncomingMessage, socket: Duplex, serverProtocols: readonly string[]): string | null {
  const offered = listHeader(req, HEADER_PROTOCOL_VERSION);
  if (offered.length === 0) {
    writeHttpError(socket, 400, 'Bad Request', `unable to upgrade: ${HEADER_PROTOCOL_VERSION} is required`);
    return null;
  }
  const chosen = offered.find((p) => serverProtocols.includes(p));
  if (chosen === undefined) {
    writeHttpError(
      socket,
      403,
      'Forbidden',
      `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server accepts [${serverProtocols.join(' ')}]`,
      serverProtocols.map((p) => [HEADER_ACCEPTED_PROTOCOL_VERSIONS, p]),
    );
    return null;
  }
  if (!isSpdyUpgrade(req)) {
    writeHttpError(socket, 400, 'Bad Request', 'unable to upgrade: missing upgrade headers in request');
    return null;
  }
  socket.write(
    [
      'HTTP/1.1 101 Switching Protocols',
      'Connection: Upgrade',
      `Upgrade: ${SPDY_UPGRADE}`,
      `${HEADER_PROTOCOL_VERSION}: ${chosen}`,
      `Date: ${new Date().toUTCString()}`,
      '',
      '',
    ].join('\r\n'),
  );
  return chosen;
}
