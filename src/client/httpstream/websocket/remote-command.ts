// Exec and attach over WebSocket (channel protocols v5 and v4): the server side of what
// kubectl 1.30+ speaks. Client input arrives on stdin (0) and resize (4); output leaves on
// stdout (1) and stderr (2); the final v1 Status goes on the error channel (3), after which
// the server closes the connection (a normal close, so no output is lost).
import type { IncomingMessage } from 'node:http';
import { PassThrough, Writable, type Duplex } from 'node:stream';
import type { WebSocket, RawData } from 'ws';
import type { Status } from '../../../api/errors.js';
import type { RemoteCommandOptions, RemoteCommandSession, TerminalSize } from '../session.js';
import {
  decodeChannelMessage,
  encodeChannelMessage,
  ERROR_CHANNEL,
  RESIZE_CHANNEL,
  STDERR_CHANNEL,
  STDIN_CHANNEL,
  STDOUT_CHANNEL,
} from './channels.js';
import { REMOTE_COMMAND_WEBSOCKET_PROTOCOLS } from './protocols.js';
import { ResizeDecoder } from './resize-decoder.js';
import { toBuffer } from './raw-data.js';
import { upgradeWebSocket } from './upgrade.js';

/** WebSocket close codes used here (RFC 6455 section 7.4.1). */
const NORMAL_CLOSURE = 1000;
const PROTOCOL_ERROR = 1002;
const UNSUPPORTED_DATA = 1003;

/** Completes the upgrade and opens the requested streams; null after answering an HTTP error. */
export async function acceptWebSocketRemoteCommand(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: RemoteCommandOptions,
): Promise<RemoteCommandSession | null> {
  const upgraded = await upgradeWebSocket(req, socket, head, REMOTE_COMMAND_WEBSOCKET_PROTOCOLS);
  if (!upgraded) return null;
  return new WebSocketRemoteCommandSession(upgraded.ws, upgraded.protocol, options);
}

/** One exec or attach session over an open WebSocket. */
export class WebSocketRemoteCommandSession implements RemoteCommandSession {
  readonly stdin: PassThrough | null;
  readonly stdout: Writable | null;
  readonly stderr: Writable | null;
  readonly tty: boolean;
  private readonly resize = new ResizeDecoder();
  private readonly resizeListeners: ((size: TerminalSize) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];
  private resizeBroken = false;
  private lastSize: TerminalSize | undefined;
  private ended = false;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly protocol: string,
    options: RemoteCommandOptions,
  ) {
    this.tty = options.tty;
    this.stdin = options.stdin ? new PassThrough() : null;
    this.stdout = options.stdout ? this.channelWriter(STDOUT_CHANNEL) : null;
    this.stderr = options.stderr && !options.tty ? this.channelWriter(STDERR_CHANNEL) : null;
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('close', () => this.onSocketClosed());
    ws.on('error', () => ws.terminate());
    // An empty message on the lowest output channel tells the client the streams are open.
    const first = options.stdout ? STDOUT_CHANNEL : options.stderr && !options.tty ? STDERR_CHANNEL : ERROR_CHANNEL;
    ws.send(encodeChannelMessage(first, new Uint8Array(0)));
  }

  /** A listener added after sizes arrived gets the latest at once (kubectl sends the first size right away). */
  onResize(listener: (size: TerminalSize) => void): void {
    this.resizeListeners.push(listener);
    if (this.lastSize) listener(this.lastSize);
  }

  onClose(listener: () => void): void {
    if (this.closed) queueMicrotask(listener);
    else this.closeListeners.push(listener);
  }

  end(status: Status): void {
    if (this.ended) return;
    this.ended = true;
    this.stdin?.end();
    const outputs = [this.stdout, this.stderr].filter((w): w is Writable => w !== null);
    void Promise.all(outputs.map(finished)).then(() => {
      if (this.closed) return;
      this.ws.send(encodeChannelMessage(ERROR_CHANNEL, Buffer.from(JSON.stringify(status))));
      // ws sends the close frame after what is queued and ends the socket when the client answers it.
      this.ws.close(NORMAL_CLOSURE);
    });
  }

  private channelWriter(channel: number): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        if (this.closed) return callback();
        // The callback runs once the frame is handed to the socket: a slow client slows the writer.
        this.ws.send(encodeChannelMessage(channel, chunk), { binary: true }, () => callback());
      },
    });
  }

  private receive(raw: RawData, isBinary: boolean): void {
    if (!isBinary) return this.abort(UNSUPPORTED_DATA, 'text messages are not part of the channel protocol');
    const message = decodeChannelMessage(toBuffer(raw), this.protocol);
    switch (message.kind) {
      case 'empty':
        return;
      case 'invalid':
        return this.abort(PROTOCOL_ERROR, message.reason);
      case 'close':
        if (message.channel === STDIN_CHANNEL) this.stdin?.end();
        else if (message.channel === RESIZE_CHANNEL) this.resizeBroken = true;
        return;
      case 'data':
        if (message.channel === STDIN_CHANNEL) this.receiveStdin(message.data);
        else if (message.channel === RESIZE_CHANNEL) this.receiveResize(message.data);
        // Data for any other channel is not input: ignored, as upstream's servers do.
        return;
    }
  }

  private receiveStdin(data: Buffer): void {
    const stdin = this.stdin;
    if (!stdin || stdin.writableEnded || data.length === 0) return;
    // Backpressure: stop reading the socket while the command has not taken what it was given.
    if (!stdin.write(data)) {
      this.ws.pause();
      stdin.once('drain', () => this.ws.resume());
    }
  }

  private receiveResize(data: Buffer): void {
    if (this.resizeBroken || !this.tty) return;
    let sizes: TerminalSize[];
    try {
      sizes = this.resize.push(data);
    } catch {
      // Upstream stops reading terminal sizes at the first undecodable one; so does this.
      this.resizeBroken = true;
      return;
    }
    for (const size of sizes) {
      this.lastSize = size;
      for (const l of [...this.resizeListeners]) l(size);
    }
  }

  private abort(code: number, reason: string): void {
    if (this.closed) return;
    this.ws.close(code, reason.slice(0, 120));
  }

  private onSocketClosed(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.stdin && !this.stdin.writableEnded) this.stdin.end();
    for (const w of [this.stdout, this.stderr]) if (w && !w.writableEnded) w.end();
    for (const l of this.closeListeners.splice(0)) l();
  }
}

/** Resolves once the writer has flushed everything written to it (ending it first). */
function finished(w: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (w.writableFinished) return resolve();
    w.once('finish', () => resolve());
    w.once('error', () => resolve());
    w.once('close', () => resolve());
    if (!w.writableEnded) w.end();
  });
}
