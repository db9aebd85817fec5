import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeChannelMessage, encodeChannelMessage } from './channels.js';
import { CHANNEL_V4, CHANNEL_V5, REMOTE_COMMAND_WEBSOCKET_PROTOCOLS, selectSubprotocol } from './protocols.js';
import { ResizeDecoder } from './resize-decoder.js';

test('channel messages: one channel byte then the data; v5 close signal names one channel', () => {
  assert.deepEqual([...encodeChannelMessage(1, Buffer.from('hi'))], [1, 104, 105]);
  assert.deepEqual([...encodeChannelMessage(3, new Uint8Array(0))], [3]);
  const d = decodeChannelMessage(Buffer.from([0, 102, 111]), CHANNEL_V5);
  assert.equal(d.kind, 'data');
  assert.equal(d.kind === 'data' && d.channel, 0);
  assert.equal(d.kind === 'data' && d.data.toString(), 'fo');
  assert.deepEqual(decodeChannelMessage(Buffer.from([255, 0]), CHANNEL_V5), { kind: 'close', channel: 0 });
  assert.equal(decodeChannelMessage(Buffer.from([255]), CHANNEL_V5).kind, 'invalid');
  assert.equal(decodeChannelMessage(Buffer.from([255, 0, 1]), CHANNEL_V5).kind, 'invalid');
  // v4 has no close signal: 255 is just an unknown channel.
  assert.equal(decodeChannelMessage(Buffer.from([255, 0]), CHANNEL_V4).kind, 'data');
  assert.deepEqual(decodeChannelMessage(Buffer.alloc(0), CHANNEL_V5), { kind: 'empty' });
});

test('negotiation takes the first offered protocol the server speaks', () => {
  const s = REMOTE_COMMAND_WEBSOCKET_PROTOCOLS;
  assert.equal(selectSubprotocol([CHANNEL_V5, CHANNEL_V4], s), CHANNEL_V5);
  assert.equal(selectSubprotocol([CHANNEL_V4, CHANNEL_V5], s), CHANNEL_V4);
  assert.equal(selectSubprotocol(['base64url.bearer.authorization.k8s.io.abc', CHANNEL_V4], s), CHANNEL_V4);
  assert.equal(selectSubprotocol(['channel.k8s.io', 'v4.base64.channel.k8s.io'], s), null);
  assert.equal(selectSubprotocol([], s), null);
});

test('resize decoder: JSON objects in any split, case-insensitive names, malformed input throws', () => {
  const r = new ResizeDecoder();
  assert.deepEqual(r.push(Buffer.from('{"Width":80,')), []);
  assert.deepEqual(r.push(Buffer.from('"Height":24}\n{"width":100,"height":40}\n')), [
    { width: 80, height: 24 },
    { width: 100, height: 40 },
  ]);
  assert.throws(() => new ResizeDecoder().push(Buffer.from('[1,2]')), { name: 'ResizeDecodeError' });
  assert.throws(() => new ResizeDecoder().push(Buffer.from('{"Width":-1,"Height":2}')), { name: 'ResizeDecodeError' });
  assert.throws(() => new ResizeDecoder().push(Buffer.from('{"Width":"x"}')), { name: 'ResizeDecodeError' });
  assert.throws(() => new ResizeDecoder().push(Buffer.from('{' + ' '.repeat(5000))), { name: 'ResizeDecodeError' });
});
