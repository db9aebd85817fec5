import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../fake-clock.js';
import { BucketRateLimiter, defaultControllerRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter } from './rate-limiter.js';
import { RateLimitingWorkQueue } from './rate-limiting-queue.js';

test('exponential per-item limiter: 5 ms doubling, capped at 1000 s, forget resets', () => {
  const l = new ItemExponentialFailureRateLimiter<string>(5, 1_000_000);
  const seen = Array.from({ length: 5 }, () => l.when('a'));
  assert.deepEqual(seen, [5, 10, 20, 40, 80]);
  assert.equal(l.numRequeues('a'), 5);
  assert.equal(l.when('b'), 5, 'items are independent');
  for (let i = 0; i < 30; i++) l.when('a');
  assert.equal(l.when('a'), 1_000_000);
  for (let i = 0; i < 2000; i++) l.when('a');
  assert.equal(l.when('a'), 1_000_000, 'no overflow after many failures');
  l.forget('a');
  assert.equal(l.numRequeues('a'), 0);
  assert.equal(l.when('a'), 5);
});

test('bucket limiter: burst at once, then qps spacing, refilled as time passes', () => {
  const clock = new FakeClock();
  const l = new BucketRateLimiter<string>(10, 3, clock);
  assert.deepEqual([l.when('x'), l.when('y'), l.when('z')], [0, 0, 0]);
  assert.equal(l.when('w'), 100);
  assert.equal(l.when('v'), 200);
  clock.step(1000);
  assert.equal(l.when('u'), 0);
});

test('default controller limiter is the max of both', () => {
  const clock = new FakeClock();
  const l = defaultControllerRateLimiter<string>(clock);
  assert.equal(l.when('a'), 5);
  assert.equal(l.when('a'), 10);
  for (let i = 0; i < 200; i++) l.when(`k${i}`);
  assert.ok(l.when('fresh') >= 1000, 'bucket exhausted: overall 10 qps wins over the 5 ms item delay');
  const m = new MaxOfRateLimiter<string>(new ItemExponentialFailureRateLimiter(1, 100), new ItemExponentialFailureRateLimiter(3, 50));
  assert.equal(m.when('a'), 3);
  assert.equal(m.numRequeues('a'), 1);
  m.forget('a');
  assert.equal(m.numRequeues('a'), 0);
});

test('rate-limited queue: retries back off per item and forget() resets the back-off', async () => {
  const clock = new FakeClock();
  const q = new RateLimitingWorkQueue<string>({ clock, rateLimiter: new ItemExponentialFailureRateLimiter(5, 1_000_000) });
  q.add('k');
  assert.equal(await q.get(), 'k');
  q.addRateLimited('k');
  q.done('k');
  assert.equal(q.len(), 0);
  clock.step(4);
  assert.equal(q.len(), 0);
  clock.step(1);
  assert.equal(await q.get(), 'k');
  q.addRateLimited('k');
  q.done('k');
  clock.step(9);
  assert.equal(q.len(), 0);
  clock.step(1);
  assert.equal(q.numRequeues('k'), 2);
  assert.equal(await q.get(), 'k');
  q.forget('k');
  q.done('k');
  assert.equal(q.numRequeues('k'), 0);
  q.addRateLimited('k');
  clock.step(5);
  assert.equal(q.len(), 1);
});
