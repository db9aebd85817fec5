// HPA status conditions: set one, keeping its transition time while the status stays the same.
import type { HorizontalPodAutoscalerCondition, HorizontalPodAutoscalerStatus } from '../../api/types/autoscaling-v2.js';

export type ConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

export interface ConditionValue {
  readonly type: ConditionType;
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
}

/** Sets c in status.conditions (in upstream's order of first appearance). */
export function setCondition(status: HorizontalPodAutoscalerStatus, c: ConditionValue, now: string): void {
  const list = (status.conditions ??= []);
  const existing = list.find((x) => x.type === c.type);
  if (existing) {
    if (existing.status !== c.status) existing.lastTransitionTime = now;
    existing.status = c.status;
    existing.reason = c.reason;
    existing.message = c.message;
    return;
  }
  const added: HorizontalPodAutoscalerCondition = { type: c.type, status: c.status, lastTransitionTime: now, reason: c.reason, message: c.message };
  list.push(added);
}
