// What the HPA does between "the metrics want N replicas" and the replicas it sets (upstream's
// normalizeDesiredReplicas[WithBehaviors]): stabilisation over recent recommendations, then the
// min/max bounds and scaling rate limits, each outcome named by the reason upstream's conditions use.
// State (recommendations, recent scale events) is per HPA key and lives in the controller instance.
import type { HPAScalingRules, HorizontalPodAutoscalerBehavior } from '../../api/types/autoscaling-v2.js';

export interface Recommendation {
  readonly timestamp: number;
  readonly replicas: number;
}

export interface ScaleEvent {
  readonly timestamp: number;
  readonly change: number;
  outdated: boolean;
}

export interface Outcome {
  readonly replicas: number;
  readonly reason: string;
  readonly message: string;
}

export interface NormalizeInput {
  readonly key: string;
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly behavior?: HorizontalPodAutoscalerBehavior;
}

export interface Normalized {
  readonly replicas: number;
  /** AbleToScale (True) reason and message. */
  readonly stabilized: Outcome;
  /** ScalingLimited: limited is its status. */
  readonly limit: Outcome & { readonly limited: boolean };
}

/** --horizontal-pod-autoscaler-downscale-stabilization (default 5 min). */
export const DEFAULT_DOWNSCALE_STABILIZATION_MS = 5 * 60_000;
const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

const READY: Outcome = { replicas: 0, reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
const WITHIN_RANGE = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
const TOO_FEW = { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
const TOO_MANY = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
const UP_LIMIT = { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' };
const DOWN_LIMIT = { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' };
const DOWN_STABILIZED = { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
const UP_STABILIZED = { reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' };

/** Sum of the changes of the events in the last periodSeconds. */
export function changeInPeriod(periodSeconds: number, events: readonly ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.timestamp > cutoff) sum += e.change;
  return sum;
}

/** calculateScaleUpLimitWithScalingRules. */
export function scaleUpLimit(current: number, up: readonly ScaleEvent[], down: readonly ScaleEvent[], rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max;
  let result = rules.selectPolicy === 'Min' ? INT32_MAX : INT32_MIN;
  for (const p of rules.policies ?? []) {
    const start = current - changeInPeriod(p.periodSeconds ?? 0, up, now) + changeInPeriod(p.periodSeconds ?? 0, down, now);
    const proposed = p.type === 'Pods' ? start + (p.value ?? 0) : Math.ceil(start * (1 + (p.value ?? 0) / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors. */
export function scaleDownLimit(current: number, up: readonly ScaleEvent[], down: readonly ScaleEvent[], rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pick = rules.selectPolicy === 'Min' ? Math.max : Math.min;
  let result = rules.selectPolicy === 'Min' ? INT32_MIN : INT32_MAX;
  for (const p of rules.policies ?? []) {
    const start = current - changeInPeriod(p.periodSeconds ?? 0, up, now) + changeInPeriod(p.periodSeconds ?? 0, down, now);
    const proposed = p.type === 'Pods' ? start - (p.value ?? 0) : Math.trunc(start * (1 - (p.value ?? 0) / 100));
    result = pick(result, proposed);
  }
  return result;
}

const longestPeriodSeconds = (rules: HPAScalingRules | undefined): number => Math.max(0, ...(rules?.policies ?? []).map((p) => p.periodSeconds ?? 0));

export class ReplicaNormalizer {
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly scaleUpEvents = new Map<string, ScaleEvent[]>();
  private readonly scaleDownEvents = new Map<string, ScaleEvent[]>();

  constructor(private readonly now: () => number, private readonly downscaleStabilizationMs = DEFAULT_DOWNSCALE_STABILIZATION_MS) {}

  /** recordInitialRecommendation: the current size counts as a recommendation the first time an HPA is seen. */
  recordInitial(key: string, currentReplicas: number): void {
    if (!this.recommendations.has(key)) this.recommendations.set(key, [{ timestamp: this.now(), replicas: currentReplicas }]);
  }

  forget(key: string): void {
    this.recommendations.delete(key);
    this.scaleUpEvents.delete(key);
    this.scaleDownEvents.delete(key);
  }

  normalize(i: NormalizeInput): Normalized {
    return i.behavior ? this.withBehaviors(i, i.behavior) : this.withoutBehaviors(i);
  }

  /** storeScaleEvent: only HPAs with behavior keep scale events. */
  recordScale(key: string, behavior: HorizontalPodAutoscalerBehavior | undefined, prev: number, next: number): void {
    if (!behavior || prev === next) return;
    const up = next > prev;
    const map = up ? this.scaleUpEvents : this.scaleDownEvents;
    const events = map.get(key) ?? [];
    const cutoff = this.now() - longestPeriodSeconds(up ? behavior.scaleUp : behavior.scaleDown) * 1000;
    for (const e of events) if (e.timestamp < cutoff) e.outdated = true;
    const event: ScaleEvent = { timestamp: this.now(), change: up ? next - prev : prev - next, outdated: false };
    const old = events.findIndex((e) => e.outdated);
    if (old >= 0) events[old] = event;
    else events.push(event);
    map.set(key, events);
  }

  private record(key: string, replicas: number, isOld: (r: Recommendation) => boolean): void {
    const recs = this.recommendations.get(key) ?? [];
    const rec = { timestamp: this.now(), replicas };
    const old = recs.findIndex(isOld);
    if (old >= 0) recs[old] = rec;
    else recs.push(rec);
    this.recommendations.set(key, recs);
  }

  private withoutBehaviors(i: NormalizeInput): Normalized {
    const cutoff = this.now() - this.downscaleStabilizationMs;
    let stabilized = i.desiredReplicas;
    for (const r of this.recommendations.get(i.key) ?? []) if (r.timestamp >= cutoff && r.replicas > stabilized) stabilized = r.replicas;
    this.record(i.key, i.desiredReplicas, (r) => r.timestamp < cutoff);
    const ableToScale = stabilized !== i.desiredReplicas ? { replicas: stabilized, ...DOWN_STABILIZED } : READY;
    const upLimit = Math.max(2 * i.currentReplicas, 4);
    let limit: Outcome;
    if (stabilized < i.minReplicas) limit = { replicas: i.minReplicas, ...TOO_FEW };
    else {
      const [max, why] = i.maxReplicas > upLimit ? [upLimit, UP_LIMIT] : [i.maxReplicas, TOO_MANY];
      limit = stabilized > max ? { replicas: max, ...why } : { replicas: stabilized, ...WITHIN_RANGE };
    }
    return { replicas: limit.replicas, stabilized: ableToScale, limit: { ...limit, limited: limit.replicas !== stabilized } };
  }

  private withBehaviors(i: NormalizeInput, behavior: HorizontalPodAutoscalerBehavior): Normalized {
    const now = this.now();
    const upWindow = (behavior.scaleUp?.stabilizationWindowSeconds ?? 0) * 1000;
    const downWindow = (behavior.scaleDown?.stabilizationWindowSeconds ?? this.downscaleStabilizationMs / 1000) * 1000;
    const upCutoff = now - upWindow;
    const downCutoff = now - downWindow;
    let upRec = i.desiredReplicas;
    let downRec = i.desiredReplicas;
    for (const r of this.recommendations.get(i.key) ?? []) {
      if (r.timestamp > upCutoff) upRec = Math.min(r.replicas, upRec);
      if (r.timestamp > downCutoff) downRec = Math.max(r.replicas, downRec);
    }
    let stabilized = i.currentReplicas;
    if (stabilized < upRec) stabilized = upRec;
    if (stabilized > downRec) stabilized = downRec;
    this.record(i.key, i.desiredReplicas, (r) => r.timestamp < upCutoff && r.timestamp < downCutoff);
    const why = i.desiredReplicas >= i.currentReplicas ? UP_STABILIZED : DOWN_STABILIZED;
    const ableToScale = stabilized !== i.desiredReplicas ? { replicas: stabilized, ...why } : READY;
    const limit = this.rateLimited({ ...i, desiredReplicas: stabilized }, behavior, now);
    return { replicas: limit.replicas, stabilized: ableToScale, limit: { ...limit, limited: limit.replicas !== stabilized } };
  }

  /** convertDesiredReplicasWithBehaviorRate. */
  private rateLimited(i: NormalizeInput, behavior: HorizontalPodAutoscalerBehavior, now: number): Outcome {
    const up = this.scaleUpEvents.get(i.key) ?? [];
    const down = this.scaleDownEvents.get(i.key) ?? [];
    if (i.desiredReplicas > i.currentReplicas) {
      const limit = Math.max(scaleUpLimit(i.currentReplicas, up, down, behavior.scaleUp ?? {}, now), i.currentReplicas);
      const [max, why] = i.maxReplicas > limit ? [limit, UP_LIMIT] : [i.maxReplicas, TOO_MANY];
      if (i.desiredReplicas > max) return { replicas: max, ...why };
    } else if (i.desiredReplicas < i.currentReplicas) {
      const limit = Math.min(scaleDownLimit(i.currentReplicas, up, down, behavior.scaleDown ?? {}, now), i.currentReplicas);
      const [min, why] = i.minReplicas < limit ? [limit, DOWN_LIMIT] : [i.minReplicas, TOO_FEW];
      if (i.desiredReplicas < min) return { replicas: min, ...why };
    }
    return { replicas: i.desiredReplicas, ...WITHIN_RANGE };
  }
}
