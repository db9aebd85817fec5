// The HorizontalPodAutoscaler controller in a running cluster (simulated nodes, scheduler,
// ReplicaSet and Deployment controllers) on a FakeClock the test steps through sync periods and
// stabilisation windows; pod usage is fed through metrics.k8s.io PodMetrics the test writes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HorizontalPodAutoscaler } from '../../src/api/types/autoscaling-v2.js';
import type { Event, Pod } from '../../src/api/types/core-v1.js';
import { DEPLOYMENTS, EVENTS, FakeClock, PODS, resourceRef } from '../../src/client/index.js';
import { HORIZONTAL_POD_AUTOSCALERS as HPAS } from '../../src/controllers/podautoscaler/resources.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { installMetricsApi, setPodUsage } from '../support/metrics-api.js';

// Ten minutes ahead of the pods' real start times: they are past the cpu initialization period.
const clock = new FakeClock(Date.now() + 10 * 60_000);
let c: TestCluster;
let ns: string;

before(async () => {
  c = await startTestCluster({ nodes: 2, startDelayMs: 100, clock, controllers: ['replicaset', 'deployment', 'horizontalpodautoscaling'] });
  await installMetricsApi(c.client);
  ns = await c.namespace('hpa');
});

after(async () => {
  await c?.close();
});

async function deployment(name: string, replicas: number): Promise<void> {
  await c.client.resource(DEPLOYMENTS, ns).create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '500m' } } }] } },
    },
  });
  await readyPods(name, replicas);
}

const readyPods = (app: string, n: number): Promise<Pod[]> =>
  waitFor(`${n} ready pods of ${app}`, async () => {
    const pods = (await c.client.resource(PODS, ns).list({ labelSelector: `app=${app}` })).items.filter((p) => !p.metadata?.deletionTimestamp);
    return pods.length === n && pods.every((p) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')) && pods;
  });

const setCpu = async (app: string, n: number, cpu: string) => setPodUsage(c.client, await readyPods(app, n), { cpu }, clock.now());

function hpa(name: string, min: number, max: number, extra: Partial<NonNullable<HorizontalPodAutoscaler['spec']>> = {}): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: ns },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: min,
      maxReplicas: max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      ...extra,
    },
  };
}

const getHpa = (name: string) => c.client.resource(HPAS, ns).get(name);
const cond = (h: HorizontalPodAutoscaler, type: string) => h.status?.conditions?.find((x) => x.type === type);
const specReplicas = async (name: string) => (await c.client.resource(DEPLOYMENTS, ns).get(name)).spec?.replicas;
const events = async (name: string, reason: string): Promise<Event[]> =>
  (await c.client.resource(EVENTS, ns).list({ fieldSelector: `involvedObject.name=${name},reason=${reason}` })).items;

/** Steps one sync period and waits until the HPA's status satisfies ok. */
async function syncUntil(name: string, what: string, ok: (h: HorizontalPodAutoscaler) => boolean, stepMs = 15_000): Promise<HorizontalPodAutoscaler> {
  clock.step(stepMs);
  return waitFor(`${name}: ${what}`, async () => {
    const h = await getHpa(name);
    return ok(h) && h;
  });
}

const utilization = (h: HorizontalPodAutoscaler) => h.status?.currentMetrics?.[0]?.resource?.current?.averageUtilization;

describe('HorizontalPodAutoscaler controller', () => {
  it('scales up on high cpu, holds within tolerance, and waits out the scale-down window', async () => {
    await deployment('web', 2);
    await setCpu('web', 2, '400m');
    await c.client.resource(HPAS, ns).create(hpa('web', 1, 10));
    // 80% against 50% → ceil(2 × 1.6) = 4.
    let h = await waitFor('scaled to 4', async () => (await specReplicas('web')) === 4 && getHpa('web'));
    h = await waitFor('status after the rescale', async () => {
      const x = await getHpa('web');
      return x.status?.desiredReplicas === 4 && x;
    });
    assert.equal(h.status?.currentReplicas, 2);
    assert.equal(utilization(h), 80);
    assert.equal(h.status?.currentMetrics?.[0]?.resource?.current?.averageValue, '400m');
    assert.ok(h.status?.lastScaleTime);
    assert.deepEqual(
      [cond(h, 'AbleToScale')?.reason, cond(h, 'ScalingActive')?.reason, cond(h, 'ScalingLimited')?.reason, cond(h, 'ScalingLimited')?.status],
      ['SucceededRescale', 'ValidMetricFound', 'DesiredWithinRange', 'False'],
    );
    assert.equal(cond(h, 'ScalingActive')?.message, 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)');
    const up = await waitFor('SuccessfulRescale event', async () => (await events('web', 'SuccessfulRescale'))[0]);
    assert.equal(up.message, 'New size: 4; reason: cpu resource utilization (percentage of request) above target');
    assert.equal(up.source?.component, 'horizontal-pod-autoscaler');

    // 54% is within 10% of 50%: no change.
    await setCpu('web', 4, '270m');
    h = await syncUntil('web', 'sees 54%', (x) => utilization(x) === 54);
    assert.equal(await specReplicas('web'), 4);
    assert.deepEqual([h.status?.currentReplicas, h.status?.desiredReplicas, cond(h, 'AbleToScale')?.reason], [4, 4, 'ReadyForNewScale']);

    // 20% wants 2, but recommendations of 4 in the last 5 minutes hold it.
    await setCpu('web', 4, '100m');
    h = await syncUntil('web', 'sees 20%', (x) => utilization(x) === 20);
    assert.equal(await specReplicas('web'), 4);
    assert.equal(cond(h, 'AbleToScale')?.reason, 'ScaleDownStabilized');
    await setPodUsage(c.client, await readyPods('web', 4), { cpu: '100m' }, clock.now() + 300_000);
    await syncUntil('web', 'scaled down after the window', (x) => x.status?.desiredReplicas === 2, 300_000);
    assert.equal(await specReplicas('web'), 2);
    const down = await waitFor('the scale-down event', async () => (await events('web', 'SuccessfulRescale')).find((e) => e.message?.startsWith('New size: 2')));
    assert.equal(down.message, 'New size: 2; reason: All metrics below target');
  });

  it('behavior policies limit each step and ScalingLimited says so', async () => {
    await deployment('burst', 1);
    await setCpu('burst', 1, '500m');
    const behavior = {
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
      scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    };
    await c.client.resource(HPAS, ns).create(hpa('burst', 1, 10, { behavior }));
    // 100% → wants 2 (ceil(1 × 2)); one pod per minute allows 2.
    let h = await waitFor('scaled to 2', async () => (await specReplicas('burst')) === 2 && getHpa('burst'));
    await setCpu('burst', 2, '1500m');
    // 300% → wants 6, but the minute's budget is spent: held at 2, limited.
    h = await syncUntil('burst', 'sees 300%', (x) => utilization(x) === 300);
    assert.equal(await specReplicas('burst'), 2);
    assert.deepEqual([cond(h, 'ScalingLimited')?.status, cond(h, 'ScalingLimited')?.reason], ['True', 'ScaleUpLimit']);
    await setPodUsage(c.client, await readyPods('burst', 2), { cpu: '1500m' }, clock.now() + 60_000);
    h = await syncUntil('burst', 'one more pod after the period', (x) => x.status?.desiredReplicas === 3, 60_000);
    assert.equal(await specReplicas('burst'), 3);
    assert.deepEqual([cond(h, 'ScalingLimited')?.status, cond(h, 'ScalingLimited')?.reason], ['True', 'ScaleUpLimit']);
  });

  it('clamps to maxReplicas with ScalingLimited TooManyReplicas', async () => {
    await deployment('capped', 2);
    await setCpu('capped', 2, '500m');
    await c.client.resource(HPAS, ns).create(hpa('capped', 1, 3));
    const h = await waitFor('capped at 3', async () => {
      const x = await getHpa('capped');
      return x.status?.desiredReplicas === 3 && x;
    });
    assert.equal(await specReplicas('capped'), 3);
    assert.deepEqual([cond(h, 'ScalingLimited')?.status, cond(h, 'ScalingLimited')?.reason, cond(h, 'ScalingLimited')?.message], ['True', 'TooManyReplicas', 'the desired replica count is more than the maximum replica count']);
  });

  it('reports missing metrics as upstream and does not scale', async () => {
    await deployment('dark', 2);
    await c.client.resource(HPAS, ns).create(hpa('dark', 1, 5));
    const h = await waitFor('ScalingActive False', async () => {
      const x = await getHpa('dark');
      return cond(x, 'ScalingActive')?.status === 'False' && x;
    });
    assert.equal(cond(h, 'ScalingActive')?.reason, 'FailedGetResourceMetric');
    assert.equal(cond(h, 'ScalingActive')?.message, 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API');
    assert.equal(cond(h, 'AbleToScale')?.reason, 'SucceededGetScale');
    assert.equal(h.status?.currentReplicas, 2);
    const failed = await waitFor('FailedComputeMetricsReplicas', async () => (await events('dark', 'FailedComputeMetricsReplicas'))[0]);
    assert.equal(failed.type, 'Warning');
    assert.equal(failed.message, 'invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API');
    assert.equal((await events('dark', 'FailedGetResourceMetric'))[0]?.type, 'Warning');
    assert.equal(await specReplicas('dark'), 2);
    const row = (await c.s.kubectl(['get', 'hpa', 'dark', '-n', ns, '--no-headers'])).stdout.trim().split(/\s{2,}/);
    assert.deepEqual(row.slice(0, 6), ['dark', 'Deployment/dark', 'cpu: <unknown>/50%', '1', '5', '2']);
  });

  it('scales a custom resource through its scale subresource', async () => {
    const crds = resourceRef({ group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false });
    await c.client.resource(crds).create({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [{
          name: 'v1', served: true, storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
        }],
      },
    } as never);
    const widgets = resourceRef({ group: 'example.com', version: 'v1', resource: 'widgets', kind: 'Widget', namespaced: true });
    const w = await waitFor('widgets served', () => c.client.resource(widgets, ns).create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'gadget', namespace: ns }, spec: { replicas: 2 } } as never));
    // The pods the widget's selector picks come from a Deployment of their own.
    await deployment('gadget-pods', 2);
    await c.client.resource(widgets, ns).updateStatus({ ...w, status: { replicas: 2, selector: 'app=gadget-pods' } } as never);
    await setCpu('gadget-pods', 2, '400m');
    await c.client.resource(HPAS, ns).create(hpa('gadget', 1, 10, { scaleTargetRef: { apiVersion: 'example.com/v1', kind: 'Widget', name: 'gadget' } }));
    const h = await waitFor('widget scaled to 4', async () => {
      const widget = (await c.client.resource(widgets, ns).get('gadget')) as { spec?: { replicas?: number } };
      if (widget.spec?.replicas !== 4) {
        clock.step(15_000);
        return false;
      }
      // The controller writes the scale before the HPA's status: wait for that too.
      const current = await getHpa('gadget');
      return cond(current, 'ScalingActive') ? current : false;
    });
    assert.equal(cond(h, 'ScalingActive')?.reason, 'ValidMetricFound');
    assert.equal(await specReplicas('gadget-pods'), 2, 'the Deployment itself is not the target');
  });
});
