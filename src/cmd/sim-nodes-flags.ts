// The value checks of the simulated nodes' streaming flags (--exec-dir, --port-forward-host),
// shared by `k8ts sim-nodes` and `k8ts server --sim-nodes N`. Kept apart from sim-nodes.ts so
// the server's flag parsing does not load the simulator's code.
import { InvalidArgumentError } from 'commander';
import { statSync } from 'node:fs';
import { isIP } from 'node:net';

/** A directory that exists, or one that can be made (nothing else of that name is in the way). */
export function parseExecDir(v: string): string {
  if (v.trim() === '') throw new InvalidArgumentError('the exec directory must not be empty');
  let st;
  try {
    st = statSync(v);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return v; // created on the first exec
    throw new InvalidArgumentError(`"${v}": ${(e as Error).message}`);
  }
  if (!st.isDirectory()) throw new InvalidArgumentError(`"${v}" is not a directory`);
  return v;
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/i;

/** An IP address or a host name (what the node dials for a forwarded port). */
export function parsePortForwardHost(v: string): string {
  if (isIP(v) || HOSTNAME.test(v)) return v;
  throw new InvalidArgumentError(`"${v}" is not an IP address or host name`);
}
