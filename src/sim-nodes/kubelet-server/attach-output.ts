// attach on a simulated node: the container's output from now on (what its simulation prints,
// each line on the stream it was printed to; merged into stdout with a tty), until the
// container stops (its exit code becomes the Status) or the client leaves. A simulated
// container reads no input: stdin is accepted and discarded.
import type { RemoteCommandSession } from '../../client/httpstream/session.js';
import type { ContainerOutputSource } from './streaming-config.js';
import { exitCodeStatus, successStatus } from './stream-status.js';

export function attachToOutput(
  session: RemoteCommandSession,
  output: ContainerOutputSource | undefined,
  namespace: string,
  pod: string,
  container: string,
): Promise<void> {
  session.stdin?.resume();
  return new Promise((resolve) => {
    let unfollow: () => void = () => {};
    let done = false;
    const stop = () => {
      if (done) return;
      done = true;
      unfollow();
      resolve();
    };
    session.onClose(stop);
    if (!output) return;
    unfollow = output.follow(
      namespace,
      pod,
      container,
      (line) => {
        const target = line.stream === 'stderr' && !session.tty ? session.stderr : session.stdout;
        target?.write(session.tty ? `${line.text}\r\n` : `${line.text}\n`);
      },
      (exitCode) => {
        session.end(exitCode === 0 ? successStatus() : exitCodeStatus(exitCode));
        stop();
      },
    );
  });
}
