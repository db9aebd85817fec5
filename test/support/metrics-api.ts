// Serving metrics.k8s.io/v1beta1 in tests: installs the metrics API definitions and waits until
// the API server has established them.
import { metricsApiDefinitions, type PodMetrics } from '../../src/api/metrics/index.js';
import type { Pod } from '../../src/api/types/core-v1.js';
import { isNotFound, NODE_METRICS, POD_METRICS, resourceRef, type Client } from '../../src/client/index.js';
import { waitFor } from './cluster.js';

export { NODE_METRICS, POD_METRICS };

const CRDS = resourceRef({ group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false });

export async function installMetricsApi(client: Client): Promise<void> {
  for (const d of metricsApiDefinitions()) await client.resource(CRDS).create(d);
  await waitFor('metrics API served', async () => {
    await client.resource(POD_METRICS, 'default').list();
    await client.resource(NODE_METRICS).list();
    return true;
  });
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Writes (creates or replaces) a PodMetrics for each pod, as metrics-server would report them:
 * named as the pod, with its labels, one sample of cpu (and memory) per container.
 */
export async function setPodUsage(client: Client, pods: readonly Pod[], usage: { cpu: string; memory?: string }, timestamp: number): Promise<void> {
  for (const p of pods) {
    const ns = p.metadata!.namespace!;
    const body: PodMetrics = {
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetrics',
      metadata: { name: p.metadata!.name!, namespace: ns, labels: { ...(p.metadata?.labels ?? {}) } },
      timestamp: isoSeconds(timestamp),
      window: '30s',
      containers: (p.spec?.containers ?? []).map((c) => ({ name: c.name, usage: { cpu: usage.cpu, memory: usage.memory ?? '10Mi' } })),
    };
    const metrics = client.resource(POD_METRICS, ns);
    try {
      const cur = await metrics.get(body.metadata!.name!);
      await metrics.update({ ...body, metadata: { ...body.metadata, resourceVersion: cur.metadata?.resourceVersion } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await metrics.create(body);
    }
  }
}
