// Port-forward over WebSocket. kubectl 1.31+ asks for SPDY/3.1+portforward.k8s.io: each binary
// message a piece of a SPDY/3.1 byte stream, served by the SPDY port-forward framing. Other
// clients (e.g. @kubernetes/client-node) ask for the channel protocols, with the ports in the
// query (port-forward-channels.ts). The first offered protocol the server speaks wins.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { servePortForwardOverSpdy } from '../spdy/index.js';
import type { PortForwardSession } from '../session.js';
import { WebSocketMessageDuplex } from './message-duplex.js';
import { CHANNEL_PORT_FORWARD_PROTOCOLS, requestedPorts, WebSocketChannelPortForwardSession } from './port-forward-channels.js';
import { offeredSubprotocols, PORT_FORWARD_TUNNEL_PROTOCOL, selectSubprotocol, SPDY_TUNNEL_PREFIX } from './protocols.js';
import { failureStatus, refuseUpgrade, upgradeWebSocket } from './upgrade.js';

export const PORT_FORWARD_WEBSOCKET_PROTOCOLS: readonly string[] = [PORT_FORWARD_TUNNEL_PROTOCOL, ...CHANNEL_PORT_FORWARD_PROTOCOLS];

/** Completes the upgrade and serves port-forward inside it; null after answering an HTTP error. */
export async function acceptWebSocketPortForward(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<PortForwardSession | null> {
  const choice = selectSubprotocol(offeredSubprotocols(req), PORT_FORWARD_WEBSOCKET_PROTOCOLS);
  let ports: number[] | null = [];
  if (choice !== null && choice !== PORT_FORWARD_TUNNEL_PROTOCOL) {
    // The channel protocols forward the ports the query names, and need at least one.
    ports = requestedPorts(req.url);
    if (!ports || ports.length === 0) {
      refuseUpgrade(socket, failureStatus(400, 'BadRequest', 'query parameter "port" is required and must name ports 1-65535'));
      return null;
    }
  }
  const upgraded = await upgradeWebSocket(req, socket, head, PORT_FORWARD_WEBSOCKET_PROTOCOLS);
  if (!upgraded) return null;
  if (upgraded.protocol !== PORT_FORWARD_TUNNEL_PROTOCOL) return new WebSocketChannelPortForwardSession(upgraded.ws, upgraded.protocol, ports ?? []);
  const tunnel = new WebSocketMessageDuplex(upgraded.ws);
  const session = servePortForwardOverSpdy(tunnel, upgraded.protocol.slice(SPDY_TUNNEL_PREFIX.length));
  return { protocol: upgraded.protocol, onStream: (l) => session.onStream(l), onClose: (l) => session.onClose(l) };
}
