// `k8ts server` as a user runs it: flags, the kubeconfig, TLS reuse across restarts, token
// auth, metrics, the audit log, and a clean stop on SIGTERM/SIGINT.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { runKubectl, kubectlPath } from '../support/test-server.js';

const BIN = new URL('../../../bin/k8ts', import.meta.url).pathname;
const dirs: string[] = [];
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'k8ts-cli-'));
  dirs.push(d);
  return d;
};
const freePort = () =>
  new Promise<number>((r) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => r(p));
    });
  });

function get(port: number, path: string, opts: { ca?: string; token?: string } = {}): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: '127.0.0.1', port, path, agent: false, ca: opts.ca, rejectUnauthorized: !!opts.ca, headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {} },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
  });
}

async function startServer(dataDir: string, extra: string[] = []): Promise<{ child: ChildProcess; port: number; out: () => string; kubeconfig: string }> {
  const port = await freePort();
  const kubeconfig = join(dataDir, 'kc.yaml');
  const child = spawn(process.execPath, [BIN, 'server', '--data-dir', dataDir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig, ...extra]);
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ok = await get(port, '/readyz').then((r) => r.code === 200, () => false);
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, port, out: () => out, kubeconfig };
}

const stop = (c: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  new Promise<number | null>((resolve) => {
    c.once('exit', (code) => resolve(code));
    c.kill(signal);
  });

describe('k8ts server', () => {
  it('rejects unknown flags and bad values with exit code 2 and a clear message', () => {
    const cases: Array<[string[], RegExp]> = [
      [['server', '--bogus'], /unknown option '--bogus'/],
      [['server', '--https-listen-port', 'abc'], /"abc" is not a port number/],
      [['server', '--https-listen-port', '70000'], /"70000" is not a port number/],
      [['server', '--bind-address', 'not-an-ip'], /"not-an-ip" is not an IP address/],
      [['server', '--datastore-endpoint', 'mysql://x'], /unsupported scheme "mysql"/],
      [['server', '--datastore-endpoint', 'etcd://nohostport'], /is not HOST:PORT/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [args, re] of cases) {
      const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
    }
  });

  it('starts, writes a kubeconfig, logs where it is, serves kubectl, and stops cleanly', async () => {
    const dir = tempDir();
    const tokens = join(dir, 'tokens.csv');
    writeFileSync(tokens, 'sekret,alice,u-1,"dev,ops"\n');
    const srv = await startServer(dir, ['--token-auth-file', tokens]);
    assert.match(srv.out(), new RegExp(`kubeconfig written to ${srv.kubeconfig.replace(/\//g, '\\/')}`));
    const kc = parse(readFileSync(srv.kubeconfig, 'utf8'));
    assert.equal(kc.clusters[0].cluster.server, `https://127.0.0.1:${srv.port}`);
    const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();

    const r = await runKubectl(kubectlPath('1.33'), ['--kubeconfig', srv.kubeconfig, 'get', 'namespaces', '-o', 'name']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').sort(), ['namespace/default', 'namespace/kube-node-lease', 'namespace/kube-public', 'namespace/kube-system']);
    const svc = await runKubectl(kubectlPath('1.33'), ['--kubeconfig', srv.kubeconfig, 'get', 'service', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}']);
    assert.equal(svc.stdout, '10.43.0.1');
    const cm = await runKubectl(kubectlPath('1.33'), ['--kubeconfig', srv.kubeconfig, 'create', 'configmap', 'audited', '--from-literal=a=b']);
    assert.equal(cm.code, 0, cm.stderr);

    // The serving certificate verifies against the CA, for every SAN a client might use.
    assert.equal((await get(srv.port, '/version', { ca })).code, 200);
    // Bearer tokens from the token file authenticate; unknown tokens are 401.
    assert.equal((await get(srv.port, '/api', { ca, token: 'sekret' })).code, 200);
    assert.equal((await get(srv.port, '/api', { ca, token: 'wrong' })).code, 401);
    assert.equal((await get(srv.port, '/api', { ca })).code, 401);

    const metrics = await get(srv.port, '/metrics', { ca, token: 'sekret' });
    assert.equal(metrics.code, 200);
    assert.match(metrics.body, /^apiserver_request_total\{verb="LIST",dry_run="",group="",version="v1",resource="namespaces",subresource="",scope="cluster",component="apiserver",code="200"\} \d+$/m);
    assert.match(metrics.body, /^apiserver_request_duration_seconds_count\{verb="GET",dry_run="",group="",version="v1",resource="services",subresource="",scope="resource",component="apiserver"\} \d+$/m);
    assert.match(metrics.body, /^apiserver_request_sli_duration_seconds_bucket\{verb="GET",group="",version="v1",resource="services",subresource="",scope="resource",component="apiserver",le="0.005"\} \d+$/m);
    assert.match(metrics.body, /^apiserver_storage_objects \d+$/m);
    assert.match(metrics.body, /^# TYPE apiserver_registered_watchers gauge$/m);

    assert.equal(await stop(srv.child, 'SIGTERM'), 0);
    const audit = readFileSync(join(dir, 'logs', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // kubectl's list, not the in-process scheduler's or controller manager's (system:kube-*), which may come first.
    const list = audit.find((a) => a.verb === 'list' && a.resource === 'namespaces' && !String(a.user).startsWith('system:'));
    assert.equal(list.user, 'admin');
    assert.equal(list.code, 200);
    assert.equal(typeof list.latencyMs, 'number');
    assert.ok(audit.some((a) => a.code === 401));
    // A create's path has no name; the line names the object from the request body, as upstream's objectRef.
    const created = audit.find((a) => a.verb === 'create' && a.resource === 'configmaps');
    assert.deepEqual([created.name, created.namespace, created.code], ['audited', 'default', 201]);
    assert.ok(audit.some((a) => a.user === 'alice'));

    // A restart reuses the CA and the kubeconfig keeps working; SIGINT stops it too.
    const again = await startServer(dir);
    const kc2 = parse(readFileSync(again.kubeconfig, 'utf8'));
    assert.equal(kc2.clusters[0].cluster['certificate-authority-data'], kc.clusters[0].cluster['certificate-authority-data']);
    const r2 = await runKubectl(kubectlPath('1.27'), ['--kubeconfig', again.kubeconfig, 'get', 'namespace', 'default', '-o', 'name']);
    assert.equal(r2.stdout.trim(), 'namespace/default');
    assert.equal(await stop(again.child, 'SIGINT'), 0);
  });

  it('stops cleanly on a SIGTERM sent while it is still starting, and starts again on the same data dir', async () => {
    const dir = join(tempDir(), 'data'); // made by the server at the start of its run: the signal is listened for by then
    const port = await freePort();
    const kubeconfig = join(dir, 'kc.yaml');
    const child = spawn(process.execPath, [BIN, 'server', '--data-dir', dir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig]);
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 15_000;
    while (!existsSync(dir)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 1));
    }
    const readyBeforeSignal = out.includes('k8ts server ready');
    child.kill('SIGTERM');
    assert.equal(await exited, 0, out);
    assert.equal(readyBeforeSignal, false, 'the signal was meant to arrive during start-up');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; signal?: string });
    assert.deepEqual(lines.map((l) => l.msg.replace(/;.*/, '')), ['k8ts server ready', 'stopping']);
    assert.equal(lines[1].signal, 'SIGTERM');

    const again = await startServer(dir);
    const r = await runKubectl(kubectlPath('1.33'), ['--kubeconfig', again.kubeconfig, 'get', 'namespace', 'kube-system', '-o', 'name']);
    assert.equal(r.stdout.trim(), 'namespace/kube-system', r.stderr);
    assert.equal(await stop(again.child), 0);
  });
});
