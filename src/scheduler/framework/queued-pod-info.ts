// A pod as the scheduling queue holds it (upstream's QueuedPodInfo).
import type { PodInfo } from './pod-info.js';

export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was last added to the queue (ms), the tie-breaker of PrioritySort. */
  timestamp: number;
  /** Scheduling attempts so far; drives the back-off. */
  attempts: number;
  /** When the first attempt started (ms), for latency metrics. */
  initialAttemptTimestamp: number | undefined;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: Set<string>;
  /** Whether a PreEnqueue plugin (scheduling gates) holds the pod back. */
  gated: boolean;
}

export function newQueuedPodInfo(podInfo: PodInfo, now: number): QueuedPodInfo {
  return { podInfo, timestamp: now, attempts: 0, initialAttemptTimestamp: undefined, unschedulablePlugins: new Set(), gated: false };
}
