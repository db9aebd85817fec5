// WebSocket subprotocols the kubelet endpoint speaks and how one is chosen. The client lists
// what it speaks in Sec-WebSocket-Protocol, most preferred first; the server takes the first
// of those it also speaks, as upstream's stream servers do.
import type { IncomingMessage } from 'node:http';

/** Channel protocol 5: v4 plus a close signal, so the client can end stdin (kubectl 1.30+ offers only this). */
export const CHANNEL_V5 = 'v5.channel.k8s.io';
/** Channel protocol 4: the final status is a JSON v1 Status on the error channel. */
export const CHANNEL_V4 = 'v4.channel.k8s.io';
/** Exec and attach over WebSocket, most preferred first. */
export const REMOTE_COMMAND_WEBSOCKET_PROTOCOLS: readonly string[] = [CHANNEL_V5, CHANNEL_V4];

/** Port-forward as SPDY frames carried in binary WebSocket messages (kubectl 1.31+). */
export const PORT_FORWARD_TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
/** The prefix that marks a tunnelled SPDY protocol; what follows it is the SPDY-level protocol. */
export const SPDY_TUNNEL_PREFIX = 'SPDY/3.1+';

/** The subprotocols a request offers, in its order (comma-separated, possibly over several headers). */
export function offeredSubprotocols(req: IncomingMessage): string[] {
  const raw = req.headers['sec-websocket-protocol'];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values
    .flatMap((v) => v.split(','))
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** The first offered protocol that is supported, or null when they share none. */
export function selectSubprotocol(offered: readonly string[], supported: readonly string[]): string | null {
  for (const p of offered) if (supported.includes(p)) return p;
  return null;
}

/** True when the request asks for a WebSocket upgrade (Upgrade: websocket, Connection includes upgrade). */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  const upgrade = req.headers.upgrade;
  if (typeof upgrade !== 'string' || upgrade.trim().toLowerCase() !== 'websocket') return false;
  const connection = req.headers.connection ?? '';
  return connection
    .toLowerCase()
    .split(',')
    .some((t) => t.trim() === 'upgrade');
}
