// kubectl exec, cp, attach, port-forward and run -i through the real path: kubectl → API server
// (pods/exec, pods/attach, pods/portforward proxied as bytes) → the simulated nodes' kubelet
// endpoint → streaming.ts. kubectl 1.33 speaks WebSocket (v5.channel.k8s.io; port-forward as
// SPDY inside WebSocket), kubectl 1.27 SPDY/3.1. The nodes run exec'd commands in an exec
// directory and forward ports to 127.0.0.1 (a local TCP echo server stands in for the pod).
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { KUBECTL_VERSIONS, kubectlSession, type KubectlSession } from '../support/kubectl-session.js';
import { runUnderTerminal } from '../support/terminal.js';
import { kubectlPath } from '../support/test-server.js';
import { echoServer, talk } from '../support/tcp-echo.js';

const NS = 'streams';

describe('kubectl exec, cp, attach, port-forward and run -i on simulated nodes', () => {
  let c: TestCluster;
  let execDir: string;
  let echo: net.Server;
  let echoPort: number;
  const children: ChildProcessWithoutNullStreams[] = [];

  const start = (v: string, args: string[]): { child: ChildProcessWithoutNullStreams; out: () => string; err: () => string } => {
    const child = spawn(kubectlPath(v), ['--kubeconfig', c.s.kubeconfig, '-n', NS, ...args], { env: { ...process.env, HOME: tmpdir() } });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    return { child, out: () => out, err: () => err };
  };

  before(async () => {
    execDir = mkdtempSync(join(tmpdir(), 'k8ts-exec-'));
    echo = await echoServer();
    echoPort = (echo.address() as net.AddressInfo).port;
    c = await startTestCluster({ nodes: 2, kubeletEndpoint: true, simNodes: { execDir, portForwardHost: '127.0.0.1' } });
    await c.namespace(NS);
    const k = kubectlSession(c.s, '1.33', NS);
    const twoContainers = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'two', annotations: { 'sim.k8ts.io/log-every-ms': '100', 'sim.k8ts.io/log-line': '{container} says {n}' } },
      spec: {
        containers: [
          { name: 'app', image: 'busybox', env: [{ name: 'ROLE', value: 'app' }] },
          { name: 'side', image: 'busybox', env: [{ name: 'ROLE', value: 'side' }] },
        ],
      },
    };
    await k.ok(['create', '-f', '-'], { input: JSON.stringify(twoContainers) });
    await k.ok(['create', 'deployment', 'web', '--image=nginx']);
    // kubectl port-forward svc/web :P forwards to the pods' targetPort, here the echo server's port.
    await k.ok(['create', 'service', 'clusterip', 'web', `--tcp=${echoPort}:${echoPort}`]);
    await waitFor('pods running', async () => {
      const pods = await k.json(['pods']);
      return pods.items.length === 2 && pods.items.every((p: any) => p.status?.phase === 'Running');
    });
  });

  after(async () => {
    for (const ch of children) if (ch.exitCode === null && ch.signalCode === null) ch.kill();
    await c.close();
    echo.close();
    rmSync(execDir, { recursive: true, force: true });
  });

  it('@kubernetes/client-node Exec (v5 channels: stdin end, exit status) and PortForward (v4 channel port-forward)', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(c.s.kubeconfig);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const status = new Promise<k8s.V1Status>((resolve) => {
      void new k8s.Exec(kc).exec(NS, 'two', 'app', ['sh', '-c', 'tr a-z A-Z; echo bye >&2; exit 2'], stdout, stderr, Readable.from([Buffer.from('from node\n')]), false, resolve);
    });
    const st = await status;
    assert.equal(st.status, 'Failure');
    assert.equal(st.reason, 'NonZeroExitCode');
    assert.deepEqual(st.details?.causes, [{ reason: 'ExitCode', message: '2' }]);
    await waitFor('exec output', () => out === 'FROM NODE\n' && err === 'bye\n');

    // PortForward speaks the channel protocol: one connection per WebSocket, data on channel 0.
    const answer = new PassThrough();
    let echoed = '';
    answer.on('data', (d: Buffer) => (echoed += d.toString()));
    const ws = await new k8s.PortForward(kc).portForward(NS, 'two', [echoPort], answer, null, Readable.from([Buffer.from('over channels')]));
    await waitFor('echo through the channel port-forward', () => echoed === 'echo:over channels');
    (ws as { close(): void }).close();
  });

  for (const v of KUBECTL_VERSIONS) {
    describe(`kubectl ${v}`, () => {
      let k: KubectlSession;
      before(() => {
        k = kubectlSession(c.s, v, NS);
      });

      it('exec: stdout, stderr and exit code 3 with upstream message; -c picks the container', async () => {
        const r = await k.run(['exec', 'two', '-c', 'side', '--', 'sh', '-c', 'echo "$ROLE $HOSTNAME $(basename $(pwd))"; echo oops >&2; exit 3']);
        assert.equal(r.stdout, 'side two side\n');
        assert.match(r.stderr, /^oops$/m);
        assert.match(r.stderr, /^command terminated with exit code 3$/m);
        assert.equal(r.code, 3);
        // Without -c kubectl picks the first container and says so (as upstream, for a pod with several).
        const first = await k.run(['exec', '-v=4', 'two', '--', 'sh', '-c', 'echo $ROLE']);
        assert.equal(first.code, 0, first.stderr);
        assert.equal(first.stdout, 'app\n');
        // 1.33 negotiated the WebSocket channel protocol v5 through the API server's proxy; 1.27 has only SPDY.
        if (v === '1.33') assert.match(first.stderr, /The subprotocol is v5\.channel\.k8s\.io/);
        else assert.doesNotMatch(first.stderr, /subprotocol is v5/);
      });

      it('exec -i: piped stdin reaches the command; deploy/x resolves to its pod', async () => {
        assert.equal(await k.ok(['exec', '-i', 'two', '-c', 'app', '--', 'tr', 'a-z', 'A-Z'], { input: 'piped in\n' }), 'PIPED IN\n');
        assert.equal(await k.ok(['exec', 'deploy/web', '--', 'sh', '-c', 'echo $HOSTNAME']), `${(await k.json(['pods', '-l', 'app=web'])).items[0].metadata.name}\n`);
      });

      it('exec -ti under a terminal: a pty on the node at the client size, resized, typed input echoed', async () => {
        const script = 'test -t 1 && echo on-a-tty; stty size; echo ready; read line; stty size; exit 4';
        const r = await runUnderTerminal(kubectlPath(v), ['--kubeconfig', c.s.kubeconfig, '-n', NS, 'exec', '-ti', 'two', '-c', 'app', '--', 'sh', '-c', script]);
        assert.equal(r.code, 4, r.out);
        assert.match(r.out, /on-a-tty\r\n40 100\r\n/);
        assert.match(r.out, /typed\r\n50 120\r\n/);
        assert.match(r.out, /command terminated with exit code 4/);
      });

      it('cp: a file into the container directory and back out', async () => {
        const local = mkdtempSync(join(tmpdir(), 'k8ts-cp-'));
        try {
          writeFileSync(join(local, 'in.txt'), `copied by ${v}\n`);
          await k.ok(['cp', join(local, 'in.txt'), `two:in-${v}.txt`, '-c', 'app']);
          assert.equal(readFileSync(join(execDir, NS, 'two', 'app', `in-${v}.txt`), 'utf8'), `copied by ${v}\n`);
          await k.ok(['cp', `two:in-${v}.txt`, join(local, 'out.txt'), '-c', 'app']);
          assert.equal(readFileSync(join(local, 'out.txt'), 'utf8'), `copied by ${v}\n`);
        } finally {
          rmSync(local, { recursive: true, force: true });
        }
      });

      it('attach: the container output from now on', async () => {
        const a = start(v, ['attach', 'two', '-c', 'side']);
        await waitFor('attached output', () => (a.out().match(/side says \d+\n/g) ?? []).length >= 3, 15_000);
        assert.doesNotMatch(a.out(), /app says/);
        const first = Number(/side says (\d+)/.exec(a.out())![1]);
        assert.ok(first > 1, 'lines written before attaching are not replayed');
        a.child.kill();
      });

      it('port-forward: pod/, deploy/ and svc/ (its targetPort), two concurrent connections each', async () => {
        for (const target of ['pod/two', 'deploy/web', 'svc/web']) {
          const pf = start(v, ['port-forward', target, `:${echoPort}`]);
          const re = new RegExp(`127\\.0\\.0\\.1:(\\d+) -> ${echoPort}\\n`);
          const port = Number((await waitFor(`port-forward ${target}`, () => re.exec(pf.out()) ?? (pf.child.exitCode !== null && assert.fail(pf.err())), 15_000))[1]);
          assert.deepEqual(await Promise.all([talk(port, `one ${target}`), talk(port, `two ${target}`)]), [`echo:one ${target}`, `echo:two ${target}`]);
          assert.match(pf.out(), /Handling connection for/);
          pf.child.kill();
          await once(pf.child, 'exit');
        }
      });

      it('run -i --rm: attaches, prints the container output until it ends, then deletes the pod', async () => {
        const name = `once-${v.replace('.', '-')}`;
        const r = await k.run([
          'run', name, '-i', '--rm', '--restart=Never', '--image=busybox',
          '--annotations=sim.k8ts.io/run-time-ms=1500', '--annotations=sim.k8ts.io/log-every-ms=200', '--annotations=sim.k8ts.io/log-line=tick {n}',
        ]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /tick \d+\n/);
        assert.match(r.stdout + r.stderr, new RegExp(`pod "${name}" deleted`));
        await waitFor('pod gone', async () => (await k.run(['get', 'pod', name])).code !== 0);
      });

      it('run -i -t --rm under a terminal: attached with a tty, output until the container ends, pod deleted', async () => {
        const name = `tty-${v.replace('.', '-')}`;
        const r = await runUnderTerminal(kubectlPath(v), [
          '--kubeconfig', c.s.kubeconfig, '-n', NS, 'run', name, '-i', '-t', '--rm', '--restart=Never', '--image=busybox',
          '--annotations=sim.k8ts.io/run-time-ms=1500', '--annotations=sim.k8ts.io/log-every-ms=200', '--annotations=sim.k8ts.io/log-line=tick {n}',
        ]);
        assert.equal(r.code, 0, r.out);
        assert.match(r.out, /tick \d+\r\n/, 'lines end with CR LF on a terminal');
        assert.match(r.out, new RegExp(`pod "${name}" deleted`));
      });
    });
  }
});
