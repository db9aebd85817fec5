// The WebSocket stream transport and the simulated node's exec/port-forward against the real
// kubectl: 1.33 speaks WebSocket (v5.channel.k8s.io for exec, SPDY/3.1+portforward.k8s.io for
// port-forward), 1.27 SPDY, both through accept.ts into the sim-nodes handlers (exec as local
// processes in an exec directory, port-forward to 127.0.0.1). The server side is
// test/support/stream-harness.ts (discovery + the pod GET) standing in for the API server's
// proxy; test/integration/kubectl-exec.test.ts runs the same through a real cluster.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/api/types/core-v1.js';
import { requestedTransport } from '../../src/client/httpstream/accept.js';
import { handleExec, handlePortForward, type StreamingConfig } from '../../src/sim-nodes/kubelet-server/streaming.js';
import { startStreamHarness, type StreamHarness, type UpgradeRequest } from '../support/stream-harness.js';
import { runUnderTerminal } from '../support/terminal.js';
import { kubectlPath, runKubectl } from '../support/test-server.js';
import { echoServer, talk, closedPort } from '../support/tcp-echo.js';

const VERSIONS = [
  { v: '1.33', transport: 'websocket' },
  { v: '1.27', transport: 'spdy' },
] as const;

const POD: Pod = {
  metadata: { name: 'p1', namespace: 'default', uid: '0b6c9f4e-0000-4000-8000-000000000001' },
  spec: { nodeName: 'sim-node-0', containers: [{ name: 'c', image: 'busybox', env: [{ name: 'GREETING', value: 'hi from c' }] }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'c', image: 'busybox', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: '2026-12-03T06:00:00Z' } } }] },
};

describe('exec, cp and port-forward on a simulated node with the real kubectl', () => {
  let harness: StreamHarness;
  let echo: net.Server;
  let echoPort: number;
  let execDir: string;
  const transports: string[] = [];
  before(async () => {
    echo = await echoServer();
    echoPort = (echo.address() as net.AddressInfo).port;
    execDir = mkdtempSync(join(tmpdir(), 'k8ts-exec-'));
    const config: StreamingConfig = { execDir, portForwardHost: '127.0.0.1' };
    harness = await startStreamHarness((u: UpgradeRequest) => {
      transports.push(`${u.subresource}:${requestedTransport(u.req)}`);
      const container = new URL(u.req.url ?? '/', 'https://x').searchParams.get('container') ?? '';
      const request = { ...u, namespace: 'default', pod: POD, container, ports: u.ports };
      if (u.subresource === 'exec') void handleExec(request, config);
      else if (u.subresource === 'portforward') void handlePortForward(request, config);
    });
  });
  after(async () => {
    await harness.close();
    echo.close();
    rmSync(execDir, { recursive: true, force: true });
  });

  const kubectl = (v: string, args: string[], input?: string) =>
    runKubectl(kubectlPath(v), ['--kubeconfig', harness.kubeconfig, ...args], { input, timeoutMs: 30_000 });

  const underTerminal = (v: string, args: string[]) => runUnderTerminal(kubectlPath(v), ['--kubeconfig', harness.kubeconfig, ...args]);

  for (const { v, transport } of VERSIONS) {
    it(`kubectl ${v} (${transport}): stdout, stderr, the container's env and working directory, exit code 3`, async () => {
      transports.length = 0;
      const r = await kubectl(v, ['exec', 'p1', '--', 'sh', '-c', 'echo "$GREETING on $HOSTNAME in $(pwd)"; echo oops >&2; exit 3']);
      assert.deepEqual(transports, [`exec:${transport}`]);
      assert.equal(r.stdout, `hi from c on p1 in ${join(execDir, 'default', 'p1', 'c')}\n`);
      assert.match(r.stderr, /^oops$/m);
      assert.match(r.stderr, /^command terminated with exit code 3$/m);
      assert.equal(r.code, 3);
    });

    it(`kubectl ${v} (${transport}): -i with piped stdin reaches the command and its end ends it`, async () => {
      const r = await kubectl(v, ['exec', '-i', 'p1', '-c', 'c', '--', 'tr', 'a-z', 'A-Z'], 'hello\nworld\n');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'HELLO\nWORLD\n');
    });

    it(`kubectl ${v} (${transport}): a command killed by a signal exits 128+N; unread stdin does not hold the session`, async () => {
      const killed = await kubectl(v, ['exec', 'p1', '--', 'sh', '-c', 'kill -9 $$']);
      assert.equal(killed.code, 137);
      assert.match(killed.stderr, /^command terminated with exit code 137$/m);
      const started = Date.now();
      // kubectl exits once the command ended, without reading the rest of its input.
      const child = spawn(kubectlPath(v), ['--kubeconfig', harness.kubeconfig, 'exec', '-i', 'p1', '--', 'sh', '-c', 'echo done'], { env: { ...process.env, HOME: tmpdir() } });
      child.stdin.on('error', () => {});
      child.stdin.end('x'.repeat(4 << 20));
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const [code] = (await once(child, 'exit')) as [number];
      assert.equal(code, 0);
      assert.equal(out, 'done\n');
      assert.ok(Date.now() - started < 20_000, 'the session ended without waiting for a close timeout');
    });

    it(`kubectl ${v} (${transport}): -ti under a terminal: a real pty on the node, its size follows the client's`, async () => {
      const script = 'test -t 0 && test -t 1 && echo on-a-tty; echo "TERM=$TERM"; echo to-stderr >&2; stty size; echo ready; read line; stty size; exit 4';
      const r = await underTerminal(v, ['exec', '-ti', 'p1', '--', 'sh', '-c', script]);
      assert.equal(r.code, 4, r.out);
      assert.match(r.out, /on-a-tty\r\n/, 'the command sees a terminal, and its output has the terminal line discipline');
      assert.match(r.out, /TERM=xterm\r\n/);
      assert.match(r.out, /to-stderr\r\n/);
      assert.match(r.out, /40 100\r\n[\s\S]*ready/, 'the initial size');
      assert.match(r.out, /typed\r\n/, 'typed input is echoed by the terminal');
      assert.match(r.out, /ready[\s\S]*50 120\r\n/, 'the size after the client terminal was resized');
      assert.match(r.out, /command terminated with exit code 4/);
    });

    it(`kubectl ${v} (${transport}): a command that does not exist is an error, not a hang`, async () => {
      const r = await kubectl(v, ['exec', 'p1', '--', 'no-such-command-k8ts']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /executable file not found in \$PATH/);
    });

    it(`kubectl ${v} (${transport}): cp into the container's directory and back out`, async () => {
      const local = mkdtempSync(join(tmpdir(), 'k8ts-cp-'));
      try {
        writeFileSync(join(local, 'in.txt'), `copied in by ${v}\n`);
        // As upstream, the destination's directory must exist in the container: made with exec first.
        assert.equal((await kubectl(v, ['exec', 'p1', '--', 'mkdir', '-p', `data-${v}`])).code, 0);
        const up = await kubectl(v, ['cp', join(local, 'in.txt'), `p1:data-${v}/in.txt`]);
        assert.equal(up.code, 0, up.stderr);
        assert.equal(readFileSync(join(execDir, 'default', 'p1', 'c', `data-${v}`, 'in.txt'), 'utf8'), `copied in by ${v}\n`);
        const down = await kubectl(v, ['cp', `p1:data-${v}/in.txt`, join(local, 'out.txt')]);
        assert.equal(down.code, 0, down.stderr);
        assert.equal(readFileSync(join(local, 'out.txt'), 'utf8'), `copied in by ${v}\n`);
      } finally {
        rmSync(local, { recursive: true, force: true });
      }
    });

    it(`kubectl ${v} (${transport}): port-forward, two concurrent connections to a local echo server; a refused port reported`, async () => {
      transports.length = 0;
      const refused = await closedPort();
      const child = spawn(kubectlPath(v), ['--kubeconfig', harness.kubeconfig, 'port-forward', 'pod/p1', `:${echoPort}`, `:${refused}`], {
        env: { ...process.env, HOME: tmpdir() },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      try {
        const port = async (remote: number) => {
          const re = new RegExp(`127\\.0\\.0\\.1:(\\d+) -> ${remote}\\n`);
          for (let i = 0; i < 200 && !re.test(out) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
          const m = re.exec(out);
          assert.ok(m, `kubectl port-forward did not start: ${out}${err}`);
          return Number(m[1]);
        };
        const local = await port(echoPort);
        assert.deepEqual(await Promise.all([talk(local, 'one'), talk(local, 'two')]), ['echo:one', 'echo:two']);
        assert.equal(await talk(await port(refused), 'x'), '');
        for (let i = 0; i < 100 && !/connection refused/.test(err); i++) await new Promise((r) => setTimeout(r, 50));
        assert.match(
          err,
          new RegExp(`an error occurred forwarding \\d+ -> ${refused}: error forwarding port ${refused} to pod ${POD.metadata!.uid}, uid : dial tcp4 127\\.0\\.0\\.1:${refused}: connect: connection refused`),
        );
        assert.deepEqual([...new Set(transports)], [`portforward:${transport}`]);
      } finally {
        child.kill();
        if (child.exitCode === null) await once(child, 'exit');
      }
    });
  }

  it('exec into a container that is not running is refused', async () => {
    const waiting: Pod = { ...POD, status: { phase: 'Pending', containerStatuses: [{ name: 'c', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] } };
    const h = await startStreamHarness((u) => {
      if (u.subresource === 'exec') void handleExec({ ...u, namespace: 'default', pod: waiting, container: 'c' }, { execDir });
    });
    try {
      const r = await runKubectl(kubectlPath('1.33'), ['--kubeconfig', h.kubeconfig, 'exec', 'p1', '--', 'true'], { timeoutMs: 30_000 });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /error: Internal error occurred: error executing command in container: container is not created or running/);
    } finally {
      await h.close();
    }
  });

  it('exec and port-forward refused with instructions when the operator did not enable them', async () => {
    const h = await startStreamHarness((u) => {
      const request = { ...u, namespace: 'default', pod: POD, container: 'c' };
      if (u.subresource === 'exec') void handleExec(request, {});
    });
    try {
      const r = await runKubectl(kubectlPath('1.33'), ['--kubeconfig', h.kubeconfig, 'exec', 'p1', '--', 'true'], { timeoutMs: 30_000 });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /exec is not enabled on simulated node sim-node-0: start sim-nodes with --exec-dir DIR/);
      assert.equal(existsSync(join(execDir, 'default', 'p1', 'c', 'true')), false);
    } finally {
      await h.close();
    }
  });
});
