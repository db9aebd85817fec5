import assert from 'node:assert/strict';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { isSpdyProtocolError } from './frame-parser.js';
import { decodeHeaderBlock, encodeHeaderBlock, headerValue } from './header-block.js';
import { HeaderCompressor, HeaderDecompressor } from './header-compression.js';
import { spdy3HeaderDictionary } from './header-dictionary.js';

describe('SPDY header blocks and their compression', () => {
  it('the dictionary is the 1423 bytes of SPDY/3 and primes zlib (its Adler-32 is in the stream header)', () => {
    const dict = spdy3HeaderDictionary();
    assert.equal(dict.length, 1423);
    assert.equal(dict.subarray(0, 11).toString('latin1'), '\0\0\0\x07options');
    assert.ok(dict.toString('latin1').endsWith(',*,enq=0.'));
    const z = deflateSync(Buffer.from('streamtype'), { dictionary: dict });
    assert.equal(z[1]! & 0x20, 0x20, 'FDICT flag');
    assert.equal(inflateSync(z, { dictionary: dict }).toString(), 'streamtype');
  });

  it('encodes names lowercase, joins repeated values with NUL, and decodes them back', () => {
    const block = encodeHeaderBlock([
      ['streamType', 'error'],
      ['port', ['8080', '9090']],
    ]);
    const headers = decodeHeaderBlock(block);
    assert.deepEqual([...headers], [['streamtype', ['error']], ['port', ['8080', '9090']]]);
    assert.equal(headerValue(headers, 'StreamType'), 'error');
    assert.equal(decodeHeaderBlock(encodeHeaderBlock([])).size, 0);
  });

  it('rejects malformed blocks: truncated, trailing bytes, empty or repeated names, too many pairs', () => {
    const good = encodeHeaderBlock([['a', 'b']]);
    const bad = [
      good.subarray(0, 3),
      good.subarray(0, good.length - 1),
      Buffer.concat([good, Buffer.from([0])]),
      encodeHeaderBlock([['', 'x']]),
      encodeHeaderBlock([['a', '1'], ['A', '2']]),
      Buffer.from([0xff, 0xff, 0xff, 0xff]),
    ];
    for (const b of bad) assert.throws(() => decodeHeaderBlock(b), (e: unknown) => isSpdyProtocolError(e), b.toString('hex'));
  });

  it('blocks share one zlib context per direction: later blocks decode only in order and compress smaller', async () => {
    const c = new HeaderCompressor();
    const d = new HeaderDecompressor();
    const blocks = [0, 1, 2, 3].map((i) => encodeHeaderBlock([['streamtype', 'data'], ['port', '8080'], ['requestid', String(i)]]));
    const compressed = await Promise.all(blocks.map((b) => c.compress(b)));
    assert.ok(compressed[1]!.length < compressed[0]!.length, `${compressed[1]!.length} < ${compressed[0]!.length}`);
    // Every block ends in a sync flush: 00 00 ff ff.
    for (const z of compressed) assert.equal(z.subarray(-4).toString('hex'), '0000ffff');
    const decoded = await Promise.all(compressed.map((z) => d.decompress(z)));
    assert.deepEqual(decoded, blocks);
    // A fresh context cannot read the second block alone.
    const fresh = new HeaderDecompressor();
    await assert.rejects(fresh.decompress(compressed[1]!), (e: unknown) => isSpdyProtocolError(e));
    for (const z of [c, d, fresh]) z.close();
  });

  it('a corrupt block fails with a protocol error, and so does every block after it', async () => {
    const d = new HeaderDecompressor();
    await assert.rejects(d.decompress(Buffer.from('not zlib at all')), (e: unknown) => isSpdyProtocolError(e));
    const good = await new HeaderCompressor().compress(encodeHeaderBlock([['a', 'b']]));
    await assert.rejects(d.decompress(good), (e: unknown) => isSpdyProtocolError(e));
    d.close();
  });

  it('a block that inflates past the limit is refused (no decompression bomb)', async () => {
    const c = new HeaderCompressor();
    const d = new HeaderDecompressor(64 * 1024);
    const huge = encodeHeaderBlock([['x', 'y'.repeat(1 << 20)]]);
    const z = await c.compress(huge);
    assert.ok(z.length < 4096);
    await assert.rejects(d.decompress(z), (e: unknown) => isSpdyProtocolError(e));
    c.close();
    d.close();
  });
});
