// etcd-only behaviour on a real etcd: root prefixes keep stores apart, compaction done by
// another client is noticed, and the shared watch survives a dropped connection.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { isStorageError } from '../errors.js';
import type { StorageEvent } from '../interface.js';
import { startEtcd } from '../testing/etcd-server.js';
import { openEtcdStorage, type EtcdStorage } from './etcd-storage.js';

const server = await startEtcd();

/** A TCP proxy in front of etcd whose connections can be cut. */
async function startProxy(target: string): Promise<{ endpoint: string; cut(): void; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const srv: Server = createServer((down) => {
    const up = connect(Number(port), hostname);
    for (const s of [down, up]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    down.pipe(up).pipe(down);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  if (addr === null || typeof addr === 'string') throw new Error('no proxy address');
  const cut = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    endpoint: `http://127.0.0.1:${addr.port}`,
    cut,
    close: () => {
      cut();
      return new Promise<void>((r) => srv.close(() => r()));
    },
  };
}

async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('etcd storage specifics', () => {
  const open: EtcdStorage[] = [];
  const storage = async (prefix: string, endpoint = server.endpoint) => {
    const s = await openEtcdStorage({ endpoints: [endpoint], prefix });
    open.push(s);
    return s;
  };
  after(async () => {
    for (const s of open) await s.close();
    await server.stop();
  });

  it('keeps stores with overlapping root prefixes apart', async () => {
    const root = `/k8ts-${randomUUID()}`;
    const a = await storage(root);
    const b = await storage(`${root}2`);
    const r0 = await a.currentRevision();
    const seen: StorageEvent[] = [];
    const w = a.watch({ prefix: '', afterRevision: r0, onEvents: (evs) => seen.push(...evs), onError: () => {} });
    try {
      await b.create('/x', Buffer.from('b'));
      await a.create('/x', Buffer.from('a'));
      assert.deepEqual((await a.list('')).items.map((kv) => [kv.key, kv.value.toString()]), [['/x', 'a']]);
      assert.deepEqual((await a.stats()).keys, 1);
      assert.equal(await a.count(''), 1);
      await until(() => seen.length >= 1, 'the watch event');
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(seen.map((ev) => ev.value.toString()), ['a']);
      await assert.rejects(a.list('x'), /must start with/);
    } finally {
      w.cancel();
    }
  });

  it('notices a compaction made by another client and learns it at open', async () => {
    const a = await storage(`/k8ts-${randomUUID()}`);
    const b = await storage(`/k8ts-${randomUUID()}`);
    const first = await b.create('/k', Buffer.from('1'));
    await b.update('/k', Buffer.from('2'), first.modRevision);
    const at = await a.currentRevision();
    await a.compact(at);
    assert.equal(await b.compactedRevision(), at);
    await assert.rejects(b.list('/', { revision: first.modRevision }), (e) => isStorageError(e, 'Compacted') && e.compactedRevision === at);
    const c = await storage(`/k8ts-${randomUUID()}`);
    assert.equal(await c.compactedRevision(), at);
    await a.compact(at - 1); // already compacted past it: no-op
    assert.equal(await a.compactedRevision(), at);
  });

  it('resumes the shared watch after the connection drops, without gaps or repeats', async () => {
    const proxy = await startProxy(server.endpoint);
    try {
      const root = `/k8ts-${randomUUID()}`;
      const viaProxy = await storage(root, proxy.endpoint);
      const direct = await storage(root);
      const r0 = await direct.currentRevision();
      const seen: StorageEvent[] = [];
      const errors: Error[] = [];
      const w = viaProxy.watch({ prefix: '/', afterRevision: r0, onEvents: (evs) => seen.push(...evs), onError: (e) => errors.push(e) });
      try {
        const revs: number[] = [];
        for (let i = 0; i < 5; i++) revs.push((await direct.create(`/a${i}`, Buffer.from('x'))).modRevision);
        await until(() => seen.length === 5, 'events before the cut');
        proxy.cut();
        for (let i = 5; i < 10; i++) revs.push((await direct.create(`/a${i}`, Buffer.from('x'))).modRevision);
        await until(() => seen.length >= 10, 'events after the cut');
        await new Promise((r) => setTimeout(r, 200));
        assert.deepEqual(seen.map((ev) => ev.revision), revs);
        assert.deepEqual(errors, []);
        assert.equal((await viaProxy.get('/a9'))?.modRevision, revs[9], 'reads work again through the new connection');
      } finally {
        w.cancel();
      }
    } finally {
      await proxy.close();
    }
  });
});
