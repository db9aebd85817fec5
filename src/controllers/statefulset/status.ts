// The status a StatefulSet reports (upstream's computeReplicaStatus and completeRollingUpdate):
// counts over its created pods, the revisions, and the current revision catching up with the
// update revision once every pod is updated and ready.
import type { StatefulSet, StatefulSetStatus } from '../../api/types/apps-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import { isPodAvailable } from '../pod-util.js';
import { podRevision } from './identity.js';
import { isCreated, isRunningAndReady, isTerminating } from './plan.js';

export interface StatusInput {
  readonly set: Readonly<StatefulSet>;
  readonly pods: readonly Readonly<Pod>[];
  readonly currentRevision: string;
  readonly updateRevision: string;
  readonly collisionCount: number;
  readonly now: number;
}

export function computeStatus(i: StatusInput): StatefulSetStatus {
  const minReady = i.set.spec?.minReadySeconds ?? 0;
  const s: StatefulSetStatus = {
    observedGeneration: i.set.metadata?.generation ?? 0,
    replicas: 0,
    readyReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    availableReplicas: 0,
    currentRevision: i.currentRevision,
    updateRevision: i.updateRevision,
    collisionCount: i.collisionCount,
  };
  for (const p of i.pods) {
    if (isCreated(p)) s.replicas!++;
    if (isRunningAndReady(p)) {
      s.readyReplicas!++;
      if (isPodAvailable(p, minReady, i.now)) s.availableReplicas!++;
    }
    if (isCreated(p) && !isTerminating(p)) {
      const rev = podRevision(p);
      if (rev === i.currentRevision) s.currentReplicas!++;
      if (rev === i.updateRevision) s.updatedReplicas!++;
    }
  }
  if (i.set.status?.conditions?.length) s.conditions = i.set.status.conditions;
  return completeRollingUpdate(i.set, s);
}

/** Once a rolling update has updated every pod and all are ready, the update revision becomes current. */
export function completeRollingUpdate(set: Readonly<StatefulSet>, s: StatefulSetStatus): StatefulSetStatus {
  if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && s.updatedReplicas === s.replicas && s.readyReplicas === s.replicas) {
    return { ...s, currentReplicas: s.updatedReplicas, currentRevision: s.updateRevision };
  }
  return s;
}

const FIELDS = ['observedGeneration', 'replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'currentRevision', 'updateRevision', 'collisionCount'] as const;

export const statusChanged = (prev: Readonly<StatefulSetStatus> | undefined, next: Readonly<StatefulSetStatus>): boolean =>
  FIELDS.some((f) => (prev?.[f] ?? 0) !== (next[f] ?? 0));
