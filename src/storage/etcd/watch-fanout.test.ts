// Hand-over between catch-up watches, the in-memory window and the shared stream, driven by a
// fake etcd watch so each interleaving is exact. (The etcd conformance run covers the real thing.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IEvent } from 'etcd3';
import { isStorageError } from '../errors.js';
import type { StorageEvent, WatchOptions } from '../interface.js';
import { KeyCodec } from './keys.js';
import type { MuxWatch, MuxWatchHandler, MuxWatchSpec, WatchOpener } from './watch-mux.js';
import { WatchFanout } from './watch-fanout.js';

const codec = new KeyCodec('/r');

interface Opened {
  readonly spec: MuxWatchSpec;
  readonly handler: MuxWatchHandler;
  cancelled: boolean;
}

class FakeOpener implements WatchOpener {
  readonly opened: Opened[] = [];
  open(spec: MuxWatchSpec, handler: MuxWatchHandler): MuxWatch {
    const o: Opened = { spec, handler, cancelled: false };
    this.opened.push(o);
    return { cancel: () => (o.cancelled = true) };
  }
}

/** A put of key at revision (a create when created === revision). */
function put(key: string, revision: number, created = revision): IEvent {
  const kv = (r: number, v: string) => ({
    key: codec.encode(key),
    create_revision: String(created),
    mod_revision: String(r),
    version: '1',
    value: Buffer.from(v),
    lease: '0',
  });
  return { type: 'Put', kv: kv(revision, `v${revision}`), prev_kv: created === revision ? (null as never) : kv(revision - 1, `v${revision - 1}`) };
}

const puts = (key: (r: number) => string, from: number, to: number): IEvent[] =>
  Array.from({ length: to - from + 1 }, (_, i) => put(key(from + i), from + i));

const tick = () => new Promise((r) => setImmediate(r));

function setup(start: number, maxEvents: number, compacted = 0) {
  const mux = new FakeOpener();
  const noted: number[] = [];
  const fanout = new WatchFanout(
    { mux, codec, knownCompacted: () => Math.max(compacted, ...noted), noteCompacted: (r) => noted.push(r) },
    start,
    { maxEvents },
  );
  const shared = mux.opened[0]!;
  return { mux, fanout, shared, noted };
}

function record(fanout: WatchFanout, prefix: string, afterRevision: number) {
  const events: StorageEvent[] = [];
  const errors: Error[] = [];
  const opts: WatchOptions = { prefix, afterRevision, onEvents: (evs) => events.push(...evs), onError: (e) => errors.push(e) };
  const watch = fanout.watch(opts);
  return { events, errors, watch, revs: () => events.map((e) => e.revision) };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('etcd watch fan-out', () => {
  it('opens one shared watch over the whole root, right after the start revision', () => {
    const { mux, shared } = setup(10, 100);
    assert.equal(mux.opened.length, 1);
    assert.equal(shared.spec.startRevision, 11);
    assert.deepEqual(shared.spec.range, codec.prefixRange(''));
  });

  it('serves a watcher inside the window from memory, then live', async () => {
    const { mux, fanout, shared } = setup(10, 100);
    shared.handler.events(puts(() => '/a/k', 11, 15));
    const w = record(fanout, '/a/', 12);
    shared.handler.events(puts(() => '/a/k', 16, 16));
    await tick();
    assert.equal(mux.opened.length, 1, 'no extra etcd watch');
    assert.deepEqual(w.revs(), [13, 14, 15, 16]);
    assert.equal(w.events[0]!.key, '/a/k');
  });

  it('keeps every event of a multi-key revision and drops replayed ones', async () => {
    const { fanout, shared } = setup(10, 100);
    const w = record(fanout, '/a/', 10);
    shared.handler.events([put('/a/x', 11), put('/a/y', 11)]);
    shared.handler.events([put('/a/x', 11), put('/a/z', 12)]);
    await tick();
    assert.deepEqual(w.events.map((e) => [e.key, e.revision]), [['/a/x', 11], ['/a/y', 11], ['/a/z', 12]]);
  });

  it('catches up, then takes the rest from the window without a gap or a repeat', async () => {
    const { mux, fanout, shared } = setup(0, 5);
    shared.handler.events(puts(() => '/a/k', 1, 20)); // window keeps 16..20, floor 15
    const w = record(fanout, '/a/', 5);
    const catchUp = mux.opened[1]!;
    assert.equal(catchUp.spec.startRevision, 6);
    assert.deepEqual(catchUp.spec.range, codec.prefixRange('/a/'));
    catchUp.handler.events(puts(() => '/a/k', 6, 12)); // still below the floor
    await tick();
    assert.deepEqual(w.revs(), range(6, 12));
    assert.equal(catchUp.cancelled, false);
    catchUp.handler.events(puts(() => '/a/k', 13, 16)); // reaches the floor: hand over
    assert.equal(catchUp.cancelled, true);
    shared.handler.events(puts(() => '/a/k', 21, 21));
    await tick();
    assert.deepEqual(w.revs(), range(6, 21));
    catchUp.handler.events(puts(() => '/a/k', 17, 18)); // late catch-up events are ignored
    await tick();
    assert.deepEqual(w.revs(), range(6, 21));
  });

  it('hands over when the catch-up is ahead of the shared stream', async () => {
    const { mux, fanout, shared } = setup(0, 2);
    shared.handler.events(puts(() => '/a/k', 1, 10)); // window 9..10, floor 8
    const w = record(fanout, '/a/', 3);
    mux.opened[1]!.handler.events(puts(() => '/a/k', 4, 12));
    shared.handler.events(puts(() => '/a/k', 11, 13));
    await tick();
    assert.deepEqual(w.revs(), range(4, 13));
  });

  it('keeps a quiet catch-up open until its prefix has an event past the floor', async () => {
    const { mux, fanout, shared } = setup(0, 2);
    shared.handler.events(puts((r) => `/b/${r}`, 1, 10));
    const w = record(fanout, '/a/', 2);
    const catchUp = mux.opened[1]!;
    shared.handler.events(puts((r) => `/b/${r}`, 11, 12));
    await tick();
    assert.deepEqual(w.revs(), []);
    assert.equal(catchUp.cancelled, false);
    catchUp.handler.events([put('/a/x', 13)]);
    shared.handler.events([put('/a/x', 13), put('/a/y', 14)]);
    await tick();
    assert.deepEqual(w.revs(), [13, 14]);
    assert.equal(catchUp.cancelled, true);
  });

  it('delivers catch-up history before the window backlog in one ordered stream', async () => {
    const { mux, fanout, shared } = setup(0, 3);
    shared.handler.events(puts(() => '/a/k', 1, 10)); // window 8..10, floor 7
    const batches: number[][] = [];
    fanout.watch({ prefix: '/a/', afterRevision: 0, onEvents: (evs) => batches.push(evs.map((e) => e.revision)), onError: () => {} });
    mux.opened[1]!.handler.events(puts(() => '/a/k', 1, 4));
    mux.opened[1]!.handler.events(puts(() => '/a/k', 5, 8)); // hand over at 8; 9..10 from the window
    await tick();
    assert.deepEqual(batches.flat(), range(1, 10));
  });

  it('fails a catch-up with Compacted when etcd reports compaction', async () => {
    const { mux, fanout, shared, noted } = setup(0, 2);
    shared.handler.events(puts(() => '/a/k', 1, 10));
    const w = record(fanout, '/a/', 2);
    mux.opened[1]!.handler.ended({ compactRevision: 7, reason: '' });
    await tick();
    assert.equal(w.errors.length, 1);
    assert.ok(isStorageError(w.errors[0], 'Compacted'));
    assert.equal((w.errors[0] as { compactedRevision?: number }).compactedRevision, 7);
    assert.deepEqual(noted, [7]);
  });

  it('refuses a watch below a known compaction without asking etcd', async () => {
    const { mux, fanout } = setup(20, 100, 10);
    const below = record(fanout, '/a/', 8);
    const atEdge = record(fanout, '/a/', 9);
    await tick();
    assert.ok(isStorageError(below.errors[0], 'Compacted'));
    assert.deepEqual(atEdge.errors, [], 'events from the compacted revision on are still available');
    assert.equal(mux.opened.length, 2, 'only the edge watcher needed a catch-up');
  });

  it('fails live watchers when the shared stream is compacted, and resumes at the compaction', async () => {
    const { mux, fanout, shared, noted } = setup(10, 100);
    const live = record(fanout, '/a/', 10);
    shared.handler.ended({ compactRevision: 30, reason: '' });
    await tick();
    assert.ok(isStorageError(live.errors[0], 'Compacted'));
    assert.deepEqual(noted, [30]);
    const reopened = mux.opened[1]!;
    assert.equal(reopened.spec.startRevision, 30);
    const next = record(fanout, '/a/', 29);
    reopened.handler.events(puts(() => '/a/k', 30, 31));
    await tick();
    assert.deepEqual(next.revs(), [30, 31]);
    assert.equal(mux.opened.length, 2, 'the new watcher is served by the reopened shared watch');
  });

  it('cancel stops a catch-up and its etcd watch', async () => {
    const { mux, fanout, shared } = setup(0, 2);
    shared.handler.events(puts(() => '/a/k', 1, 10));
    const w = record(fanout, '/a/', 2);
    mux.opened[1]!.handler.events(puts(() => '/a/k', 3, 4));
    w.watch.cancel();
    await tick();
    assert.equal(mux.opened[1]!.cancelled, true);
    assert.deepEqual(w.revs(), [], 'events queued before cancel are dropped');
  });

  it('close fails every watcher with Unavailable', async () => {
    const { fanout, shared } = setup(0, 2);
    shared.handler.events(puts(() => '/a/k', 1, 10));
    const live = record(fanout, '/a/', 9);
    const catching = record(fanout, '/a/', 1);
    fanout.close();
    const after = record(fanout, '/a/', 10);
    await tick();
    for (const w of [live, catching, after]) assert.ok(isStorageError(w.errors[0], 'Unavailable'));
    assert.equal(shared.cancelled, true);
  });
});
