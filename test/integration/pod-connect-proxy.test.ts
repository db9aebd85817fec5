// The API server's side of exec, attach and port-forward: it checks the request, finds the
// pod's node and relays the upgrade to the node's kubelet endpoint byte for byte, for both
// transports (kubectl 1.33 speaks WebSocket, 1.27 SPDY/3.1), and answers upstream's errors
// itself. The simulated nodes' handlers behind it are tested in their own files.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NODES, PODS } from '../../src/client/index.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';

const NS = 'connect';

type Obj = Record<string, any>;

const pod = (name: string, containers: string[], extra: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS },
  spec: { containers: containers.map((c) => ({ name: c, image: 'busybox' })), ...extra },
});

describe('exec, attach and port-forward relayed by the API server', () => {
  let c: TestCluster;
  let execDir: string;
  const k = (args: string[], version = '1.33') => c.s.kubectl(['-n', NS, ...args], { version });

  /** A raw upgrade request to the API server: resolves with the status line and headers it answered. */
  const upgrade = (path: string, headers: Record<string, string>) =>
    new Promise<{ code: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = https.request(`${c.s.url}${path}`, { method: 'POST', ca: c.s.ca, cert: c.s.adminCert, key: c.s.adminKey, headers: { Connection: 'Upgrade', ...headers } });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve({ code: res.statusCode ?? 0, headers: res.headers, body: '' });
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });

  before(async () => {
    execDir = mkdtempSync(join(tmpdir(), 'k8ts-exec-'));
    c = await startTestCluster({ nodes: 1, startDelayMs: 100, kubeletEndpoint: true, simNodes: { execDir } });
    await c.namespace(NS);
    const pods = c.client.resource(PODS, NS);
    await pods.create(pod('one', ['main']));
    await pods.create(pod('two', ['a', 'b'], { initContainers: [{ name: 'init', image: 'x' }] }));
    await pods.create(pod('pending', ['main'], { nodeSelector: { nowhere: 'true' } }));
    await c.client.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'gone-node' } });
    await c.client.resource(NODES).patch('gone-node', { status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: 1 } } } }, 'merge', { subresource: 'status' });
    await pods.create(pod('orphan', ['main'], { nodeName: 'gone-node' }));
    await waitFor('one running', async () => (await pods.get('one')).status?.phase === 'Running');
  });

  after(async () => {
    await c?.close();
    rmSync(execDir, { recursive: true, force: true });
  });

  for (const v of ['1.33', '1.27']) {
    it(`kubectl ${v} exec goes through the relay (${v === '1.33' ? 'WebSocket' : 'SPDY/3.1'})`, async () => {
      assert.deepEqual(await k(['exec', 'one', '--', 'echo', 'relayed'], v), { code: 0, stdout: 'relayed\n', stderr: '' });
      const failed = await k(['exec', 'one', '--', 'sh', '-c', 'exit 4'], v);
      assert.equal(failed.code, 4);
      assert.match(failed.stderr, /command terminated with exit code 4/);
    });

    it(`kubectl ${v}: upstream's errors before any upgrade`, async () => {
      const pending = await k(['exec', 'pending', '--', 'true'], v);
      assert.equal(pending.code, 1);
      assert.match(pending.stderr, /pod pending does not have a host assigned/);
      const unreachable = await k(['exec', 'orphan', '--', 'true'], v);
      assert.equal(unreachable.code, 1);
      assert.match(unreachable.stderr, /error dialing backend: dial tcp 127\.0\.0\.1:1: connect: connection refused/);
    });
  }

  it('the kubelet answer is relayed as it is: 101 with the negotiated protocol, or its error', async () => {
    const ok = await upgrade(`/api/v1/namespaces/${NS}/pods/one/exec?command=true&stdout=true`, { Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' });
    assert.equal(ok.code, 101);
    assert.equal(ok.headers['x-stream-protocol-version'], 'v4.channel.k8s.io');
    assert.equal(String(ok.headers.upgrade).toLowerCase(), 'spdy/3.1');
    const noStreams = await upgrade(`/api/v1/namespaces/${NS}/pods/one/exec?command=true&stdout=false&stderr=false`, { Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' });
    assert.deepEqual([noStreams.code, noStreams.body], [400, 'you must specify at least 1 of stdin, stdout, stderr\n']);
  });

  it('checks the container as upstream does', async () => {
    const multi = await upgrade(`/api/v1/namespaces/${NS}/pods/two/exec?command=true`, { Upgrade: 'SPDY/3.1' });
    assert.equal(multi.code, 400);
    assert.equal(JSON.parse(multi.body).message, 'a container name must be specified for pod two, choose one of: [init a b]');
    const unknown = await upgrade(`/api/v1/namespaces/${NS}/pods/two/attach?container=zz&stdout=true`, { Upgrade: 'SPDY/3.1' });
    assert.deepEqual([unknown.code, JSON.parse(unknown.body).message], [400, 'container zz is not valid for pod two']);
    const missing = await upgrade(`/api/v1/namespaces/${NS}/pods/nosuch/portforward`, { Upgrade: 'SPDY/3.1' });
    assert.deepEqual([missing.code, JSON.parse(missing.body).message], [404, 'pods "nosuch" not found']);
  });

  it('nodes/NAME/proxy/PATH reaches the kubelet at /PATH', async () => {
    assert.deepEqual(await c.s.kubectl(['get', '--raw', '/api/v1/nodes/sim-node-0/proxy/healthz']), { code: 0, stdout: 'ok\n', stderr: '' });
    const logs = await c.s.kubectl(['get', '--raw', `/api/v1/nodes/sim-node-0/proxy/containerLogs/${NS}/nosuch/main`]);
    assert.equal(logs.code, 1);
    assert.match(logs.stderr, /Error from server \(NotFound\)/);
  });

  it('metrics report the relayed requests as CONNECT, and the audit log records them with code 101', async () => {
    await k(['exec', 'one', '--', 'true']);
    const metrics = await c.s.kubectl(['get', '--raw', '/metrics']);
    assert.match(metrics.stdout, /apiserver_request_total\{[^}]*verb="CONNECT"[^}]*subresource="exec"[^}]*code="101"[^}]*\} \d+/);
    await waitFor('audit line', () => {
      const lines = readFileSync(join(c.s.dir, 'audit.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Obj);
      return lines.some((l) => l.subresource === 'exec' && l.code === 101);
    });
  });
});
