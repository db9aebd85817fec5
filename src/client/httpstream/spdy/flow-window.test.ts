import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReceiveWindow, SendWindow } from './flow-window.js';
import { MAX_WINDOW } from './frames.js';

describe('SPDY flow-control windows', () => {
  it('a send window grants at most what is left, and grows by WINDOW_UPDATE deltas', () => {
    const w = new SendWindow(100);
    assert.equal(w.take(60), 60);
    assert.equal(w.take(60), 40);
    assert.equal(w.take(1), 0);
    assert.equal(w.available, 0);
    assert.ok(w.grant(10));
    assert.equal(w.take(100), 10);
  });

  it('a send window refuses a delta past 2^31-1 (a flow-control error)', () => {
    const w = new SendWindow(MAX_WINDOW - 5);
    assert.equal(w.grant(6), false);
    assert.ok(w.grant(5));
  });

  it('a smaller INITIAL_WINDOW_SIZE can leave a window negative until updates arrive', () => {
    const w = new SendWindow(64 * 1024);
    w.take(60 * 1024);
    assert.ok(w.shift(1000 - 64 * 1024));
    assert.equal(w.available, 0);
    assert.ok(w.grant(59 * 1024));
    assert.equal(w.available, 0);
    assert.ok(w.grant(1500));
    assert.equal(w.available, 1476); // 4096 left - 64536 shift + 60416 + 1500
  });

  it('a receive window detects an overrun and announces room once half of it is consumed', () => {
    const w = new ReceiveWindow(1000);
    assert.ok(w.receive(400));
    assert.equal(w.consume(400), 0, 'below half: no update yet');
    assert.ok(w.receive(300));
    assert.equal(w.consume(300), 700);
    assert.equal(w.remaining, 1000);
    assert.ok(w.receive(1000));
    assert.equal(w.receive(1), false, 'one byte past the window');
  });
});
