// The hub's delivery order: backlog before live events, live events written during publish,
// one watcher's exception not costing the others their events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StorageEvent, WatchOptions } from './interface.js';
import { WatchHub } from './watch-hub.js';

const ev = (revision: number, key: string): StorageEvent => ({ type: 'create', key, value: Buffer.from('{}'), revision, createRevision: revision });

function recorder(prefix: string, afterRevision = 0) {
  const seen: number[] = [];
  const errors: Error[] = [];
  const opts: WatchOptions = { prefix, afterRevision, onEvents: (es) => seen.push(...es.map((e) => e.revision)), onError: (e) => errors.push(e) };
  return { opts, seen, errors };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('WatchHub', () => {
  it('delivers live events during publish, only those under the prefix and above the floor', async () => {
    const hub = new WatchHub();
    const a = recorder('/a/');
    const b = recorder('/b/');
    hub.subscribe(a.opts, [], 1);
    hub.subscribe(b.opts, [], 1);
    await tick();
    hub.publish([ev(1, '/a/x'), ev(2, '/a/y'), ev(3, '/b/z')]);
    assert.deepEqual(a.seen, [2]);
    assert.deepEqual(b.seen, [3]);
  });

  it('sends the backlog first, asynchronously, with events published meanwhile queued behind it', async () => {
    const hub = new WatchHub();
    const a = recorder('/a/');
    hub.subscribe(a.opts, [ev(1, '/a/1'), ev(2, '/a/2')], 2);
    hub.publish([ev(3, '/a/3')]);
    assert.deepEqual(a.seen, [], 'nothing is delivered inside subscribe or before the backlog');
    await tick();
    assert.deepEqual(a.seen, [1, 2, 3]);
    hub.publish([ev(4, '/a/4')]);
    assert.deepEqual(a.seen, [1, 2, 3, 4]);
  });

  it('holds live events for a new watcher until what was queued before it subscribed has run', async () => {
    const hub = new WatchHub();
    const order: string[] = [];
    queueMicrotask(() => order.push('queued before subscribe'));
    hub.subscribe({ prefix: '/a/', afterRevision: 0, onEvents: (es) => order.push(`event ${es[0]!.revision}`), onError: () => undefined }, [], 0);
    hub.publish([ev(1, '/a/1')]);
    await tick();
    assert.deepEqual(order, ['queued before subscribe', 'event 1']);
  });

  it('queues events published from inside a watcher callback until that callback returns', async () => {
    const hub = new WatchHub();
    const order: string[] = [];
    let inside = false;
    hub.subscribe(
      {
        prefix: '/a/',
        afterRevision: 0,
        onEvents: (es) => {
          assert.equal(inside, false, 'never called concurrently');
          inside = true;
          for (const e of es) order.push(`start ${e.revision}`);
          if (es[0]!.revision === 1) hub.publish([ev(2, '/a/2')]);
          for (const e of es) order.push(`end ${e.revision}`);
          inside = false;
        },
        onError: () => undefined,
      },
      [],
      0,
    );
    await tick();
    hub.publish([ev(1, '/a/1')]);
    await tick();
    assert.deepEqual(order, ['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('keeps delivering to the other watchers when one throws, and rethrows asynchronously', async () => {
    const hub = new WatchHub();
    const thrown: unknown[] = [];
    const onUncaught = (e: unknown) => thrown.push(e);
    process.prependListener('uncaughtException', onUncaught);
    const listeners = process.listeners('uncaughtException').filter((l) => l !== onUncaught);
    for (const l of listeners) process.off('uncaughtException', l);
    try {
      const after = recorder('/a/');
      hub.subscribe({ prefix: '/a/', afterRevision: 0, onEvents: () => { throw new Error('boom'); }, onError: () => undefined }, [], 0);
      hub.subscribe(after.opts, [], 0);
      await tick();
      hub.publish([ev(1, '/a/1')]);
      assert.deepEqual(after.seen, [1]);
      await tick();
      assert.equal(thrown.length, 1);
      assert.match(String(thrown[0]), /boom/);
    } finally {
      process.off('uncaughtException', onUncaught);
      for (const l of listeners) process.on('uncaughtException', l);
    }
  });

  it('delivers nothing after cancel, even to a watcher cancelled by another during publish', async () => {
    const hub = new WatchHub();
    const b = recorder('/a/');
    const other: { watch?: { cancel(): void } } = {};
    hub.subscribe({ prefix: '/a/', afterRevision: 0, onEvents: () => other.watch?.cancel(), onError: () => undefined }, [], 0);
    other.watch = hub.subscribe(b.opts, [], 0);
    await tick();
    hub.publish([ev(1, '/a/1')]);
    assert.deepEqual(b.seen, []);
    assert.equal(hub.size, 1);
  });
});
