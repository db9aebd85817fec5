// Ephemeral containers (added through pods/ephemeralcontainers, e.g. by `kubectl debug`) as a
// kubelet runs them: each waits (ContainerCreating) from when the node first sees it until the
// pod runs and the start delay has passed, then runs, and ends when its run time is over or when
// the pod ends. They are never restarted, never ready, and report no `started` (the kubelet's
// startup probing covers only app containers). Pure: pod-plan.ts puts the result in the status.
import type { ContainerState, ContainerStatus, Pod } from '../api/types/core-v1.js';
import { apiTime } from '../client/index.js';
import { containerId, imageId, normalizeImage } from './pod-status.js';

/** When the node starts an ephemeral container; kept in the node's record of the pod. */
export type EphemeralStarts = Map<string, number>;

export interface EphemeralTiming {
  /** When the pod's app containers run (ephemeral containers never start before). */
  readonly podRunAt: number;
  readonly startDelayMs: number;
  /** Run time of each ephemeral container from its start; undefined or 0: until the pod ends. */
  readonly runTimeMs?: number;
  /** When the pod ended (finished, or stopped for deletion), if it did. */
  readonly podEndAt?: number;
}

export interface EphemeralView {
  readonly statuses: ContainerStatus[];
  /** Changes whenever a container changes state (part of the stage the node last wrote). */
  readonly key: string;
  /** The next change, if one is due. */
  readonly nextAt?: number;
}

const time = (v: string | undefined): number => (v ? Date.parse(v) : NaN);

/** The start time of a container the node already reported on (it keeps it across restarts). */
function reportedStart(pod: Readonly<Pod>, name: string): number {
  const cs = pod.status?.ephemeralContainerStatuses?.find((s) => s.name === name);
  return time(cs?.state?.running?.startedAt ?? cs?.state?.terminated?.startedAt);
}

export function ephemeralView(pod: Readonly<Pod>, starts: EphemeralStarts, now: number, t: EphemeralTiming): EphemeralView | undefined {
  const specs = pod.spec?.ephemeralContainers ?? [];
  if (!specs.length) return undefined;
  const statuses: ContainerStatus[] = [];
  const key: string[] = [];
  let nextAt: number | undefined;
  const due = (at: number) => {
    if (at > now && (nextAt === undefined || at < nextAt)) nextAt = at;
  };
  for (const c of specs) {
    const name = c.name ?? '';
    let startAt = starts.get(name);
    if (startAt === undefined) {
      const reported = reportedStart(pod, name);
      startAt = Number.isFinite(reported) ? reported : Math.max(now + t.startDelayMs, t.podRunAt);
      starts.set(name, startAt);
    }
    const ownEnd = t.runTimeMs ? startAt + t.runTimeMs : undefined;
    const endAt = t.podEndAt !== undefined ? Math.min(ownEnd ?? Infinity, t.podEndAt) : ownEnd;
    const never = t.podEndAt !== undefined && startAt > t.podEndAt;
    let state: ContainerState;
    let created = true;
    if (never || now < startAt) {
      state = { waiting: { reason: 'ContainerCreating' } };
      created = false;
      if (!never) due(startAt);
      key.push(`${name}=w`);
    } else if (endAt === undefined || now < endAt) {
      state = { running: { startedAt: apiTime(startAt) } };
      if (endAt !== undefined) due(endAt);
      key.push(`${name}=r`);
    } else {
      state = { terminated: { exitCode: 0, reason: 'Completed', startedAt: apiTime(startAt), finishedAt: apiTime(endAt), containerID: containerId(pod, name, 0) } };
      key.push(`${name}=t`);
    }
    const cs: ContainerStatus = { name, image: normalizeImage(c.image ?? ''), imageID: created ? imageId(c.image ?? '') : '', ready: false, restartCount: 0, state, lastState: {} };
    if (created) cs.containerID = containerId(pod, name, 0);
    statuses.push(cs);
  }
  return { statuses, key: key.join(','), nextAt };
}
