// `k8ts server --sim-nodes N` with the simulated nodes' streaming flags: --exec-dir enables
// kubectl exec (commands run in DIR/<namespace>/<pod>/<container>), --port-forward-host enables
// kubectl port-forward (a pod port P reaches HOST:P); bad values and use without --sim-nodes
// exit with code 2.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { waitFor } from '../support/cluster.js';
import { closedPort, echoServer, talk } from '../support/tcp-echo.js';
import { runKubectl, kubectlPath } from '../support/test-server.js';

const BIN = new URL('../../../bin/k8ts', import.meta.url).pathname;
const dirs: string[] = [];
const cleanups: Array<() => void> = [];
after(() => {
  for (const c of cleanups) c();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'k8ts-sim-stream-'));
  dirs.push(d);
  return d;
};

describe('k8ts server --sim-nodes with --exec-dir and --port-forward-host', () => {
  it('rejects bad values, and the flags without --sim-nodes, with exit code 2 and a clear message', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const cases: Array<[string[], RegExp]> = [
      [['server', '--sim-nodes', '1', '--exec-dir', file], new RegExp(`option '--exec-dir <dir>' argument '${file}' is invalid\\. "${file}" is not a directory`)],
      [['server', '--sim-nodes', '1', '--exec-dir', ''], /the exec directory must not be empty/],
      [['server', '--sim-nodes', '1', '--port-forward-host', 'not a host'], /"not a host" is not an IP address or host name/],
      [['server', '--exec-dir', tmpdir()], /--exec-dir applies to the simulated nodes: it needs --sim-nodes N/],
      [['server', '--port-forward-host', '127.0.0.1'], /--port-forward-host applies to the simulated nodes: it needs --sim-nodes N/],
      [['sim-nodes', '--count', '1', '--port-forward-host', 'a_b'], /"a_b" is not an IP address or host name/],
    ];
    for (const [args, re] of cases) {
      const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
    }
  });

  it('kubectl exec runs in the exec directory and kubectl port-forward reaches the host port (1.33 and 1.27)', async () => {
    const dataDir = tempDir();
    const execDir = join(tempDir(), 'exec');
    const echo = await echoServer();
    cleanups.push(() => echo.close());
    const echoPort = (echo.address() as net.AddressInfo).port;

    const port = await closedPort();
    const kubeconfig = join(dataDir, 'kc.yaml');
    const server: ChildProcess = spawn(process.execPath, [
      BIN, 'server', '--data-dir', dataDir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig,
      '--sim-nodes', '1', '--exec-dir', execDir, '--port-forward-host', '127.0.0.1',
    ]);
    cleanups.push(() => server.kill('SIGKILL'));
    let log = '';
    server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    try {
      await waitFor('simulated node started', () => log.includes('started 1 simulated nodes') || (server.exitCode !== null && assert.fail(log)), 30_000);
      const k = (v: string, args: string[]) => runKubectl(kubectlPath(v), ['--kubeconfig', kubeconfig, ...args]);
      const run = await k('1.33', ['run', 'box', '--image=busybox']);
      assert.equal(run.code, 0, run.stderr);
      await waitFor('pod running', async () => (await k('1.33', ['get', 'pod', 'box', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running', 30_000);

      for (const v of ['1.33', '1.27']) {
        const r = await k(v, ['exec', 'box', '--', 'sh', '-c', 'echo "hello from $HOSTNAME"; pwd']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, `hello from box\n${join(execDir, 'default', 'box', 'box')}\n`);

        const pf = spawn(kubectlPath(v), ['--kubeconfig', kubeconfig, 'port-forward', 'pod/box', `:${echoPort}`], { env: { ...process.env, HOME: tmpdir() } });
        cleanups.push(() => pf.kill('SIGKILL'));
        let out = '';
        pf.stdout.on('data', (d: Buffer) => (out += d.toString()));
        const re = new RegExp(`127\\.0\\.0\\.1:(\\d+) -> ${echoPort}\\n`);
        const local = Number((await waitFor(`port-forward ${v}`, () => re.exec(out) ?? (pf.exitCode !== null && assert.fail(out)), 15_000))[1]);
        assert.equal(await talk(local, `hi ${v}`), `echo:hi ${v}`);
        pf.kill();
        await once(pf, 'exit');
      }
    } finally {
      server.kill('SIGTERM');
      if (server.exitCode === null) await once(server, 'exit');
    }
  });
});
