// managedFields of a kind served in two versions (HorizontalPodAutoscaler autoscaling/v1 and v2):
// each entry keeps the apiVersion it was written with, and a write through another version is
// compared in each manager's own version, as upstream's field manager does. So a v1 apply of
// targetCPUUtilizationPercentage conflicts with the v2 owner of spec.metrics, and a v1 update
// takes spec.metrics from it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

type Obj = Record<string, any>;
const APPLY = { 'content-type': 'application/apply-patch+yaml' };
const ns = 'mf-versions';
const v1 = `/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers`;
const v2 = `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`;
const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

const v2Config = (name: string, cpu: number) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name },
  spec: { scaleTargetRef: target, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }] },
});
const v1Config = (name: string, cpu: number) => ({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name }, spec: { scaleTargetRef: target, maxReplicas: 5, targetCPUUtilizationPercentage: cpu } });
const entries = (o: Obj) => o.metadata.managedFields.map((e: Obj) => ({ manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, fields: Object.keys(e.fieldsV1['f:spec'] ?? {}).sort() }));

describe('managedFields across API versions', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    const r = await request(s, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    assert.equal(r.code, 201, r.body.toString());
  });
  after(() => s?.close());

  it('an apply through v1 conflicts with the v2 owner of spec.metrics; forced, it takes them', async () => {
    const a = await request(s, { method: 'PATCH', path: `${v2}/h1?fieldManager=alice`, headers: APPLY, body: v2Config('h1', 50) });
    assert.equal(a.code, 201, a.body.toString());
    const b = await request(s, { method: 'PATCH', path: `${v1}/h1?fieldManager=bob`, headers: APPLY, body: v1Config('h1', 80) });
    assert.equal(b.code, 409, b.body.toString());
    assert.equal(b.json().message, 'Apply failed with 1 conflict: conflict with "alice": .spec.metrics');
    // The same value is no conflict: nothing changes in alice's version.
    const same = await request(s, { method: 'PATCH', path: `${v1}/h1?fieldManager=bob`, headers: APPLY, body: v1Config('h1', 50) });
    assert.equal(same.code, 200, same.body.toString());
    const forced = await request(s, { method: 'PATCH', path: `${v1}/h1?fieldManager=bob&force=true`, headers: APPLY, body: v1Config('h1', 80) });
    assert.equal(forced.code, 200, forced.body.toString());
    const stored = (await request(s, { path: `${v2}/h1` })).json();
    assert.equal(stored.spec.metrics[0].resource.target.averageUtilization, 80);
    assert.deepEqual(entries(stored), [
      { manager: 'alice', operation: 'Apply', apiVersion: 'autoscaling/v2', fields: ['f:maxReplicas', 'f:scaleTargetRef'] },
      { manager: 'bob', operation: 'Apply', apiVersion: 'autoscaling/v1', fields: ['f:maxReplicas', 'f:scaleTargetRef', 'f:targetCPUUtilizationPercentage'] },
    ]);
  });

  it('an update through v1 takes spec.metrics from the v2 applier', async () => {
    assert.equal((await request(s, { method: 'PATCH', path: `${v2}/h2?fieldManager=alice`, headers: APPLY, body: v2Config('h2', 50) })).code, 201);
    const p = await request(s, { method: 'PATCH', path: `${v1}/h2?fieldManager=carol`, headers: { 'content-type': 'application/merge-patch+json' }, body: { spec: { targetCPUUtilizationPercentage: 70 } } });
    assert.equal(p.code, 200, p.body.toString());
    const stored = (await request(s, { path: `${v2}/h2` })).json();
    assert.deepEqual(entries(stored), [
      { manager: 'alice', operation: 'Apply', apiVersion: 'autoscaling/v2', fields: ['f:maxReplicas', 'f:scaleTargetRef'] },
      { manager: 'carol', operation: 'Update', apiVersion: 'autoscaling/v1', fields: ['f:targetCPUUtilizationPercentage'] },
    ]);
    // alice re-applying her value is a conflict with carol now, compared in carol's version.
    const again = await request(s, { method: 'PATCH', path: `${v2}/h2?fieldManager=alice`, headers: APPLY, body: v2Config('h2', 50) });
    assert.equal(again.code, 409, again.body.toString());
    assert.equal(again.json().message, 'Apply failed with 1 conflict: conflict with "carol" using autoscaling/v1: .spec.targetCPUUtilizationPercentage');
  });
});
