// SPDY/3 header compression: each direction of a connection is one zlib stream primed with the
// SPDY/3 dictionary, and every header block is one sync-flushed piece of it, so a block can
// only be decoded after all earlier blocks of the same direction. Calls are serialized here.
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { SpdyProtocolError } from './frame-parser.js';
import { spdy3HeaderDictionary } from './header-dictionary.js';

/** Most bytes one header block may inflate to (a small compressed block can expand a lot). */
export const DEFAULT_MAX_HEADER_BYTES = 256 * 1024;

abstract class SerializedZlib<T extends Inflate | Deflate> {
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;
  private failure: Error | null = null;

  constructor(protected readonly z: T, private readonly maxOutput: number) {
    z.on('error', (e: Error) => {
      this.failure ??= e;
    });
  }

  /** Pushes one block through the shared stream and resolves with its sync-flushed output. */
  protected process(input: Buffer): Promise<Buffer> {
    const run = (): Promise<Buffer> =>
      new Promise<Buffer>((resolve, reject) => {
        if (this.closed) return reject(new SpdyProtocolError('header compression context is closed'));
        if (this.failure) return reject(new SpdyProtocolError(`header compression failed: ${this.failure.message}`));
        const chunks: Buffer[] = [];
        let size = 0;
        let settled = false;
        const drain = (): void => {
          for (let c: Buffer | null = this.z.read(); c !== null; c = this.z.read()) {
            chunks.push(c);
            size += c.length;
          }
          if (size > this.maxOutput) finish(new SpdyProtocolError(`header block inflates past ${this.maxOutput} bytes`));
        };
        const onError = (e: Error): void => finish(new SpdyProtocolError(`header compression failed: ${e.message}`));
        const finish = (err: Error | null): void => {
          if (settled) return;
          settled = true;
          this.z.off('readable', drain);
          this.z.off('error', onError);
          if (err) {
            this.failure ??= err;
            reject(err);
          } else resolve(Buffer.concat(chunks));
        };
        this.z.on('readable', drain);
        this.z.once('error', onError);
        this.z.write(input);
        this.z.flush(constants.Z_SYNC_FLUSH, () => {
          if (settled) return;
          drain();
          finish(null);
        });
      });
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => undefined);
    return result;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.z.close();
  }
}

/** Inflates the header blocks one peer sends, in the order they arrive. */
export class HeaderDecompressor extends SerializedZlib<Inflate> {
  constructor(maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES) {
    super(createInflate({ dictionary: spdy3HeaderDictionary() }), maxHeaderBytes);
  }
  decompress(block: Buffer): Promise<Buffer> {
    return this.process(block);
  }
}

/** Deflates the header blocks this end sends, in the order they will be written. */
export class HeaderCompressor extends SerializedZlib<Deflate> {
  constructor() {
    super(createDeflate({ dictionary: spdy3HeaderDictionary() }), Number.MAX_SAFE_INTEGER);
  }
  compress(block: Buffer): Promise<Buffer> {
    return this.process(block);
  }
}
