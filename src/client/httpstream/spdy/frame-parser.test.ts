import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameParser, isSpdyProtocolError } from './frame-parser.js';
import {
  encodeData,
  encodeGoAway,
  encodeHeaders,
  encodePing,
  encodeRstStream,
  encodeSettings,
  encodeSynReply,
  encodeSynStream,
  encodeWindowUpdate,
  FLAG_FIN,
  FLAG_UNIDIRECTIONAL,
  type SpdyFrame,
} from './frames.js';
import { seededRandom } from '../../../api/testing/seeded-random.js';

const SAMPLE: readonly Buffer[] = [
  encodeSynStream({ streamId: 1, associatedStreamId: 0, priority: 3, flags: FLAG_UNIDIRECTIONAL, headerBlock: Buffer.from('hdr') }),
  encodeSynReply(1, Buffer.from('reply'), FLAG_FIN),
  encodeHeaders(3, Buffer.alloc(0)),
  encodeData(1, Buffer.from('hello')),
  encodeData(1, Buffer.alloc(0), FLAG_FIN),
  encodeRstStream(5, 5),
  encodeSettings([{ flags: 1, id: 7, value: 1000 }, { flags: 0, id: 4, value: 100 }]),
  encodePing(7),
  encodeGoAway(9, 1),
  encodeWindowUpdate(0, 4096),
];

const EXPECTED: readonly SpdyFrame[] = [
  { kind: 'syn_stream', streamId: 1, associatedStreamId: 0, priority: 3, flags: FLAG_UNIDIRECTIONAL, headerBlock: Buffer.from('hdr') },
  { kind: 'syn_reply', streamId: 1, flags: FLAG_FIN, headerBlock: Buffer.from('reply') },
  { kind: 'headers', streamId: 3, flags: 0, headerBlock: Buffer.alloc(0) },
  { kind: 'data', streamId: 1, flags: 0, data: Buffer.from('hello') },
  { kind: 'data', streamId: 1, flags: FLAG_FIN, data: Buffer.alloc(0) },
  { kind: 'rst_stream', streamId: 5, status: 5 },
  { kind: 'settings', flags: 0, entries: [{ flags: 1, id: 7, value: 1000 }, { flags: 0, id: 4, value: 100 }] },
  { kind: 'ping', id: 7 },
  { kind: 'goaway', lastGoodStreamId: 9, status: 1 },
  { kind: 'window_update', streamId: 0, delta: 4096 },
];

function parseOrProtocolError(parser: FrameParser, bytes: Buffer): void {
  try {
    parser.push(bytes);
  } catch (e) {
    if (!isSpdyProtocolError(e)) throw e;
  }
}

describe('SPDY frame codec', () => {
  it('parses every encoded frame type back to its value', () => {
    const frames = new FrameParser().push(Buffer.concat(SAMPLE));
    assert.deepEqual(frames, EXPECTED);
  });

  it('reassembles frames split at every byte boundary', () => {
    const all = Buffer.concat(SAMPLE);
    for (let cut = 1; cut < all.length; cut++) {
      const p = new FrameParser();
      const frames = [...p.push(all.subarray(0, cut)), ...p.push(all.subarray(cut))];
      assert.deepEqual(frames, EXPECTED, `cut at ${cut}`);
    }
    const p = new FrameParser();
    const oneByOne = [...all].flatMap((byte) => p.push(Buffer.from([byte])));
    assert.deepEqual(oneByOne, EXPECTED);
  });

  it('skips control frames of unknown types (e.g. CREDENTIAL)', () => {
    const credential = Buffer.from([0x80, 0x03, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x02, 0xaa, 0xbb]);
    assert.deepEqual(new FrameParser().push(credential), [{ kind: 'unknown', type: 10 }]);
  });

  const malformed: [string, Buffer][] = [
    ['SPDY/2 control frame', Buffer.from([0x80, 0x02, 0x00, 0x06, 0, 0, 0, 4, 0, 0, 0, 1])],
    ['data on stream 0', encodeData(0, Buffer.from('x'))],
    ['SYN_STREAM on stream 0', encodeSynStream({ streamId: 0, associatedStreamId: 0, priority: 0, flags: 0, headerBlock: Buffer.alloc(0) })],
    ['short SYN_STREAM', Buffer.from([0x80, 0x03, 0x00, 0x01, 0, 0, 0, 4, 0, 0, 0, 1])],
    ['RST_STREAM of 4 bytes', Buffer.from([0x80, 0x03, 0x00, 0x03, 0, 0, 0, 4, 0, 0, 0, 1])],
    ['PING of 8 bytes', Buffer.from([0x80, 0x03, 0x00, 0x06, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 1])],
    ['GOAWAY of 4 bytes', Buffer.from([0x80, 0x03, 0x00, 0x07, 0, 0, 0, 4, 0, 0, 0, 1])],
    ['WINDOW_UPDATE of delta 0', encodeWindowUpdate(1, 0)],
    ['SETTINGS whose count does not match its length', Buffer.from([0x80, 0x03, 0x00, 0x04, 0, 0, 0, 4, 0, 0, 0, 2])],
    ['oversized control frame', Buffer.from([0x80, 0x03, 0x00, 0x01, 0, 0x7f, 0xff, 0xff])],
  ];
  for (const [what, bytes] of malformed) {
    it(`rejects a ${what} as a protocol error`, () => {
      assert.throws(
        () => new FrameParser().push(bytes),
        (e: unknown) => isSpdyProtocolError(e),
      );
    });
  }

  it('rejects a data frame larger than its limit before buffering it', () => {
    const p = new FrameParser({ maxDataPayload: 1024 });
    const header = encodeData(1, Buffer.alloc(2048)).subarray(0, 8);
    assert.throws(() => p.push(header), (e: unknown) => isSpdyProtocolError(e));
  });

  it('fuzz: random bytes only ever yield frames or a protocol error', () => {
    const next = seededRandom(0x5eed);
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(next() * 64);
      const bytes = Buffer.alloc(len);
      for (let j = 0; j < len; j++) bytes[j] = Math.floor(next() * 256);
      // Half the cases look like SPDY/3 control frames, so the type-specific checks are reached.
      if (len >= 4 && next() < 0.5) bytes.writeUInt16BE(0x8003, 0);
      parseOrProtocolError(new FrameParser(), bytes);
    }
  });

  it('fuzz: mutated valid frame sequences only ever yield frames or a protocol error', () => {
    const next = seededRandom(42);
    const valid = Buffer.concat(SAMPLE);
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(valid);
      const flips = 1 + Math.floor(next() * 4);
      for (let f = 0; f < flips; f++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      const cut = Math.floor(next() * bytes.length);
      const p = new FrameParser();
      parseOrProtocolError(p, bytes.subarray(0, cut));
      parseOrProtocolError(p, bytes.subarray(cut));
    }
  });
});
