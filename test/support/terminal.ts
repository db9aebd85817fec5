// Runs a program under a pseudo-terminal, as a person at a terminal would (Python's standard pty
// module on the test side): the terminal is 100x40; once the output shows "ready" it is resized
// to 120x50 (the program gets SIGWINCH) and "typed" + Enter is typed. Returns everything the
// terminal showed and the exit code.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';

const DRIVER = [
  'import os, pty, sys, fcntl, termios, struct, time',
  'pid, fd = pty.fork()',
  'if pid == 0:',
  '    os.execv(sys.argv[1], sys.argv[1:])',
  "fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 100, 0, 0))",
  "out = b''",
  'sent = False',
  'while True:',
  '    try:',
  '        data = os.read(fd, 4096)',
  '    except OSError:',
  '        break',
  '    if not data:',
  '        break',
  '    out += data',
  "    if not sent and b'ready' in out:",
  '        sent = True',
  "        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 50, 120, 0, 0))",
  '        time.sleep(0.3)',
  "        os.write(fd, b'typed\\r')",
  '_, status = os.waitpid(pid, 0)',
  "sys.stdout.write(out.decode('utf-8', 'replace'))",
  'sys.exit(os.waitstatus_to_exitcode(status))',
].join('\n');

export async function runUnderTerminal(bin: string, args: string[]): Promise<{ code: number; out: string }> {
  const py = spawn('python3', ['-c', DRIVER, bin, ...args], { env: { ...process.env, HOME: tmpdir() } });
  let out = '';
  py.stdout.on('data', (d: Buffer) => (out += d.toString()));
  py.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const [code] = (await once(py, 'exit')) as [number];
  return { code, out };
}
