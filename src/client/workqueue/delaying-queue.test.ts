import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../fake-clock.js';
import { DelayingWorkQueue } from './delaying-queue.js';

test('addAfter adds the item when its time comes, not before', async () => {
  const clock = new FakeClock();
  const q = new DelayingWorkQueue<string>(clock);
  q.addAfter('a', 50);
  assert.equal(q.len(), 0);
  assert.equal(q.waiting(), 1);
  clock.step(49);
  assert.equal(q.len(), 0);
  clock.step(1);
  assert.equal(q.len(), 1);
  assert.equal(q.waiting(), 0);
  assert.equal(await q.get(), 'a');
});

test('items become ready in time order, whatever the order they were added in', async () => {
  const clock = new FakeClock();
  const q = new DelayingWorkQueue<string>(clock);
  q.addAfter('late', 300);
  q.addAfter('early', 100);
  q.addAfter('middle', 200);
  clock.step(1000);
  assert.deepEqual([await q.get(), await q.get(), await q.get()], ['early', 'middle', 'late']);
});

test('an item waiting twice keeps the earlier time; one timer covers all items', () => {
  const clock = new FakeClock();
  const q = new DelayingWorkQueue<string>(clock);
  q.addAfter('a', 500);
  q.addAfter('a', 100);
  q.addAfter('a', 900);
  for (let i = 0; i < 50; i++) q.addAfter(`k${i}`, 1000 + i);
  assert.equal(clock.pending(), 1);
  assert.equal(q.waiting(), 51);
  clock.step(100);
  assert.equal(q.len(), 1);
  clock.step(400);
  assert.equal(q.len(), 1, 'the later entry for a was superseded');
  clock.step(1000);
  assert.equal(q.len(), 51);
});

test('addAfter with no delay adds at once; after shutDown nothing is added and no timer stays', () => {
  const clock = new FakeClock();
  const q = new DelayingWorkQueue<string>(clock);
  q.addAfter('now', 0);
  assert.equal(q.len(), 1);
  q.addAfter('later', 10);
  q.shutDown();
  assert.equal(clock.pending(), 0);
  q.addAfter('x', 5);
  clock.step(100);
  assert.equal(q.len(), 1);
});
