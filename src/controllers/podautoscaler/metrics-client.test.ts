import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWindowMs } from './metrics-client.js';
import { milliQuantity, milliValue } from './quantities.js';

describe('metrics values', () => {
  it('reads Go durations of sample windows', () => {
    assert.equal(parseWindowMs('30s'), 30_000);
    assert.equal(parseWindowMs('1m0s'), 60_000);
    assert.equal(parseWindowMs('1m30.5s'), 90_500);
    assert.equal(parseWindowMs('500ms'), 500);
    assert.equal(parseWindowMs(undefined), 0);
  });

  it('converts quantities to milli-units and back as upstream prints them', () => {
    assert.equal(milliValue('250m'), 250);
    assert.equal(milliValue('2'), 2000);
    assert.equal(milliValue('64Mi'), 64 * 1024 * 1024 * 1000);
    assert.equal(milliValue('1n'), 1, 'rounded up');
    assert.equal(milliQuantity(400), '400m');
    assert.equal(milliQuantity(2000), '2');
    assert.equal(milliQuantity(64 * 1024 * 1024 * 1000), '67108864');
  });
});
