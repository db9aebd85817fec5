// The replica calculation of upstream's HPA (pkg/controller/podautoscaler/replica_calculator.go),
// pure: from the target's pods and their metrics, the replica count that brings the metric to its
// target. Pods being deleted or failed are ignored; pods without a metric are "missing"; for cpu,
// pods still starting (not ready, or whose sample predates readiness) are "unready". A ratio
// within the tolerance keeps the current count; missing pods count as at target when scaling down
// and as idle when scaling up, unready pods as idle when scaling up, and when that assumption
// flips the direction or brings the ratio within tolerance nothing changes.
import { podReadyCondition } from '../../api/pod-conditions.js';
import type { Pod } from '../../api/types/core-v1.js';
import { parseApiTime } from '../../client/index.js';
import { milliValue } from './quantities.js';

/** One pod's sample (values in milli-units, as upstream's metrics client returns them). */
export interface PodMetric {
  readonly timestamp: number;
  readonly windowMs: number;
  readonly value: number;
}

export type PodMetricsInfo = ReadonlyMap<string, PodMetric>;

export interface CalculatorOptions {
  /** Upstream's --horizontal-pod-autoscaler-tolerance (default 0.1). */
  readonly tolerance: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period (default 5 min). */
  readonly cpuInitializationPeriodMs: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay (default 30 s). */
  readonly delayOfInitialReadinessStatusMs: number;
}

export const DEFAULT_CALCULATOR_OPTIONS: CalculatorOptions = Object.freeze({ tolerance: 0.1, cpuInitializationPeriodMs: 5 * 60_000, delayOfInitialReadinessStatusMs: 30_000 });

export type Calculation<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: string };

export interface ResourceUtilizationResult {
  readonly replicas: number;
  /** Percent of request (int32 as upstream). */
  readonly utilization: number;
  /** Average usage per pod, milli-units. */
  readonly rawUtilization: number;
}

interface PodGroups {
  readyPodCount: number;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

/** groupPods: which pods count, which are unready, missing or ignored. */
export function groupPods(pods: readonly Readonly<Pod>[], metrics: PodMetricsInfo, resource: string, now: number, o: CalculatorOptions): PodGroups {
  const g: PodGroups = { readyPodCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Failed') {
      g.ignored.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      g.unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      g.missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const cond = podReadyCondition(pod);
      const start = parseApiTime(pod.status?.startTime);
      let unready: boolean;
      if (!cond || !Number.isFinite(start)) {
        unready = true;
      } else {
        const transition = parseApiTime(cond.lastTransitionTime);
        if (start + o.cpuInitializationPeriodMs > now) {
          unready = cond.status === 'False' || metric.timestamp < transition + metric.windowMs;
        } else {
          unready = cond.status === 'False' && start + o.delayOfInitialReadinessStatusMs > transition;
        }
      }
      if (unready) {
        g.unready.add(name);
        continue;
      }
    }
    g.readyPodCount++;
  }
  return g;
}

/** Requests of resource per pod (milli); an error names the first container without one. */
export function podRequests(pods: readonly Readonly<Pod>[], resource: string, container?: string): Calculation<{ requests: Map<string, number> }> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    for (const c of pod.spec?.containers ?? []) {
      if (container && c.name !== container) continue;
      const q = c.resources?.requests?.[resource];
      if (q === undefined) return { ok: false, error: `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name}` };
      sum += milliValue(q);
    }
    requests.set(pod.metadata?.name ?? '', sum);
  }
  return { ok: true, requests };
}

/** GetResourceUtilizationRatio. */
export function utilizationRatio(metrics: PodMetricsInfo, requests: ReadonlyMap<string, number>, targetUtilization: number): Calculation<{ ratio: number; utilization: number; rawUtilization: number }> {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entities = 0;
  for (const [pod, m] of metrics) {
    const r = requests.get(pod);
    if (r === undefined) continue;
    requestsTotal += r;
    metricsTotal += m.value;
    entities++;
  }
  if (requestsTotal === 0) return { ok: false, error: 'no metrics returned matched known pods' };
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ok: true, ratio: utilization / targetUtilization, utilization, rawUtilization: Math.trunc(metricsTotal / entities) };
}

const withoutPods = (metrics: PodMetricsInfo, drop: ReadonlySet<string>): Map<string, PodMetric> => new Map([...metrics].filter(([name]) => !drop.has(name)));

interface Adjust {
  readonly currentReplicas: number;
  readonly groups: PodGroups;
  readonly metrics: Map<string, PodMetric>;
  readonly ratio: number;
  /** The value a missing pod is assumed to have when scaling down. */
  readonly atTarget: (pod: string) => number;
  readonly recompute: (metrics: PodMetricsInfo) => number;
  readonly tolerance: number;
}

/** The shared tail of every calculation: tolerance, then the missing/unready assumptions. */
function adjustedReplicas(a: Adjust): number {
  const within = (r: number) => Math.abs(1 - r) <= a.tolerance;
  const scaleUpWithUnready = a.groups.unready.size > 0 && a.ratio > 1;
  if (!scaleUpWithUnready && a.groups.missing.size === 0) {
    return within(a.ratio) ? a.currentReplicas : Math.ceil(a.ratio * a.groups.readyPodCount);
  }
  const metrics = new Map(a.metrics);
  if (a.groups.missing.size > 0 && a.ratio !== 1) {
    for (const pod of a.groups.missing) metrics.set(pod, { timestamp: 0, windowMs: 0, value: a.ratio < 1 ? a.atTarget(pod) : 0 });
  }
  if (scaleUpWithUnready) for (const pod of a.groups.unready) metrics.set(pod, { timestamp: 0, windowMs: 0, value: 0 });
  const newRatio = a.recompute(metrics);
  if (within(newRatio) || (a.ratio > 1 && newRatio < 1) || (a.ratio < 1 && newRatio > 1)) return a.currentReplicas;
  const replicas = Math.ceil(newRatio * metrics.size);
  if ((newRatio < 1 && replicas > a.currentReplicas) || (newRatio > 1 && replicas < a.currentReplicas)) return a.currentReplicas;
  return replicas;
}

export interface ResourceInput {
  readonly currentReplicas: number;
  readonly resource: string;
  readonly container?: string;
  readonly pods: readonly Readonly<Pod>[];
  readonly metrics: PodMetricsInfo;
  readonly now: number;
}

/** GetResourceReplicas: a target utilization (percent of request). */
export function resourceUtilizationReplicas(input: ResourceInput, targetUtilization: number, o: CalculatorOptions = DEFAULT_CALCULATOR_OPTIONS): Calculation<ResourceUtilizationResult> {
  if (input.pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  const groups = groupPods(input.pods, input.metrics, input.resource, input.now, o);
  const metrics = withoutPods(input.metrics, new Set([...groups.ignored, ...groups.unready]));
  const req = podRequests(input.pods, input.resource, input.container);
  if (!req.ok) return req;
  if (metrics.size === 0) return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };
  const first = utilizationRatio(metrics, req.requests, targetUtilization);
  if (!first.ok) return first;
  const replicas = adjustedReplicas({
    currentReplicas: input.currentReplicas,
    groups,
    metrics,
    ratio: first.ratio,
    atTarget: (pod) => req.requests.get(pod) ?? 0,
    recompute: (m) => {
      const r = utilizationRatio(m, req.requests, targetUtilization);
      return r.ok ? r.ratio : first.ratio;
    },
    tolerance: o.tolerance,
  });
  return { ok: true, replicas, utilization: first.utilization, rawUtilization: first.rawUtilization };
}

const averageOf = (metrics: PodMetricsInfo): number => {
  let sum = 0;
  for (const m of metrics.values()) sum += m.value;
  return metrics.size ? sum / metrics.size : 0;
};

/** GetRawResourceReplicas / GetMetricReplicas: a target average value per pod (milli). */
export function averageValueReplicas(input: ResourceInput, targetAverage: number, o: CalculatorOptions = DEFAULT_CALCULATOR_OPTIONS): Calculation<{ replicas: number; usage: number }> {
  if (input.pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  const groups = groupPods(input.pods, input.metrics, input.resource, input.now, o);
  const metrics = withoutPods(input.metrics, new Set([...groups.ignored, ...groups.unready]));
  if (metrics.size === 0) return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };
  const usage = averageOf(metrics);
  const replicas = adjustedReplicas({
    currentReplicas: input.currentReplicas,
    groups,
    metrics,
    ratio: usage / targetAverage,
    atTarget: () => targetAverage,
    recompute: (m) => averageOf(m) / targetAverage,
    tolerance: o.tolerance,
  });
  return { ok: true, replicas, usage: Math.trunc(usage) };
}
