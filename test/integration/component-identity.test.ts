// The in-process components of `k8ts server` identify themselves as upstream's do: their writes
// are recorded in managedFields under kube-controller-manager and kubelet (the User-Agent prefix
// the API server names a field manager after), and kubectl's under its own command name.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { componentUserAgent } from '../../src/cmd/user-agent.js';
import { runKubectl, kubectlPath } from '../support/test-server.js';

const BIN = new URL('../../../bin/k8ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'k8ts-identity-'));
const kubeconfig = join(dir, 'kubeconfig.yaml');
let child: ChildProcess;

const freePort = () =>
  new Promise<number>((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => r(p));
    });
  });

const kubectl = (args: string[]) => runKubectl(kubectlPath('1.33'), ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args]);

type Managed = { manager: string; operation: string; subresource?: string };
const managers = (o: { metadata: { managedFields?: Managed[] } }) =>
  [...new Set((o.metadata.managedFields ?? []).map((m) => `${m.manager} ${m.operation}${m.subresource ? ` ${m.subresource}` : ''}`))].sort();

before(async () => {
  const port = await freePort();
  child = spawn(process.execPath, [BIN, 'server', '--data-dir', dir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig, '--sim-nodes', '1'], { stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  while ((await kubectl(['get', '--raw', '/readyz'])).stdout.trim() !== 'ok') {
    if (Date.now() > deadline) throw new Error('server not ready');
    await new Promise((r) => setTimeout(r, 200));
  }
});

after(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
  rmSync(dir, { recursive: true, force: true });
});

it('user agents are shaped like upstream components', () => {
  assert.match(componentUserAgent('kube-scheduler'), /^kube-scheduler\/v1\.33\.0 \([a-z]+\/[a-z0-9]+\) k8ts$/);
});

it('writes of the controller manager, the node agent and kubectl carry their manager names', async () => {
  const created = await kubectl(['create', 'deployment', 'web', '--image=nginx']);
  assert.equal(created.code, 0, created.stderr);
  const deadline = Date.now() + 60_000;
  let pod: any;
  while (!pod) {
    const r = await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'json', '--show-managed-fields']);
    pod = JSON.parse(r.stdout || '{"items":[]}').items.find((p: any) => p.status?.phase === 'Running');
    if (!pod && Date.now() > deadline) assert.fail('no running pod');
    if (!pod) await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(managers(pod), ['kube-controller-manager Update', 'kubelet Update status']);
  const deploy = JSON.parse((await kubectl(['get', 'deployment', 'web', '-o', 'json', '--show-managed-fields'])).stdout);
  assert.ok(managers(deploy).includes('kubectl-create Update'), managers(deploy).join(', '));
  assert.ok(managers(deploy).includes('kube-controller-manager Update status'), managers(deploy).join(', '));
  const node = JSON.parse((await kubectl(['get', 'node', 'sim-node-0', '-o', 'json', '--show-managed-fields'])).stdout);
  assert.ok(managers(node).every((m) => m.startsWith('kubelet ')), managers(node).join(', '));
});

it('in-process components authenticate with their own certificates (DATA_DIR/cred/*.kubeconfig), not as system:masters', async () => {
  const whoami = async (name: string) => {
    const r = await runKubectl(kubectlPath('1.33'), ['--kubeconfig', join(dir, 'cred', `${name}.kubeconfig`), '--cache-dir', join(dir, 'cache'), 'auth', 'whoami', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout).status.userInfo;
  };
  assert.deepEqual(await whoami('scheduler'), { username: 'system:kube-scheduler', groups: ['system:authenticated'] });
  assert.deepEqual(await whoami('controller-manager'), { username: 'system:kube-controller-manager', groups: ['system:authenticated'] });
  assert.deepEqual(await whoami('sim-nodes'), { username: 'system:node:sim-nodes', groups: ['system:nodes', 'system:authenticated'] });
  // The audit log shows the components' requests under those names.
  const users = new Set(readFileSync(join(dir, 'logs', 'audit.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).user?.username ?? JSON.parse(l).user));
  for (const u of ['system:kube-scheduler', 'system:kube-controller-manager', 'system:node:sim-nodes']) assert.ok(users.has(u), [...users].join(', '));
});
