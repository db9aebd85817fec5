// computeReplicasForMetrics: every metric of the spec proposes a replica count; the largest wins.
// A metric that cannot be computed leaves an empty status, a Warning event and a ScalingActive
// False condition; when all metrics fail (or some fail and the rest would scale down) the HPA
// does not scale.
import type { MetricSpec, MetricStatus } from '../../api/types/autoscaling-v2.js';
import type { Pod } from '../../api/types/core-v1.js';
import type { ConditionValue } from './conditions.js';
import type { MetricsClient } from './metrics-client.js';
import { milliQuantity, milliValue } from './quantities.js';
import { averageValueReplicas, resourceUtilizationReplicas, type CalculatorOptions } from './replica-calculator.js';

export interface MetricsInput {
  readonly namespace: string;
  readonly selector: string;
  /** scale.spec.replicas. */
  readonly specReplicas: number;
  /** scale.status.replicas. */
  readonly statusReplicas: number;
  readonly pods: readonly Readonly<Pod>[];
  readonly now: number;
  readonly options: CalculatorOptions;
  readonly metrics: MetricsClient;
  readonly signal: AbortSignal;
}

export interface MetricProposal {
  readonly replicas: number;
  readonly metricName: string;
  readonly status: MetricStatus;
}

export interface MetricFailure {
  /** Event and condition reason, e.g. FailedGetResourceMetric. */
  readonly reason: string;
  /** The condition's and event's message. */
  readonly error: string;
  /** The error the overall failure quotes. */
  readonly wrapped: string;
}

export interface MetricsOutcome {
  /** -1 when the metrics do not allow scaling. */
  readonly replicas: number;
  readonly metricName: string;
  readonly statuses: MetricStatus[];
  readonly failures: MetricFailure[];
  /** ScalingActive as the metrics leave it. */
  readonly condition: ConditionValue;
  /** "invalid metrics (...)" when replicas is -1. */
  readonly error?: string;
}

const unable = (reason: string, err: string): ConditionValue => ({ type: 'ScalingActive', status: 'False', reason, message: `the HPA was unable to compute the replica count: ${err}` });

async function resourceMetric(spec: MetricSpec, input: MetricsInput, container?: string): Promise<MetricProposal | MetricFailure> {
  const src = container === undefined ? spec.resource : spec.containerResource;
  const resource = src?.name ?? '';
  const target = src?.target ?? {};
  const reason = container === undefined ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
  const fail = (e: string): MetricFailure => ({ reason, error: `failed to get ${resource} utilization: ${e}`, wrapped: `failed to get ${resource} ${container === undefined ? '' : 'container '}resource metric value: failed to get ${resource} utilization: ${e}` });
  const got = await input.metrics.getResourceMetric(resource, input.namespace, input.selector, container, input.signal);
  if (!got.ok) return fail(got.error);
  const calcInput = { currentReplicas: input.specReplicas, resource, container, pods: input.pods, metrics: got.metrics, now: input.now };
  const type = container === undefined ? 'Resource' : 'ContainerResource';
  const what = container === undefined ? `${resource} resource` : `${resource} container resource`;
  const field = container === undefined ? 'resource' : 'containerResource';
  const ident = container === undefined ? { name: resource } : { name: resource, container };
  if (target.averageValue !== undefined) {
    const r = averageValueReplicas(calcInput, milliValue(target.averageValue), input.options);
    if (!r.ok) return fail(r.error);
    return { replicas: r.replicas, metricName: what, status: { type, [field]: { ...ident, current: { averageValue: milliQuantity(r.usage) } } } };
  }
  if (target.averageUtilization === undefined) return fail('missing target value');
  const r = resourceUtilizationReplicas(calcInput, target.averageUtilization, input.options);
  if (!r.ok) return fail(r.error);
  return {
    replicas: r.replicas,
    metricName: `${what} utilization (percentage of request)`,
    status: { type, [field]: { ...ident, current: { averageUtilization: r.utilization, averageValue: milliQuantity(r.rawUtilization) } } },
  };
}

/** Pods, Object and External metrics need the custom/external metrics APIs, which k8ts does not serve. */
function unsupported(spec: MetricSpec): MetricFailure {
  switch (spec.type) {
    case 'Pods': {
      const e = `unable to get metric ${spec.pods?.metric?.name ?? ''}: no custom metrics API (custom.metrics.k8s.io) registered`;
      return { reason: 'FailedGetPodsMetric', error: e, wrapped: `failed to get pods metric value: ${e}` };
    }
    case 'Object': {
      const e = `unable to get metric ${spec.object?.metric?.name ?? ''}: ${spec.object?.describedObject?.kind ?? ''} on ${spec.object?.describedObject?.name ?? ''}: no custom metrics API (custom.metrics.k8s.io) registered`;
      return { reason: 'FailedGetObjectMetric', error: e, wrapped: `failed to get object metric value: ${e}` };
    }
    case 'External': {
      const e = `unable to get external metric ${spec.external?.metric?.name ?? ''}: no external metrics API (external.metrics.k8s.io) registered`;
      return { reason: 'FailedGetExternalMetric', error: e, wrapped: `failed to get external metric value: ${e}` };
    }
    default: {
      const e = `unknown metric source type "${spec.type ?? ''}"`;
      return { reason: 'InvalidMetricSourceType', error: e, wrapped: e };
    }
  }
}

export async function computeReplicasForMetrics(specs: readonly MetricSpec[], input: MetricsInput): Promise<MetricsOutcome> {
  // A metric that fails keeps an empty entry (upstream's zero MetricStatus): kubectl prints <unknown>.
  const statuses: MetricStatus[] = specs.map(() => ({ type: '' }));
  const failures: MetricFailure[] = [];
  let replicas = 0;
  let metricName = '';
  let condition: ConditionValue | undefined;
  for (const [i, spec] of specs.entries()) {
    let r: MetricProposal | MetricFailure;
    if (spec.type === 'Resource') r = await resourceMetric(spec, input);
    else if (spec.type === 'ContainerResource') r = await resourceMetric(spec, input, spec.containerResource?.container ?? '');
    else r = unsupported(spec);
    if ('reason' in r) {
      failures.push(r);
      condition ??= unable(r.reason, r.error);
      continue;
    }
    statuses[i] = r.status;
    if (replicas === 0 || r.replicas > replicas) {
      replicas = r.replicas;
      metricName = r.metricName;
    }
  }
  if (failures.length >= specs.length || (failures.length > 0 && replicas < input.specReplicas)) {
    const error = `invalid metrics (${failures.length} invalid out of ${specs.length}), first error is: ${failures[0]!.wrapped}`;
    return { replicas: -1, metricName: '', statuses, failures, condition: condition!, error };
  }
  const ok: ConditionValue = { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: `the HPA was able to successfully calculate a replica count from ${metricName}` };
  return { replicas, metricName, statuses, failures, condition: ok };
}
