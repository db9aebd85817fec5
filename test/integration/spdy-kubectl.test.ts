// The SPDY/3.1 stream transport against the real kubectl: 1.27 (SPDY only) and 1.33 with its
// WebSocket transports switched off (KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false,
// KUBECTL_PORT_FORWARD_WEBSOCKETS=false). The server side is test/support/stream-harness.ts
// (discovery + the pod GET, upgrades handed to the transport) until the API server proxy and the
// sim-nodes kubelet endpoint carry these requests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Status } from '../../src/api/errors.js';
import type { RemoteCommandSession, TerminalSize } from '../../src/client/httpstream/session.js';
import { acceptSpdyPortForward, acceptSpdyRemoteCommand } from '../../src/client/httpstream/spdy/index.js';
import { startStreamHarness, type StreamHarness, type UpgradeRequest } from '../support/stream-harness.js';
import { kubectlPath, runKubectl } from '../support/test-server.js';

const SPDY_ONLY = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false', KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' };
const VERSIONS = ['1.27', '1.33'];

const success = (): Status => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 0 });
const exitCode = (code: number): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  reason: 'NonZeroExitCode' as Status['reason'],
  message: `command terminated with non-zero exit code: exit status ${code}`,
  details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  code: 500,
});

interface Seen {
  protocol?: string;
  sizes: TerminalSize[];
  options?: UpgradeRequest['options'];
}

/** The harness's "container": a few commands implemented on the session. */
function runCommand(command: string[], s: RemoteCommandSession, seen: Seen): void {
  const [name, arg] = command;
  if (name === 'upper') {
    const chunks: Buffer[] = [];
    s.stdin!.on('data', (c: Buffer) => chunks.push(c));
    s.stdin!.on('end', () => {
      s.stdout!.write(Buffer.concat(chunks).toString().toUpperCase());
      s.stderr!.write('to stderr\n');
      s.end(exitCode(3));
    });
  } else if (name === 'big') {
    s.stdout!.write(Buffer.alloc(Number(arg), 'x'));
    s.end(success());
  } else if (name === 'tty') {
    s.onResize((size) => {
      seen.sizes.push(size);
      s.stdout!.write(`size ${size.width}x${size.height}\r\n`);
      if (seen.sizes.length === 2) s.end(success());
    });
  } else {
    s.end(exitCode(127));
  }
}

// Drives kubectl under a pseudo-terminal: starts it 100x40, and once it printed that size
// resizes the terminal to 120x50 (the kernel sends kubectl SIGWINCH).
const PTY_DRIVER = `
import os, pty, sys, fcntl, termios, struct, select
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 100, 0, 0))
out = b''
resized = False
while True:
    r, _, _ = select.select([fd], [], [], 20)
    if not r:
        break
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    out += data
    if not resized and b'size 100x40' in out:
        resized = True
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 50, 120, 0, 0))
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf-8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
`;

describe('SPDY/3.1 exec against the real kubectl', () => {
  let harness: StreamHarness;
  const seen: Seen = { sizes: [] };
  before(async () => {
    harness = await startStreamHarness((u) => {
      if (u.subresource !== 'exec') return;
      seen.options = u.options;
      void acceptSpdyRemoteCommand(u.req, u.socket, u.head, u.options).then((s) => {
        if (!s) return;
        seen.protocol = s.protocol;
        runCommand(u.command, s, seen);
      });
    });
  });
  after(() => harness.close());

  const kubectl = (v: string, args: string[], input?: string) =>
    runKubectl(kubectlPath(v), ['--kubeconfig', harness.kubeconfig, ...args], { env: SPDY_ONLY, input, timeoutMs: 30_000 });

  for (const v of VERSIONS) {
    it(`kubectl ${v}: stdin, stdout, stderr and a non-zero exit code over v4.channel.k8s.io`, async () => {
      const r = await kubectl(v, ['exec', '-i', 'p1', '--', 'upper'], 'hello spdy\n');
      assert.equal(seen.protocol, 'v4.channel.k8s.io');
      assert.deepEqual(seen.options, { stdin: true, stdout: true, stderr: true, tty: false });
      assert.equal(r.stdout, 'HELLO SPDY\n');
      assert.match(r.stderr, /^to stderr$/m);
      assert.match(r.stderr, /command terminated with exit code 3/);
      assert.equal(r.code, 3);
    });

    it(`kubectl ${v}: 1 MiB of output arrives whole and the command succeeds`, async () => {
      const r = await kubectl(v, ['exec', 'p1', '--', 'big', String(1 << 20)]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.length, 1 << 20);
      assert.match(r.stdout, /^x+$/);
    });

    it(`kubectl ${v}: a tty session gets the terminal size and its change`, async () => {
      seen.sizes = [];
      const py = spawn('python3', ['-c', PTY_DRIVER, kubectlPath(v), '--kubeconfig', harness.kubeconfig, 'exec', '-ti', 'p1', '--', 'tty'], {
        env: { ...process.env, ...SPDY_ONLY, HOME: '/tmp' },
      });
      let out = '';
      py.stdout.on('data', (d: Buffer) => (out += d.toString()));
      py.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const [code] = (await once(py, 'exit')) as [number];
      assert.deepEqual(seen.sizes, [{ width: 100, height: 40 }, { width: 120, height: 50 }], out);
      assert.deepEqual(seen.options, { stdin: true, stdout: true, stderr: false, tty: true });
      assert.match(out, /size 100x40\r\n/);
      assert.match(out, /size 120x50\r\n/);
      assert.equal(code, 0, out);
    });
  }
});

function echoServer(): Promise<net.Server> {
  const server = net.createServer((c) => {
    c.on('data', (d) => c.write(`echo:${d}`));
    c.on('end', () => c.end());
    c.on('error', () => c.destroy());
  });
  server.listen(0, '127.0.0.1');
  return once(server, 'listening').then(() => server);
}

/** Connects to a forwarded local port, sends msg, half-closes, and collects the answer. */
function talk(port: number, msg: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const c = net.connect(port, '127.0.0.1', () => c.end(msg));
    c.on('data', (d) => (got += d.toString()));
    c.on('close', () => resolve(got));
    c.on('error', () => undefined);
  });
}

describe('SPDY/3.1 port-forward against the real kubectl', () => {
  let harness: StreamHarness;
  let echo: net.Server;
  const forwardedPorts: number[] = [];
  before(async () => {
    echo = await echoServer();
    const echoPort = (echo.address() as net.AddressInfo).port;
    harness = await startStreamHarness((u) => {
      if (u.subresource !== 'portforward') return;
      void acceptSpdyPortForward(u.req, u.socket, u.head).then((s) => {
        s?.onStream((st) => {
          forwardedPorts.push(st.port);
          if (st.port !== 8080) return st.reportError(`dial tcp 127.0.0.1:${st.port}: connect: connection refused`);
          const pod = net.connect(echoPort, '127.0.0.1');
          pod.on('error', () => st.data.destroy());
          st.data.pipe(pod).pipe(st.data);
        });
      });
    });
  });
  after(async () => {
    await harness.close();
    echo.close();
  });

  async function startForward(v: string, remotePort: number): Promise<{ port: number; stderr: () => string; stop: () => Promise<void> }> {
    const child = spawn(kubectlPath(v), ['--kubeconfig', harness.kubeconfig, 'port-forward', 'pod/p1', `:${remotePort}`], {
      env: { ...process.env, ...SPDY_ONLY, HOME: '/tmp' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const re = new RegExp(`127\\.0\\.0\\.1:(\\d+) -> ${remotePort}`);
    for (let i = 0; i < 200 && !re.test(out) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
    const m = re.exec(out);
    assert.ok(m, `kubectl port-forward did not start: ${out}${err}`);
    return {
      port: Number(m[1]),
      stderr: () => err,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill();
          await once(child, 'exit');
        }
      },
    };
  }

  for (const v of VERSIONS) {
    it(`kubectl ${v}: two concurrent connections are forwarded, each on its own stream pair`, async () => {
      forwardedPorts.length = 0;
      const pf = await startForward(v, 8080);
      try {
        const answers = await Promise.all([talk(pf.port, 'one'), talk(pf.port, 'two')]);
        assert.deepEqual(answers, ['echo:one', 'echo:two']);
        assert.deepEqual(forwardedPorts, [8080, 8080]);
      } finally {
        await pf.stop();
      }
    });

    it(`kubectl ${v}: a failure to reach the pod port is reported from the error stream`, async () => {
      const pf = await startForward(v, 9999);
      try {
        assert.equal(await talk(pf.port, 'x'), '');
        for (let i = 0; i < 100 && !/connection refused/.test(pf.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
        assert.match(pf.stderr(), /an error occurred forwarding \d+ -> 9999: dial tcp 127\.0\.0\.1:9999: connect: connection refused/);
      } finally {
        await pf.stop();
      }
    });
  }
});
