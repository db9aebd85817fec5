// The WebSocket stream transport of the kubelet endpoint: exec/attach over the channel
// protocols (v5/v4.channel.k8s.io) and port-forward as SPDY tunnelled in WebSocket messages.
export { acceptWebSocketRemoteCommand, WebSocketRemoteCommandSession } from './remote-command.js';
export {
  CHANNEL_V4,
  CHANNEL_V5,
  isWebSocketUpgrade,
  PORT_FORWARD_TUNNEL_PROTOCOL,
  REMOTE_COMMAND_WEBSOCKET_PROTOCOLS,
} from './protocols.js';
export { WebSocketMessageDuplex } from './message-duplex.js';
export { acceptWebSocketPortForward, PORT_FORWARD_WEBSOCKET_PROTOCOLS } from './port-forward.js';
