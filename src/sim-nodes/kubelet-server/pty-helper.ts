// A pseudo-terminal for exec with a tty, from Python's standard pty module (Node has none and
// no pty package is installed): a small Python program forks the command on a new terminal,
// copies stdin to it (its end becomes an end-of-file character) and its output to stdout, applies terminal sizes written to its fd 3 as
// "WIDTH HEIGHT\n" lines (the kernel then signals the command with SIGWINCH), and exits with the
// command's exit code (128 + N for a signal). A command not found exits 127 after printing
// PTY_NOT_FOUND on stderr, before any terminal is made. The command starts once the first size
// arrived (kubectl sends it at once; at most 1 s is waited), so it never sees a 0x0 terminal.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const PTY_NOT_FOUND = 'k8ts-pty: executable file not found';

export const PTY_HELPER_SOURCE = `
import os, pty, sys, fcntl, termios, struct, select, shutil, time
with_stdin = sys.argv[1] == 'stdin'
cmd = sys.argv[2:]
if shutil.which(cmd[0]) is None:
    sys.stderr.write(${JSON.stringify(PTY_NOT_FOUND)} + '\\n')
    sys.exit(127)
pending = b''
first = None
deadline = time.monotonic() + 1
while first is None and time.monotonic() < deadline:
    r, _, _ = select.select([3], [], [], max(0, deadline - time.monotonic()))
    if not r:
        break
    data = os.read(3, 4096)
    if not data:
        break
    pending += data
    if b'\\n' in pending:
        first, pending = pending.split(b'\\n', 1)
def size_of(line):
    w, h = (int(x) for x in line.split())
    return struct.pack('HHHH', h, w, 0, 0)
pid, fd = pty.fork()
if pid == 0:
    if first is not None:
        try:
            fcntl.ioctl(1, termios.TIOCSWINSZ, size_of(first.decode()))
        except (ValueError, OSError):
            pass
    try:
        os.execvp(cmd[0], cmd)
    except OSError as e:
        os.write(2, (str(e) + '\\n').encode())
        os._exit(126)
inputs = [0, 3] if with_stdin else [3]
def apply(line):
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, size_of(line))
    except (ValueError, OSError):
        pass
while True:
    try:
        ready, _, _ = select.select([fd] + inputs, [], [])
    except InterruptedError:
        continue
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError as e:
            data = b''
        if not data:
            break
        os.write(1, data)
    if 0 in ready:
        data = os.read(0, 65536)
        if data:
            os.write(fd, data)
        else:
            inputs.remove(0)
            os.write(fd, b'\\x04')
    if 3 in ready:
        data = os.read(3, 4096)
        if not data:
            inputs.remove(3)
        else:
            pending += data
            while b'\\n' in pending:
                line, pending = pending.split(b'\\n', 1)
                apply(line.decode())
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
`;

/** The python3 on PATH, or undefined when there is none (exec with a tty then uses pipes). */
export function findPython(path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, 'python3');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}
