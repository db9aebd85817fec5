// port-forward over SPDY/3.1 (portforward.k8s.io), the kubelet's way: for every connection it
// forwards, the client opens an error stream and a data stream carrying the same port and
// requestID headers. Once both are there the pair becomes one PortForwardStream: data is the
// bytes to and from the pod's port, and failures are written as text on the error stream. A
// pair not complete within the creation timeout is reported and dropped.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { PortForwardSession, PortForwardStream } from '../session.js';
import { DEFAULT_STREAM_CREATION_TIMEOUT_MS, type SpdyAcceptTuning } from './remote-command.js';
import { SpdyConnection } from './spdy-connection.js';
import type { SpdyStream } from './spdy-stream.js';
import { upgradeToSpdy } from './upgrade.js';

export const PORT_FORWARD_PROTOCOL_V1 = 'portforward.k8s.io';

interface PendingPair {
  error?: SpdyStream;
  data?: SpdyStream;
  timer: NodeJS.Timeout;
}

class SpdyPortForwardSession implements PortForwardSession {
  private readonly listeners: ((stream: PortForwardStream) => void)[] = [];
  private readonly early: PortForwardStream[] = [];
  private readonly pending = new Map<string, PendingPair>();
  readonly conn: SpdyConnection;

  constructor(
    socket: Duplex,
    readonly protocol: string,
    head: Buffer | undefined,
    private readonly tuning: SpdyAcceptTuning,
  ) {
    this.conn = new SpdyConnection(socket, {
      head,
      flowControl: tuning.flowControl,
      idleTimeoutMs: tuning.idleTimeoutMs,
      onStream: (s) => this.onSpdyStream(s),
    });
    this.conn.onClose(() => {
      for (const p of this.pending.values()) clearTimeout(p.timer);
      this.pending.clear();
    });
  }

  onStream(listener: (stream: PortForwardStream) => void): void {
    this.listeners.push(listener);
    for (const s of this.early.splice(0)) listener(s);
  }

  onClose(listener: () => void): void {
    this.conn.onClose(listener);
  }

  private onSpdyStream(stream: SpdyStream): void {
    stream.reply();
    const type = stream.header('streamtype');
    // Clients before requestID paired the streams by id: the data stream follows its error stream.
    const requestId = stream.header('requestid') ?? String(type === 'data' ? stream.id - 2 : stream.id);
    if (type !== 'error' && type !== 'data') {
      stream.reset();
      return;
    }
    let pair = this.pending.get(requestId);
    if (!pair) {
      const timer = setTimeout(() => this.expire(requestId), this.tuning.streamCreationTimeoutMs ?? DEFAULT_STREAM_CREATION_TIMEOUT_MS);
      timer.unref();
      pair = { timer };
      this.pending.set(requestId, pair);
    }
    if (pair[type]) {
      stream.reset();
      return;
    }
    pair[type] = stream;
    if (pair.error && pair.data) {
      clearTimeout(pair.timer);
      this.pending.delete(requestId);
      this.deliver(pair.error, pair.data);
    }
  }

  private expire(requestId: string): void {
    const pair = this.pending.get(requestId);
    if (!pair) return;
    this.pending.delete(requestId);
    if (pair.error) pair.error.end(`timed out waiting for streams of request ${requestId}`);
    pair.data?.reset();
  }

  private deliver(error: SpdyStream, data: SpdyStream): void {
    error.resume(); // the client writes nothing on it
    const portText = data.header('port') ?? '';
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
      error.end(`invalid port: ${JSON.stringify(portText)}`);
      data.end();
      return;
    }
    // The error stream is finished with the connection it reports on.
    const closeError = (): void => {
      if (!error.writableEnded) error.end();
    };
    data.once('finish', closeError);
    data.once('close', closeError);
    const forwarded: PortForwardStream = {
      port,
      data,
      // As the kubelet does once forwarding fails: the message, then both streams are closed.
      reportError: (message) => {
        if (!error.writableEnded && !error.destroyed) error.end(message);
        if (!data.writableEnded && !data.destroyed) data.end();
      },
    };
    if (this.listeners.length === 0) this.early.push(forwarded);
    for (const l of this.listeners) l(forwarded);
  }
}

/** Answers a port-forward upgrade request (the 101, or an HTTP error and null). */
export function acceptSpdyPortForward(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  tuning: SpdyAcceptTuning = {},
): Promise<PortForwardSession | null> {
  const protocol = upgradeToSpdy(req, socket, [PORT_FORWARD_PROTOCOL_V1]);
  if (protocol === null) return Promise.resolve(null);
  return Promise.resolve(new SpdyPortForwardSession(socket, protocol, head, tuning));
}

/**
 * Serves port-forward's SPDY framing over an already established byte stream, such as the one
 * inside a WebSocket with subprotocol SPDY/3.1+portforward.k8s.io (kubectl 1.31+).
 */
export function servePortForwardOverSpdy(stream: Duplex, protocol: string, tuning: SpdyAcceptTuning = {}): PortForwardSession {
  return new SpdyPortForwardSession(stream, protocol, undefined, tuning);
}
