// The resize channel carries a stream of JSON objects {"Width":W,"Height":H} (one per terminal
// size change, in any split over messages). This decoder turns received bytes into sizes.
import type { TerminalSize } from '../session.js';

/** More than this much undecodable text in a row means the stream is not JSON objects. */
const MAX_PENDING = 4096;

export class ResizeDecodeError extends Error {
  override readonly name = 'ResizeDecodeError';
  readonly code = 'RESIZE_DECODE';
}

export class ResizeDecoder {
  private pending = '';

  /** Feeds received bytes; returns the sizes completed by them. Throws ResizeDecodeError on malformed input. */
  push(data: Uint8Array): TerminalSize[] {
    this.pending += Buffer.from(data).toString('utf8');
    const sizes: TerminalSize[] = [];
    for (;;) {
      this.pending = this.pending.trimStart();
      if (this.pending.length === 0) break;
      if (this.pending[0] !== '{') throw new ResizeDecodeError('terminal size is not a JSON object');
      const end = this.pending.indexOf('}');
      if (end < 0) break;
      const text = this.pending.slice(0, end + 1);
      this.pending = this.pending.slice(end + 1);
      sizes.push(parseTerminalSize(text));
    }
    if (this.pending.length > MAX_PENDING) throw new ResizeDecodeError('terminal size message too long');
    return sizes;
  }
}

function parseTerminalSize(text: string): TerminalSize {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ResizeDecodeError('terminal size is not valid JSON');
  }
  const o = value as Record<string, unknown>;
  // Field names match case-insensitively, as Go's JSON decoding of upstream's TerminalSize does.
  const width = field(o, 'width') ?? 0;
  const height = field(o, 'height') ?? 0;
  if (!isDimension(width) || !isDimension(height)) throw new ResizeDecodeError('terminal width and height must be whole numbers 0-65535');
  return { width, height };
}

function field(o: Record<string, unknown>, name: string): unknown {
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === name) return v;
  return undefined;
}

const isDimension = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff;
