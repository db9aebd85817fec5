// The outbound side of a SPDY connection: frames are written in the order they were queued,
// a header block still being compressed holds the line (so a SYN_REPLY always precedes its
// stream's data), queued frames go out in one corked batch, and ending waits for the queue.
import type { Duplex } from 'node:stream';

export interface FrameWriterHooks {
  /** A frame went to the socket (the connection's idle timer). */
  onWrite(): void;
  /** A queued header block failed to compress. */
  onError(e: unknown): void;
  /** The peer did not hang up within the close timeout after we ended. */
  onCloseTimeout(): void;
}

export class FrameWriter {
  private readonly out: (Buffer | Promise<Buffer>)[] = [];
  private endRequested = false;
  private closeTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly socket: Duplex,
    private readonly hooks: FrameWriterHooks,
    private readonly closeTimeoutMs: number,
  ) {}

  enqueue(frame: Buffer | Promise<Buffer>): void {
    if (this.stopped || this.closeTimer) return;
    this.out.push(frame);
    if (this.out.length === 1) this.flush();
  }

  /** Forgets header blocks still compressing (after a connection error), keeping ready frames. */
  dropPending(): void {
    this.out.splice(0, this.out.length, ...this.out.filter((f) => !(f instanceof Promise)));
    this.flush();
  }

  /** Ends the socket once every queued frame is written, then drops it if the peer lingers. */
  endWhenFlushed(): void {
    this.endRequested = true;
    if (this.out.length === 0) this.endSocket();
  }

  stop(): void {
    this.stopped = true;
    this.out.length = 0;
    if (this.closeTimer) clearTimeout(this.closeTimer);
  }

  private flush(): void {
    this.socket.cork();
    try {
      while (this.out.length > 0 && !this.stopped) {
        const head = this.out[0]!;
        if (head instanceof Promise) {
          head.then(
            (b) => {
              if (this.out[0] !== head) return;
              this.out[0] = b;
              this.flush();
            },
            (e: unknown) => {
              if (this.out[0] === head) this.out.shift();
              this.hooks.onError(e);
            },
          );
          return;
        }
        this.out.shift();
        this.socket.write(head);
        this.hooks.onWrite();
      }
    } finally {
      this.socket.uncork();
    }
    if (this.out.length === 0 && this.endRequested) this.endSocket();
  }

  private endSocket(): void {
    if (this.closeTimer || this.stopped) return;
    this.socket.end();
    this.closeTimer = setTimeout(() => this.hooks.onCloseTimeout(), this.closeTimeoutMs);
    this.closeTimer.unref();
  }
}
