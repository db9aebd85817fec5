// What attach shows of a simulated container: the lines its log gains from the moment of
// attaching (the same text `kubectl logs` reads, src/sim-nodes/container-log.ts), until that
// run of the container ends, with its exit code. The pod is re-read from the node's view at
// each line due, and at least every POLL_MS to notice the end.
import type { ContainerStatus, Pod } from '../../api/types/core-v1.js';
import type { Clock } from '../../client/index.js';
import { instanceLines, logEveryMs, logInstance, type ContainerInstance } from '../container-log.js';
import type { ContainerOutputSource } from './streaming-config.js';

const POLL_MS = 250;

export interface SimulatedOutputDeps {
  readonly clock: Clock;
  /** The pod as the node knows it now (undefined once it is gone). */
  readonly currentPod: (namespace: string, name: string) => Readonly<Pod> | undefined;
}

/** How a run of the container ended, if it did: its exit code. */
function runExit(pod: Readonly<Pod> | undefined, container: string, run: ContainerInstance): number | undefined {
  if (!pod) return 0;
  const s = pod.status;
  const all = [...(s?.containerStatuses ?? []), ...(s?.initContainerStatuses ?? []), ...(s?.ephemeralContainerStatuses ?? [])];
  const cs: ContainerStatus | undefined = all.find((c) => c.name === container);
  if (!cs) return 0;
  const started = (v: string | undefined) => (v ? Date.parse(v) : NaN);
  if (cs.state?.running && started(cs.state.running.startedAt) === run.startedAt) return undefined;
  const t = cs.state?.terminated;
  if (t && started(t.startedAt) === run.startedAt) return t.exitCode ?? 0;
  const last = cs.lastState?.terminated;
  if (last && started(last.startedAt) === run.startedAt) return last.exitCode ?? 0;
  // Neither running nor recorded: the run is over without a known code.
  return cs.state?.running ? 0 : undefined;
}

export function simulatedContainerOutput(deps: SimulatedOutputDeps): ContainerOutputSource {
  return {
    follow(namespace, podName, container, onLine, onExit) {
      const { clock } = deps;
      let cancel: () => void = () => {};
      let stopped = false;
      let run: ContainerInstance | undefined;
      let sent = clock.now();
      const finish = (code: number) => {
        if (stopped) return;
        stopped = true;
        onExit(code);
      };
      const tick = () => {
        if (stopped) return;
        const pod = deps.currentPod(namespace, podName);
        if (!pod) return finish(0);
        if (!run) {
          try {
            run = logInstance(pod, container, false);
          } catch {
            run = undefined; // not started yet: wait for it
          }
          if (run && run.endAt !== undefined) return finish(runExit(pod, container, run) ?? 0);
        }
        if (run) {
          const now = clock.now();
          for (const line of instanceLines(pod, container, run, now)) if (line.at > sent) onLine({ stream: 'stdout', text: line.text });
          sent = now;
          const code = runExit(pod, container, run);
          if (code !== undefined) return finish(code);
        }
        const every = run ? logEveryMs(pod) : undefined;
        const next = every && run ? run.startedAt + (Math.floor((sent - run.startedAt) / every) + 1) * every - clock.now() : POLL_MS;
        cancel = clock.after(Math.max(1, Math.min(next, POLL_MS)), tick);
      };
      tick();
      return () => {
        stopped = true;
        cancel();
      };
    },
  };
}
