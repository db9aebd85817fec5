// Annotations that steer what a simulated node does with a pod.
import type { Pod } from '../api/types/core-v1.js';

export const ANNOTATION_PREFIX = 'sim.k8ts.io/';
/** Containers exit with this code (default 1) when they would start; the pod goes Failed. */
export const FAIL_ANNOTATION = 'sim.k8ts.io/fail';
/** Containers exit with this code (default 1) and are restarted with back-off (CrashLoopBackOff). */
export const CRASH_ANNOTATION = 'sim.k8ts.io/crash';
/** Containers run but never pass readiness (Ready=False). */
export const NEVER_READY_ANNOTATION = 'sim.k8ts.io/never-ready';
/** Per-pod override of the start delay, in ms. */
export const START_DELAY_ANNOTATION = 'sim.k8ts.io/start-delay-ms';
/** Per-pod override of the run time of pods that may finish, in ms (0: forever). */
export const RUN_TIME_ANNOTATION = 'sim.k8ts.io/run-time-ms';
/** What each running container of the pod uses, as metrics report it (a CPU quantity, e.g. "250m"; default: its request). */
export const CPU_USAGE_ANNOTATION = 'sim.k8ts.io/cpu-usage';
/** The same for memory (e.g. "64Mi"; default: its request, else 1Mi). */
export const MEMORY_USAGE_ANNOTATION = 'sim.k8ts.io/memory-usage';
/** Set on every node this simulator registers. */
export const NODE_ANNOTATION = 'sim.k8ts.io/simulated';

export interface PodBehaviour {
  /** Exit code when the pod fails at start. */
  readonly fail?: number;
  /** Exit code of every crash when the pod crash-loops. */
  readonly crash?: number;
  readonly neverReady: boolean;
  readonly startDelayMs?: number;
  readonly runTimeMs?: number;
}

const exitCode = (v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  return /^\d+$/.test(v.trim()) && n >= 0 && n <= 255 ? n : 1;
};

const ms = (v: string | undefined): number | undefined => (v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined);

const truthy = (v: string | undefined): boolean => v !== undefined && v !== 'false' && v !== '0';

export function podBehaviour(pod: Readonly<Pod>): PodBehaviour {
  const a = pod.metadata?.annotations ?? {};
  return {
    fail: exitCode(a[FAIL_ANNOTATION]),
    crash: exitCode(a[CRASH_ANNOTATION]),
    neverReady: truthy(a[NEVER_READY_ANNOTATION]),
    startDelayMs: ms(a[START_DELAY_ANNOTATION]),
    runTimeMs: ms(a[RUN_TIME_ANNOTATION]),
  };
}
