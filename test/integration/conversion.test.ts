// One object, several served forms: autoscaling/v1 and v2 HorizontalPodAutoscalers, core/v1
// and events.k8s.io/v1 Events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

describe('autoscaling v1 <-> v2', () => {
  it('serves a v1-created HPA as v2 and keeps v2-only fields through a v1 update', async () => {
    const v1 = await request(s, {
      method: 'POST', path: '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers',
      body: { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h1' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 60 } },
    });
    assert.equal(v1.code, 201, v1.body.toString());
    assert.equal(v1.json().apiVersion, 'autoscaling/v1');
    const v2 = (await request(s, { path: '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/h1' })).json();
    assert.equal(v2.apiVersion, 'autoscaling/v2');
    assert.deepEqual(v2.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
    // Add a memory metric through v2; a v1 update must not lose it.
    const withMem = structuredClone(v2);
    withMem.spec.metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } });
    const u = await request(s, { method: 'PUT', path: '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/h1', body: withMem });
    assert.equal(u.code, 200, u.body.toString());
    const back = (await request(s, { path: '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/h1' })).json();
    assert.equal(back.spec.targetCPUUtilizationPercentage, 60);
    back.spec.maxReplicas = 7;
    const u1 = await request(s, { method: 'PUT', path: '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/h1', body: back });
    assert.equal(u1.code, 200, u1.body.toString());
    const final = (await request(s, { path: '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/h1' })).json();
    assert.equal(final.spec.maxReplicas, 7);
    assert.deepEqual(final.spec.metrics.map((m: any) => m.resource.name), ['cpu', 'memory']);
    assert.equal(final.metadata.annotations, undefined);
    const list1 = (await request(s, { path: '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers' })).json();
    assert.equal(list1.items[0].apiVersion, 'autoscaling/v1');
  });
});

describe('core/v1 <-> events.k8s.io/v1 Events', () => {
  it('serves one event in both forms', async () => {
    const e = await request(s, {
      method: 'POST', path: '/apis/events.k8s.io/v1/namespaces/default/events',
      body: { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e1' }, eventTime: '2026-11-22T00:00:00.000000Z', reportingController: 'k8ts/test', reportingInstance: 'i1', action: 'Testing', reason: 'Tested', type: 'Normal', note: 'hello', regarding: { kind: 'Pod', name: 'p', namespace: 'default' } },
    });
    assert.equal(e.code, 201, e.body.toString());
    const core = (await request(s, { path: '/api/v1/namespaces/default/events/e1' })).json();
    assert.equal(core.apiVersion, 'v1');
    assert.equal(core.message, 'hello');
    assert.equal(core.involvedObject.name, 'p');
    assert.equal(core.reportingComponent, 'k8ts/test');
    const byField = (await request(s, { path: '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dp' })).json();
    assert.deepEqual(byField.items.map((i: any) => i.metadata.name), ['e1']);
    const ev = (await request(s, { path: '/apis/events.k8s.io/v1/namespaces/default/events/e1' })).json();
    assert.equal(ev.note, 'hello');
    assert.equal(ev.regarding.name, 'p');
  });
});
