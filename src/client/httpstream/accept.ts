// The kubelet endpoint's entry to the stream transports: a WebSocket upgrade (kubectl 1.30+
// for exec/attach, 1.31+ for port-forward) or a SPDY/3.1 upgrade (older kubectl, and every
// version's fallback) both end in the same session types. Anything else is not an upgrade we
// serve: 400 with a v1 Status, as upstream's stream servers refuse a plain request.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { PortForwardSession, RemoteCommandOptions, RemoteCommandSession } from './session.js';
import { acceptSpdyPortForward, acceptSpdyRemoteCommand, isSpdyUpgrade } from './spdy/index.js';
import { failureStatus, refuseUpgrade } from './websocket/upgrade.js';
import { acceptWebSocketPortForward, acceptWebSocketRemoteCommand, isWebSocketUpgrade } from './websocket/index.js';

export type StreamTransport = 'websocket' | 'spdy';

/** Which transport the request asks for, from its Upgrade and Connection headers. */
export function requestedTransport(req: IncomingMessage): StreamTransport | null {
  if (isWebSocketUpgrade(req)) return 'websocket';
  if (isSpdyUpgrade(req)) return 'spdy';
  return null;
}

function refuseNonUpgrade(socket: Duplex): null {
  refuseUpgrade(socket, failureStatus(400, 'BadRequest', 'unable to upgrade: missing upgrade headers in request (websocket or SPDY/3.1)'));
  return null;
}

/** Exec or attach: completes the upgrade the request asks for; null after answering an HTTP error. */
export async function acceptRemoteCommand(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: RemoteCommandOptions,
): Promise<RemoteCommandSession | null> {
  switch (requestedTransport(req)) {
    case 'websocket':
      return acceptWebSocketRemoteCommand(req, socket, head, options);
    case 'spdy':
      return acceptSpdyRemoteCommand(req, socket, head, options);
    default:
      return refuseNonUpgrade(socket);
  }
}

/** Port-forward: completes the upgrade the request asks for; null after answering an HTTP error. */
export async function acceptPortForward(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<PortForwardSession | null> {
  switch (requestedTransport(req)) {
    case 'websocket':
      return acceptWebSocketPortForward(req, socket, head);
    case 'spdy':
      return acceptSpdyPortForward(req, socket, head);
    default:
      return refuseNonUpgrade(socket);
  }
}
