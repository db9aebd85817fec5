// The status a ReplicaSet (or ReplicationController) reports, computed from its active pods
// (upstream's calculateStatus): replicas, fullyLabeledReplicas, readyReplicas, availableReplicas,
// observedGeneration, and the ReplicaFailure condition while creates or deletes fail.
import type { Pod } from '../../api/types/core-v1.js';
import { apiTime } from '../../client/index.js';
import { isPodAvailable, isPodReady } from '../pod-util.js';

export interface ReplicaCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface ReplicaStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaCondition[];
}

export const REPLICA_FAILURE = 'ReplicaFailure';

export interface StatusInput {
  readonly pods: readonly Readonly<Pod>[];
  readonly templateLabels: Readonly<Record<string, string>> | undefined;
  readonly minReadySeconds: number;
  readonly generation: number;
  readonly previous: Readonly<ReplicaStatus> | undefined;
  /** The error of this sync's creates/deletes, if any. */
  readonly manageError?: { readonly message: string; readonly scaleUp: boolean };
  readonly now: number;
}

function hasLabels(labels: Readonly<Record<string, string>> | undefined, want: readonly (readonly [string, string])[]): boolean {
  for (const [k, v] of want) if (labels?.[k] !== v) return false;
  return true;
}

export function calculateStatus(i: StatusInput): ReplicaStatus {
  let fully = 0;
  let ready = 0;
  let available = 0;
  const want = Object.entries(i.templateLabels ?? {});
  for (const p of i.pods) {
    if (hasLabels(p.metadata?.labels, want)) fully++;
    if (isPodReady(p)) {
      ready++;
      if (i.minReadySeconds <= 0 || isPodAvailable(p, i.minReadySeconds, i.now)) available++;
    }
  }
  const conditions = (i.previous?.conditions ?? []).map((c) => ({ ...c }));
  const failure = conditions.find((c) => c.type === REPLICA_FAILURE);
  let out = conditions;
  if (i.manageError && !failure) {
    out = [...conditions, { type: REPLICA_FAILURE, status: 'True', reason: i.manageError.scaleUp ? 'FailedCreate' : 'FailedDelete', message: i.manageError.message, lastTransitionTime: apiTime(i.now) }];
  } else if (!i.manageError && failure) {
    out = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }
  const status: ReplicaStatus = { replicas: i.pods.length, fullyLabeledReplicas: fully, readyReplicas: ready, availableReplicas: available, observedGeneration: i.generation };
  if (out.length) status.conditions = out;
  return status;
}

const num = (v: number | undefined) => v ?? 0;

/** Whether a write is needed (the fields this controller owns differ). */
export function statusChanged(prev: Readonly<ReplicaStatus> | undefined, next: ReplicaStatus): boolean {
  return (
    num(prev?.replicas) !== num(next.replicas) ||
    num(prev?.fullyLabeledReplicas) !== num(next.fullyLabeledReplicas) ||
    num(prev?.readyReplicas) !== num(next.readyReplicas) ||
    num(prev?.availableReplicas) !== num(next.availableReplicas) ||
    num(prev?.observedGeneration) !== num(next.observedGeneration) ||
    JSON.stringify(prev?.conditions ?? []) !== JSON.stringify(next.conditions ?? [])
  );
}
