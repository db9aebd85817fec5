// Concurrent writes to one object: patches carry no precondition and are applied to the latest
// object (every one succeeds), while an update or patch that names a stale resourceVersion is a
// 409 Conflict, as upstream's GuaranteedUpdate.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

const path = '/api/v1/namespaces/default/configmaps/race';
const merge = { 'content-type': 'application/merge-patch+json' };

describe('concurrent writes', () => {
  it('applies every one of many simultaneous merge patches', async () => {
    await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'race' } } });
    const n = 10;
    const res = await Promise.all(
      Array.from({ length: n }, (_, i) => request(s, { method: 'PATCH', path, headers: merge, body: { metadata: { labels: { [`k${i}`]: 'v' } } } })),
    );
    assert.deepEqual(res.map((r) => r.code), Array(n).fill(200));
    const cm = (await request(s, { path })).json();
    assert.equal(Object.keys(cm.metadata.labels).length, n);
  });

  it('refuses writes that name a resourceVersion that is no longer current', async () => {
    const cm = (await request(s, { path })).json();
    await request(s, { method: 'PATCH', path, headers: merge, body: { data: { a: '1' } } });
    const put = await request(s, { method: 'PUT', path, body: { ...cm, data: { b: '2' } } });
    assert.equal(put.code, 409);
    assert.equal(put.json().reason, 'Conflict');
    const patch = await request(s, { method: 'PATCH', path, headers: merge, body: { metadata: { resourceVersion: cm.metadata.resourceVersion }, data: { c: '3' } } });
    assert.equal(patch.code, 409);
    const fresh = (await request(s, { path })).json();
    const ok = await request(s, { method: 'PATCH', path, headers: merge, body: { metadata: { resourceVersion: fresh.metadata.resourceVersion }, data: { c: '3' } } });
    assert.equal(ok.code, 200);
  });
});
