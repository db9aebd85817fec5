import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../client/index.js';
import { Limiter } from './limiter.js';
import { SpreadLoop } from './spread-loop.js';

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};
/** Lets the loop run `ticks` steps of `stepMs` on the fake clock, settling after each. */
const advance = async (clock: FakeClock, ticks: number, stepMs: number) => {
  for (let t = 0; t < ticks; t++) {
    await settle();
    clock.step(stepMs);
  }
  await settle();
};

test('each item once per period, spread over the period by one timer', async () => {
  const clock = new FakeClock(1000);
  const calls: Array<[number, number]> = [];
  const loop = new SpreadLoop({ periodMs: 1000, count: 10, clock, limiter: new Limiter(4), tickMs: 100, fn: async (i) => void calls.push([i, clock.now() - 1000]) });
  const ac = new AbortController();
  const run = loop.run(ac.signal);
  for (let t = 0; t < 30; t++) {
    await settle();
    assert.ok(clock.pending() <= 1, 'one timer at a time');
    clock.step(100);
  }
  await settle();
  ac.abort();
  await settle();
  await run;
  const first = calls.filter(([, at]) => at <= 1000).map(([i]) => i);
  assert.deepEqual(first, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'every item in the first period, in order');
  // Spread out: about one item per tick, never all at once.
  const perTick = new Map<number, number>();
  for (const [, at] of calls) perTick.set(at, (perTick.get(at) ?? 0) + 1);
  assert.ok(Math.max(...perTick.values()) <= 2);
  const counts = new Map<number, number>();
  for (const [i] of calls) counts.set(i, (counts.get(i) ?? 0) + 1);
  for (let i = 0; i < 10; i++) assert.ok((counts.get(i) ?? 0) >= 2 && (counts.get(i) ?? 0) <= 3, `item ${i}: ${counts.get(i)}`);
  assert.ok(loop.cycles >= 2);
});

test('a failing item does not stop the loop; the limiter bounds concurrency', async () => {
  const clock = new FakeClock();
  let active = 0;
  let peak = 0;
  let done = 0;
  const loop = new SpreadLoop({
    periodMs: 100,
    count: 50,
    clock,
    limiter: new Limiter(3),
    tickMs: 100,
    fn: async (i) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setImmediate(r));
      active--;
      done++;
      if (i % 7 === 0) throw new Error('boom');
    },
  });
  const ac = new AbortController();
  const run = loop.run(ac.signal);
  await advance(clock, 3, 100);
  ac.abort();
  await run;
  assert.ok(done >= 50, `${done}`);
  assert.ok(peak <= 3, `peak ${peak}`);
});

test('a slow call holds back neither the items after it nor the next ticks; a busy item skips its slot', async () => {
  const clock = new FakeClock();
  const started: number[] = [];
  let release: () => void = () => {};
  const stuck = new Promise<void>((r) => (release = r));
  const loop = new SpreadLoop({
    periodMs: 100,
    count: 4,
    clock,
    limiter: new Limiter(8),
    tickMs: 25,
    fn: async (i) => {
      started.push(i);
      if (i === 0) await stuck;
    },
  });
  const ac = new AbortController();
  const run = loop.run(ac.signal);
  await advance(clock, 12, 25);
  // Three periods went by while item 0's first call never finished.
  assert.equal(started.filter((i) => i === 0).length, 1, 'item 0 never ran twice at once');
  for (const i of [1, 2, 3]) assert.ok(started.filter((x) => x === i).length >= 3, `item ${i}: ${started.filter((x) => x === i).length} calls`);
  assert.ok(loop.skipped >= 2, `skipped ${loop.skipped}`);
  ac.abort();
  let returned = false;
  void run.then(() => (returned = true));
  await settle();
  assert.equal(returned, false, 'run() waits for the call still in flight');
  release();
  await run;
});
