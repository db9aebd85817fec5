// `k8ts scheduler` and the scheduler inside `k8ts server`, as a user runs them: flag errors exit 2,
// pods get bound through the API, the lease names the holder, SIGTERM stops cleanly, and
// `k8ts server --disable-scheduler` leaves pods pending.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Node, Pod } from '../../src/api/types/core-v1.js';
import type { Lease } from '../../src/api/types/coordination-v1.js';
import { clientFromKubeconfig, isNotFound, LEASES, NODES, PODS, type Client } from '../../src/client/index.js';
import { waitFor } from '../support/cluster.js';
import { freePort, K8TS_BIN as BIN, k8tsProcesses } from '../support/k8ts-process.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const processes = k8tsProcesses();
const start = processes.start;
const dirs: string[] = [];
after(() => {
  processes.killAll();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const run = (args: string[], env: Record<string, string | undefined> = {}) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: undefined, ...env }, timeout: 20_000 });

const node = (name: string): Node => {
  const allocatable = { cpu: '4', memory: '8Gi', pods: '110' };
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, status: { allocatable, capacity: allocatable } };
};
const pod = (name: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'pause' }] } });

describe('k8ts scheduler flags', () => {
  it('exits 2 on bad flags', () => {
    for (const args of [
      ['scheduler', '--kubeconfig', '/nonexistent', '--leader-elect=maybe'],
      ['scheduler', '--kubeconfig', '/nonexistent', '--no-such-flag'],
      ['scheduler', '--kubeconfig', '/nonexistent', '--leader-elect-lease-duration', 'soon'],
      ['scheduler', '--kubeconfig', '/nonexistent', '--percentage-of-nodes-to-score', '101'],
      ['scheduler'],
      ['scheduler', '--kubeconfig', '/nonexistent'],
    ]) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /error/);
    }
    const lease = run(['scheduler', '--kubeconfig', '/nonexistent', '--leader-elect-lease-duration', '5s', '--leader-elect-renew-deadline', '10s']);
    assert.equal(lease.status, 2);
    assert.match(lease.stderr, /lease-duration must be greater/);
  });
});

describe('k8ts scheduler', () => {
  let s: TestServer;
  let client: Client;
  before(async () => {
    s = await startTestServer();
    client = clientFromKubeconfig(s.kubeconfig);
  });
  after(async () => {
    client?.close();
    await s?.close();
  });

  it('binds pods through the API server, holds the kube-scheduler lease, and stops on SIGTERM', async () => {
    await client.resource(NODES).create(node('n1'));
    const p = start(['scheduler', '--kubeconfig', s.kubeconfig, '--leader-elect-lease-duration', '4s', '--leader-elect-renew-deadline', '3s', '--leader-elect-retry-period', '500ms']);
    await client.resource(PODS).create(pod('p1'));
    assert.equal(await waitFor('p1 bound', async () => (await client.resource(PODS, 'default').get('p1')).spec?.nodeName), 'n1');
    const lease = await client.resource<Lease>(LEASES, 'kube-system').get('kube-scheduler');
    assert.match(lease.spec?.holderIdentity ?? '', /_/);
    p.child.kill('SIGTERM');
    assert.equal(await p.exit, 0, p.out());
    const released = await client.resource<Lease>(LEASES, 'kube-system').get('kube-scheduler');
    assert.equal(released.spec?.holderIdentity ?? '', '', 'the lease is released on a clean stop');
  });

  it('runs without leader election when asked', async () => {
    const p = start(['scheduler', '--kubeconfig', s.kubeconfig, '--leader-elect=false']);
    await client.resource(PODS).create(pod('p2'));
    assert.equal(await waitFor('p2 bound', async () => (await client.resource(PODS, 'default').get('p2')).spec?.nodeName), 'n1');
    p.child.kill('SIGINT');
    assert.equal(await p.exit, 0, p.out());
  });
});

describe('k8ts server and its scheduler', () => {
  async function server(extra: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-sched-cli-'));
    dirs.push(dir);
    const kubeconfig = join(dir, 'kc.yaml');
    const p = start(['server', '--data-dir', dir, '--https-listen-port', String(await freePort()), '--write-kubeconfig', kubeconfig, ...extra]);
    await waitFor('the server', async () => p.out().includes('k8ts server ready'));
    return { ...p, kubeconfig, client: clientFromKubeconfig(kubeconfig) };
  }

  it('a standalone scheduler whose API server goes away retries until its lease is lost, then exits 1 (as kube-scheduler)', async () => {
    const api = await server(['--disable-scheduler', '--disable-controllers']);
    api.client.close();
    const sched = start(['scheduler', '--kubeconfig', api.kubeconfig, '--leader-elect-lease-duration', '3s', '--leader-elect-renew-deadline', '2s', '--leader-elect-retry-period', '250ms']);
    await waitFor('the scheduler leading', async () => sched.out().includes('scheduler: started leading'));
    api.child.kill('SIGKILL');
    await api.exit;
    // Its connections are gone and only back-off timers remain: it must neither end at once
    // (Node's exit code 13, a run left pending) nor hang, but give up the lease after the renew deadline.
    const code = await Promise.race([sched.exit, new Promise((r) => setTimeout(() => r('still running'), 15_000))]);
    assert.equal(code, 1, sched.out());
    assert.match(sched.out(), /"msg":"leaderelection lost"/);
    assert.match(sched.out(), /scheduler: stopped leading/);
  });

  it('schedules by default, and not with --disable-scheduler', async () => {
    const on = await server([]);
    try {
      await on.client.resource(NODES).create(node('n'));
      await on.client.resource(PODS).create(pod('p'));
      assert.equal(await waitFor('p bound', async () => (await on.client.resource(PODS, 'default').get('p')).spec?.nodeName), 'n');
    } finally {
      on.child.kill('SIGTERM');
      assert.equal(await on.exit, 0, on.out());
      on.client.close();
    }
    const off = await server(['--disable-scheduler']);
    try {
      await off.client.resource(NODES).create(node('n'));
      await off.client.resource(PODS).create(pod('p'));
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal((await off.client.resource(PODS, 'default').get('p')).spec?.nodeName, undefined);
      await assert.rejects(off.client.resource<Lease>(LEASES, 'kube-system').get('kube-scheduler'), (e) => isNotFound(e));
    } finally {
      off.child.kill('SIGTERM');
      assert.equal(await off.exit, 0, off.out());
      off.client.close();
    }
  });
});
