// A RemoteCommandSession on a SPDY connection whose channel streams are all open. Ending it
// finishes stdout and stderr, writes how the command ended on the error stream (v4: the Status
// as JSON; v2/v3: the failure message as text, nothing on success), and closes the connection.
import type { Writable } from 'node:stream';
import type { Status } from '../../../api/errors.js';
import type { RemoteCommandOptions, RemoteCommandSession, TerminalSize } from '../session.js';
import { ResizeDecoder } from './resize-decoder.js';
import type { SpdyConnection } from './spdy-connection.js';
import type { SpdyStream } from './spdy-stream.js';

const V4 = 'v4.channel.k8s.io';

function finished(w: Writable): Promise<void> {
  if (w.writableFinished || w.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      w.off('finish', done);
      w.off('close', done);
      resolve();
    };
    w.on('finish', done);
    w.on('close', done);
    if (!w.writableEnded) w.end();
  });
}

export function encodeExitStatus(protocol: string, status: Status): Buffer {
  if (protocol === V4) return Buffer.from(JSON.stringify(status));
  return status.status === 'Success' ? Buffer.alloc(0) : Buffer.from(status.message ?? 'error executing command');
}

export class SpdyRemoteCommandSession implements RemoteCommandSession {
  readonly stdin: SpdyStream | null;
  readonly stdout: SpdyStream | null;
  readonly stderr: SpdyStream | null;
  readonly tty: boolean;
  private readonly errorStream: SpdyStream;
  private readonly resizeListeners: ((size: TerminalSize) => void)[] = [];
  private readonly earlySizes: TerminalSize[] = [];
  private ended = false;

  constructor(
    readonly protocol: string,
    private readonly conn: SpdyConnection,
    streams: ReadonlyMap<string, SpdyStream>,
    options: RemoteCommandOptions,
  ) {
    this.tty = options.tty;
    this.stdin = streams.get('stdin') ?? null;
    this.stdout = streams.get('stdout') ?? null;
    this.stderr = options.tty ? null : (streams.get('stderr') ?? null);
    this.errorStream = streams.get('error')!;
    // The client writes nothing on the error and output streams; keep them drained.
    this.errorStream.resume();
    this.stdout?.resume();
    this.stderr?.resume();
    const resize = streams.get('resize');
    if (resize) {
      const decoder = new ResizeDecoder();
      resize.on('data', (chunk: Buffer) => {
        for (const size of decoder.push(chunk)) this.emitResize(size);
      });
    }
  }

  onResize(listener: (size: TerminalSize) => void): void {
    this.resizeListeners.push(listener);
    // Sizes that came before anyone listened (kubectl sends the first one at once) are replayed.
    for (const size of this.earlySizes.splice(0)) listener(size);
  }

  onClose(listener: () => void): void {
    this.conn.onClose(listener);
  }

  end(status: Status): void {
    if (this.ended) return;
    this.ended = true;
    const outputs = [this.stdout, this.stderr].filter((s): s is SpdyStream => s !== null);
    void Promise.all(outputs.map(finished)).then(async () => {
      const payload = encodeExitStatus(this.protocol, status);
      if (payload.length > 0 && !this.errorStream.destroyed) this.errorStream.write(payload);
      await finished(this.errorStream);
      this.conn.close();
    });
  }

  private emitResize(size: TerminalSize): void {
    if (this.resizeListeners.length === 0) this.earlySizes.push(size);
    for (const l of this.resizeListeners) l(size);
  }
}
