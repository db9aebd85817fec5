// autoscaling (HorizontalPodAutoscaler v1 and v2, Scale) and policy/v1 (PodDisruptionBudget, Eviction).
import { conditionFields } from './condition-fields.js';
import type { Descriptions } from './index.js';

const V2 = 'io.k8s.api.autoscaling.v2.';
const V1 = 'io.k8s.api.autoscaling.v1.';

const TARGET = 'The workload to scale (a Deployment, StatefulSet, ReplicaSet, or anything with a scale subresource).';
const MIN = 'The fewest replicas the autoscaler scales down to. Defaults to 1.';
const MAX = 'The most replicas the autoscaler scales up to. Required.';
const OBSERVED = 'The generation of the autoscaler the controller last acted on.';
const LAST_SCALE = 'When the autoscaler last changed the replica count.';
const CURRENT = 'The replica count the target had when the autoscaler last looked.';
const DESIRED = 'The replica count the autoscaler last computed and asked for.';
const REF = {
  '': 'A reference to an object by kind and name, in the autoscaler\'s namespace.',
  apiVersion: 'The API version of the object, such as apps/v1.',
  kind: 'The kind of the object, such as Deployment.',
  name: 'The name of the object.',
};
const METRIC = 'Which metric, by name and optional label selector.';
const CURRENT_VALUE = 'The metric\'s current value.';
const POLICY_TYPE = 'Resource, ContainerResource, Pods, Object or External: which of the other fields is set.';

export const autoscalingPolicyDescriptions: Descriptions = {
  [`${V2}HorizontalPodAutoscalerSpec`]: {
    '': 'What an autoscaler scales, within which bounds, and from which metrics.',
    scaleTargetRef: TARGET,
    minReplicas: MIN,
    maxReplicas: MAX,
    metrics: 'The metrics to scale on; the replica count is the largest that any of them asks for. Defaults to 80% average CPU utilization.',
    behavior: 'How fast to scale up and down (stabilization windows and rate policies).',
  },
  [`${V1}HorizontalPodAutoscalerSpec`]: {
    '': 'What an autoscaler scales and within which bounds.',
    scaleTargetRef: TARGET,
    minReplicas: MIN,
    maxReplicas: MAX,
    targetCPUUtilizationPercentage: 'The average CPU utilization, as a percentage of the requests, to aim for.',
  },
  [`${V2}CrossVersionObjectReference`]: REF,
  [`${V1}CrossVersionObjectReference`]: REF,
  [`${V2}MetricSpec`]: {
    '': 'One metric to scale on.',
    type: POLICY_TYPE,
    resource: 'A resource (cpu, memory) of the pods, as the metrics server reports it.',
    containerResource: 'A resource of one container of the pods.',
    pods: 'A custom metric averaged over the pods.',
    object: 'A custom metric of another object (such as an Ingress\'s requests per second).',
    external: 'A metric from outside the cluster.',
  },
  [`${V2}ResourceMetricSource`]: { '': 'A resource metric of the pods.', name: 'The resource, such as cpu or memory.', target: 'The value to aim for.' },
  [`${V2}MetricTarget`]: {
    '': 'The value a metric should have.',
    type: 'Utilization, Value or AverageValue.',
    averageUtilization: 'For Utilization: the average, as a percentage of the pods\' requests.',
    averageValue: 'For AverageValue: the average over the pods, as a quantity.',
    value: 'For Value: the total, as a quantity.',
  },
  [`${V2}ContainerResourceMetricSource`]: {
    '': 'A resource metric of one container in each pod, rather than of whole pods.',
    name: 'The resource, such as cpu or memory.',
    container: 'The name of the container.',
    target: 'The value to aim for (Utilization or AverageValue).',
  },
  [`${V2}PodsMetricSource`]: {
    '': 'A custom metric that each pod reports (such as requests per second), averaged over the pods.',
    metric: METRIC,
    target: 'The value to aim for; only AverageValue is allowed.',
  },
  [`${V2}ObjectMetricSource`]: {
    '': 'A custom metric of one object in the namespace (such as an Ingress\'s hits per second).',
    describedObject: 'The object the metric is about.',
    metric: METRIC,
    target: 'The value to aim for: Value (compared as is) or AverageValue (divided by the number of pods).',
  },
  [`${V2}ExternalMetricSource`]: {
    '': 'A metric not tied to any object of the cluster (such as the length of a cloud queue).',
    metric: METRIC,
    target: 'The value to aim for: Value or AverageValue.',
  },
  [`${V2}MetricIdentifier`]: {
    '': 'Names a metric.',
    name: 'The metric\'s name.',
    selector: 'A label selector passed to the metrics provider to narrow which series are used. Unset uses the name alone.',
  },
  [`${V2}HorizontalPodAutoscalerBehavior`]: {
    '': 'How fast the autoscaler may scale, each way. Unset parts use the defaults given in scaleUp and scaleDown.',
    scaleUp: 'Rules for adding replicas. By default there is no stabilization window and the larger of 100% or 4 pods may be added every 15 seconds.',
    scaleDown: 'Rules for removing replicas. By default the window is 300 seconds and up to 100% of the replicas may be removed every 15 seconds.',
  },
  [`${V2}HPAScalingRules`]: {
    '': 'The rate limits and stabilization for one scaling direction.',
    stabilizationWindowSeconds:
      'Seconds of past recommendations to consider: scaling up uses the lowest, scaling down the highest recommendation in the window, which keeps the count from flapping. 0 to 3600.',
    selectPolicy: 'Which policy applies when several do: Max (the default, the one allowing the biggest change), Min (the smallest change) or Disabled (no scaling in this direction).',
    policies: 'The allowed rates of change; at least one unless selectPolicy is Disabled.',
    tolerance: 'The relative difference between the current and the desired metric below which no scaling happens, such as 0.05 for 5%. Unset uses the cluster-wide default (10%).',
  },
  [`${V2}HPAScalingPolicy`]: {
    '': 'One allowed rate of change.',
    type: 'Pods (value is a number of pods) or Percent (value is a percentage of the current replicas).',
    value: 'How many pods, or what percentage, may be added or removed per period. Must be greater than 0.',
    periodSeconds: 'The length of the period the value applies to, in seconds: 1 to 1800.',
  },
  [`${V2}HorizontalPodAutoscalerStatus`]: {
    '': 'The most recently observed state of an autoscaler.',
    observedGeneration: OBSERVED,
    lastScaleTime: LAST_SCALE,
    currentReplicas: CURRENT,
    desiredReplicas: DESIRED,
    currentMetrics: 'The last values read for each metric in spec.metrics.',
    conditions: 'The autoscaler\'s conditions (AbleToScale, ScalingActive, ScalingLimited).',
  },
  [`${V2}HorizontalPodAutoscalerCondition`]: conditionFields(
    'One aspect of an autoscaler\'s state.',
    'AbleToScale (the target can be read and scaled), ScalingActive (the metrics can be read and used) or ScalingLimited (the count wanted is outside the min/max bounds or the rate limits).',
    ['status', 'reason', 'message', 'lastTransitionTime'],
  ),
  [`${V2}MetricStatus`]: {
    '': 'The last value read for one metric.',
    type: POLICY_TYPE,
    resource: 'A resource metric of the pods.',
    containerResource: 'A resource metric of one container of the pods.',
    pods: 'A metric averaged over the pods.',
    object: 'A metric of another object.',
    external: 'A metric from outside the cluster.',
  },
  [`${V2}MetricValueStatus`]: {
    '': 'A metric\'s current value, in the forms its target uses.',
    value: 'The total value, as a quantity.',
    averageValue: 'The average over the pods, as a quantity.',
    averageUtilization: 'The average, as a percentage of the pods\' requests.',
  },
  [`${V2}ResourceMetricStatus`]: { '': 'The current value of a resource metric of the pods.', name: 'The resource, such as cpu.', current: CURRENT_VALUE },
  [`${V2}ContainerResourceMetricStatus`]: {
    '': 'The current value of a resource metric of one container.',
    name: 'The resource, such as cpu.',
    container: 'The name of the container.',
    current: CURRENT_VALUE,
  },
  [`${V2}PodsMetricStatus`]: { '': 'The current value of a metric averaged over the pods.', metric: METRIC, current: CURRENT_VALUE },
  [`${V2}ObjectMetricStatus`]: {
    '': 'The current value of a metric of another object.',
    describedObject: 'The object the metric is about.',
    metric: METRIC,
    current: CURRENT_VALUE,
  },
  [`${V2}ExternalMetricStatus`]: { '': 'The current value of a metric from outside the cluster.', metric: METRIC, current: CURRENT_VALUE },
  [`${V1}HorizontalPodAutoscalerStatus`]: {
    '': 'The most recently observed state of an autoscaler.',
    observedGeneration: OBSERVED,
    lastScaleTime: LAST_SCALE,
    currentReplicas: CURRENT,
    desiredReplicas: DESIRED,
    currentCPUUtilizationPercentage: 'The average CPU use of the pods, as a percentage of their requests.',
  },
  [`${V1}ScaleSpec`]: { '': 'The replica count asked for through a scale subresource.', replicas: 'The desired number of replicas.' },
  [`${V1}ScaleStatus`]: {
    '': 'The replica count a scalable resource has.',
    replicas: 'The number of replicas that exist.',
    selector: 'The label selector of the pods, in the string form of kubectl -l (such as app=web,tier in (front)). The autoscaler uses it to find the pods.',
  },
  'io.k8s.api.policy.v1.Eviction': { deleteOptions: 'Options of the delete the eviction performs, such as a grace period or preconditions.' },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': {
    '': 'The most recently observed state of a PodDisruptionBudget.',
    observedGeneration: 'The generation of the budget the controller last acted on.',
    disruptedPods:
      'Pods whose eviction the API server has allowed but that the controller has not yet seen deleted, each with the time of the eviction. Entries are dropped after about two minutes.',
    disruptionsAllowed: 'How many more pods may be evicted right now.',
    currentHealthy: 'Selected pods that are healthy (ready).',
    desiredHealthy: 'The fewest healthy pods the budget allows.',
    expectedPods: 'The number of pods the budget counts: the replica counts of the pods\' controllers, or the matching pods when minAvailable is a plain number.',
    conditions: 'The budget\'s conditions; DisruptionAllowed says whether an eviction would be allowed now.',
  },
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': {
    '': 'How many of a set of pods must stay up during voluntary disruptions.',
    selector: 'The pods the budget covers.',
    minAvailable: 'Evictions are refused when they would leave fewer than this many pods available: a number or a percentage.',
    maxUnavailable: 'Evictions are refused when they would leave more than this many pods unavailable: a number or a percentage. Exclusive with minAvailable.',
    unhealthyPodEvictionPolicy: 'Whether pods that are running but not ready may be evicted regardless of the budget: IfHealthyBudget (the default) or AlwaysAllow.',
  },
};
