// Port-forward over WebSocket channels (v4.channel.k8s.io, channel.k8s.io), the kubelet's
// older WebSocket port-forward that clients such as @kubernetes/client-node speak: the ports
// come from the request's query, one connection per port for the life of the WebSocket; port i
// has data channel 2i and error channel 2i+1, and the server's first message on each channel
// is the port number (two bytes, little-endian). Once every port's connection has ended the
// server closes the WebSocket.
import { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import type { PortForwardSession, PortForwardStream } from '../session.js';
import { encodeChannelMessage } from './channels.js';
import { toBuffer } from './raw-data.js';

const NORMAL_CLOSURE = 1000;
const UNSUPPORTED_DATA = 1003;

export const CHANNEL_PORT_FORWARD_PROTOCOLS: readonly string[] = ['v4.channel.k8s.io', 'channel.k8s.io'];

/** The ports a port-forward request names (`port` as the kubelet reads it, `ports` as the API takes it). */
export function requestedPorts(url: string | undefined): number[] | null {
  const q = new URL(url ?? '/', 'http://kubelet').searchParams;
  const raw = [...q.getAll('port'), ...q.getAll('ports')].flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
  const ports = raw.map(Number);
  return ports.every((p, i) => /^\d+$/.test(raw[i]!) && p >= 1 && p <= 65535) ? ports : null;
}

/** One port's connection: reads what the client sent on its data channel, writes go back on it. */
class ChannelStream extends Duplex {
  constructor(
    private readonly send: (data: Buffer, cb: (err?: Error) => void) => void,
    private readonly resumeSocket: () => void,
  ) {
    super({ allowHalfOpen: true });
  }
  override _read(): void {
    this.resumeSocket();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.send(chunk, (err) => cb(err ?? null));
  }
}

export class WebSocketChannelPortForwardSession implements PortForwardSession {
  private readonly streams: ChannelStream[] = [];
  private readonly closeListeners: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly protocol: string,
    private readonly ports: readonly number[],
  ) {
    ws.on('message', (d: RawData, isBinary: boolean) => this.receive(toBuffer(d), isBinary));
    ws.on('close', () => this.onSocketClosed());
    ws.on('error', () => ws.terminate());
    ports.forEach((port, i) => {
      const prefix = Buffer.from([port & 0xff, port >> 8]);
      ws.send(encodeChannelMessage(2 * i, prefix));
      ws.send(encodeChannelMessage(2 * i + 1, prefix));
      const stream = new ChannelStream(
        (data, cb) => (this.closed ? cb() : ws.send(encodeChannelMessage(2 * i, data), cb)),
        () => ws.resume(),
      );
      stream.on('finish', () => this.closeWhenAllFinished());
      stream.on('close', () => this.closeWhenAllFinished());
      this.streams.push(stream);
    });
  }

  onStream(listener: (stream: PortForwardStream) => void): void {
    this.ports.forEach((port, i) => {
      const data = this.streams[i]!;
      listener({ port, data, reportError: (message) => this.reportError(i, message) });
    });
  }

  onClose(listener: () => void): void {
    if (this.closed) queueMicrotask(listener);
    else this.closeListeners.push(listener);
  }

  private reportError(index: number, message: string): void {
    if (this.closed) return;
    this.ws.send(encodeChannelMessage(2 * index + 1, Buffer.from(message)));
    this.streams[index]!.end();
  }

  private receive(message: Buffer, isBinary: boolean): void {
    if (!isBinary) return void this.ws.close(UNSUPPORTED_DATA, 'text messages are not part of the channel protocol');
    if (message.length < 2) return;
    const channel = message[0]!;
    // Only data channels carry input; anything else is ignored, as by upstream's servers.
    if (channel % 2 !== 0 || channel / 2 >= this.streams.length) return;
    // Stop reading the socket until the consumer asks for more (ChannelStream._read resumes it).
    if (!this.streams[channel / 2]!.push(message.subarray(1))) this.ws.pause();
  }

  private closeWhenAllFinished(): void {
    if (this.streams.every((s) => s.writableFinished || s.destroyed) && !this.closed) this.ws.close(NORMAL_CLOSURE);
  }

  private onSocketClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams) {
      s.push(null);
      s.destroy();
    }
    for (const l of this.closeListeners.splice(0)) l();
  }
}
