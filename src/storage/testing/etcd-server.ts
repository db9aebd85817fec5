// Runs a throwaway single-member etcd for tests: fresh data dir, free loopback ports, and a
// stop() that kills the process and removes the data dir. Fails loudly if etcd is not installed.
import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EtcdServer {
  /** Client URL, e.g. http://127.0.0.1:41234. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface StartEtcdOptions {
  /** Path of the etcd binary (default: $K8TS_ETCD_BIN or /usr/bin/etcd). */
  readonly binary?: string;
  /** How long to wait for etcd to answer (default 30 s). */
  readonly startTimeoutMs?: number;
}

const STDERR_TAIL = 8 * 1024;

export async function startEtcd(opts: StartEtcdOptions = {}): Promise<EtcdServer> {
  const binary = opts.binary ?? process.env['K8TS_ETCD_BIN'] ?? '/usr/bin/etcd';
  try {
    await access(binary, constants.X_OK);
  } catch {
    throw new Error(
      `etcd binary not found or not executable at ${binary}: the etcd storage tests need a real etcd ` +
        `(Debian/Ubuntu: apt-get install -y etcd-server, or set K8TS_ETCD_BIN)`,
    );
  }
  // Free ports are picked by binding port 0 and releasing it, so another process can grab one
  // in between; retry a few times with new ports when etcd dies during start-up.
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launch(binary, opts.startTimeoutMs ?? 30_000);
    } catch (e) {
      lastError = e as Error;
    }
  }
  throw lastError ?? new Error('etcd failed to start');
}

async function launch(binary: string, timeoutMs: number): Promise<EtcdServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'k8ts-etcd-'));
  const [clientPort, peerPort] = await freePorts(2);
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const child = spawn(
    binary,
    [
      '--name', 'k8ts-test',
      '--data-dir', dataDir,
      '--listen-client-urls', endpoint,
      '--advertise-client-urls', endpoint,
      '--listen-peer-urls', peerUrl,
      '--initial-advertise-peer-urls', peerUrl,
      '--initial-cluster', `k8ts-test=${peerUrl}`,
      '--initial-cluster-state', 'new',
      '--log-level', 'warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });

  // If the test process dies without calling stop(), take etcd down with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await kill(child, exited);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitHealthy(endpoint, exited, timeoutMs);
  } catch (e) {
    await stop();
    throw new Error(`etcd did not start: ${(e as Error).message}\n--- etcd stderr (tail) ---\n${stderr}`);
  }
  return { endpoint, stop };
}

async function waitHealthy(endpoint: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  let exitCode: number | null = null;
  void exited.then((code) => {
    gone = true;
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (gone) throw new Error(`etcd exited with code ${exitCode}`);
    try {
      const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: unknown };
      if (res.ok && String(body.health) === 'true') return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no healthy answer from ${endpoint} within ${timeoutMs} ms`);
}

async function kill(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

async function freePorts(n: number): Promise<number[]> {
  // Hold all listeners open until every port is known, so the same port is not returned twice.
  const servers = await Promise.all(
    Array.from({ length: n }, () => {
      const srv = createServer();
      return new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => resolve(srv));
      });
    }),
  );
  const ports = servers.map((s) => {
    const addr = s.address();
    if (addr === null || typeof addr === 'string') throw new Error('unexpected listener address');
    return addr.port;
  });
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}
