// `kubectl logs` (1.33 and 1.27) and @kubernetes/client-node's Log against simulated nodes
// with their kubelet endpoint: the API server finds the pod's node, proxies to its
// /containerLogs and streams the answer back; the simulated containers print what their pod's
// sim.k8ts.io/log* annotations say.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import https from 'node:https';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { DEPLOYMENTS, NODES, PODS } from '../../src/client/index.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { kubectlPath } from '../support/test-server.js';
import { createClientCert } from '../../src/apiserver/pki/certs.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const NS = 'logs';
const VERSIONS = ['1.33', '1.27'] as const;
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z /;

type Obj = Record<string, any>;

function pod(name: string, annotations: Record<string, string>, containers = ['main'], extra: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels: { app: name }, annotations },
    spec: { containers: containers.map((c) => ({ name: c, image: 'busybox' })), ...extra },
  };
}

describe('kubectl logs through the kubelet endpoint of simulated nodes', () => {
  let c: TestCluster;
  const k = (args: string[], version = '1.33') => c.s.kubectl(['-n', NS, ...args], { version });
  const phase = async (name: string) => (await c.client.resource(PODS, NS).get(name)).status?.phase;
  const restarts = async (name: string) => (await c.client.resource(PODS, NS).get(name)).status?.containerStatuses?.[0]?.restartCount ?? 0;

  before(async () => {
    c = await startTestCluster({ nodes: 2, startDelayMs: 100, kubeletEndpoint: true, simNodes: { crashBackoffMs: 400 } });
    await c.namespace(NS);
    const pods = c.client.resource(PODS, NS);
    await pods.create(pod('hello', { 'sim.k8ts.io/log': 'hello from main\nsecond line\nthird line' }));
    await pods.create(pod('web', { 'sim.k8ts.io/log': 'shared start', 'sim.k8ts.io/log.side': 'side start' }, ['main', 'side']));
    await pods.create(pod('ticker', { 'sim.k8ts.io/log': 'ticker start', 'sim.k8ts.io/log-every-ms': '100', 'sim.k8ts.io/log-line': 'tick {n} of {pod}' }));
    await pods.create(pod('crasher', { 'sim.k8ts.io/log': 'crasher start', 'sim.k8ts.io/crash': '3' }));
    await pods.create(pod('slow', { 'sim.k8ts.io/start-delay-ms': '600000' }));
    await pods.create(pod('unscheduled', {}, ['main'], { nodeSelector: { nowhere: 'true' } }));
    await c.client.resource(DEPLOYMENTS, NS).create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: NS },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' }, annotations: { 'sim.k8ts.io/log': 'api serving' } }, spec: { containers: [{ name: 'api', image: 'x' }] } },
      },
    });
    for (const name of ['hello', 'web', 'ticker']) await waitFor(`${name} running`, async () => (await phase(name)) === 'Running');
    await waitFor('api pod running', async () => (await c.client.resource(PODS, NS).list({ labelSelector: 'app=api' })).items.some((p) => p.status?.phase === 'Running'));
  });

  after(async () => {
    await c?.close();
  });

  for (const v of VERSIONS) {
    it(`kubectl ${v}: logs POD, -c, --tail, --timestamps, --since, --since-time`, async () => {
      assert.deepEqual(await k(['logs', 'hello'], v), { code: 0, stdout: 'hello from main\nsecond line\nthird line\n', stderr: '' });
      assert.equal((await k(['logs', 'pod/hello', '--tail=2'], v)).stdout, 'second line\nthird line\n');
      assert.equal((await k(['logs', 'hello', '--tail=0'], v)).stdout, '');
      const stamped = (await k(['logs', 'hello', '--timestamps'], v)).stdout.trimEnd().split('\n');
      assert.equal(stamped.length, 3);
      for (const l of stamped) assert.match(l, STAMP);
      assert.equal(stamped[0]!.replace(STAMP, ''), 'hello from main');
      assert.equal((await k(['logs', 'hello', '--since=1h'], v)).stdout, 'hello from main\nsecond line\nthird line\n');
      assert.equal((await k(['logs', 'hello', '--since-time=2099-01-01T00:00:00Z'], v)).stdout, '');
      assert.equal((await k(['logs', 'hello', '--limit-bytes=8'], v)).stdout, 'hello fr');
      assert.equal((await k(['logs', 'web', '-c', 'side'], v)).stdout, 'side start\n');
      assert.equal((await k(['logs', 'web', '--container=main'], v)).stdout, 'shared start\n');
    });

    it(`kubectl ${v}: a pod with several containers, an unknown container, a container still waiting`, async () => {
      const multi = await k(['logs', 'web'], v);
      // kubectl picks the first container itself and says so; the API server would refuse to guess.
      assert.equal(multi.stdout, 'shared start\n');
      assert.match(multi.stderr, /Defaulted container "main" out of: main, side/);
      const raw = await k(['get', '--raw', `/api/v1/namespaces/${NS}/pods/web/log`], v);
      assert.equal(raw.code, 1);
      assert.match(raw.stderr, /Error from server \(BadRequest\): a container name must be specified for pod web, choose one of: \[main side\]/);
      const unknown = await k(['get', '--raw', `/api/v1/namespaces/${NS}/pods/web/log?container=nope`], v);
      assert.match(unknown.stderr, /Error from server \(BadRequest\): container nope is not valid for pod web/);
      const byKubectl = await k(['logs', 'web', '-c', 'nope'], v);
      assert.equal(byKubectl.code, 1);
      assert.match(byKubectl.stderr, /container nope is not valid for pod web/);
      const waiting = await k(['logs', 'slow'], v);
      assert.equal(waiting.code, 1);
      assert.match(waiting.stderr, /Error from server \(BadRequest\): container "main" in pod "slow" is waiting to start: ContainerCreating/);
      // An unscheduled pod has no node to ask: an empty log, as upstream.
      assert.deepEqual(await k(['logs', 'unscheduled'], v), { code: 0, stdout: '', stderr: '' });
    });

    it(`kubectl ${v}: deploy/NAME, --all-containers, -l with --prefix`, async () => {
      assert.equal((await k(['logs', 'deploy/api'], v)).stdout, 'api serving\n');
      // kubectl keeps one request per container in a Go map and reads them in map order, so
      // without -f the containers come in either order (upstream prints them the same way).
      const all = await k(['logs', 'web', '--all-containers', '--prefix'], v);
      assert.deepEqual(all.stdout.trimEnd().split('\n').sort(), ['[pod/web/main] shared start', '[pod/web/side] side start']);
      const sel = await k(['logs', '-l', 'app=hello', '--prefix'], v);
      assert.equal(sel.stdout, '[pod/hello/main] hello from main\n[pod/hello/main] second line\n[pod/hello/main] third line\n');
    });

    it(`kubectl ${v}: -p reads the last terminated run of a restarted container`, async () => {
      await waitFor('crasher restarted twice', async () => (await restarts('crasher')) >= 2);
      const prev = await k(['logs', 'crasher', '-p', '--timestamps'], v);
      assert.equal(prev.code, 0, prev.stderr);
      assert.match(prev.stdout, /^\S+ crasher start\n$/);
      const none = await k(['logs', 'hello', '-p'], v);
      assert.equal(none.code, 1);
      assert.match(none.stderr, /Error from server \(BadRequest\): previous terminated container "main" in pod "hello" not found/);
    });

    it(`kubectl ${v}: -f streams new lines as the container prints them, until the client stops`, async () => {
      const child = spawn(kubectlPath(v), ['--kubeconfig', c.s.kubeconfig, '-n', NS, 'logs', '-f', 'ticker', '--tail=1'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor('three streamed ticks', () => out.split('\n').filter((l) => l.startsWith('tick ')).length >= 3, 15_000);
      const ticks = out.trimEnd().split('\n').map((l) => Number(/^tick (\d+) of ticker$/.exec(l)?.[1]));
      for (let i = 1; i < ticks.length; i++) assert.equal(ticks[i], ticks[i - 1]! + 1, out);
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    });
  }

  it('-f ends when the container ends', async () => {
    await c.client.resource(PODS, NS).create(
      pod('job-like', { 'sim.k8ts.io/log': 'working', 'sim.k8ts.io/log-every-ms': '200', 'sim.k8ts.io/run-time-ms': '1500' }, ['main'], { restartPolicy: 'Never' }),
    );
    await waitFor('job-like running', async () => (await phase('job-like')) === 'Running');
    const r = await k(['logs', '-f', 'job-like']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'working');
    assert.deepEqual(lines.slice(1), Array.from({ length: lines.length - 1 }, (_, i) => `main line ${i + 1}`));
    // Status times are whole seconds, so the run's simulated length is 1.5 s give or take one.
    assert.ok(lines.length >= 3, r.stdout);
    assert.equal(await phase('job-like'), 'Succeeded');
  });

  it('bad log options are 422 PodLogOptions, as upstream', async () => {
    const r = await k(['get', '--raw', `/api/v1/namespaces/${NS}/pods/hello/log?tailLines=-1&limitBytes=0`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The PodLogOptions "hello" is invalid: \n\* tailLines: Invalid value: -1: must be greater than or equal to 0\n\* limitBytes: Invalid value: 0: must be greater than 0\n/);
    const both = await k(['get', '--raw', `/api/v1/namespaces/${NS}/pods/hello/log?sinceSeconds=5&sinceTime=2020-01-01T00:00:00Z`]);
    assert.match(both.stderr, /at most one of `sinceTime` or `sinceSeconds` may be specified/);
  });

  it('an unreachable kubelet is a 500 naming the dial error, as upstream', async () => {
    await c.client.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'gone-node' } });
    await c.client.resource(NODES).patch('gone-node', { status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: 1 } } } }, 'merge', { subresource: 'status' });
    await c.client.resource(PODS, NS).create(pod('orphan', {}, ['main'], { nodeName: 'gone-node' }));
    const r = await k(['logs', 'orphan']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), `Error from server: Get "https://127.0.0.1:1/containerLogs/${NS}/orphan/main": dial tcp 127.0.0.1:1: connect: connection refused`);
  });

  it("the kubelet endpoint refuses callers without a client certificate of the cluster's CA", async () => {
    const port = c.sim.kubeletPort!;
    const get = (opts: https.RequestOptions) =>
      new Promise<{ code: number; body: string }>((resolve, reject) => {
        const req = https.get({ host: '127.0.0.1', port, path: `/containerLogs/${NS}/hello/main`, rejectUnauthorized: false, ...opts }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
      });
    assert.deepEqual(await get({}), { code: 401, body: 'Unauthorized\n' });
    assert.deepEqual(await get({ cert: c.s.adminCert, key: c.s.adminKey }), { code: 200, body: 'hello from main\nsecond line\nthird line\n' });
    assert.equal((await get({ cert: c.s.adminCert, key: c.s.adminKey, path: `/containerLogs/${NS}/nosuch/main` })).body, 'pod "nosuch" does not exist\n');
    assert.equal((await get({ cert: c.s.adminCert, key: c.s.adminKey, path: `/containerLogs/${NS}/hello/other` })).body, 'container "other" not found in pod "hello"\n');
    // Signed by the cluster CA but neither the API server's kubelet client nor system:masters.
    const ca = { certPem: c.s.ca, keyPem: readFileSync(join(c.s.dir, 'tls', 'ca.key'), 'utf8') };
    const jane = await createClientCert(ca, { user: 'jane', groups: ['devs'] });
    assert.deepEqual(await get({ cert: jane.certPem, key: jane.keyPem }), { code: 403, body: 'Forbidden (user=jane, verb=get, resource=nodes, subresource=proxy)\n' });
  });

  it('@kubernetes/client-node Log reads and follows logs', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(c.s.kubeconfig);
    const log = new k8s.Log(kc);
    const read = async (pod: string, container: string, opts: k8s.LogOptions) => {
      const sink = new PassThrough();
      let text = '';
      sink.on('data', (d: Buffer) => (text += d.toString()));
      const ended = new Promise((r) => sink.once('end', r));
      await log.log(NS, pod, container, sink, opts);
      await ended;
      return text;
    };
    assert.equal(await read('hello', 'main', {}), 'hello from main\nsecond line\nthird line\n');
    assert.equal(await read('hello', 'main', { tailLines: 1 }), 'third line\n');
    assert.match(await read('hello', 'main', { timestamps: true, tailLines: 1 }), /^\S+Z third line\n$/);
    // follow: lines keep coming until the request is aborted.
    const sink = new PassThrough();
    let text = '';
    sink.on('data', (d: Buffer) => (text += d.toString()));
    const ctl = await log.log(NS, 'ticker', 'main', sink, { follow: true, tailLines: 1 });
    await waitFor('followed ticks', () => text.split('\n').filter((l) => l.startsWith('tick ')).length >= 3, 15_000);
    ctl.abort();
    await assert.rejects(log.log(NS, 'web', 'nope', new PassThrough(), {}), /HTTP-Code: 400/);
  });
});
