// Large lists over HTTP, on SQLite and etcd: a list of more than a megabyte (written into one body
// from the store's chunks, sent in slices) holds exactly the objects a get of each returns, in
// key order with their resourceVersions; a label selector and limit/continue pages agree with
// it; and the next, shorter list (written into the same reused buffer) has only its own items.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEtcd } from '../../src/storage/testing/etcd-server.js';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const N = 700;
const name = (i: number) => `cm-${String(i).padStart(4, '0')}`;
const configMap = (i: number) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: name(i), labels: { i: String(i % 7), text: i % 2 ? 'odd' : 'even' } },
  // Non-ASCII text and escapes, so the bytes sent must be the stored UTF-8 exactly.
  data: { pad: 'x'.repeat(1500 + (i % 50)), note: `é✓😀 "${i}" \\ \u2028` },
});

async function pool(n: number, conc: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: conc }, async () => {
    while (next < n) await fn(next++);
  }));
}

for (const backend of ['sqlite', 'etcd'] as const) {
  describe(`large lists on ${backend}`, () => {
    let s: TestServer;
    let etcd: Awaited<ReturnType<typeof startEtcd>> | undefined;
    const path = '/api/v1/namespaces/big/configmaps';
    before(async () => {
      if (backend === 'etcd') etcd = await startEtcd();
      s = await startTestServer(etcd ? { datastore: etcd.endpoint.replace(/^http:/, 'etcd:') } : {});
      await request(s, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'big' } } });
      await pool(N, 16, async (i) => {
        const r = await request(s, { method: 'POST', path, body: configMap(i) });
        assert.equal(r.code, 201, r.body.toString());
      });
    });
    after(async () => {
      await s?.close();
      await etcd?.stop();
    });

    it('lists every object exactly as a get returns it', async () => {
      const r = await request(s, { path });
      assert.equal(r.code, 200);
      assert.ok(r.body.length > 1 << 20, `a body of ${r.body.length} bytes is large`);
      assert.equal(Number(r.headers['content-length']), r.body.length);
      const list = r.json();
      assert.deepEqual([list.kind, list.apiVersion], ['ConfigMapList', 'v1']);
      assert.match(list.metadata.resourceVersion, /^\d+$/);
      assert.deepEqual(list.items.map((o: any) => o.metadata.name), Array.from({ length: N }, (_, i) => name(i)));
      for (const i of [0, 1, 345, N - 1]) {
        const got = await request(s, { path: `${path}/${name(i)}` });
        assert.deepEqual(list.items[i], got.json());
        assert.ok(r.body.includes(got.body), `item ${i} is sent as the get sends it, byte for byte`);
      }
    });

    it('agrees with label-selected lists and with limit/continue pages', async () => {
      const all = (await request(s, { path })).json().items;
      const odd = (await request(s, { path: `${path}?labelSelector=text%3Dodd,i%21%3D3` })).json();
      assert.deepEqual(odd.items, all.filter((o: any) => o.metadata.labels.text === 'odd' && o.metadata.labels.i !== '3'));
      const paged: any[] = [];
      let token = '';
      for (let page = 0; ; page++) {
        const r = (await request(s, { path: `${path}?limit=300${token ? `&continue=${token}` : ''}` })).json();
        paged.push(...r.items);
        if (!r.metadata.continue) {
          assert.equal(page, 2);
          break;
        }
        assert.equal(r.metadata.remainingItemCount, N - paged.length);
        token = r.metadata.continue;
      }
      assert.deepEqual(paged, all);
    });

    it('sends a shorter next list with only its own items', async () => {
      const first = await request(s, { path });
      for (let i = N - 100; i < N; i++) assert.equal((await request(s, { method: 'DELETE', path: `${path}/${name(i)}` })).code, 200);
      const second = await request(s, { path });
      assert.ok(second.body.length < first.body.length);
      assert.deepEqual(second.json().items, first.json().items.slice(0, N - 100));
    });
  });
}
