// ResourceQuota admission reads which quotas a namespace has from a watch-fed cache: creates in
// a namespace without quotas read nothing from the store, a quota (or its status) written a
// moment ago is already enforced on the next request, and concurrent creates are still charged
// one compare-and-swap at a time, so a quota is never overrun.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
const quotaLists: string[] = [];
before(async () => {
  s = await startTestServer();
  // Count the store's range reads of ResourceQuotas (the real store, observed, not replaced).
  const storage = s.storage;
  const list = storage.list.bind(storage);
  storage.list = (prefix, opts) => {
    if (prefix.includes('/resourcequotas/')) quotaLists.push(prefix);
    return list(prefix, opts);
  };
});
after(async () => {
  await s?.close();
});

const ns = (name: string) => request(s, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
const configMap = (n: string, name: string) => request(s, { method: 'POST', path: `/api/v1/namespaces/${n}/configmaps`, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } } });
const quotaPath = (n: string, name: string) => `/api/v1/namespaces/${n}/resourcequotas/${name}`;

/** Sets a quota's status as its controller would (hard copied from spec, used as given). */
async function setStatus(n: string, name: string, used: Record<string, string>): Promise<void> {
  const q = (await request(s, { path: quotaPath(n, name) })).json();
  const res = await request(s, { method: 'PUT', path: `${quotaPath(n, name)}/status`, body: { ...q, status: { hard: q.spec.hard, used } } });
  assert.equal(res.code, 200, JSON.stringify(res.json()));
}

describe('quota admission cache', () => {
  it('reads no quotas from the store for creates in a namespace without quotas', async () => {
    assert.equal((await ns('qc-free')).code, 201);
    quotaLists.length = 0;
    for (let i = 0; i < 20; i++) assert.equal((await configMap('qc-free', `cm-${i}`)).code, 201);
    assert.deepEqual(quotaLists, []);
  });

  it('enforces a quota and its status from the request right after they were written', async () => {
    await ns('qc-new');
    const created = await request(s, { method: 'POST', path: '/api/v1/namespaces/qc-new/resourcequotas', body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { configmaps: '1' } } } });
    assert.equal(created.code, 201);
    // Not yet computed by its controller: refused.
    const unknown = await configMap('qc-new', 'a');
    assert.equal(unknown.code, 403);
    assert.match(unknown.json().message, /status unknown for quota: q, resources: configmaps/);
    await setStatus('qc-new', 'q', { configmaps: '0' });
    assert.equal((await configMap('qc-new', 'a')).code, 201);
    assert.equal((await request(s, { path: quotaPath('qc-new', 'q') })).json().status.used.configmaps, '1');
    const over = await configMap('qc-new', 'b');
    assert.equal(over.code, 403);
    assert.match(over.json().message, /exceeded quota: q, requested: configmaps=1, used: configmaps=1, limited: configmaps=1/);
    // Usage given back (as the controller does after a delete) is seen at once.
    await setStatus('qc-new', 'q', { configmaps: '0' });
    assert.equal((await configMap('qc-new', 'b')).code, 201);
    // A deleted quota no longer applies.
    assert.equal((await request(s, { method: 'DELETE', path: quotaPath('qc-new', 'q') })).code, 200);
    assert.equal((await configMap('qc-new', 'c')).code, 201);
    assert.equal((await configMap('qc-new', 'd')).code, 201);
  });

  it('admits exactly as many concurrent creates as the quota allows', async () => {
    await ns('qc-race');
    await request(s, { method: 'POST', path: '/api/v1/namespaces/qc-race/resourcequotas', body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { configmaps: '3' } } } });
    await setStatus('qc-race', 'q', { configmaps: '0' });
    const codes = (await Promise.all(Array.from({ length: 12 }, (_, i) => configMap('qc-race', `cm-${i}`)))).map((r) => r.code);
    assert.equal(codes.filter((c) => c === 201).length, 3, String(codes));
    assert.equal(codes.filter((c) => c === 403).length, 9, String(codes));
    assert.equal((await request(s, { path: quotaPath('qc-race', 'q') })).json().status.used.configmaps, '3');
  });
});
