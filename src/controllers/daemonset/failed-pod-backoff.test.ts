import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailedPodBackoff } from './failed-pod-backoff.js';

describe('FailedPodBackoff', () => {
  it('doubles from the initial delay up to the cap and forgets after twice the cap', () => {
    const b = new FailedPodBackoff(1000, 4000);
    assert.equal(b.remaining('ds/n', 0), 0);
    b.next('ds/n', 0);
    assert.equal(b.remaining('ds/n', 400), 600);
    assert.equal(b.remaining('ds/n', 1000), 0);
    b.next('ds/n', 1000);
    assert.equal(b.remaining('ds/n', 1000), 2000);
    b.next('ds/n', 3000);
    b.next('ds/n', 7000);
    assert.equal(b.remaining('ds/n', 7000), 4000, 'capped');
    b.next('ds/n', 7000 + 8001);
    assert.equal(b.remaining('ds/n', 15001), 1000, 'reset after 2x the cap');
    assert.equal(b.remaining('ds/other', 15001), 0);
    b.forget('ds/');
    assert.equal(b.remaining('ds/n', 15001), 0);
  });
});
