// Runs an exec'd command as a local process and wires it to the session: stdin in, stdout and
// stderr out, and the exit code back as the final Status. With a tty the command runs on a
// pseudo-terminal (pty-helper.ts; its size follows the client's) when python3 is on PATH, else
// on pipes with stderr merged into stdout. The client leaving kills the process.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';
import type { Status } from '../../api/errors.js';
import type { RemoteCommandSession } from '../../client/httpstream/session.js';
import { findPython, PTY_HELPER_SOURCE, PTY_NOT_FOUND } from './pty-helper.js';
import { exitCodeStatus, internalErrorStatus, successStatus } from './stream-status.js';

export interface ExecProcessOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** The python3 that provides pseudo-terminals (default: the one on PATH, if any); null: none. */
  readonly python?: string | null;
}

const notFound = (file: string) => internalErrorStatus(`error executing command in container: exec: "${file}": executable file not found in $PATH`);

/** Resolves once the session has ended (the process exited, failed to start, or the client left). */
export function runExecProcess(session: RemoteCommandSession, command: readonly string[], opts: ExecProcessOptions): Promise<void> {
  return new Promise((resolveDone) => {
    let done = false;
    const finish = (status: Status) => {
      if (done) return;
      done = true;
      // Input the command did not read is dropped, so the connection is read to its close.
      session.stdin?.unpipe();
      session.stdin?.resume();
      session.end(status);
      resolveDone();
    };
    const [file, ...args] = command;
    if (!file) return finish(internalErrorStatus('error executing command in container: no command given'));
    const python = session.tty ? (opts.python === undefined ? findPython() : opts.python) : null;
    const stdio = [session.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', ...(python ? ['pipe'] : [])] as ('pipe' | 'ignore')[];
    const child = python
      ? spawn(python, ['-c', PTY_HELPER_SOURCE, session.stdin ? 'stdin' : 'nostdin', file, ...args], { cwd: opts.cwd, env: opts.env, stdio })
      : spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio });
    child.on('error', (err: NodeJS.ErrnoException) => finish(err.code === 'ENOENT' ? notFound(file) : internalErrorStatus(`error executing command in container: exec: "${file}": ${err.message}`)));
    if (session.stdin && child.stdin) {
      child.stdin.on('error', () => {}); // the command may exit without reading all of its input
      session.stdin.pipe(child.stdin);
    }
    const helperErrors = python ? collectHelperErrors(child, session.stdout) : undefined;
    if (python) forwardResizes(session, child.stdio[3] as Writable);
    const out = session.stdout;
    const err = session.tty ? session.stdout : session.stderr;
    for (const [from, to] of [[child.stdout, out], [python ? null : child.stderr, err]] as const) {
      if (to) from?.pipe(to, { end: false });
      else from?.resume();
    }
    child.on('close', (code, signal) => {
      const exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 9) : 9);
      if (exitCode === 127 && helperErrors?.notFound) return finish(notFound(file));
      finish(exitCode === 0 ? successStatus() : exitCodeStatus(exitCode));
    });
    session.onClose(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
  });
}

/** The helper's own stderr: its not-found marker is remembered, anything else shown to the client. */
function collectHelperErrors(child: ChildProcess, out: Writable | null): { notFound: boolean } {
  const state = { notFound: false };
  child.stderr?.on('data', (d: Buffer) => {
    const text = d.toString();
    if (text.includes(PTY_NOT_FOUND)) state.notFound = true;
    else out?.write(d);
  });
  return state;
}

function forwardResizes(session: RemoteCommandSession, sizes: Writable): void {
  sizes.on('error', () => {});
  session.onResize((s) => {
    if (sizes.writable) sizes.write(`${s.width} ${s.height}\n`);
  });
}
