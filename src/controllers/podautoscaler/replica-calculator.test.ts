import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../api/types/core-v1.js';
import { averageValueReplicas, resourceUtilizationReplicas, type PodMetric } from './replica-calculator.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

interface PodOpts {
  request?: string;
  phase?: string;
  ready?: boolean;
  startedAgoMs?: number;
  readySinceAgoMs?: number;
  deleting?: boolean;
}

function pod(name: string, o: PodOpts = {}): Pod {
  const started = NOW - (o.startedAgoMs ?? 10 * 60_000);
  return {
    metadata: { name, namespace: 'ns', ...(o.deleting ? { deletionTimestamp: iso(NOW) } : {}) },
    spec: { containers: [{ name: 'c', image: 'x', resources: o.request === undefined ? {} : { requests: { cpu: o.request } } }] },
    status: {
      phase: o.phase ?? 'Running',
      startTime: iso(started),
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: iso(NOW - (o.readySinceAgoMs ?? 9 * 60_000)) }],
    },
  };
}

const metrics = (values: Record<string, number>): Map<string, PodMetric> =>
  new Map(Object.entries(values).map(([k, v]) => [k, { timestamp: NOW - 10_000, windowMs: 30_000, value: v }]));

const cpu = (pods: Pod[], m: Map<string, PodMetric>, current = pods.length) => ({ currentReplicas: current, resource: 'cpu', pods, metrics: m, now: NOW });

describe('replica calculator: resource utilization', () => {
  it('scales up by ceil(current x ratio)', () => {
    const pods = [pod('a', { request: '1' }), pod('b', { request: '1' })];
    const r = resourceUtilizationReplicas(cpu(pods, metrics({ a: 900, b: 700 })), 50);
    assert.deepEqual(r, { ok: true, replicas: 4, utilization: 80, rawUtilization: 800 });
  });

  it('keeps the count within the 10% tolerance', () => {
    const pods = [pod('a', { request: '1' }), pod('b', { request: '1' })];
    const up = resourceUtilizationReplicas(cpu(pods, metrics({ a: 540, b: 540 })), 50);
    assert.equal(up.ok && up.replicas, 2, '108% of target');
    const down = resourceUtilizationReplicas(cpu(pods, metrics({ a: 460, b: 460 })), 50);
    assert.equal(down.ok && down.replicas, 2, '92% of target');
    const beyond = resourceUtilizationReplicas(cpu(pods, metrics({ a: 580, b: 580 })), 50);
    assert.equal(beyond.ok && beyond.replicas, 3, '116% of target');
  });

  it('scales down', () => {
    const pods = ['a', 'b', 'c', 'd'].map((n) => pod(n, { request: '500m' }));
    const r = resourceUtilizationReplicas(cpu(pods, metrics({ a: 100, b: 100, c: 100, d: 100 })), 50);
    assert.equal(r.ok && r.replicas, 2);
  });

  it('assumes missing pods are at 100% of request when scaling down, idle when scaling up', () => {
    const pods = ['a', 'b', 'c'].map((n) => pod(n, { request: '1' }));
    // a, b at 10%: 3 pods with c at 100% → (10+10+100)/3 = 40% → ratio 0.8 → ceil(2.4) = 3... stays 3 (not below current).
    const down = resourceUtilizationReplicas(cpu(pods, metrics({ a: 100, b: 100 })), 50);
    assert.equal(down.ok && down.replicas, 3);
    // a, b at 100%: c idle → 66% → ratio 1.33 → ceil(4) = 4.
    const up = resourceUtilizationReplicas(cpu(pods, metrics({ a: 1000, b: 1000 })), 50);
    assert.equal(up.ok && up.replicas, 4);
  });

  it('counts unready pods as idle when scaling up; ignores deleted and failed pods', () => {
    const pods = [pod('a', { request: '1' }), pod('b', { request: '1', ready: false, startedAgoMs: 60_000, readySinceAgoMs: 10_000 }), pod('gone', { request: '1', deleting: true }), pod('f', { request: '1', phase: 'Failed' })];
    const r = resourceUtilizationReplicas(cpu(pods, metrics({ a: 1000, b: 1000, gone: 1000, f: 1000 }), 2), 25);
    // a alone: 100% (ratio 4); with b idle: 50% → ratio 2 over 2 pods → 4.
    assert.deepEqual(r, { ok: true, replicas: 4, utilization: 100, rawUtilization: 1000 });
    // At target 50 the idle unready pod brings the ratio to 1.0: no change.
    const held = resourceUtilizationReplicas(cpu(pods, metrics({ a: 1000, b: 1000 }), 2), 50);
    assert.equal(held.ok && held.replicas, 2);
  });

  it('a pending pod is unready, so it never drags a scale-up down', () => {
    const pods = [pod('a', { request: '1' }), pod('p', { request: '1', phase: 'Pending' })];
    const r = resourceUtilizationReplicas(cpu(pods, metrics({ a: 1000 })), 50);
    assert.equal(r.ok && r.replicas, 2, 'a at 200%, p idle → 100% → 2');
  });

  it('reports upstream errors', () => {
    assert.deepEqual(resourceUtilizationReplicas(cpu([], metrics({})), 50), { ok: false, error: 'no pods returned by selector while calculating replica count' });
    assert.deepEqual(resourceUtilizationReplicas(cpu([pod('a')], metrics({ a: 10 })), 50), { ok: false, error: 'missing request for cpu in container c of Pod a' });
    assert.deepEqual(resourceUtilizationReplicas(cpu([pod('a', { request: '1' })], metrics({})), 50), { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' });
  });
});

describe('replica calculator: average value', () => {
  it('divides the average by the target', () => {
    const pods = ['a', 'b'].map((n) => pod(n));
    const r = averageValueReplicas({ ...cpu(pods, metrics({ a: 300, b: 500 })), resource: 'memory' }, 200);
    assert.deepEqual(r, { ok: true, replicas: 4, usage: 400 });
    const same = averageValueReplicas({ ...cpu(pods, metrics({ a: 210, b: 210 })), resource: 'memory' }, 200);
    assert.equal(same.ok && same.replicas, 2);
  });
});

describe('replica calculator: one container of the pods', () => {
  it('uses only that container’s request', () => {
    const p: Pod = {
      ...pod('a'),
      spec: { containers: [{ name: 'app', image: 'x', resources: { requests: { cpu: '200m' } } }, { name: 'sidecar', image: 'y' }] },
    };
    const r = resourceUtilizationReplicas({ ...cpu([p], metrics({ a: 200 })), container: 'app' }, 50);
    assert.deepEqual(r, { ok: true, replicas: 2, utilization: 100, rawUtilization: 200 });
    assert.deepEqual(resourceUtilizationReplicas(cpu([p], metrics({ a: 200 })), 50), { ok: false, error: 'missing request for cpu in container sidecar of Pod a' });
  });
});
