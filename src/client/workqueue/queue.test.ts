import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from './queue.js';

test('items come out in order, each once however often it was added', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  q.add('b');
  q.add('a');
  assert.equal(q.len(), 2);
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
  assert.equal(q.len(), 0);
});

test('an item being processed is not handed out again; re-added, it is queued after done()', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  const item = await q.get();
  assert.equal(item, 'a');
  q.add('a');
  q.add('a');
  assert.equal(q.len(), 0, 'held back while processing');
  assert.equal(q.isProcessing('a'), true);
  q.done('a');
  assert.equal(q.len(), 1);
  assert.equal(await q.get(), 'a');
  q.done('a');
  assert.equal(q.len(), 0);
  assert.equal(q.isProcessing('a'), false);
});

test('done() without a re-add leaves nothing queued', async () => {
  const q = new WorkQueue<string>();
  q.add('x');
  await q.get();
  q.done('x');
  assert.equal(q.len(), 0);
});

test('get() waits for an item; waiters are served in order', async () => {
  const q = new WorkQueue<string>();
  const first = q.get();
  const second = q.get();
  q.add('a');
  q.add('b');
  assert.equal(await first, 'a');
  assert.equal(await second, 'b');
  // Both are processing: adding them again holds them back.
  q.add('a');
  assert.equal(q.len(), 0);
  q.done('a');
  assert.equal(await q.get(), 'a');
});

test('two workers never get the same key at once', async () => {
  const q = new WorkQueue<string>();
  const active = new Set<string>();
  let overlaps = 0;
  let handled = 0;
  const worker = async () => {
    for (;;) {
      const k = await q.get();
      if (k === undefined) return;
      if (active.has(k)) overlaps++;
      active.add(k);
      await new Promise((r) => setImmediate(r));
      if (handled < 40) q.add(k);
      handled++;
      active.delete(k);
      q.done(k);
    }
  };
  for (const k of ['a', 'b', 'c']) q.add(k);
  const workers = [worker(), worker(), worker(), worker()];
  while (handled < 40) await new Promise((r) => setImmediate(r));
  await q.shutDownWithDrain();
  q.shutDown();
  await Promise.all(workers);
  assert.equal(overlaps, 0);
});

test('shutDown: new adds are dropped, queued items still drain, then get() resolves undefined', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  const waitingAfter = (async () => {
    await q.get();
    return q.get();
  })();
  q.shutDown();
  q.add('b');
  assert.equal(q.shuttingDown(), true);
  assert.equal(await waitingAfter, undefined);
  assert.equal(await q.get(), undefined);
});

test('shutDown releases workers blocked in get()', async () => {
  const q = new WorkQueue<string>();
  const g = q.get();
  q.shutDown();
  assert.equal(await g, undefined);
});

test('shutDownWithDrain waits for items in processing', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  await q.get();
  let drained = false;
  const d = q.shutDownWithDrain().then(() => (drained = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(drained, false);
  q.done('a');
  await d;
  assert.equal(drained, true);
});

test('a long queue stays correct as its head is compacted', async () => {
  const q = new WorkQueue<number>();
  for (let i = 0; i < 5000; i++) q.add(i);
  for (let i = 0; i < 5000; i++) {
    assert.equal(await q.get(), i);
    q.done(i);
    if (i % 7 === 0) q.add(i + 10_000);
  }
  assert.equal(q.len(), Math.ceil(5000 / 7));
});
