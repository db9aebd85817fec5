import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FairQueues } from './fair-queues.js';

it('puts a request in the least loaded queue of its hand, counting executing ones, and refuses when that queue is full', () => {
  const q = new FairQueues<string>(4, 2);
  assert.equal(q.enqueue([1, 2], 'a'), 1);
  assert.equal(q.enqueue([1, 2], 'b'), 2);
  assert.equal(q.enqueue([1, 2], 'c'), 1);
  assert.equal(q.dispatch()?.item, 'a'); // queue 1 now: c waiting, a executing
  assert.equal(q.enqueue([1, 2], 'd'), 2); // queue 2: b waiting (load 1) < queue 1 (load 2)
  assert.equal(q.enqueue([1, 2], 'e'), 1); // both at load 2: the first of the hand
  assert.equal(q.enqueue([1], 'f'), undefined, 'queue 1 holds its limit of 2 waiting');
  assert.equal(q.length, 4);
});

it('dispatches the non-empty queues in turn, so one busy flow does not starve another', () => {
  const q = new FairQueues<string>(3, 10);
  for (const x of ['a1', 'a2', 'a3', 'a4']) q.enqueue([0], x);
  q.enqueue([2], 'b1');
  const order = [];
  for (let d = q.dispatch(); d; d = q.dispatch()) order.push(d.item);
  assert.deepEqual(order, ['a1', 'b1', 'a2', 'a3', 'a4']);
});

it('removes a waiting request (cancelled or timed out) but not one already dispatched', () => {
  const q = new FairQueues<string>(2, 10);
  q.enqueue([0], 'x');
  q.enqueue([0], 'y');
  assert.equal(q.remove(0, 'y'), true);
  assert.equal(q.dispatch()?.item, 'x');
  assert.equal(q.remove(0, 'x'), false);
  assert.equal(q.length, 0);
  q.finished(0);
  assert.equal(q.dispatch(), undefined);
});
