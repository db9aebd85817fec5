// Where and with what environment an exec'd command runs on the sim-nodes host: the
// container's own directory under the operator's exec directory, the container's plain env
// values, HOSTNAME, and the host's PATH unless the container sets one.
import { join, resolve, sep } from 'node:path';
import type { Container, Pod } from '../../api/types/core-v1.js';

/** The container (app, init or ephemeral) of that name; what exec needs of it is its name and env. */
export function findContainer(pod: Pod, name: string): Container | undefined {
  const spec = pod.spec;
  const all: Container[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...((spec?.ephemeralContainers ?? []) as Container[])];
  return all.find((c) => c.name === name);
}

/** Whether the pod's status shows the container running (exec needs a running container, as upstream's runtimes do). */
export function isContainerRunning(pod: Pod, name: string): boolean {
  const s = pod.status;
  const all = [...(s?.containerStatuses ?? []), ...(s?.initContainerStatuses ?? []), ...(s?.ephemeralContainerStatuses ?? [])];
  return all.some((c) => c.name === name && c.state?.running !== undefined);
}

/** EXEC_DIR/{namespace}/{pod}/{container}; null when a name could escape the directory. */
export function containerWorkingDir(execDir: string, namespace: string, pod: string, container: string): string | null {
  for (const part of [namespace, pod, container]) if (!part || part === '.' || part === '..' || /[/\\\0]/.test(part)) return null;
  const root = resolve(execDir);
  const dir = resolve(join(root, namespace, pod, container));
  return dir.startsWith(root + sep) ? dir : null;
}

/** The command's environment (valueFrom entries are not resolved on a simulated node). */
export function containerEnvironment(pod: Pod, container: Container, workingDir: string, tty: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: workingDir,
    HOSTNAME: pod.spec?.hostname ?? pod.metadata?.name ?? '',
  };
  if (tty) env['TERM'] = 'xterm';
  for (const e of container.env ?? []) if (e.name && e.value !== undefined) env[e.name] = e.value;
  return env;
}
