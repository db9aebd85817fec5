// Simulated nodes reporting usage as metrics-server would (metricsIntervalMs): nothing while the
// metrics API is not served, then a PodMetrics per running pod (annotations, else requests) and a
// NodeMetrics per node, which the real kubectl top (1.33, 1.27) prints; a pod that goes away
// loses its PodMetrics and its node's usage drops.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/api/types/core-v1.js';
import { PODS } from '../../src/client/index.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { installMetricsApi, NODE_METRICS, POD_METRICS } from '../support/metrics-api.js';

let c: TestCluster;
before(async () => {
  c = await startTestCluster({ nodes: 1, startDelayMs: 100, simNodes: { metricsIntervalMs: 250 } });
});
after(async () => {
  await c?.close();
});

const pod = (name: string, annotations?: Record<string, string>): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'web' }, annotations },
  spec: {
    containers: [
      { name: 'main', image: 'nginx', resources: { requests: { cpu: '250m', memory: '64Mi' } } },
      { name: 'sidecar', image: 'busybox' },
    ],
  },
});

const rows = (out: string) => out.trim().split('\n').map((l) => l.trim().split(/\s+/));

describe('simulated nodes report usage to metrics.k8s.io', () => {
  it('writes nothing until the metrics API is served, then what kubectl top prints', async () => {
    const ns = await c.namespace('usage');
    await c.client.resource(PODS, ns).create(pod('plain'));
    await c.client.resource(PODS, ns).create(pod('busy', { 'sim.k8ts.io/cpu-usage': '1500m', 'sim.k8ts.io/memory-usage': '128Mi' }));
    await waitFor('both pods running', async () => (await c.client.resource(PODS, ns).list()).items.filter((p) => p.status?.phase === 'Running').length === 2);
    await new Promise((r) => setTimeout(r, 600));
    const before = await c.s.kubectl(['top', 'pods', '-n', ns]);
    assert.match(before.stderr, /Metrics API not available/, 'the reports did not create anything while the API was missing');

    await installMetricsApi(c.client);
    const node = c.sim.nodes[0]!.name;
    await waitFor('a report of both pods', async () => (await c.client.resource(POD_METRICS, ns).list()).items.length === 2);
    for (const version of ['1.33', '1.27']) {
      const pods = await c.s.kubectl(['top', 'pods', '-n', ns, '--sort-by=cpu'], { version });
      assert.equal(pods.code, 0, pods.stderr);
      // plain: main's requests plus an idle sidecar (0, 1Mi); busy: both containers annotated.
      assert.deepEqual(rows(pods.stdout), [['NAME', 'CPU(cores)', 'MEMORY(bytes)'], ['busy', '3000m', '256Mi'], ['plain', '250m', '65Mi']], version);
      const containers = await c.s.kubectl(['top', 'pods', 'plain', '-n', ns, '--containers'], { version });
      assert.deepEqual(rows(containers.stdout).slice(1).sort(), [['plain', 'main', '250m', '64Mi'], ['plain', 'sidecar', '0m', '1Mi']], version);
      const nodes = await c.s.kubectl(['top', 'nodes'], { version });
      assert.equal(nodes.code, 0, nodes.stderr);
      // 3250m of 16 cores is 20%; 321Mi of 64Gi rounds down to 0%.
      assert.deepEqual(rows(nodes.stdout)[1], [node, '3250m', '20%', '321Mi', '0%'], version);
    }
    const metrics = (await c.client.resource(POD_METRICS, ns).get('plain')) as { metadata?: { labels?: Record<string, string> }; window?: string };
    assert.deepEqual(metrics.metadata?.labels, { app: 'web' });
    assert.equal(metrics.window, '1s');

    await c.client.resource(PODS, ns).delete('busy', { gracePeriodSeconds: 0 });
    await waitFor('busy dropped from the report', async () => (await c.client.resource(POD_METRICS, ns).list()).items.map((m) => m.metadata?.name).join() === 'plain');
    await waitFor("the node's usage without busy", async () => (await c.client.resource(NODE_METRICS).get(node)).usage?.cpu === '250m');
  });
});
