// autoscaling (HorizontalPodAutoscaler v1 and v2) and policy/v1 (PodDisruptionBudget).
import type { Descriptions } from './index.js';

const V2 = 'io.k8s.api.autoscaling.v2.';
const V1 = 'io.k8s.api.autoscaling.v1.';

const TARGET = 'The workload to scale (a Deployment, StatefulSet, ReplicaSet, or anything with a scale subresource).';
const MIN = 'The fewest replicas the autoscaler scales down to. Defaults to 1.';
const MAX = 'The most replicas the autoscaler scales up to. Required.';

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
  [`${V2}CrossVersionObjectReference`]: { '': 'A reference to an object by kind and name.', apiVersion: 'The API version of the object.', kind: 'The kind of the object.', name: 'The name of the object.' },
  [`${V2}MetricSpec`]: {
    '': 'One metric to scale on. type says which of the other fields is set.',
    type: 'Resource, ContainerResource, Pods, Object or External.',
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
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': {
    '': 'How many of a set of pods must stay up during voluntary disruptions.',
    selector: 'The pods the budget covers.',
    minAvailable: 'Evictions are refused when they would leave fewer than this many pods available: a number or a percentage.',
    maxUnavailable: 'Evictions are refused when they would leave more than this many pods unavailable: a number or a percentage. Exclusive with minAvailable.',
    unhealthyPodEvictionPolicy: 'Whether pods that are running but not ready may be evicted regardless of the budget: IfHealthyBudget (the default) or AlwaysAllow.',
  },
};
