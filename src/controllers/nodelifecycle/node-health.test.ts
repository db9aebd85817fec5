import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod } from '../../api/types/core-v1.js';
import { reconcileTaints, unknownConditions } from './node-health.js';
import { evictionTime, toleratesTaint } from './taint-eviction.js';

const NOW = Date.parse('2026-01-01T00:01:00Z');
const node = (ready: string | undefined, taints: Node['spec'] = {}): Node => ({
  metadata: { name: 'n' },
  spec: taints,
  status: { conditions: ready ? [{ type: 'Ready', status: ready, reason: 'KubeletReady', lastHeartbeatTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' }] : [] },
});

test('a silent node: every kubelet condition Unknown with upstream reason and message, heartbeat kept', () => {
  const c = unknownConditions(node('True'), NOW)!;
  const ready = c.find((x) => x.type === 'Ready')!;
  assert.deepEqual(ready, { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:01:00Z' });
  assert.deepEqual(c.map((x) => x.type).sort(), ['DiskPressure', 'MemoryPressure', 'PIDPressure', 'Ready']);
  assert.equal(unknownConditions({ ...node('True'), status: { conditions: c } }, NOW), undefined);
  assert.equal(unknownConditions(node(undefined), NOW)![0]!.message, 'Kubelet never posted node status.');
});

test('taints follow Ready: Unknown -> unreachable, False -> not-ready, True -> none; others kept', () => {
  const keys = (t: ReturnType<typeof reconcileTaints>) => t?.map((x) => `${x.key}:${x.effect}${x.timeAdded ? '@' : ''}`);
  assert.deepEqual(keys(reconcileTaints(node('Unknown'), NOW)), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute@']);
  assert.deepEqual(keys(reconcileTaints(node('False', { taints: [{ key: 'x', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }), NOW)), [
    'x:NoSchedule', 'node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute@',
  ]);
  assert.deepEqual(keys(reconcileTaints(node('True', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }), NOW)), []);
  assert.equal(reconcileTaints(node('True'), NOW), undefined);
});

const pod = (tolerations: NonNullable<Pod['spec']>['tolerations']): Pod => ({ spec: { containers: [], tolerations } });
const taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' };

test('eviction time: untolerated at once, unbounded never, else timeAdded + min tolerationSeconds', () => {
  assert.deepEqual(evictionTime(pod([]), [taint], NOW), { evictAt: NOW });
  assert.deepEqual(evictionTime(pod([{ operator: 'Exists' }]), [taint], NOW), { never: true });
  assert.deepEqual(evictionTime(pod([{ key: taint.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { operator: 'Exists', tolerationSeconds: 30 }]), [taint], NOW), { evictAt: Date.parse('2026-01-01T00:00:30Z') });
  assert.equal(evictionTime(pod([]), [{ key: 'a', effect: 'NoSchedule' }], NOW), undefined);
});

test('toleratesTaint: Equal needs the value, Exists any, effect and key filter', () => {
  assert.ok(toleratesTaint({ key: 'k', value: 'v' }, { key: 'k', value: 'v', effect: 'NoExecute' }));
  assert.ok(!toleratesTaint({ key: 'k', value: 'w' }, { key: 'k', value: 'v', effect: 'NoExecute' }));
  assert.ok(!toleratesTaint({ key: 'k', operator: 'Exists', effect: 'NoSchedule' }, { key: 'k', effect: 'NoExecute' }));
  assert.ok(!toleratesTaint({ operator: 'Equal' }, { key: 'k', effect: 'NoExecute' }));
});
