// DeleteOptions bodies are type-checked like any other body: a field of the wrong type is a 400
// with the decoding message, never a 500, and nothing is deleted.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
const CM = '/api/v1/namespaces/default/configmaps';

before(async () => {
  s = await startTestServer();
  const r = await request(s, { method: 'POST', path: CM, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' } } });
  assert.equal(r.code, 201);
});

after(async () => {
  await s?.close();
});

it('a DeleteOptions field of the wrong type is a 400 and deletes nothing', async () => {
  for (const body of [{ dryRun: 'All' }, { dryRun: [1] }, { gracePeriodSeconds: 'soon' }, { preconditions: 'x' }, { propagationPolicy: 7 }]) {
    const r = await request(s, { method: 'DELETE', path: `${CM}/keep`, body });
    assert.equal(r.code, 400, `${JSON.stringify(body)}: ${r.body.toString()}`);
    const st = r.json();
    assert.equal(st.reason, 'BadRequest');
    assert.match(st.message, /^DeleteOptions in version "v1" cannot be handled as a DeleteOptions: /);
  }
  assert.equal((await request(s, { path: `${CM}/keep` })).code, 200);
  const ok = await request(s, { method: 'DELETE', path: `${CM}/keep`, body: { apiVersion: 'v1', kind: 'DeleteOptions', dryRun: ['All'] } });
  assert.equal(ok.code, 200, ok.body.toString());
  assert.equal((await request(s, { path: `${CM}/keep` })).code, 200, 'dry run deletes nothing');
});
