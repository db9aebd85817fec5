// What a simulated node should do next with one of its pods, from the pod, what the node
// remembers about it and the time: write a stage's status, delete it, wait, or nothing.
// Pure: the runtime (pod-simulator.ts) carries the decisions out.
import type { Pod, PodStatus } from '../api/types/core-v1.js';
import { podBehaviour } from './annotations.js';
import { ephemeralView, type EphemeralStarts } from './ephemeral-status.js';
import { crashLoopStatus, creatingStatus, failedStatus, runningStatus, succeededStatus, terminatedStatus, type Placement } from './pod-status.js';

/** What the node keeps per pod. */
export interface PodRecord {
  readonly uid: string;
  /** When the node took the pod on (status.startTime). */
  readonly seenAt: number;
  podIP?: string;
  /** The stage whose status was last written. */
  written?: string;
  /** The resourceVersion the server gave that write. */
  writtenVersion?: string;
  /** When each ephemeral container starts (set when the node first sees it). */
  ephemeralStarts?: EphemeralStarts;
}

export interface PlanConfig {
  readonly hostIP: string;
  readonly startDelayMs: number;
  readonly runTimeMs: number;
  readonly crashBackoffMs: number;
  /** Hands out a pod IP (called at most once per pod, when its sandbox starts). */
  readonly allocateIp: () => string | undefined;
}

export type PodAction =
  | { readonly kind: 'status'; readonly stage: string; readonly status: PodStatus; readonly nextAt?: number }
  | { readonly kind: 'delete'; readonly status?: PodStatus }
  | { readonly kind: 'none'; readonly nextAt?: number };

export const MAX_CRASH_BACKOFF_MS = 300_000;

/** The kubelet's restart back-off after the k-th crash (k >= 1): base doubling, capped at 5 minutes. */
export const crashBackoff = (base: number, k: number): number => Math.min(base * 2 ** Math.min(k - 1, 30), MAX_CRASH_BACKOFF_MS);

export function planPod(pod: Readonly<Pod>, rec: PodRecord, now: number, cfg: PlanConfig): PodAction {
  const b = podBehaviour(pod);
  const startDelayMs = b.startDelayMs ?? cfg.startDelayMs;
  const runAt = rec.seenAt + startDelayMs;
  const place = (): Placement => ({ hostIP: cfg.hostIP, podIP: rec.podIP, startTime: rec.seenAt });
  const phase = pod.status?.phase;
  // Ephemeral containers' statuses join every stage's; their changes make stages of their own.
  const ephemeral = (status: PodStatus, podEndAt?: number): { key: string; nextAt?: number } | undefined => {
    if (!pod.spec?.ephemeralContainers?.length) return undefined;
    rec.ephemeralStarts ??= new Map();
    const view = ephemeralView(pod, rec.ephemeralStarts, now, { podRunAt: runAt, startDelayMs, runTimeMs: b.runTimeMs, podEndAt });
    if (!view) return undefined;
    status.ephemeralContainerStatuses = view.statuses;
    return view;
  };
  const stage = (name: string, status: PodStatus, nextAt?: number, podEndAt?: number): PodAction => {
    const view = ephemeral(status, podEndAt);
    if (!view) return { kind: 'status', stage: name, status, nextAt };
    const next = nextAt === undefined ? view.nextAt : view.nextAt === undefined ? nextAt : Math.min(nextAt, view.nextAt);
    return { kind: 'status', stage: `${name}/${view.key}`, status, nextAt: next };
  };

  if (pod.metadata?.deletionTimestamp) {
    const wasRunning = rec.written !== undefined && !rec.written.startsWith('creating') && phase !== 'Succeeded' && phase !== 'Failed';
    if (!wasRunning) return { kind: 'delete', status: undefined };
    const status = terminatedStatus(pod, place(), Math.min(runAt, now), now);
    ephemeral(status, now);
    return { kind: 'delete', status };
  }
  if (phase === 'Succeeded' || phase === 'Failed') return { kind: 'none' };

  if (now < runAt) return stage('creating', creatingStatus(pod, place()), runAt);

  rec.podIP ??= cfg.allocateIp();
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (b.fail !== undefined || (b.crash !== undefined && policy === 'Never')) {
    return stage('failed', failedStatus(pod, place(), b.fail ?? b.crash ?? 1, runAt, runAt), undefined, runAt);
  }
  if (b.crash !== undefined) {
    let k = 1;
    let at = runAt;
    while (at + crashBackoff(cfg.crashBackoffMs, k) <= now) {
      at += crashBackoff(cfg.crashBackoffMs, k);
      k++;
    }
    const backoffMs = crashBackoff(cfg.crashBackoffMs, k);
    return stage(`crash-${k}`, crashLoopStatus(pod, place(), { restarts: k, exitCode: b.crash, lastStartedAt: at, lastFinishedAt: at, backoffMs }), at + backoffMs);
  }
  const runTime = b.runTimeMs ?? cfg.runTimeMs;
  if (policy !== 'Always' && runTime > 0) {
    const doneAt = runAt + runTime;
    if (now >= doneAt) return stage('succeeded', succeededStatus(pod, place(), runAt, doneAt), undefined, doneAt);
    return stage(b.neverReady ? 'not-ready' : 'running', runningStatus(pod, place(), runAt, !b.neverReady), doneAt);
  }
  return stage(b.neverReady ? 'not-ready' : 'running', runningStatus(pod, place(), runAt, !b.neverReady));
}

const READINESS = ['Ready', 'ContainersReady'] as const;

/**
 * Whether someone else changed the phase or readiness the node last wrote (the node lifecycle
 * controller marks the pods of a node it lost not ready): the kubelet then writes its status
 * again. Only a pod newer than that write counts, so a cache still behind the write is no reason.
 * Resource versions are compared as numbers (both this API server's and upstream's are).
 */
export function statusDrifted(pod: Readonly<Pod>, rec: Readonly<PodRecord>, status: Readonly<PodStatus>): boolean {
  const seen = Number(pod.metadata?.resourceVersion);
  const wrote = Number(rec.writtenVersion);
  if (!Number.isSafeInteger(seen) || !Number.isSafeInteger(wrote) || seen <= wrote) return false;
  if (status.phase !== undefined && pod.status?.phase !== status.phase) return true;
  return READINESS.some((type) => {
    const want = status.conditions?.find((c) => c.type === type)?.status;
    return want !== undefined && pod.status?.conditions?.find((c) => c.type === type)?.status !== want;
  });
}
