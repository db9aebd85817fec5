// Running bin/k8ts as child processes in integration tests: each one's output collected (stdout
// and stderr together), its exit code awaited, and all of them killed when the test file ends.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export const K8TS_BIN = new URL('../../../bin/k8ts', import.meta.url).pathname;

export interface K8tsProcess {
  readonly child: ChildProcess;
  /** Everything it has printed so far. */
  out(): string;
  /** Its exit code (null when a signal ended it). */
  readonly exit: Promise<number | null>;
}

/** Starts `k8ts ARGS` processes (without the caller's $KUBECONFIG); killAll() SIGKILLs every one still running. */
export function k8tsProcesses(): { start(args: string[]): K8tsProcess; killAll(): void } {
  const children: ChildProcess[] = [];
  return {
    start(args) {
      const child = spawn(process.execPath, [K8TS_BIN, ...args], { env: { ...process.env, KUBECONFIG: undefined } });
      children.push(child);
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      return { child, out: () => out, exit };
    },
    killAll() {
      for (const c of children) c.kill('SIGKILL');
    },
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export const freePort = (): Promise<number> =>
  new Promise((r) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => r(port));
    });
  });
