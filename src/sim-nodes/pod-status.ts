// Pod statuses as a kubelet reports them at each stage of a pod's life: creating, running
// (ready or not), crash-looping, failed, succeeded, and terminated for deletion. Pure functions.
import { createHash } from 'node:crypto';
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from '../api/types/core-v1.js';
import { apiTime } from '../client/index.js';

export interface Placement {
  readonly hostIP: string;
  /** Set once the sandbox has a network (running and later). */
  readonly podIP?: string;
  /** When the node accepted the pod (status.startTime). */
  readonly startTime: number;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** "busybox" -> "docker.io/library/busybox:latest", as containerd reports image names. */
export function normalizeImage(image: string): string {
  let ref = image || 'unknown';
  const first = ref.split('/')[0]!;
  const hasRegistry = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) ref = ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  if (!last.includes(':') && !last.includes('@')) ref += ':latest';
  return ref;
}

export const imageId = (image: string) => {
  const n = normalizeImage(image);
  const repo = n.includes('@') ? n.slice(0, n.indexOf('@')) : n.slice(0, n.lastIndexOf(':'));
  return `${repo}@sha256:${sha(`image:${n}`)}`;
};

export const containerId = (pod: Readonly<Pod>, name: string, restart: number) => `containerd://${sha(`${pod.metadata?.uid}/${name}/${restart}`)}`;

function condition(type: string, ok: boolean, at: number, reason?: string, message?: string): PodCondition {
  const c: PodCondition = { type, status: ok ? 'True' : 'False', lastTransitionTime: apiTime(at) };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

function conditions(pod: Readonly<Pod>, at: number, o: { sandbox: boolean; ready: boolean; notReadyReason?: string }): PodCondition[] {
  const names = (pod.spec?.containers ?? []).map((c) => c.name).join(' ');
  const reason = o.notReadyReason ?? 'ContainersNotReady';
  const message = reason === 'ContainersNotReady' ? `containers with unready status: [${names}]` : undefined;
  return [
    condition('PodReadyToStartContainers', o.sandbox, at),
    condition('Initialized', true, at),
    condition('Ready', o.ready, at, reason, message),
    condition('ContainersReady', o.ready, at, reason, message),
    condition('PodScheduled', true, at),
  ];
}

function base(pod: Readonly<Pod>, p: Placement, phase: string): PodStatus {
  const s: PodStatus = { phase, hostIP: p.hostIP, hostIPs: [{ ip: p.hostIP }], startTime: apiTime(p.startTime) };
  if (p.podIP) {
    s.podIP = p.podIP;
    s.podIPs = [{ ip: p.podIP }];
  }
  if (pod.status?.qosClass) s.qosClass = pod.status.qosClass;
  const inits = pod.spec?.initContainers ?? [];
  if (inits.length) {
    s.initContainerStatuses = inits.map((c) =>
      statusOf(pod, c, { terminated: { exitCode: 0, reason: 'Completed', startedAt: apiTime(p.startTime), finishedAt: apiTime(p.startTime), containerID: containerId(pod, c.name ?? '', 0) } }, { ready: true, started: false, restarts: 0 }),
    );
  }
  return s;
}

function statusOf(pod: Readonly<Pod>, c: Container, state: ContainerState, o: { ready: boolean; started: boolean; restarts: number; lastState?: ContainerState; created?: boolean }): ContainerStatus {
  const cs: ContainerStatus = {
    name: c.name,
    image: normalizeImage(c.image ?? ''),
    imageID: o.created === false ? '' : imageId(c.image ?? ''),
    ready: o.ready,
    started: o.started,
    restartCount: o.restarts,
    state,
    lastState: o.lastState ?? {},
  };
  if (o.created !== false) cs.containerID = containerId(pod, c.name ?? '', o.restarts);
  return cs;
}

const containers = (pod: Readonly<Pod>) => pod.spec?.containers ?? [];

export function creatingStatus(pod: Readonly<Pod>, p: Placement): PodStatus {
  return {
    ...base(pod, p, 'Pending'),
    conditions: conditions(pod, p.startTime, { sandbox: false, ready: false }),
    containerStatuses: containers(pod).map((c) => statusOf(pod, c, { waiting: { reason: 'ContainerCreating' } }, { ready: false, started: false, restarts: 0, created: false })),
  };
}

export function runningStatus(pod: Readonly<Pod>, p: Placement, runningAt: number, ready: boolean): PodStatus {
  return {
    ...base(pod, p, 'Running'),
    conditions: conditions(pod, runningAt, { sandbox: true, ready }),
    containerStatuses: containers(pod).map((c) => statusOf(pod, c, { running: { startedAt: apiTime(runningAt) } }, { ready, started: true, restarts: 0 })),
  };
}

export interface CrashInfo {
  readonly restarts: number;
  readonly exitCode: number;
  readonly lastStartedAt: number;
  readonly lastFinishedAt: number;
  readonly backoffMs: number;
}

export function crashLoopStatus(pod: Readonly<Pod>, p: Placement, k: CrashInfo): PodStatus {
  const name = pod.metadata?.name ?? '';
  const ns = pod.metadata?.namespace ?? '';
  return {
    ...base(pod, p, 'Running'),
    conditions: conditions(pod, k.lastFinishedAt, { sandbox: true, ready: false }),
    containerStatuses: containers(pod).map((c) =>
      statusOf(
        pod,
        c,
        { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${Math.round(k.backoffMs / 1000)}s restarting failed container=${c.name} pod=${name}_${ns}(${pod.metadata?.uid ?? ''})` } },
        {
          ready: false,
          started: false,
          restarts: k.restarts,
          lastState: { terminated: { exitCode: k.exitCode, reason: 'Error', startedAt: apiTime(k.lastStartedAt), finishedAt: apiTime(k.lastFinishedAt), containerID: containerId(pod, c.name ?? '', Math.max(0, k.restarts - 1)) } },
        },
      ),
    ),
  };
}

function finished(pod: Readonly<Pod>, p: Placement, phase: string, exitCode: number, reason: string, startedAt: number, finishedAt: number, readyReason: string): PodStatus {
  return {
    ...base(pod, p, phase),
    conditions: conditions(pod, finishedAt, { sandbox: false, ready: false, notReadyReason: readyReason }),
    containerStatuses: containers(pod).map((c) =>
      statusOf(pod, c, { terminated: { exitCode, reason, startedAt: apiTime(startedAt), finishedAt: apiTime(finishedAt), containerID: containerId(pod, c.name ?? '', 0) } }, { ready: false, started: false, restarts: 0 }),
    ),
  };
}

export const failedStatus = (pod: Readonly<Pod>, p: Placement, exitCode: number, startedAt: number, finishedAt: number): PodStatus =>
  finished(pod, p, 'Failed', exitCode, 'Error', startedAt, finishedAt, 'PodFailed');

export const succeededStatus = (pod: Readonly<Pod>, p: Placement, startedAt: number, finishedAt: number): PodStatus =>
  finished(pod, p, 'Succeeded', 0, 'Completed', startedAt, finishedAt, 'PodCompleted');

/** Containers stopped for a deletion (they exit cleanly on SIGTERM); the phase is left as it was. */
export function terminatedStatus(pod: Readonly<Pod>, p: Placement, startedAt: number, finishedAt: number): PodStatus {
  const s = finished(pod, p, pod.status?.phase ?? 'Running', 0, 'Completed', startedAt, finishedAt, 'ContainersNotReady');
  s.conditions = conditions(pod, finishedAt, { sandbox: false, ready: false });
  return s;
}
