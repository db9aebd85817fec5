import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../api/types/core-v1.js';
import { containerUsage, podMetricsFor, sumUsage } from './metrics-reporter.js';

const pod = (o: { annotations?: Record<string, string>; phase?: string; running?: string[] } = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', labels: { app: 'web' }, annotations: o.annotations },
  spec: {
    nodeName: 'n0',
    containers: [
      { name: 'a', image: 'x', resources: { requests: { cpu: '250m', memory: '64Mi' } } },
      { name: 'b', image: 'x' },
    ],
  },
  status: { phase: o.phase ?? 'Running', containerStatuses: (o.running ?? ['a', 'b']).map((name) => ({ name, ready: true, restartCount: 0, image: 'x', imageID: '', state: { running: { startedAt: '2026-12-04T00:00:00Z' } } })) },
});

test('a container uses what its pod is annotated with, else its requests, else nothing and 1Mi', () => {
  const plain = pod();
  assert.deepEqual(containerUsage(plain, plain.spec!.containers![0]!), { cpu: '250m', memory: '64Mi' });
  assert.deepEqual(containerUsage(plain, plain.spec!.containers![1]!), { cpu: '0', memory: '1Mi' });
  const annotated = pod({ annotations: { 'sim.k8ts.io/cpu-usage': '1500m', 'sim.k8ts.io/memory-usage': '128Mi' } });
  assert.deepEqual(containerUsage(annotated, annotated.spec!.containers![1]!), { cpu: '1500m', memory: '128Mi' });
  const bad = pod({ annotations: { 'sim.k8ts.io/cpu-usage': 'lots' } });
  assert.deepEqual(containerUsage(bad, bad.spec!.containers![0]!), { cpu: '250m', memory: '64Mi' }, 'an unparseable annotation is ignored');
});

test('PodMetrics name the pod, copy its labels and cover only its running containers', () => {
  const m = podMetricsFor(pod({ running: ['a'] }), Date.parse('2026-12-04T10:00:00.700Z'), 15)!;
  assert.deepEqual(m, {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: { name: 'p', namespace: 'ns', labels: { app: 'web' } },
    timestamp: '2026-12-04T10:00:00Z',
    window: '15s',
    containers: [{ name: 'a', usage: { cpu: '250m', memory: '64Mi' } }],
  });
  assert.equal(podMetricsFor(pod({ phase: 'Pending' }), 0, 15), undefined);
  assert.equal(podMetricsFor(pod({ phase: 'Succeeded' }), 0, 15), undefined);
  assert.equal(podMetricsFor(pod({ running: [] }), 0, 15), undefined);
});

test("a node's usage is the sum over its pods' containers", () => {
  const a = podMetricsFor(pod(), 0, 15)!;
  const b = podMetricsFor(pod({ annotations: { 'sim.k8ts.io/cpu-usage': '1', 'sim.k8ts.io/memory-usage': '1Gi' } }), 0, 15)!;
  assert.deepEqual(sumUsage([a, b]), { cpu: '2250m', memory: '2113Mi' });
  assert.deepEqual(sumUsage([]), { cpu: '0', memory: '0' });
});
