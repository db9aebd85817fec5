// List and watch options checked as Kubernetes 1.33 checks them (its WatchList feature off):
// 422 Invalid on ListOptions.meta.k8s.io with every problem as a cause. A watch asking for its
// initial state as events (sendInitialEvents, what client-go 1.35 reflectors try first, as in
// Helm 4) is refused, so that the client falls back to a list and a watch. A list at a
// resourceVersion the store has not reached waits up to 3 s, then answers 504 Too large.
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

const CMS = '/api/v1/namespaces/default/configmaps';

async function invalid(query: string): Promise<{ message: string; causes: Array<{ reason: string; message: string; field: string }> }> {
  const r = await request(s, { path: `${CMS}?${query}` });
  assert.equal(r.code, 422, `${query}: ${r.body}`);
  const st = r.json();
  assert.equal(st.kind, 'Status');
  assert.equal(st.reason, 'Invalid');
  assert.deepEqual(Object.keys(st.details).sort(), ['causes', 'group', 'kind']);
  assert.equal(st.details.group, 'meta.k8s.io');
  assert.equal(st.details.kind, 'ListOptions');
  return { message: st.message, causes: st.details.causes };
}

describe('list and watch options', () => {
  it('a watch with sendInitialEvents is refused as by 1.33 with WatchList off', async () => {
    const r = await invalid('watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true');
    assert.equal(r.message, 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled');
    assert.deepEqual(r.causes, [{ reason: 'FieldValueForbidden', message: 'Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled', field: 'sendInitialEvents' }]);
    // false counts as given too; without NotOlderThan both problems are listed.
    const both = await invalid('watch=1&sendInitialEvents=false');
    assert.equal(
      both.message,
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled]',
    );
    assert.deepEqual(both.causes.map((c) => c.field), ['resourceVersionMatch', 'sendInitialEvents']);
  });

  it('resourceVersionMatch on a watch needs sendInitialEvents and takes only NotOlderThan', async () => {
    const r = await invalid('watch=true&resourceVersionMatch=Exact&resourceVersion=5');
    assert.equal(
      r.message,
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided, resourceVersionMatch: Unsupported value: "Exact": supported values: "NotOlderThan"]',
    );
    assert.deepEqual(r.causes.map((c) => c.reason), ['FieldValueForbidden', 'FieldValueNotSupported']);
  });

  it('list: resourceVersionMatch needs a resourceVersion and no continue; Exact is not for "0"; no sendInitialEvents', async () => {
    assert.equal((await invalid('resourceVersionMatch=NotOlderThan')).message, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
    assert.equal((await invalid('resourceVersionMatch=Exact&resourceVersion=0')).message, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    assert.equal(
      (await invalid('resourceVersionMatch=Newest&resourceVersion=1')).message,
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""',
    );
    assert.equal((await invalid('resourceVersionMatch=NotOlderThan&resourceVersion=1&continue=abc')).message, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided');
    assert.equal((await invalid('sendInitialEvents=true')).message, 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list');
    const bad = await request(s, { path: `${CMS}?watch=true&sendInitialEvents=maybe&resourceVersionMatch=NotOlderThan` });
    assert.equal(bad.code, 400);
  });

  it('a list at a resourceVersion the store has not reached waits for it, then answers 504 as upstream', async () => {
    const rv = Number((await request(s, { path: CMS })).json().metadata.resourceVersion);
    const tooLarge = rv + 1_000_000;
    const r = await request(s, { path: `${CMS}?resourceVersion=${tooLarge}&resourceVersionMatch=NotOlderThan` });
    assert.equal(r.code, 504);
    const st = r.json();
    assert.equal(st.reason, 'Timeout');
    assert.match(st.message, new RegExp(`^Timeout: Too large resource version: ${tooLarge}, current: \\d+$`));
    assert.deepEqual(st.details, { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 });
    // A revision reached during the wait is served: a write lands while the list waits.
    const now = Number((await request(s, { path: CMS })).json().metadata.resourceVersion);
    const pending = request(s, { path: `${CMS}?resourceVersion=${now + 1}` });
    await new Promise((res) => setTimeout(res, 200));
    assert.equal((await request(s, { method: 'POST', path: CMS, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later' } } })).code, 201);
    const served = await pending;
    assert.equal(served.code, 200);
    assert.ok(Number(served.json().metadata.resourceVersion) >= now + 1);
    assert.ok(served.json().items.some((i: any) => i.metadata.name === 'later'));
  });

  it('valid combinations still list and watch', async () => {
    const list = await request(s, { path: `${CMS}?resourceVersionMatch=NotOlderThan&resourceVersion=1` });
    assert.equal(list.code, 200);
    const rv = list.json().metadata.resourceVersion;
    assert.equal((await request(s, { path: `${CMS}?resourceVersionMatch=Exact&resourceVersion=${rv}` })).code, 200);
    const w = await request(s, { path: `${CMS}?watch=true&resourceVersion=${rv}&timeoutSeconds=1` });
    assert.equal(w.code, 200);
  });
});
