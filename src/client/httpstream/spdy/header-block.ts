// The SPDY/3 name/value header block (before compression): a 32-bit count, then for each pair
// a 32-bit length and the name, a 32-bit length and the value; several values of one name are
// joined by NUL. Names are lowercase on the wire.
import { SpdyProtocolError } from './frame-parser.js';

/** Header names (lowercase) to their values, in the order they came. */
export type SpdyHeaders = ReadonlyMap<string, readonly string[]>;

export interface HeaderBlockLimits {
  /** Most pairs one block may carry. */
  readonly maxPairs: number;
}

export const DEFAULT_HEADER_LIMITS: HeaderBlockLimits = { maxPairs: 256 };

export function encodeHeaderBlock(headers: Iterable<readonly [string, string | readonly string[]]>): Buffer {
  const pairs: Buffer[] = [];
  let count = 0;
  for (const [name, value] of headers) {
    const values = typeof value === 'string' ? [value] : value;
    pairs.push(lengthPrefixed(Buffer.from(name.toLowerCase(), 'utf8')), lengthPrefixed(Buffer.from(values.join('\0'), 'utf8')));
    count++;
  }
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(count, 0);
  return Buffer.concat([head, ...pairs]);
}

function lengthPrefixed(b: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + b.length);
  out.writeUInt32BE(b.length, 0);
  b.copy(out, 4);
  return out;
}

/** Parses a decompressed block; a malformed one is a SpdyProtocolError (the stream is reset). */
export function decodeHeaderBlock(block: Buffer, limits: HeaderBlockLimits = DEFAULT_HEADER_LIMITS): SpdyHeaders {
  const headers = new Map<string, string[]>();
  if (block.length < 4) throw new SpdyProtocolError('header block shorter than its count');
  const count = block.readUInt32BE(0);
  if (count > limits.maxPairs) throw new SpdyProtocolError(`header block with ${count} pairs`);
  let offset = 4;
  const take = (what: string): Buffer => {
    if (block.length - offset < 4) throw new SpdyProtocolError(`header block truncated in a ${what} length`);
    const len = block.readUInt32BE(offset);
    offset += 4;
    if (block.length - offset < len) throw new SpdyProtocolError(`header block truncated in a ${what}`);
    const bytes = block.subarray(offset, offset + len);
    offset += len;
    return bytes;
  };
  for (let i = 0; i < count; i++) {
    const name = take('name').toString('utf8');
    if (name.length === 0) throw new SpdyProtocolError('header block with an empty name');
    const lower = name.toLowerCase();
    if (headers.has(lower)) throw new SpdyProtocolError(`header block repeats the name ${lower}`);
    headers.set(lower, take('value').toString('utf8').split('\0'));
  }
  if (offset !== block.length) throw new SpdyProtocolError('header block has trailing bytes');
  return headers;
}

/** The first value of a header (names are matched lowercase), or undefined. */
export const headerValue = (headers: SpdyHeaders, name: string): string | undefined => headers.get(name.toLowerCase())?.[0];
