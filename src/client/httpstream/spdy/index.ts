// The SPDY/3.1 stream transport (what kubectl 1.27-1.29 use for exec/attach, kubectl <= 1.30
// for port-forward, and 1.31+ inside a WebSocket tunnel for port-forward).
export { acceptSpdyRemoteCommand, SPDY_REMOTE_COMMAND_PROTOCOLS, DEFAULT_STREAM_CREATION_TIMEOUT_MS, type SpdyAcceptTuning } from './remote-command.js';
export { acceptSpdyPortForward, servePortForwardOverSpdy, PORT_FORWARD_PROTOCOL_V1 } from './port-forward.js';
export { isSpdyUpgrade, SPDY_UPGRADE } from './upgrade.js';
export { SpdyConnection, DEFAULT_IDLE_TIMEOUT_MS, type SpdyConnectionOptions, type FlowControlMode } from './spdy-connection.js';
export type { SpdyStream } from './spdy-stream.js';
