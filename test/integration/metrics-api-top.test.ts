// metrics.k8s.io/v1beta1 served from the metrics API definitions (src/api/metrics): PodMetrics and
// NodeMetrics written by the test (after `kubectl apply -f manifests/metrics-api.yaml`) are what `kubectl top pods` / `kubectl top nodes` (1.33, 1.27)
// print, in upstream's columns and units.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { metricsApiDefinitions, type NodeMetrics, type PodMetrics } from '../../src/api/metrics/index.js';
import { NAMESPACES, NODES, clientFromKubeconfig, type Client } from '../../src/client/index.js';
import { waitFor } from '../support/cluster.js';
import { NODE_METRICS, POD_METRICS } from '../support/metrics-api.js';
import { parseAllDocuments } from 'yaml';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
let client: Client;

before(async () => {
  s = await startTestServer();
  client = clientFromKubeconfig(s.kubeconfig);
});

after(async () => {
  client?.close();
  await s?.close();
});

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

describe('metrics API and kubectl top', () => {
  it('kubectl top reports the metrics API missing until the definitions exist', async () => {
    const r = await s.kubectl(['top', 'pods', '-n', 'default']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Metrics API not available/);
  });

  it('serves PodMetrics and NodeMetrics that kubectl top prints', async () => {
    // The shipped manifest is what metricsApiDefinitions() builds, and kubectl apply serves it.
    const manifest = join(process.cwd(), 'manifests', 'metrics-api.yaml');
    assert.deepEqual(parseAllDocuments(readFileSync(manifest, 'utf8')).map((d) => d.toJS()), metricsApiDefinitions());
    const applied = await s.kubectl(['apply', '-f', manifest]);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /customresourcedefinition.apiextensions.k8s.io\/pods.metrics.k8s.io created/);
    await waitFor('metrics API served', async () => (await client.resource(POD_METRICS, 'top').list()) && (await client.resource(NODE_METRICS).list()));
    await client.resource(NAMESPACES).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'top' } });
    await client.resource(NODES).create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1' },
      status: { capacity: { cpu: '4', memory: '8Gi' }, allocatable: { cpu: '4', memory: '8Gi' } },
    });
    const pm = (name: string, cpu: string, mem: string): PodMetrics => ({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetrics',
      metadata: { name, namespace: 'top', labels: { app: 'web' } },
      timestamp: now(),
      window: '30s',
      containers: [{ name: 'c', usage: { cpu, memory: mem } }],
    });
    await client.resource(POD_METRICS, 'top').create(pm('web-1', '250m', '64Mi'));
    await client.resource(POD_METRICS, 'top').create(pm('web-2', '1500m', '128Mi'));
    const nm: NodeMetrics = { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: 'n1' }, timestamp: now(), window: '30s', usage: { cpu: '1', memory: '2Gi' } };
    await client.resource(NODE_METRICS).create(nm);
    for (const version of ['1.33', '1.27']) {
      const pods = await s.kubectl(['top', 'pods', '-n', 'top'], { version });
      assert.equal(pods.code, 0, pods.stderr);
      const rows = pods.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
      assert.deepEqual(rows[0], ['NAME', 'CPU(cores)', 'MEMORY(bytes)'], version);
      assert.deepEqual(rows.slice(1).sort(), [['web-1', '250m', '64Mi'], ['web-2', '1500m', '128Mi']], version);
      const sorted = await s.kubectl(['top', 'pods', '-n', 'top', '--sort-by=cpu', '-l', 'app=web'], { version });
      assert.deepEqual(sorted.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]), ['web-2', 'web-1'], version);
      const nodes = await s.kubectl(['top', 'nodes'], { version });
      assert.equal(nodes.code, 0, nodes.stderr);
      const nrows = nodes.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
      // 1.33 renamed the percentage columns CPU(%) / MEMORY(%).
      const pct = version === '1.27' ? ['CPU%', 'MEMORY%'] : ['CPU(%)', 'MEMORY(%)'];
      assert.deepEqual(nrows[0], ['NAME', 'CPU(cores)', pct[0], 'MEMORY(bytes)', pct[1]], version);
      assert.deepEqual(nrows[1], ['n1', '1000m', '25%', '2048Mi', '25%'], version);
    }
  });
});
