// The watch multiplexer against a fake gRPC stream: ids, fragments, resume after a broken
// stream, compaction, cancel and close.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { IEvent, IWatchRequest, IWatchResponse, WatchClient } from 'etcd3';
import { KeyCodec } from './keys.js';
import { WatchMux, type MuxWatchEnd } from './watch-mux.js';

class FakeStream extends EventEmitter {
  readonly written: IWatchRequest[] = [];
  cancelled = false;
  write(req: IWatchRequest): void {
    this.written.push(req);
  }
  end(): void {}
  cancel(): void {
    this.cancelled = true;
  }
  reply(res: Partial<IWatchResponse>): void {
    const full: IWatchResponse = {
      header: { cluster_id: '1', member_id: '1', revision: '0', raft_term: '1' },
      watch_id: '0',
      created: false,
      canceled: false,
      compact_revision: '0',
      cancel_reason: '',
      fragment: false,
      events: [],
      ...res,
    };
    this.emit('data', full);
  }
}

class FakeClient {
  readonly streams: FakeStream[] = [];
  async watch(): Promise<FakeStream> {
    const s = new FakeStream();
    this.streams.push(s);
    return s;
  }
}

const codec = new KeyCodec('');
const range = codec.prefixRange('/a/');

const ev = (revision: number): IEvent => ({
  type: 'Put',
  kv: { key: Buffer.from('/a/k'), create_revision: '1', mod_revision: String(revision), version: '1', value: Buffer.from('v'), lease: '0' },
  prev_kv: null as never,
});

async function until(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function recorder() {
  const batches: number[][] = [];
  const ends: MuxWatchEnd[] = [];
  return {
    batches,
    ends,
    handler: { events: (evs: readonly IEvent[]) => batches.push(evs.map((e) => Number(e.kv.mod_revision))), ended: (e: MuxWatchEnd) => ends.push(e) },
  };
}

function setup() {
  const client = new FakeClient();
  const mux = new WatchMux(client as unknown as WatchClient);
  return { client, mux };
}

describe('etcd watch mux', () => {
  it('creates watches with its own ids on one stream, asking for prev_kv and fragments', async () => {
    const { client, mux } = setup();
    mux.open({ range, startRevision: 5 }, recorder().handler);
    mux.open({ range, startRevision: 9 }, recorder().handler);
    await until(() => client.streams[0]?.written.length === 2);
    assert.equal(client.streams.length, 1);
    const [a, b] = client.streams[0]!.written.map((r) => r.create_request!);
    assert.deepEqual([a!.watch_id, a!.start_revision, a!.prev_kv, a!.fragment], [1, 5, true, true]);
    assert.deepEqual([b!.watch_id, b!.start_revision], [2, 9]);
    assert.deepEqual(a!.key, range.key);
    mux.close();
  });

  it('joins fragments into one batch and routes by watch id', async () => {
    const { client, mux } = setup();
    const one = recorder();
    const two = recorder();
    mux.open({ range, startRevision: 1 }, one.handler);
    mux.open({ range, startRevision: 1 }, two.handler);
    await until(() => client.streams[0]?.written.length === 2);
    const s = client.streams[0]!;
    s.reply({ watch_id: '1', created: true });
    s.reply({ watch_id: '1', fragment: true, events: [ev(3), ev(4)] });
    s.reply({ watch_id: '2', events: [ev(7)] });
    assert.deepEqual(one.batches, []);
    s.reply({ watch_id: '1', events: [ev(5)] });
    s.reply({ watch_id: '99', events: [ev(8)] });
    assert.deepEqual(one.batches, [[3, 4, 5]]);
    assert.deepEqual(two.batches, [[7]]);
    mux.close();
  });

  it('resumes on a new stream after the last delivered revision', async () => {
    const { client, mux } = setup();
    const w = recorder();
    mux.open({ range, startRevision: 2 }, w.handler);
    const gone = mux.open({ range, startRevision: 2 }, recorder().handler);
    await until(() => client.streams[0]?.written.length === 2);
    const s = client.streams[0]!;
    s.reply({ watch_id: '1', events: [ev(2), ev(6)] });
    s.reply({ watch_id: '1', fragment: true, events: [ev(7)] }); // lost with the stream
    gone.cancel();
    s.emit('error', new Error('connection reset'));
    assert.equal(s.cancelled, true);
    await until(() => client.streams[1]?.written.length === 1);
    const req = client.streams[1]!.written[0]!.create_request!;
    assert.deepEqual([req.watch_id, req.start_revision], [1, 7]);
    s.reply({ watch_id: '1', events: [ev(9)] }); // the old stream is dead
    client.streams[1]!.reply({ watch_id: '1', events: [ev(7)] });
    assert.deepEqual(w.batches, [[2, 6], [7]]);
    mux.close();
  });

  it('reports compaction once and forgets the watch', async () => {
    const { client, mux } = setup();
    const w = recorder();
    mux.open({ range, startRevision: 2 }, w.handler);
    await until(() => client.streams[0]?.written.length === 1);
    const s = client.streams[0]!;
    s.reply({ watch_id: '1', created: true });
    s.reply({ watch_id: '1', canceled: true, compact_revision: '40' });
    s.reply({ watch_id: '1', events: [ev(50)] });
    assert.deepEqual(w.ends.map((e) => e.compactRevision), [40]);
    assert.deepEqual(w.batches, []);
    mux.close();
  });

  it('cancel tells etcd and drops later events; close stops reconnecting', async () => {
    const { client, mux } = setup();
    const w = recorder();
    const h = mux.open({ range, startRevision: 2 }, w.handler);
    await until(() => client.streams[0]?.written.length === 1);
    const s = client.streams[0]!;
    h.cancel();
    assert.deepEqual(s.written[1], { cancel_request: { watch_id: 1 } });
    s.reply({ watch_id: '1', events: [ev(3)] });
    assert.deepEqual(w.batches, []);
    mux.open({ range, startRevision: 2 }, recorder().handler);
    mux.close();
    assert.equal(s.cancelled, true);
    s.emit('error', new Error('cancelled'));
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(client.streams.length, 1, 'no reconnect after close');
    assert.throws(() => mux.open({ range, startRevision: 1 }, recorder().handler));
  });
});
