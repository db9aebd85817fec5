// Pods: READY, the aggregate STATUS (phase, init progress, waiting/terminated reasons,
// Terminating), RESTARTS with the time of the last restart, and the wide columns.
import { AGE, arr, ageOf, col, int, NAME, nameOf, str, wide } from './columns.js';
import { since, parseTime } from './duration.js';
import type { PrintedRow, Printer, RowCondition } from './types.js';

type Obj = Record<string, any>;

const SUCCEEDED: RowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'All containers of the pod ended successfully.' }];
const FAILED: RowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod ended and at least one container failed.' }];

const isSidecar = (c: Obj | undefined) => c?.restartPolicy === 'Always';
const hasCondition = (pod: Obj, type: string) => arr(pod.status?.conditions).some((c) => c?.type === type && c?.status === 'True');

/** The latest finish time of a previous run of the container, if any (ms). */
const lastTermination = (cs: Obj): number | undefined => parseTime(cs?.lastState?.terminated?.finishedAt);
const later = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

function terminatedReason(t: Obj, prefix: string): string {
  if (t.reason) return prefix + t.reason;
  if (t.signal) return `${prefix}Signal:${t.signal}`;
  return `${prefix}ExitCode:${int(t.exitCode)}`;
}

export interface PodSummary {
  readonly ready: string;
  readonly status: string;
  readonly restarts: string;
}

/** The READY, STATUS and RESTARTS cells of a pod. */
export function podSummary(pod: Obj, now: number): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initSpecs = arr(spec.initContainers);
  const initByName = new Map<string, Obj>(initSpecs.map((c) => [str(c?.name), c]));
  const total = arr(spec.containers).length + initSpecs.filter(isSidecar).length;
  let ready = 0;
  let restarts = 0;
  let lastRestart: number | undefined;
  let sidecarRestarts = 0;
  let lastSidecarRestart: number | undefined;

  let reason = str(status.reason) || str(status.phase);
  for (const c of arr(status.conditions)) {
    if (c?.type === 'PodScheduled' && c?.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i] ?? {};
    restarts += int(cs.restartCount);
    lastRestart = later(lastRestart, lastTermination(cs));
    const sidecar = isSidecar(initByName.get(str(cs.name)));
    if (sidecar) {
      sidecarRestarts += int(cs.restartCount);
      lastSidecarRestart = later(lastSidecarRestart, lastTermination(cs));
    }
    const state = cs.state ?? {};
    if (state.terminated && int(state.terminated.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) ready++;
      continue;
    }
    if (state.terminated) reason = terminatedReason(state.terminated, 'Init:');
    else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') reason = `Init:${state.waiting.reason}`;
    else reason = `Init:${i}/${initSpecs.length}`;
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let running = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] ?? {};
      const state = cs.state ?? {};
      restarts += int(cs.restartCount);
      lastRestart = later(lastRestart, lastTermination(cs));
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated) reason = terminatedReason(state.terminated, '');
      else if (cs.ready && state.running) {
        running = true;
        ready++;
      }
    }
    // A pod whose last container completed while others still run is not "Completed".
    if (reason === 'Completed' && running) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = !!pod.metadata?.deletionTimestamp;
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  let restartText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) restartText = `${restarts} (${since(new Date(lastRestart).toISOString(), now)} ago)`;
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

function readinessGates(pod: Obj): string {
  const gates = arr(pod.spec?.readinessGates);
  if (gates.length === 0) return '<none>';
  const conds = arr(pod.status?.conditions);
  let ok = 0;
  for (const g of gates) {
    const c = conds.find((x) => x?.type === g?.conditionType);
    if (c?.status === 'True') ok++;
  }
  return `${ok}/${gates.length}`;
}

export const podPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'Ready containers out of all containers of the pod.'),
    col('Status', 'A one-word summary of the pod and its containers.'),
    col('Restarts', 'How often the containers restarted, and how long ago the last restart was.'),
    AGE,
    wide('IP', 'The IP address of the pod.'),
    wide('Node', 'The node the pod is bound to.'),
    wide('Nominated Node', 'The node preemption freed room on for this pod.'),
    wide('Readiness Gates', 'Readiness gate conditions that are true, out of all gates.'),
  ],
  row(pod: Obj, now: number): PrintedRow {
    const s = podSummary(pod, now);
    const ip = str(arr(pod.status?.podIPs)[0]?.ip) || str(pod.status?.podIP) || '<none>';
    const cells = [nameOf(pod), s.ready, s.status, s.restarts, ageOf(pod, now), ip, str(pod.spec?.nodeName) || '<none>', str(pod.status?.nominatedNodeName) || '<none>', readinessGates(pod)];
    const phase = pod.status?.phase;
    return phase === 'Succeeded' ? { cells, conditions: SUCCEEDED } : phase === 'Failed' ? { cells, conditions: FAILED } : { cells };
  },
};
