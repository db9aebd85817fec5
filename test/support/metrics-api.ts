// Serving metrics.k8s.io/v1beta1 in tests: installs the metrics API definitions and waits until
// the API server has established them.
import { metricsApiDefinitions, type NodeMetrics, type PodMetrics } from '../../src/api/metrics/index.js';
import { resourceRef, type Client } from '../../src/client/index.js';
import { waitFor } from './cluster.js';

export const POD_METRICS = resourceRef<PodMetrics & { metadata?: { name?: string } }>({ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', kind: 'PodMetrics', namespaced: true });
export const NODE_METRICS = resourceRef<NodeMetrics>({ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes', kind: 'NodeMetrics', namespaced: false });

const CRDS = resourceRef({ group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false });

export async function installMetricsApi(client: Client): Promise<void> {
  for (const d of metricsApiDefinitions()) await client.resource(CRDS).create(d);
  await waitFor('metrics API served', async () => {
    await client.resource(POD_METRICS, 'default').list();
    await client.resource(NODE_METRICS).list();
    return true;
  });
}
