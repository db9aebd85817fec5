// Incremental SPDY/3.1 frame parser: bytes in (any chunking), whole frames out. Anything
// malformed is a SpdyProtocolError, which the connection answers with GOAWAY and a close; the
// parser never throws anything else and never buffers more than one frame.
import {
  FRAME_HEADER_LENGTH,
  FrameType,
  SPDY_VERSION,
  type SettingsEntry,
  type SpdyFrame,
} from './frames.js';

const BRAND = Symbol.for('k8ts.SpdyProtocolError');

/** A violation of the framing rules; the connection cannot continue. */
export class SpdyProtocolError extends Error {
  readonly [BRAND] = true;
  override readonly name = 'SpdyProtocolError';
  constructor(message: string) {
    super(message);
  }
}

export const isSpdyProtocolError = (e: unknown): e is SpdyProtocolError =>
  typeof e === 'object' && e !== null && (e as { [BRAND]?: boolean })[BRAND] === true;

export interface FrameParserOptions {
  /** Largest payload accepted for a control frame (header blocks included). */
  readonly maxControlPayload?: number;
  /** Largest payload accepted for a data frame. */
  readonly maxDataPayload?: number;
}

const DEFAULT_MAX_CONTROL = 1 << 20;
const DEFAULT_MAX_DATA = 0xffffff;

export class FrameParser {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly maxControl: number;
  private readonly maxData: number;

  constructor(opts: FrameParserOptions = {}) {
    this.maxControl = opts.maxControlPayload ?? DEFAULT_MAX_CONTROL;
    this.maxData = opts.maxDataPayload ?? DEFAULT_MAX_DATA;
  }

  /** Feeds bytes; returns every frame they complete, in order. */
  push(chunk: Buffer): SpdyFrame[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: SpdyFrame[] = [];
    let offset = 0;
    while (this.buffered.length - offset >= FRAME_HEADER_LENGTH) {
      const b = this.buffered;
      const control = (b[offset]! & 0x80) !== 0;
      const flags = b[offset + 4]!;
      const length = b.readUIntBE(offset + 5, 3);
      this.checkLength(control, length, b, offset);
      if (b.length - offset - FRAME_HEADER_LENGTH < length) break;
      const payload = b.subarray(offset + FRAME_HEADER_LENGTH, offset + FRAME_HEADER_LENGTH + length);
      frames.push(
        control ? parseControl(b.readUInt16BE(offset + 2), flags, payload) : parseData(b.readUInt32BE(offset) & 0x7fffffff, flags, payload),
      );
      offset += FRAME_HEADER_LENGTH + length;
    }
    // Keep only the unparsed tail (copied, so a large chunk is not retained by a small remainder).
    this.buffered = offset === 0 ? this.buffered : Buffer.from(this.buffered.subarray(offset));
    return frames;
  }

  private checkLength(control: boolean, length: number, b: Buffer, offset: number): void {
    if (control) {
      const version = b.readUInt16BE(offset) & 0x7fff;
      if (version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${version}`);
      if (length > this.maxControl) throw new SpdyProtocolError(`control frame of ${length} bytes exceeds ${this.maxControl}`);
    } else if (length > this.maxData) {
      throw new SpdyProtocolError(`data frame of ${length} bytes exceeds ${this.maxData}`);
    }
  }
}

function parseData(streamId: number, flags: number, payload: Buffer): SpdyFrame {
  if (streamId === 0) throw new SpdyProtocolError('data frame on stream 0');
  return { kind: 'data', streamId, flags, data: Buffer.from(payload) };
}

function need(payload: Buffer, exact: number | null, min: number, what: string): void {
  if (exact !== null ? payload.length !== exact : payload.length < min) {
    throw new SpdyProtocolError(`${what} frame with a payload of ${payload.length} bytes`);
  }
}

function streamIdAt(payload: Buffer, offset: number, what: string): number {
  const id = payload.readUInt32BE(offset) & 0x7fffffff;
  if (id === 0) throw new SpdyProtocolError(`${what} frame on stream 0`);
  return id;
}

function parseControl(type: number, flags: number, payload: Buffer): SpdyFrame {
  switch (type) {
    case FrameType.SynStream:
      need(payload, null, 10, 'SYN_STREAM');
      return {
        kind: 'syn_stream',
        streamId: streamIdAt(payload, 0, 'SYN_STREAM'),
        associatedStreamId: payload.readUInt32BE(4) & 0x7fffffff,
        priority: payload[8]! >> 5,
        flags,
        headerBlock: Buffer.from(payload.subarray(10)),
      };
    case FrameType.SynReply:
    case FrameType.Headers: {
      const what = type === FrameType.SynReply ? 'SYN_REPLY' : 'HEADERS';
      need(payload, null, 4, what);
      const streamId = streamIdAt(payload, 0, what);
      const headerBlock = Buffer.from(payload.subarray(4));
      return type === FrameType.SynReply ? { kind: 'syn_reply', streamId, flags, headerBlock } : { kind: 'headers', streamId, flags, headerBlock };
    }
    case FrameType.RstStream:
      need(payload, 8, 8, 'RST_STREAM');
      return { kind: 'rst_stream', streamId: streamIdAt(payload, 0, 'RST_STREAM'), status: payload.readUInt32BE(4) };
    case FrameType.Settings:
      return parseSettings(flags, payload);
    case FrameType.Ping:
      need(payload, 4, 4, 'PING');
      return { kind: 'ping', id: payload.readUInt32BE(0) };
    case FrameType.GoAway:
      need(payload, 8, 8, 'GOAWAY');
      return { kind: 'goaway', lastGoodStreamId: payload.readUInt32BE(0) & 0x7fffffff, status: payload.readUInt32BE(4) };
    case FrameType.WindowUpdate: {
      need(payload, 8, 8, 'WINDOW_UPDATE');
      const delta = payload.readUInt32BE(4) & 0x7fffffff;
      if (delta === 0) throw new SpdyProtocolError('WINDOW_UPDATE with a delta of 0');
      return { kind: 'window_update', streamId: payload.readUInt32BE(0) & 0x7fffffff, delta };
    }
    default:
      return { kind: 'unknown', type };
  }
}

function parseSettings(flags: number, payload: Buffer): SpdyFrame {
  need(payload, null, 4, 'SETTINGS');
  const count = payload.readUInt32BE(0);
  if (payload.length !== 4 + 8 * count) throw new SpdyProtocolError(`SETTINGS frame announces ${count} entries in ${payload.length} bytes`);
  const entries: SettingsEntry[] = [];
  for (let i = 0; i < count; i++) {
    const word = payload.readUInt32BE(4 + 8 * i);
    entries.push({ flags: word >>> 24, id: word & 0xffffff, value: payload.readUInt32BE(8 + 8 * i) });
  }
  return { kind: 'settings', flags, entries };
}
