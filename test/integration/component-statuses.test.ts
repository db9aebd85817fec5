// v1 ComponentStatus through kubectl 1.33 and 1.27: the deprecation warning, upstream's columns,
// and what k8ts reports: the scheduler and the controller manager by their leader Leases in
// kube-system (a real `k8ts scheduler` process holds one, a stale one is unhealthy, a released
// one has no holder), etcd-0 by the store answering. Get and list only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../support/cluster.js';
import { request } from '../support/http.js';
import { k8tsProcesses } from '../support/k8ts-process.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const WARNING = 'Warning: v1 ComponentStatus is deprecated in v1.19+';
const CS = '/api/v1/componentstatuses';

/** A Lease of a controller manager that stopped renewing a minute ago. */
const staleLease = () => {
  const renewed = new Date(Date.now() - 60_000).toISOString().replace('Z', '000Z');
  return JSON.stringify({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'kube-controller-manager', namespace: 'kube-system' },
    spec: { holderIdentity: 'host-a_1234', leaseDurationSeconds: 15, acquireTime: renewed, renewTime: renewed },
  });
};

/** kubectl's table as rows keyed by column, cut at the header's column starts (cells may be empty). */
function tableRows(out: string): Record<string, string>[] {
  const [header = '', ...lines] = out.split('\n').filter((l) => l.trim() !== '');
  const starts = [...header.matchAll(/\S+/g)].map((m) => ({ name: m[0], at: m.index }));
  return lines.map((l) => Object.fromEntries(starts.map((c, i) => [c.name, l.slice(c.at, starts[i + 1]?.at ?? l.length).trim()])));
}

describe('componentstatuses', () => {
  let s: TestServer;
  const procs = k8tsProcesses();
  before(async () => {
    s = await startTestServer();
  });
  after(async () => {
    procs.killAll();
    await s?.close();
  });

  const rows = async (version: string) => {
    const r = await s.kubectl(['get', 'componentstatuses'], { version });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.trim(), WARNING);
    return tableRows(r.stdout);
  };

  for (const version of ['1.33', '1.27']) {
    it(`kubectl ${version} get componentstatuses: the deprecation warning, NAME STATUS MESSAGE ERROR, no component leases yet`, async () => {
      const out = await s.kubectl(['get', 'cs'], { version });
      assert.equal(out.code, 0, out.stderr);
      assert.equal(out.stderr.trim(), WARNING);
      assert.deepEqual(out.stdout.split('\n')[0]!.split(/\s+/).filter(Boolean), ['NAME', 'STATUS', 'MESSAGE', 'ERROR']);
      const t = await rows(version);
      assert.deepEqual(
        t.map((r) => [r.NAME, r.STATUS, r.MESSAGE]),
        [
          ['scheduler', 'Unhealthy', 'lease kube-system/kube-scheduler not found: no kube-scheduler has run against this cluster'],
          ['controller-manager', 'Unhealthy', 'lease kube-system/kube-controller-manager not found: no kube-controller-manager has run against this cluster'],
          ['etcd-0', 'Healthy', 'ok'],
        ],
      );
    });
  }

  it('a running `k8ts scheduler` makes the scheduler Healthy; a stale controller-manager lease is Unhealthy; a released lease has no holder', async () => {
    const sched = procs.start(['scheduler', '--kubeconfig', s.kubeconfig, '--leader-elect-lease-duration', '4s', '--leader-elect-renew-deadline', '3s', '--leader-elect-retry-period', '500ms']);
    await waitFor('the scheduler leading', async () => sched.out().includes('started leading'));
    const applied = await s.kubectl(['apply', '-f', '-'], { input: staleLease() });
    assert.equal(applied.code, 0, applied.stderr);
    for (const version of ['1.33', '1.27']) {
      const t = await rows(version);
      assert.deepEqual(t[0], { NAME: 'scheduler', STATUS: 'Healthy', MESSAGE: 'ok', ERROR: '' });
      assert.equal(t[1]!.STATUS, 'Unhealthy');
      assert.match(t[1]!.MESSAGE!, /^lease kube-system\/kube-controller-manager held by host-a_1234 was last renewed 6\ds ago, past its 15s lease duration$/);
    }
    sched.child.kill('SIGTERM');
    assert.equal(await sched.exit, 0, sched.out());
    const t = await rows('1.33');
    assert.deepEqual(t[0], { NAME: 'scheduler', STATUS: 'Unhealthy', MESSAGE: 'lease kube-system/kube-scheduler has no holder: the kube-scheduler leader stopped', ERROR: '' });
  });

  it('get by name as upstream answers it (JSON, the warning, unknown names a 500), and upstream\'s object shape', async () => {
    const one = await s.kubectl(['get', 'componentstatus', 'etcd-0', '-o', 'json']);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(one.stderr.trim(), WARNING);
    assert.deepEqual(JSON.parse(one.stdout), {
      kind: 'ComponentStatus',
      apiVersion: 'v1',
      metadata: { name: 'etcd-0', creationTimestamp: null },
      conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }],
    });
    const missing = await s.kubectl(['get', 'cs', 'nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Error from server \(InternalError\): Internal error occurred: Component not found: nope/);
    const raw = await request(s, { path: `${CS}/etcd-0` });
    assert.equal(raw.code, 200);
    assert.match(String(raw.headers.warning), /^299 - "v1 ComponentStatus is deprecated in v1\.19\+"$/);
  });

  it('list: a ComponentStatusList with metadata.name field selectors; no watch, create or delete; in discovery with shortName cs', async () => {
    const list = (await request(s, { path: CS })).json();
    assert.equal(list.kind, 'ComponentStatusList');
    assert.deepEqual(list.metadata, {});
    assert.deepEqual(list.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['scheduler', 'controller-manager', 'etcd-0']);
    const picked = (await request(s, { path: `${CS}?fieldSelector=metadata.name%3Detcd-0` })).json();
    assert.deepEqual(picked.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['etcd-0']);
    assert.equal((await request(s, { path: `${CS}?labelSelector=a%3Db` })).json().items.length, 0);
    for (const r of [{ path: `${CS}?watch=true` }, { method: 'POST', path: CS, body: { kind: 'ComponentStatus', apiVersion: 'v1', metadata: { name: 'x' } } }, { method: 'DELETE', path: `${CS}/etcd-0` }]) {
      const res = await request(s, r);
      assert.equal(res.code, 405, `${r.path}: ${res.body.toString()}`);
    }
    const core = (await request(s, { path: '/api/v1' })).json();
    const cs = core.resources.find((r: { name: string }) => r.name === 'componentstatuses');
    assert.deepEqual(cs, { name: 'componentstatuses', singularName: 'componentstatus', namespaced: false, kind: 'ComponentStatus', verbs: ['get', 'list'], shortNames: ['cs'] });
  });
});
