import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGGREGATE_MESSAGE_PREFIX, EventCorrelator, type Correlation } from './event-correlator.js';
import { FakeClock } from './fake-clock.js';

const ev = (message: string, obj = 'pod-a', reason = 'BackOff') => ({ sourceObjectKey: `kubelet\u0000node\u0000Pod\u0000ns\u0000${obj}`, type: 'Warning', reason, message });
const kept = (c: Correlation) => {
  assert.equal(c.skip, false);
  return c as Extract<Correlation, { skip: false }>;
};

describe('EventCorrelator aggregation', () => {
  it('passes the first 9 distinct messages, folds the 10th and later into one aggregate key', () => {
    const clock = new FakeClock(0);
    const c = new EventCorrelator({ clock });
    const keys = new Set<string>();
    for (let i = 1; i <= 9; i++) {
      const r = kept(c.correlate(ev(`message ${i}`)));
      assert.deepEqual([r.aggregated, r.message], [false, `message ${i}`]);
      keys.add(r.key);
    }
    assert.equal(keys.size, 9);
    const tenth = kept(c.correlate(ev('message 10')));
    assert.deepEqual([tenth.aggregated, tenth.message], [true, `${AGGREGATE_MESSAGE_PREFIX}message 10`]);
    const eleventh = kept(c.correlate(ev('message 11')));
    assert.equal(eleventh.key, tenth.key, 'one Event for all of them');
    assert.equal(eleventh.message, '(combined from similar events): message 11');
  });

  it('keeps objects, reasons and types apart, and forgets after 10 quiet minutes', () => {
    const clock = new FakeClock(0);
    const c = new EventCorrelator({ clock });
    for (let i = 0; i < 9; i++) c.correlate(ev(`m${i}`));
    assert.equal(kept(c.correlate(ev('other object', 'pod-b'))).aggregated, false);
    assert.equal(kept(c.correlate(ev('other reason', 'pod-a', 'Failed'))).aggregated, false);
    clock.step(600_001);
    assert.equal(kept(c.correlate(ev('after the window'))).aggregated, false);
  });
});

describe('EventCorrelator spam filter', () => {
  it('allows a burst of 25 per source and object, then one per 5 minutes', () => {
    const clock = new FakeClock(0);
    const c = new EventCorrelator({ clock });
    for (let i = 0; i < 25; i++) assert.equal(c.correlate(ev('same')).skip, false, `event ${i + 1}`);
    assert.equal(c.correlate(ev('same')).skip, true, 'the 26th is dropped');
    assert.equal(c.correlate(ev('same', 'pod-b')).skip, false, 'another object has its own bucket');
    clock.step(299_000);
    assert.equal(c.correlate(ev('same')).skip, true, 'not yet a token');
    clock.step(1_000);
    assert.equal(c.correlate(ev('same')).skip, false, 'one token after 5 minutes');
    assert.equal(c.correlate(ev('same')).skip, true);
    clock.step(3_600_000 * 10);
    for (let i = 0; i < 25; i++) assert.equal(c.correlate(ev('same')).skip, false);
    assert.equal(c.correlate(ev('same')).skip, true, 'refills to the burst, never beyond');
  });
});
