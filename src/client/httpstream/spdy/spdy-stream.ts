// One SPDY stream as a Node Duplex: what the peer sends on it is the readable side (its FIN is
// the readable's end), what we write goes out as DATA frames (end() sends our FIN). A reset in
// either direction destroys the Duplex without an error, so a vanished client never becomes an
// unhandled 'error' in whoever pipes into it.
import { Duplex } from 'node:stream';
import { RstStatus } from './frames.js';
import { headerValue, type SpdyHeaders } from './header-block.js';
import { ReceiveWindow, SendWindow } from './flow-window.js';

/** What a stream needs from its connection (implemented by SpdyConnection). */
export interface StreamOwner {
  sendReply(stream: SpdyStream, headers: Iterable<readonly [string, string]>): void;
  sendData(stream: SpdyStream, data: Buffer, fin: boolean): Promise<void>;
  sendReset(stream: SpdyStream, status: number): void;
  /** The reader consumed n bytes: maybe announce a WINDOW_UPDATE, maybe resume the socket. */
  streamRead(stream: SpdyStream, n: number): void;
  /** Both directions are finished (or the stream was reset): forget it. */
  streamDone(stream: SpdyStream): void;
}

export class SpdyStream extends Duplex {
  readonly sendWindow: SendWindow;
  readonly receiveWindow: ReceiveWindow;
  private replied = false;
  private remoteFin = false;
  private localFin = false;
  private wasReset = false;
  private unread = 0;
  /** The reader's buffer is full; the connection stops reading the socket until _read. */
  blocked = false;

  constructor(
    readonly id: number,
    readonly headers: SpdyHeaders,
    private readonly owner: StreamOwner,
    windows: { send: number; receive: number },
    /** The peer opened it unidirectional: we may not send on it. */
    readonly unidirectional: boolean,
  ) {
    super({ allowHalfOpen: true });
    this.sendWindow = new SendWindow(windows.send);
    this.receiveWindow = new ReceiveWindow(windows.receive);
    if (unidirectional) this.localFin = true;
  }

  /** A header's first value (lowercase name match). */
  header(name: string): string | undefined {
    return headerValue(this.headers, name);
  }

  get isReplied(): boolean {
    return this.replied;
  }
  get isReset(): boolean {
    return this.wasReset;
  }
  get remoteClosed(): boolean {
    return this.remoteFin || this.wasReset;
  }

  /** Accepts the stream (SYN_REPLY). kubelet replies with no headers. */
  reply(headers: Iterable<readonly [string, string]> = []): void {
    if (this.replied || this.wasReset) return;
    this.replied = true;
    this.owner.sendReply(this, headers);
  }

  /** Aborts the stream in both directions (RST_STREAM, CANCEL by default). */
  reset(status: number = RstStatus.Cancel): void {
    if (this.wasReset) return;
    if (!(this.remoteFin && this.localFin)) this.owner.sendReset(this, status);
    this.markReset();
  }

  // ---- called by the connection ----

  /** Data from the peer; returns false when the reader's buffer is full. */
  deliver(data: Buffer): boolean {
    if (this.remoteFin || this.wasReset) return true;
    this.unread += data.length;
    const room = this.push(data);
    if (!room) this.blocked = true;
    return room;
  }

  remoteEnd(): void {
    if (this.remoteFin || this.wasReset) return;
    this.remoteFin = true;
    this.push(null);
    this.checkDone();
  }

  /** The peer reset the stream, or the connection went away. */
  markReset(): void {
    if (this.wasReset) return;
    this.wasReset = true;
    this.blocked = false;
    this.owner.streamDone(this);
    this.destroy();
  }

  // ---- Duplex ----

  override _read(): void {
    this.blocked = false;
    const n = this.unread;
    this.unread = 0;
    this.owner.streamRead(this, n);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    if (this.localFin || this.wasReset) return cb();
    if (!this.replied) this.reply();
    this.owner.sendData(this, chunk, false).then(() => cb(), cb);
  }

  override _final(cb: (error?: Error | null) => void): void {
    if (this.localFin || this.wasReset) return cb();
    if (!this.replied) this.reply();
    this.localFin = true;
    this.owner.sendData(this, Buffer.alloc(0), true).then(
      () => {
        this.checkDone();
        cb();
      },
      cb,
    );
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    if (!this.wasReset && !(this.remoteFin && this.localFin)) {
      this.wasReset = true;
      this.owner.sendReset(this, RstStatus.Cancel);
      this.owner.streamDone(this);
    }
    cb(err);
  }

  private checkDone(): void {
    if (this.remoteFin && this.localFin && !this.wasReset) this.owner.streamDone(this);
  }
}
