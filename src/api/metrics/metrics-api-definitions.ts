// The two CustomResourceDefinitions that serve metrics.k8s.io/v1beta1 (PodMetrics as `pods`,
// NodeMetrics as `nodes`) from the API server's own store, so the readers upstream has (the
// HorizontalPodAutoscaler, `kubectl top`) work without a metrics-server: whoever measures usage
// (a test, later the node agent) writes the objects. A *.k8s.io group needs the API approval
// annotation; the documents keep their top-level fields (timestamp, window, containers, usage)
// as metrics-server's do.
import type { CustomResourceDefinition } from '../types/apiextensions-v1.js';
import { METRICS_GROUP, METRICS_VERSION } from './types.js';

const APPROVAL = { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/enhancements/pull/1111' };

const usageMap = { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } };

const podMetricsSchema = {
  type: 'object',
  properties: {
    timestamp: { type: 'string', format: 'date-time' },
    window: { type: 'string' },
    containers: {
      type: 'array',
      items: { type: 'object', required: ['name', 'usage'], properties: { name: { type: 'string' }, usage: usageMap } },
    },
  },
};

const nodeMetricsSchema = {
  type: 'object',
  properties: { timestamp: { type: 'string', format: 'date-time' }, window: { type: 'string' }, usage: usageMap },
};

function definition(plural: string, kind: string, scope: 'Namespaced' | 'Cluster', schema: object): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${METRICS_GROUP}`, annotations: { ...APPROVAL }, labels: { 'app.kubernetes.io/part-of': 'k8ts-metrics-api' } },
    spec: {
      group: METRICS_GROUP,
      scope,
      names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
      versions: [{ name: METRICS_VERSION, served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  } as CustomResourceDefinition;
}

/** The metrics API's definitions: create both (e.g. `kubectl apply`) to serve metrics.k8s.io/v1beta1. */
export function metricsApiDefinitions(): CustomResourceDefinition[] {
  return [definition('pods', 'PodMetrics', 'Namespaced', podMetricsSchema), definition('nodes', 'NodeMetrics', 'Cluster', nodeMetricsSchema)];
}
