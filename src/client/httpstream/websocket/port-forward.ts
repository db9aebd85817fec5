// Port-forward over WebSocket as kubectl 1.31+ speaks it: subprotocol
// SPDY/3.1+portforward.k8s.io, each binary message a piece of a SPDY/3.1 byte stream. The
// WebSocket is read as a byte stream and the SPDY port-forward framing served over it.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { servePortForwardOverSpdy } from '../spdy/index.js';
import type { PortForwardSession } from '../session.js';
import { WebSocketMessageDuplex } from './message-duplex.js';
import { PORT_FORWARD_TUNNEL_PROTOCOL, SPDY_TUNNEL_PREFIX } from './protocols.js';
import { upgradeWebSocket } from './upgrade.js';

export const PORT_FORWARD_WEBSOCKET_PROTOCOLS: readonly string[] = [PORT_FORWARD_TUNNEL_PROTOCOL];

/** Completes the upgrade and serves port-forward inside it; null after answering an HTTP error. */
export async function acceptWebSocketPortForward(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<PortForwardSession | null> {
  const upgraded = await upgradeWebSocket(req, socket, head, PORT_FORWARD_WEBSOCKET_PROTOCOLS);
  if (!upgraded) return null;
  const tunnel = new WebSocketMessageDuplex(upgraded.ws);
  const session = servePortForwardOverSpdy(tunnel, upgraded.protocol.slice(SPDY_TUNNEL_PREFIX.length));
  return { ...bind(session), protocol: upgraded.protocol };
}

/** The session's methods bound to it, so it can be re-exposed under the WebSocket protocol's name. */
function bind(s: PortForwardSession): PortForwardSession {
  return { protocol: s.protocol, onStream: (l) => s.onStream(l), onClose: (l) => s.onClose(l) };
}
