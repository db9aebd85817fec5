// Job conditions: set one (a new type is appended; an existing one keeps its transition time
// unless its status changes), in upstream's shape (lastProbeTime = lastTransitionTime = now).
import type { JobCondition, JobStatus } from '../../api/types/batch-v1.js';
import { apiTime } from '../../client/index.js';

/** Sets the condition on status; true when anything changed. */
export function setCondition(status: JobStatus, type: string, value: 'True' | 'False', reason: string, message: string, now: number): boolean {
  const conds = (status.conditions ??= []);
  const i = conds.findIndex((c) => c.type === type);
  const at = apiTime(now);
  const next: JobCondition = { type, status: value, lastProbeTime: at, lastTransitionTime: at, reason, message };
  if (i < 0) {
    conds.push(next);
    return true;
  }
  const cur = conds[i]!;
  if (cur.status === value && cur.reason === reason && cur.message === message) return false;
  if (cur.status === value) next.lastTransitionTime = cur.lastTransitionTime;
  conds[i] = next;
  return true;
}

export const hasTrueCondition = (status: Readonly<JobStatus>, type: string): Readonly<JobCondition> | undefined =>
  status.conditions?.find((c) => c.type === type && c.status === 'True');
