// ListBodyWriter writes exactly the body the parts would make (head, items with their
// resourceVersion spliced in, commas, tail), from stored bytes or their text, however its estimate
// of the size turns out; and a released buffer is reused by the next list without leaking bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spliceRevisionChunks } from '../codec.js';
import { ListBodyWriter, ListBufferPool } from './list-body.js';

const HEAD = '{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"9"},"items":[';
const TAIL = ']}';
const stored = (i: number, pad = 0) =>
  JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name: `p-${i}`, labels: { x: 'é✓😀' } }, spec: { pad: 'x'.repeat(pad) } });

/** The body as the items' parts joined (how lists were assembled before the writer). */
const expected = (values: string[], revs: number[], head = HEAD) =>
  Buffer.concat([Buffer.from(head), ...values.flatMap((v, i) => [...(i ? [Buffer.from(',')] : []), ...spliceRevisionChunks(Buffer.from(v), revs[i]!)]), Buffer.from(TAIL)]);

describe('ListBodyWriter', () => {
  it('writes the same bytes as the joined parts, from bytes or from text', () => {
    const values = [stored(1), '{"kind":"X","metadata":{}}', '{"kind":"NoMeta","data":{"a":"ü"}}', stored(2, 100)];
    const revs = [11, 12, 13, 14];
    for (const asText of [false, true]) {
      const w = new ListBodyWriter();
      values.forEach((v, i) => w.addStored(asText ? v : Buffer.from(v), revs[i]!));
      assert.equal(w.items, 4);
      assert.deepEqual(w.finish(HEAD, TAIL), expected(values, revs), asText ? 'text' : 'bytes');
    }
    assert.deepEqual(new ListBodyWriter().finish(HEAD, TAIL), Buffer.from(HEAD + TAIL), 'an empty list');
  });

  it('grows correctly whatever the estimate says', () => {
    const values = Array.from({ length: 3000 }, (_, i) => stored(i, (i * 37) % 400));
    const revs = values.map((_, i) => 1000 + i);
    for (const expectItems of [() => 0, () => 10, () => 3000, () => 100_000]) {
      const w = new ListBodyWriter(expectItems);
      values.forEach((v, i) => w.addStored(i % 2 ? v : Buffer.from(v), revs[i]!));
      assert.deepEqual(w.finish(HEAD, TAIL), expected(values, revs));
    }
  });

  it('puts a head larger than its room in front', () => {
    const head = `{"kind":"PodList","metadata":{"continue":"${'c'.repeat(5000)}"},"items":[`;
    const w = new ListBodyWriter();
    w.addStored(Buffer.from(stored(1)), 5);
    assert.deepEqual(w.finish(head, TAIL), expected([stored(1)], [5], head));
  });

  it('reuses a released buffer for the next list, which holds only its own items', () => {
    const pool = new ListBufferPool();
    const big = Array.from({ length: 2000 }, (_, i) => stored(i, 600));
    const first = new ListBodyWriter(() => big.length, pool);
    big.forEach((v, i) => first.addStored(v, i + 1));
    const firstBody = first.finish(HEAD, TAIL);
    assert.ok(firstBody.length > 1 << 20);
    assert.deepEqual(firstBody, expected(big, big.map((_, i) => i + 1)));
    first.release();
    first.release();

    const small = big.slice(0, 1500).map((v) => v.replace('"p-', '"q-'));
    const second = new ListBodyWriter(() => small.length, pool);
    small.forEach((v, i) => second.addStored(Buffer.from(v), i + 7));
    const secondBody = second.finish(HEAD, TAIL);
    assert.equal(secondBody.buffer, firstBody.buffer, 'the second list writes into the first one’s buffer');
    assert.deepEqual(secondBody, expected(small, small.map((_, i) => i + 7)));
    assert.equal(pool.take(1), undefined, 'the buffer is in use again, not in the pool');
  });

  it('keeps only buffers worth keeping', () => {
    const pool = new ListBufferPool();
    pool.give(Buffer.alloc(1000));
    assert.equal(pool.take(1), undefined, 'small buffers are not kept');
    const a = Buffer.alloc(2 << 20);
    const b = Buffer.alloc(3 << 20);
    pool.give(b);
    pool.give(a);
    assert.equal(pool.take(4 << 20), undefined, 'too small for the request');
    assert.equal(pool.take(1 << 20), b, 'the larger one is kept');
  });
});
