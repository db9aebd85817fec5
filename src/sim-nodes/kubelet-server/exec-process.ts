// Runs an exec'd command as a local process and wires it to the session: stdin in, stdout and
// stderr out (merged into stdout with a tty, which is not a real pseudo-terminal here), and
// the exit code back as the final Status. The client leaving kills the process.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { RemoteCommandSession } from '../../client/httpstream/session.js';
import { exitCodeStatus, internalErrorStatus, successStatus } from './stream-status.js';

export interface ExecProcessOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Resolves once the session has ended (the process exited, failed to start, or the client left). */
export function runExecProcess(session: RemoteCommandSession, command: readonly string[], opts: ExecProcessOptions): Promise<void> {
  return new Promise((resolveDone) => {
    let done = false;
    const finish = (status: Parameters<RemoteCommandSession['end']>[0]) => {
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
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: [session.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    child.on('error', (err: NodeJS.ErrnoException) => finish(internalErrorStatus(`error executing command in container: ${startError(file, err)}`)));
    if (session.stdin && child.stdin) {
      child.stdin.on('error', () => {}); // the command may exit without reading all of its input
      session.stdin.pipe(child.stdin);
    }
    const out = session.stdout;
    const err = session.tty ? session.stdout : session.stderr;
    for (const [from, to] of [[child.stdout, out], [child.stderr, err]] as const) {
      if (to) from?.pipe(to, { end: false });
      else from?.resume();
    }
    child.on('close', (code, signal) => {
      const exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 9) : 9);
      finish(exitCode === 0 ? successStatus() : exitCodeStatus(exitCode));
    });
    session.onClose(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
  });
}

function startError(file: string, err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return `exec: "${file}": executable file not found in $PATH`;
  if (err.code === 'EACCES') return `exec: "${file}": permission denied`;
  return `exec: "${file}": ${err.message}`;
}
