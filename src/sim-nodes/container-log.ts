// What a simulated container prints, derived from its pod (annotations and container status)
// and the time, so every container instance has its own log and `--previous` reads the last
// terminated one. Pure: the kubelet endpoint (kubelet-server/container-logs.ts) streams it.
//
//   sim.k8ts.io/log: TEXT               every container prints TEXT (one line per line) when it starts
//   sim.k8ts.io/log.CONTAINER: TEXT     the same for one container (wins over sim.k8ts.io/log)
//   sim.k8ts.io/log-every-ms: "MS"      then prints a line every MS while it runs
//   sim.k8ts.io/log-line: TEXT          that line ({n}: its number from 1, {container}, {pod}); default "{container} line {n}"
//
// Nothing on the sim host is read on a pod author's behalf: the text comes from the pod only.
import type { ContainerStatus, Pod } from '../api/types/core-v1.js';

export const LOG_ANNOTATION = 'sim.k8ts.io/log';
export const LOG_CONTAINER_ANNOTATION_PREFIX = 'sim.k8ts.io/log.';
export const LOG_EVERY_ANNOTATION = 'sim.k8ts.io/log-every-ms';
export const LOG_LINE_ANNOTATION = 'sim.k8ts.io/log-line';

/** Shortest period honoured for periodic lines. */
export const MIN_LOG_EVERY_MS = 10;
/** Periodic lines kept per container run (older ones are gone, as from a rotated log). */
export const MAX_PERIODIC_LINES = 100_000;

export interface LogLine {
  /** When the line was written (ms since the epoch). */
  readonly at: number;
  readonly text: string;
}

/** One run of a container: from its start until it ended (endAt undefined while it runs). */
export interface ContainerInstance {
  readonly startedAt: number;
  readonly endAt?: number;
  /** Tells this run from the next (the container's restart count at the time). */
  readonly restartCount: number;
}

/** Why there is no log to read, in the kubelet's words (a 400 for the client). */
export class ContainerLogError extends Error {
  override readonly name = 'ContainerLogError';
  readonly code = 'SIM_CONTAINER_LOG';
}

const time = (v: string | undefined): number => (v ? Date.parse(v) : NaN);

function statusOf(pod: Readonly<Pod>, container: string): ContainerStatus | undefined {
  const s = pod.status;
  for (const list of [s?.containerStatuses, s?.initContainerStatuses, s?.ephemeralContainerStatuses]) {
    const found = list?.find((c) => c.name === container);
    if (found) return found;
  }
  return undefined;
}

/**
 * The container run a log request reads (the kubelet's rules): the last terminated run with
 * `previous`, else the running one, else the one that ended; a waiting container has none.
 */
export function logInstance(pod: Readonly<Pod>, container: string, previous: boolean): ContainerInstance {
  const podName = pod.metadata?.name ?? '';
  const cs = statusOf(pod, container);
  if (!cs) throw new ContainerLogError(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is waiting to start: ContainerCreating`);
  const last = cs.lastState?.terminated;
  const restarts = cs.restartCount ?? 0;
  if (previous) {
    if (!last?.containerID) throw new ContainerLogError(`previous terminated container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} not found`);
    return { startedAt: time(last.startedAt), endAt: time(last.finishedAt), restartCount: restarts - 1 };
  }
  const st = cs.state ?? {};
  if (st.running) return { startedAt: time(st.running.startedAt), restartCount: restarts };
  if (st.terminated) return { startedAt: time(st.terminated.startedAt), endAt: time(st.terminated.finishedAt), restartCount: restarts };
  if (last?.containerID) return { startedAt: time(last.startedAt), endAt: time(last.finishedAt), restartCount: restarts - 1 };
  if (st.waiting) {
    const reason = st.waiting.reason ?? '';
    if (reason === 'ErrImagePull') throw new ContainerLogError(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff') throw new ContainerLogError(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is waiting to start: trying and failing to pull image`);
    throw new ContainerLogError(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is waiting to start: ${reason}`);
  }
  throw new ContainerLogError(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is waiting to start - no logs yet`);
}

/** The period of a pod's periodic lines, or undefined. */
export function logEveryMs(pod: Readonly<Pod>): number | undefined {
  const v = pod.metadata?.annotations?.[LOG_EVERY_ANNOTATION];
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
  const n = Number(v);
  return n > 0 ? Math.max(n, MIN_LOG_EVERY_MS) : undefined;
}

function startText(pod: Readonly<Pod>, container: string): string[] {
  const a = pod.metadata?.annotations ?? {};
  const text = a[`${LOG_CONTAINER_ANNOTATION_PREFIX}${container}`] ?? a[LOG_ANNOTATION];
  if (text === undefined || text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function periodicText(pod: Readonly<Pod>, container: string, n: number): string {
  const template = pod.metadata?.annotations?.[LOG_LINE_ANNOTATION] ?? '{container} line {n}';
  return template.replaceAll('{n}', String(n)).replaceAll('{container}', container).replaceAll('{pod}', pod.metadata?.name ?? '');
}

/** Every line the run wrote up to `until` (ms), oldest first. */
export function instanceLines(pod: Readonly<Pod>, container: string, run: ContainerInstance, until: number): LogLine[] {
  if (!Number.isFinite(run.startedAt)) return [];
  const end = Math.min(until, run.endAt ?? Infinity);
  if (end < run.startedAt) return [];
  const out: LogLine[] = startText(pod, container).map((text) => ({ at: run.startedAt, text }));
  const every = logEveryMs(pod);
  if (!every) return out;
  // Like a rotated log file, only the newest MAX_PERIODIC_LINES periodic lines are kept.
  const last = Math.floor((end - run.startedAt) / every);
  const first = Math.max(1, last - MAX_PERIODIC_LINES + 1);
  if (first > 1) out.length = 0;
  for (let n = first; n <= last; n++) out.push({ at: run.startedAt + n * every, text: periodicText(pod, container, n) });
  return out;
}

/** The periodic lines written after `after` (exclusive) up to `until` (inclusive). */
export function linesBetween(pod: Readonly<Pod>, container: string, run: ContainerInstance, after: number, until: number): LogLine[] {
  return instanceLines(pod, container, run, until).filter((l) => l.at > after);
}

/** The kubelet's timestamp prefix: RFC 3339 with nine fraction digits, UTC. */
export function logTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
