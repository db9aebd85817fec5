// FlowSchema and PriorityLevelConfiguration (flowcontrol.apiserver.k8s.io/v1) are served, the
// bootstrap configuration is stored at start, and kubectl prints upstream's columns.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;

/** Waits until the server has set every stored FlowSchema's Dangling condition. */
async function statusesSet(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const list = (await request(s, { path: '/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas' })).json();
    if (list.items.every((f: any) => f.status?.conditions?.some((c: any) => c.type === 'Dangling'))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('Dangling conditions not set');
}

before(async () => {
  s = await startTestServer();
  await statusesSet();
});
after(async () => {
  await s?.close();
});

for (const version of ['1.33', '1.27']) {
  it(`kubectl ${version} gets flowschemas and prioritylevelconfigurations with upstream's columns`, async () => {
    const fs = await s.kubectl(['get', 'flowschemas'], { version });
    assert.equal(fs.code, 0, fs.stderr);
    const fsLines = fs.stdout.trim().split('\n');
    assert.match(fsLines[0]!, /^NAME\s+PRIORITYLEVEL\s+MATCHINGPRECEDENCE\s+DISTINGUISHERMETHOD\s+AGE\s+MISSINGPL$/);
    assert.match(fs.stdout, /\nexempt\s+exempt\s+1\s+\*\s+\S+\s+False\n/);
    assert.match(fs.stdout, /\nglobal-default\s+global-default\s+9900\s+ByUser\s/);
    assert.match(fs.stdout, /\nkube-scheduler\s+workload-high\s+800\s+ByNamespace\s/);
    assert.equal(fsLines.length - 1, 13);
    const pl = await s.kubectl(['get', 'prioritylevelconfigurations'], { version });
    assert.equal(pl.code, 0, pl.stderr);
    assert.match(pl.stdout, /^NAME\s+TYPE\s+NOMINALCONCURRENCYSHARES\s+QUEUES\s+HANDSIZE\s+QUEUELENGTHLIMIT\s+AGE\n/);
    assert.match(pl.stdout, /\nexempt\s+Exempt\s+<none>\s+<none>\s+<none>\s+<none>\s/);
    assert.match(pl.stdout, /\ncatch-all\s+Limited\s+5\s+<none>\s+<none>\s+<none>\s/);
    assert.match(pl.stdout, /\nworkload-low\s+Limited\s+100\s+128\s+6\s+50\s/);
    assert.equal(pl.stdout.trim().split('\n').length - 1, 8);
  });
}

it('stores the bootstrap objects as v1 objects', async () => {
  const r = await s.kubectl(['get', 'flowschema', 'service-accounts', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.equal(o.apiVersion, 'flowcontrol.apiserver.k8s.io/v1');
  assert.equal(o.metadata.annotations['apf.kubernetes.io/autoupdate-spec'], 'true');
  assert.deepEqual(o.spec.priorityLevelConfiguration, { name: 'workload-low' });
  assert.deepEqual(o.spec.rules[0].subjects, [{ kind: 'Group', group: { name: 'system:serviceaccounts' } }]);
});

it('marks a FlowSchema whose priority level does not exist as Dangling (MISSINGPL True)', async () => {
  const created = await s.kubectl(['create', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema', metadata: { name: 'orphan' }, spec: { priorityLevelConfiguration: { name: 'nowhere' }, matchingPrecedence: 5000, rules: [] } }),
  });
  assert.equal(created.code, 0, created.stderr);
  await statusesSet();
  const r = await s.kubectl(['get', 'flowschema', 'orphan']);
  assert.match(r.stdout, /\norphan\s+nowhere\s+5000\s+\*\s+\S+\s+True\n/);
  const o = JSON.parse((await s.kubectl(['get', 'flowschema', 'orphan', '-o', 'json'])).stdout);
  assert.equal(o.status.conditions[0].reason, 'NotFound');
});
