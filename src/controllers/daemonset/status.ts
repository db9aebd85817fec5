// The status a DaemonSet reports (upstream's updateDaemonSetStatus): per node that should run a
// pod, whether one is there (scheduled or pinned), whether the oldest is ready, available and
// updated; pods on nodes that should not run one are misscheduled.
import type { DaemonSet, DaemonSetStatus } from '../../api/types/apps-v1.js';
import { isPodAvailable, isPodReady } from '../pod-util.js';
import { isPodUpdated, nodeViews, type DaemonPlanInput } from './plan.js';

export function computeDaemonSetStatus(i: DaemonPlanInput & { readonly collisionCount: number }): DaemonSetStatus {
  const s = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, numberAvailable: 0, updatedNumberScheduled: 0 };
  const minReady = i.ds.spec?.minReadySeconds ?? 0;
  for (const v of nodeViews(i).views) {
    const scheduled = v.pods.length > 0;
    if (!v.shouldRun) {
      if (scheduled) s.numberMisscheduled++;
      continue;
    }
    s.desiredNumberScheduled++;
    if (!scheduled) continue;
    s.currentNumberScheduled++;
    const pod = v.pods[0]!;
    if (isPodReady(pod)) {
      s.numberReady++;
      if (isPodAvailable(pod, minReady, i.now)) s.numberAvailable++;
    }
    if (isPodUpdated(pod, i.hash, i.ds)) s.updatedNumberScheduled++;
  }
  const out: DaemonSetStatus = { ...s, numberUnavailable: s.desiredNumberScheduled - s.numberAvailable, observedGeneration: i.ds.metadata?.generation ?? 0 };
  // Upstream sets collisionCount only once a collision happened.
  if (i.collisionCount > 0 || i.ds.status?.collisionCount !== undefined) out.collisionCount = i.collisionCount;
  if (i.ds.status?.conditions?.length) out.conditions = i.ds.status.conditions;
  return out;
}

const FIELDS = [
  'desiredNumberScheduled', 'currentNumberScheduled', 'numberMisscheduled', 'numberReady', 'numberAvailable',
  'updatedNumberScheduled', 'numberUnavailable', 'observedGeneration', 'collisionCount',
] as const;

export const daemonStatusChanged = (prev: Readonly<DaemonSetStatus> | undefined, next: Readonly<DaemonSetStatus>): boolean => FIELDS.some((f) => (prev?.[f] ?? 0) !== (next[f] ?? 0));

/** A ready pod that is not yet available becomes so after this long (undefined: none waiting). */
export function nextAvailableInMs(ds: Readonly<DaemonSet>, status: Readonly<DaemonSetStatus>): number | undefined {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  return minReady > 0 && (status.numberReady ?? 0) > (status.numberAvailable ?? 0) ? minReady * 1000 : undefined;
}
