// The client end of a SPDY/3.1 connection for unit tests, built from the transport's own codec
// (frames, header blocks, compression), plus an in-memory duplex pair to connect it. It records
// every frame the server sends, with header blocks decoded.
import { Duplex } from 'node:stream';
import { FrameParser } from '../../src/client/httpstream/spdy/frame-parser.js';
import {
  encodeData,
  encodeSynStream,
  type SpdyFrame,
} from '../../src/client/httpstream/spdy/frames.js';
import { decodeHeaderBlock, encodeHeaderBlock, type SpdyHeaders } from '../../src/client/httpstream/spdy/header-block.js';
import { HeaderCompressor, HeaderDecompressor } from '../../src/client/httpstream/spdy/header-compression.js';

/** Two connected in-memory duplexes: what one writes the other reads; end() is the peer's EOF. */
export function duplexPair(): [Duplex, Duplex] {
  const sides: Duplex[] = [];
  const make = (other: () => Duplex): Duplex =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        if (!other().destroyed) other().push(chunk);
        cb();
      },
      final(cb) {
        if (!other().destroyed) other().push(null);
        cb();
      },
    });
  sides.push(make(() => sides[1]!), make(() => sides[0]!));
  return [sides[0]!, sides[1]!];
}

export type ReceivedFrame = SpdyFrame & { headers?: SpdyHeaders };

export class SpdyPeer {
  readonly frames: ReceivedFrame[] = [];
  readonly data = new Map<number, Buffer[]>();
  ended = false;
  private readonly parser = new FrameParser();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private chain: Promise<void> = Promise.resolve();
  private waiters: (() => void)[] = [];
  private nextId = 1;

  constructor(readonly socket: Duplex) {
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.parser.push(chunk)) this.chain = this.chain.then(() => this.record(f));
    });
    socket.on('end', () => {
      this.chain = this.chain.then(() => {
        this.ended = true;
        this.notify();
      });
    });
  }

  private async record(f: SpdyFrame): Promise<void> {
    if ('headerBlock' in f) this.frames.push({ ...f, headers: decodeHeaderBlock(await this.decompressor.decompress(f.headerBlock)) });
    else this.frames.push(f);
    if (f.kind === 'data' && f.data.length > 0) this.data.set(f.streamId, [...(this.data.get(f.streamId) ?? []), f.data]);
    this.notify();
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Opens a stream with these headers (the next odd id unless one is given); returns its id. */
  async open(headers: Record<string, string>, flags = 0, id = this.nextId): Promise<number> {
    this.nextId = Math.max(this.nextId, id + 2);
    const block = await this.compressor.compress(encodeHeaderBlock(Object.entries(headers)));
    this.socket.write(encodeSynStream({ streamId: id, associatedStreamId: 0, priority: 0, flags, headerBlock: block }));
    return id;
  }

  send(data: Buffer, streamId: number, flags = 0): void {
    this.socket.write(encodeData(streamId, data, flags));
  }

  raw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  received(streamId: number): string {
    return Buffer.concat(this.data.get(streamId) ?? []).toString();
  }

  /** Resolves once pred holds for the frames seen so far (or rejects after a while). */
  async until(pred: (frames: ReceivedFrame[]) => boolean, what = 'condition'): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!pred(this.frames)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.frames.map((f) => f.kind))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): void {
    this.compressor.close();
    this.decompressor.close();
    this.socket.destroy();
  }
}
