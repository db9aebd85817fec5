// metrics.k8s.io/v1beta1: the resource metrics API that metrics-server serves upstream and that
// the HorizontalPodAutoscaler and `kubectl top` read. Usage values are quantities ("250m", "64Mi").

import type { ObjectMeta } from '../types/meta-v1.js';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';

export interface ContainerMetrics {
  name?: string;
  /** Resource name ("cpu", "memory") to quantity. */
  usage?: Record<string, string>;
}

/** Usage of one pod's containers over window, sampled at timestamp (namespaced, named as the pod). */
export interface PodMetrics {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  timestamp?: string;
  /** A duration such as "30s". */
  window?: string;
  containers?: ContainerMetrics[];
}

/** Usage of one node (cluster-scoped, named as the node). */
export interface NodeMetrics {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  timestamp?: string;
  window?: string;
  usage?: Record<string, string>;
}
