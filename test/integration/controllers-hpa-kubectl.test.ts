// `kubectl autoscale`, `kubectl get hpa` and `kubectl describe hpa` (1.33, 1.27) against the HPA
// controller in a running cluster, with pod usage written to metrics.k8s.io by the test.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/api/types/core-v1.js';
import { DEPLOYMENTS, PODS } from '../../src/client/index.js';
import { HORIZONTAL_POD_AUTOSCALERS as HPAS } from '../../src/controllers/podautoscaler/resources.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { installMetricsApi, setPodUsage } from '../support/metrics-api.js';

let c: TestCluster;

before(async () => {
  c = await startTestCluster({ nodes: 1, startDelayMs: 100, controllers: ['replicaset', 'deployment', 'horizontalpodautoscaling'] });
  await installMetricsApi(c.client);
});

after(async () => {
  await c?.close();
});

async function kubectl(args: string[], version = '1.33', input?: string): Promise<string> {
  const r = await c.s.kubectl(args, { version, input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const deploymentYaml = (ns: string, name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: c
        image: nginx
        resources: {requests: {cpu: 200m}}
`;

const readyPods = (ns: string, app: string, n: number): Promise<Pod[]> =>
  waitFor(`${n} ready pods`, async () => {
    const pods = (await c.client.resource(PODS, ns).list({ labelSelector: `app=${app}` })).items;
    return pods.length === n && pods.every((p) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')) && pods;
  });

describe('kubectl and the HPA controller', () => {
  for (const version of ['1.33', '1.27']) {
    it(`kubectl ${version} autoscale, get hpa and describe hpa`, async () => {
      const ns = await c.namespace(`hpa-${version.replace('.', '-')}`);
      await kubectl(['apply', '-f', '-'], version, deploymentYaml(ns, 'web'));
      const pods = await readyPods(ns, 'web', 2);
      // Past the cpu initialization period as far as readiness goes: stamped after the pods became ready.
      await setPodUsage(c.client, pods, { cpu: '160m' }, Date.now() + 60_000);
      await kubectl(['autoscale', 'deployment', 'web', '-n', ns, '--cpu-percent=50', '--min=1', '--max=5'], version);
      // 80% of request against 50% → 4 replicas.
      await waitFor('deployment scaled to 4', async () => (await c.client.resource(DEPLOYMENTS, ns).get('web')).spec?.replicas === 4);
      await waitFor('hpa status', async () => (await c.client.resource(HPAS, ns).get('web')).status?.desiredReplicas === 4);
      const table = (await kubectl(['get', 'hpa', '-n', ns], version)).trim().split('\n').map((l) => l.trim().split(/\s{2,}/));
      assert.deepEqual(table[0], ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
      assert.deepEqual(table[1]!.slice(0, 6), ['web', 'Deployment/web', 'cpu: 80%/50%', '1', '5', '2']);
      // The same object through autoscaling/v1.
      const v1 = JSON.parse(await kubectl(['get', 'horizontalpodautoscalers.v1.autoscaling', 'web', '-n', ns, '-o', 'json'], version)) as { spec: { targetCPUUtilizationPercentage?: number }; status: { currentCPUUtilizationPercentage?: number; desiredReplicas?: number } };
      assert.deepEqual([v1.spec.targetCPUUtilizationPercentage, v1.status.currentCPUUtilizationPercentage, v1.status.desiredReplicas], [50, 80, 4]);
      const d = await kubectl(['describe', 'hpa', 'web', '-n', ns], version);
      assert.match(d, /Reference:\s+Deployment\/web/);
      assert.match(d, /resource cpu on pods\s+\(as a percentage of request\):\s+80% \(160m\) \/ 50%/);
      assert.match(d, /Min replicas:\s+1\nMax replicas:\s+5/);
      assert.match(d, /Deployment pods:\s+2 current \/ 4 desired/);
      assert.match(d, /AbleToScale\s+True\s+SucceededRescale\s+the HPA controller was able to update the target scale to 4/);
      assert.match(d, /ScalingActive\s+True\s+ValidMetricFound\s+the HPA was able to successfully calculate a replica count from cpu resource utilization \(percentage of request\)/);
      assert.match(d, /ScalingLimited\s+False\s+DesiredWithinRange\s+the desired count is within the acceptable range/);
      assert.match(d, /Normal\s+SuccessfulRescale\s+\S+\s+horizontal-pod-autoscaler\s+New size: 4; reason: cpu resource utilization \(percentage of request\) above target/);
    });
  }
});
