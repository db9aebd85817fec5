// The SPDY/3.1 transport through the real path (kubectl → API server pods/exec|portforward proxy →
// the simulated nodes' kubelet endpoint → streaming.ts): kubectl 1.27, which speaks only SPDY, and
// kubectl 1.33 with its WebSocket transports switched off (KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false,
// KUBECTL_PORT_FORWARD_WEBSOCKETS=false). Commands run as local processes in an exec directory; a
// tty is a real pseudo-terminal (python3's pty module on the node side, and here on kubectl's).
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { kubectlSession, type KubectlSession } from '../support/kubectl-session.js';
import { kubectlPath } from '../support/test-server.js';
import { closedPort, echoServer, talk } from '../support/tcp-echo.js';

const NS = 'spdy';
const SPDY_ONLY = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false', KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' };

// Runs kubectl under a pseudo-terminal of 100x40. Once the command has printed "40 100" (stty
// size), the terminal becomes 120x50 (the kernel sends kubectl SIGWINCH) and a newline is typed
// every 0.2 s until the command prints "50 120"; then Ctrl-D ends its input.
const PTY_DRIVER = `
import os, pty, sys, fcntl, termios, struct, select, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 100, 0, 0))
out = b''
resized = done = False
deadline = time.time() + 30
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    if not resized and b'40 100' in out:
        resized = True
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 50, 120, 0, 0))
    elif resized and not done:
        if b'50 120' in out:
            done = True
            os.write(fd, b'\\x04')
        elif not r:
            os.write(fd, b'\\r')
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf-8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
`;

describe('kubectl exec, exec -t and port-forward over SPDY/3.1 through the API server', () => {
  let c: TestCluster;
  let execDir: string;
  let echo: net.Server;
  let echoPort: number;
  const children: ChildProcessWithoutNullStreams[] = [];

  before(async () => {
    execDir = mkdtempSync(join(tmpdir(), 'k8ts-exec-spdy-'));
    echo = await echoServer();
    echoPort = (echo.address() as net.AddressInfo).port;
    c = await startTestCluster({ nodes: 1, kubeletEndpoint: true, simNodes: { execDir, portForwardHost: '127.0.0.1' } });
    await c.namespace(NS);
    const k = kubectlSession(c.s, '1.33', NS);
    await k.ok(['create', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'box' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }),
    });
    await waitFor('pod running', async () => (await k.json(['pod', 'box'])).status?.phase === 'Running');
  });

  after(async () => {
    for (const ch of children) if (ch.exitCode === null && ch.signalCode === null) ch.kill();
    await c.close();
    echo.close();
    rmSync(execDir, { recursive: true, force: true });
  });

  for (const v of ['1.27', '1.33']) {
    describe(`kubectl ${v}`, () => {
      let k: KubectlSession;
      before(() => {
        k = kubectlSession(c.s, v, NS);
      });

      it('exec -i: stdin to its end, stdout, stderr and exit code 3, on a SPDY/3.1 upgrade', async () => {
        const r = await k.run(['exec', '-i', 'box', '-v=8', '--', 'sh', '-c', 'tr a-z A-Z; echo oops >&2; exit 3'], { input: 'over spdy\n', env: SPDY_ONLY });
        // The 101's headers (kubectl prints them at -v=8): SPDY, and v4 even where 1.33 offers v5
        // first (as the kubelet, whose SPDY server stops at v4).
        assert.match(r.stderr, /101 Switching Protocols/);
        assert.match(r.stderr, /Upgrade: SPDY\/3\.1/);
        assert.equal(r.stdout, 'OVER SPDY\n');
        assert.match(r.stderr, /^oops$/m);
        assert.match(r.stderr, /^command terminated with exit code 3$/m);
        assert.equal(r.code, 3);
      });

      it('exec: 1 MiB of output arrives whole', async () => {
        const out = await k.ok(['exec', 'box', '--', 'sh', '-c', "head -c 1048576 /dev/zero | tr '\\0' x"], { env: SPDY_ONLY });
        assert.equal(out.length, 1 << 20);
        assert.match(out, /^x+$/);
      });

      it('exec -ti: the command sees the terminal size, and its change after a resize', async () => {
        const args = ['--kubeconfig', c.s.kubeconfig, '-n', NS, 'exec', '-ti', 'box', '--', 'sh', '-c', 'stty size; while read l; do stty size; done'];
        const py = spawn('python3', ['-c', PTY_DRIVER, kubectlPath(v), ...args], { env: { ...process.env, ...SPDY_ONLY, HOME: tmpdir() } });
        children.push(py);
        let out = '';
        py.stdout.on('data', (d: Buffer) => (out += d.toString()));
        py.stderr.on('data', (d: Buffer) => (out += d.toString()));
        const [code] = (await once(py, 'exit')) as [number];
        assert.match(out, /^40 100\r?$/m, out);
        assert.match(out, /^50 120\r?$/m, out);
        assert.equal(code, 0, out);
      });

      it('port-forward: two concurrent connections', async () => {
        const pf = spawn(kubectlPath(v), ['--kubeconfig', c.s.kubeconfig, '-n', NS, 'port-forward', 'pod/box', `:${echoPort}`], {
          env: { ...process.env, ...SPDY_ONLY, HOME: tmpdir() },
        });
        children.push(pf);
        let out = '';
        let err = '';
        pf.stdout.on('data', (d: Buffer) => (out += d.toString()));
        pf.stderr.on('data', (d: Buffer) => (err += d.toString()));
        const re = new RegExp(`127\\.0\\.0\\.1:(\\d+) -> ${echoPort}\\n`);
        const m = await waitFor('port-forward ready', () => re.exec(out) ?? (pf.exitCode !== null && assert.fail(err)), 15_000);
        const port = Number(m[1]);
        assert.deepEqual(await Promise.all([talk(port, 'one'), talk(port, 'two')]), ['echo:one', 'echo:two']);
        pf.kill();
        await once(pf, 'exit');
      });

      it('port-forward: a refused pod port is reported from the error stream', async () => {
        const closed = await closedPort();
        const pf = spawn(kubectlPath(v), ['--kubeconfig', c.s.kubeconfig, '-n', NS, 'port-forward', 'pod/box', `:${closed}`], {
          env: { ...process.env, ...SPDY_ONLY, HOME: tmpdir() },
        });
        children.push(pf);
        let out = '';
        let err = '';
        pf.stdout.on('data', (d: Buffer) => (out += d.toString()));
        pf.stderr.on('data', (d: Buffer) => (err += d.toString()));
        const re = new RegExp(`127\\.0\\.0\\.1:(\\d+) -> ${closed}\\n`);
        const m = await waitFor('port-forward ready', () => re.exec(out) ?? (pf.exitCode !== null && assert.fail(err)), 15_000);
        assert.equal(await talk(Number(m[1]), 'x'), '');
        await waitFor('the error printed', () => new RegExp(`an error occurred forwarding \\d+ -> ${closed}: .*refused`).test(err), 15_000);
        if (pf.exitCode === null && pf.signalCode === null) pf.kill();
      });
    });
  }
});
