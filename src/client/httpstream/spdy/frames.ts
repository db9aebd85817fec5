// SPDY/3.1 frames as values, and their encoding (draft-mbelshe-httpbis-spdy-00 plus the 3.1
// connection-level WINDOW_UPDATE). Header blocks travel here already compressed; compression
// is header-compression.ts's job, parsing frame-parser.ts's.

export const SPDY_VERSION = 3;
/** Every frame starts with an 8-byte header; the length field is 24 bits. */
export const FRAME_HEADER_LENGTH = 8;
export const MAX_FRAME_PAYLOAD = 0xffffff;
export const MAX_STREAM_ID = 0x7fffffff;
export const MAX_WINDOW = 0x7fffffff;
export const DEFAULT_INITIAL_WINDOW = 64 * 1024;

export const FrameType = {
  SynStream: 1,
  SynReply: 2,
  RstStream: 3,
  Settings: 4,
  Ping: 6,
  GoAway: 7,
  Headers: 8,
  WindowUpdate: 9,
} as const;

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;
export const FLAG_SETTINGS_CLEAR = 0x01;

export const SETTINGS_MAX_CONCURRENT_STREAMS = 4;
export const SETTINGS_INITIAL_WINDOW_SIZE = 7;

/** RST_STREAM status codes. */
export const RstStatus = {
  ProtocolError: 1,
  InvalidStream: 2,
  RefusedStream: 3,
  UnsupportedVersion: 4,
  Cancel: 5,
  InternalError: 6,
  FlowControlError: 7,
  StreamInUse: 8,
  StreamAlreadyClosed: 9,
  FrameTooLarge: 11,
} as const;

/** GOAWAY status codes. */
export const GoAwayStatus = { Ok: 0, ProtocolError: 1, InternalError: 2 } as const;

export interface DataFrame {
  readonly kind: 'data';
  readonly streamId: number;
  readonly flags: number;
  readonly data: Buffer;
}
export interface SynStreamFrame {
  readonly kind: 'syn_stream';
  readonly streamId: number;
  readonly associatedStreamId: number;
  readonly priority: number;
  readonly flags: number;
  readonly headerBlock: Buffer;
}
export interface SynReplyFrame {
  readonly kind: 'syn_reply';
  readonly streamId: number;
  readonly flags: number;
  readonly headerBlock: Buffer;
}
export interface HeadersFrame {
  readonly kind: 'headers';
  readonly streamId: number;
  readonly flags: number;
  readonly headerBlock: Buffer;
}
export interface RstStreamFrame {
  readonly kind: 'rst_stream';
  readonly streamId: number;
  readonly status: number;
}
export interface SettingsEntry {
  readonly flags: number;
  readonly id: number;
  readonly value: number;
}
export interface SettingsFrame {
  readonly kind: 'settings';
  readonly flags: number;
  readonly entries: readonly SettingsEntry[];
}
export interface PingFrame {
  readonly kind: 'ping';
  readonly id: number;
}
export interface GoAwayFrame {
  readonly kind: 'goaway';
  readonly lastGoodStreamId: number;
  readonly status: number;
}
export interface WindowUpdateFrame {
  readonly kind: 'window_update';
  /** 0 for the connection-level window (SPDY/3.1). */
  readonly streamId: number;
  readonly delta: number;
}
/** A control frame of a type we do not know (e.g. CREDENTIAL); the spec says to ignore it. */
export interface UnknownControlFrame {
  readonly kind: 'unknown';
  readonly type: number;
}

export type SpdyFrame =
  | DataFrame
  | SynStreamFrame
  | SynReplyFrame
  | HeadersFrame
  | RstStreamFrame
  | SettingsFrame
  | PingFrame
  | GoAwayFrame
  | WindowUpdateFrame
  | UnknownControlFrame;

function controlHeader(type: number, flags: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(FRAME_HEADER_LENGTH + length);
  b.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  b.writeUInt16BE(type, 2);
  b.writeUInt32BE(((flags & 0xff) << 24 >>> 0) | length, 4);
  return b;
}

/** Just the 8-byte header of a DATA frame, for writing its payload without copying it. */
export function encodeDataHeader(streamId: number, length: number, flags = 0): Buffer {
  if (length > MAX_FRAME_PAYLOAD) throw new RangeError('SPDY data frame payload too large');
  const b = Buffer.allocUnsafe(FRAME_HEADER_LENGTH);
  b.writeUInt32BE(streamId & MAX_STREAM_ID, 0);
  b.writeUInt32BE(((flags & 0xff) << 24 >>> 0) | length, 4);
  return b;
}

export function encodeData(streamId: number, data: Buffer, flags = 0): Buffer {
  if (data.length > MAX_FRAME_PAYLOAD) throw new RangeError('SPDY data frame payload too large');
  const b = Buffer.allocUnsafe(FRAME_HEADER_LENGTH + data.length);
  b.writeUInt32BE(streamId & MAX_STREAM_ID, 0);
  b.writeUInt32BE(((flags & 0xff) << 24 >>> 0) | data.length, 4);
  data.copy(b, FRAME_HEADER_LENGTH);
  return b;
}

export function encodeSynStream(f: Omit<SynStreamFrame, 'kind'>): Buffer {
  const b = controlHeader(FrameType.SynStream, f.flags, 10 + f.headerBlock.length);
  b.writeUInt32BE(f.streamId & MAX_STREAM_ID, 8);
  b.writeUInt32BE(f.associatedStreamId & MAX_STREAM_ID, 12);
  b.writeUInt8((f.priority & 0x7) << 5, 16);
  b.writeUInt8(0, 17);
  f.headerBlock.copy(b, 18);
  return b;
}

function encodeStreamHeaders(type: number, streamId: number, flags: number, block: Buffer): Buffer {
  const b = controlHeader(type, flags, 4 + block.length);
  b.writeUInt32BE(streamId & MAX_STREAM_ID, 8);
  block.copy(b, 12);
  return b;
}

export const encodeSynReply = (streamId: number, headerBlock: Buffer, flags = 0): Buffer =>
  encodeStreamHeaders(FrameType.SynReply, streamId, flags, headerBlock);

export const encodeHeaders = (streamId: number, headerBlock: Buffer, flags = 0): Buffer =>
  encodeStreamHeaders(FrameType.Headers, streamId, flags, headerBlock);

function encodeTwoWords(type: number, first: number, second: number): Buffer {
  const b = controlHeader(type, 0, 8);
  b.writeUInt32BE(first >>> 0, 8);
  b.writeUInt32BE(second >>> 0, 12);
  return b;
}

export const encodeRstStream = (streamId: number, status: number): Buffer =>
  encodeTwoWords(FrameType.RstStream, streamId & MAX_STREAM_ID, status);

export const encodeGoAway = (lastGoodStreamId: number, status: number): Buffer =>
  encodeTwoWords(FrameType.GoAway, lastGoodStreamId & MAX_STREAM_ID, status);

export const encodeWindowUpdate = (streamId: number, delta: number): Buffer =>
  encodeTwoWords(FrameType.WindowUpdate, streamId & MAX_STREAM_ID, delta & MAX_WINDOW);

export function encodePing(id: number): Buffer {
  const b = controlHeader(FrameType.Ping, 0, 4);
  b.writeUInt32BE(id >>> 0, 8);
  return b;
}

export function encodeSettings(entries: readonly SettingsEntry[], flags = 0): Buffer {
  const b = controlHeader(FrameType.Settings, flags, 4 + 8 * entries.length);
  b.writeUInt32BE(entries.length, 8);
  entries.forEach((e, i) => {
    b.writeUInt32BE((((e.flags & 0xff) << 24) >>> 0) | (e.id & 0xffffff), 12 + 8 * i);
    b.writeUInt32BE(e.value >>> 0, 16 + 8 * i);
  });
  return b;
}
