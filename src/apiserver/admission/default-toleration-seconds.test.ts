import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDefaultTolerationSeconds } from './default-toleration-seconds.js';

test('adds both 300 s tolerations to a pod without them', () => {
  const pod: Record<string, any> = { spec: { containers: [] } };
  addDefaultTolerationSeconds(pod);
  assert.deepEqual(pod.spec.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
});

test('keeps tolerations that already cover a taint (same key, empty key or empty effect)', () => {
  const own = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 };
  const pod: Record<string, any> = { spec: { tolerations: [own] } };
  addDefaultTolerationSeconds(pod);
  assert.deepEqual(pod.spec.tolerations.map((t: any) => [t.key, t.tolerationSeconds]), [['node.kubernetes.io/unreachable', 5], ['node.kubernetes.io/not-ready', 300]]);
  const all: Record<string, any> = { spec: { tolerations: [{ operator: 'Exists' }] } };
  addDefaultTolerationSeconds(all);
  assert.deepEqual(all.spec.tolerations, [{ operator: 'Exists' }]);
});
