import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DaemonSet } from '../../api/types/apps-v1.js';
import type { Node, Pod, Taint } from '../../api/types/core-v1.js';
import { newDaemonPod } from './daemon-pods.js';
import { planManage, planRollingUpdate, updateBudget, type DaemonPlan } from './plan.js';
import { computeDaemonSetStatus } from './status.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');
const node = (name: string, taints: Taint[] = []): Node => ({ metadata: { name }, spec: { taints } });
const nodes = (n: number) => Array.from({ length: n }, (_, i) => node(`n${i}`));

function ds(ru: { maxUnavailable?: number | string; maxSurge?: number | string } | 'OnDelete' = { maxUnavailable: 1, maxSurge: 0 }): DaemonSet {
  return {
    metadata: { name: 'agent', namespace: 'ns', uid: 'u', generation: 1 },
    spec: {
      selector: { matchLabels: { app: 'a' } },
      updateStrategy: ru === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: ru },
      template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    },
  };
}

let seq = 0;
function pod(nodeName: string, hash = 'h1', state: 'ready' | 'pending' | 'failed' | 'terminating' = 'ready'): Pod {
  const p = newDaemonPod(ds(), nodeName, hash);
  p.metadata!.name = `agent-${seq++}`;
  p.metadata!.creationTimestamp = new Date(Date.parse('2026-01-01T00:00:00Z') + seq * 1000).toISOString();
  p.spec!.nodeName = nodeName;
  p.status = { phase: state === 'pending' ? 'Pending' : state === 'failed' ? 'Failed' : 'Running' };
  if (state === 'ready' || state === 'terminating') p.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }];
  if (state === 'terminating') p.metadata!.deletionTimestamp = '2026-01-01T00:09:00Z';
  return p;
}

const show = (p: DaemonPlan) => ({ create: p.createOn, delete: p.delete.map((x) => `${x.spec?.nodeName}/${x.metadata?.labels?.['controller-revision-hash']}`) });
const input = (d: DaemonSet, ns: Node[], pods: Pod[], hash = 'h1') => ({ ds: d, nodes: ns, pods, hash, now: NOW });

describe('DaemonSet manage', () => {
  it('creates a pod on each eligible node without one, none on tainted nodes', () => {
    const ns = [...nodes(2), node('t', [{ key: 'x', effect: 'NoSchedule' }])];
    assert.deepEqual(show(planManage(input(ds(), ns, [pod('n1')]))), { create: ['n0'], delete: [] });
  });

  it('deletes pods on nodes that may not keep them, failed pods, extra pods and pods of removed nodes', () => {
    const ns = [node('n0', [{ key: 'x', effect: 'NoExecute' }]), node('n1'), node('n2')];
    const failed = pod('n1', 'h1', 'failed');
    const p = planManage(input(ds(), ns, [pod('n0'), failed, pod('n2'), pod('n2'), pod('gone')]));
    assert.deepEqual(show(p), { create: [], delete: ['n0/h1', 'n1/h1', 'n2/h1', 'gone/h1'] });
    assert.deepEqual(p.failed, [failed]);
    assert.equal(p.force?.length, 1);
    assert.equal(p.force?.[0]?.spec?.nodeName, 'gone');
    // A failed pod still in its back-off waits, and the plan says when to look again.
    const waiting = planManage({ ...input(ds(), ns, [pod('n1', 'h1', 'failed')]), failedBackoffMs: (n) => (n === 'n1' ? 700 : 0) });
    assert.deepEqual(waiting.delete, []);
    assert.equal(waiting.retryAfterMs, 700);
    // A NoSchedule taint lets the pod already there stay.
    assert.deepEqual(show(planManage(input(ds(), [node('n0', [{ key: 'x', effect: 'NoSchedule' }])], [pod('n0')]))), { create: [], delete: [] });
  });

  it('keeps one pod per node, or with surge the new one and the old one until the new is available', () => {
    const surge = ds({ maxUnavailable: 0, maxSurge: 1 });
    const oldPod = pod('n0', 'h1');
    const newPending = pod('n0', 'h2', 'pending');
    assert.deepEqual(show(planManage(input(surge, [node('n0')], [oldPod, newPending], 'h2'))), { create: [], delete: [] });
    assert.deepEqual(show(planManage(input(surge, [node('n0')], [oldPod, pod('n0', 'h2')], 'h2'))), { create: [], delete: ['n0/h1'] });
    assert.deepEqual(show(planManage(input(ds(), [node('n0')], [oldPod, pod('n0', 'h2')], 'h2'))), { create: [], delete: ['n0/h2'] });
  });
});

describe('DaemonSet rolling update', () => {
  it('scales maxUnavailable and maxSurge like upstream', () => {
    assert.deepEqual(updateBudget(ds({ maxUnavailable: '10%', maxSurge: 0 }), 15), { maxSurge: 0, maxUnavailable: 2 });
    assert.deepEqual(updateBudget(ds({ maxUnavailable: 0, maxSurge: '25%' }), 3), { maxSurge: 1, maxUnavailable: 0 });
    assert.deepEqual(updateBudget(ds({ maxUnavailable: 0, maxSurge: 0 }), 3), { maxSurge: 0, maxUnavailable: 1 });
  });

  it('deletes old pods within maxUnavailable, unavailable old pods at once', () => {
    const pods = [pod('n0'), pod('n1'), pod('n2', 'h1', 'pending')];
    assert.deepEqual(show(planRollingUpdate(input(ds(), nodes(3), pods, 'h2'))), { create: [], delete: ['n2/h1'] });
    assert.deepEqual(show(planRollingUpdate(input(ds({ maxUnavailable: 2 }), nodes(3), [pod('n0'), pod('n1'), pod('n2')], 'h2'))), { create: [], delete: ['n0/h1', 'n1/h1'] });
    assert.deepEqual(show(planRollingUpdate(input(ds(), nodes(3), [pod('n0'), pod('n1'), pod('n2', 'h2', 'pending')], 'h2'))), { create: [], delete: [] });
    assert.deepEqual(show(planRollingUpdate(input(ds(), nodes(3), [pod('n0'), pod('n1', 'h2'), pod('n2', 'h2')], 'h2'))), { create: [], delete: ['n0/h1'] });
    assert.deepEqual(show(planRollingUpdate(input(ds('OnDelete'), nodes(3), [pod('n0'), pod('n1'), pod('n2')], 'h2'))), { create: [], delete: [] });
  });

  it('surges new pods within maxSurge, then deletes old pods once the new ones are available', () => {
    const surge = ds({ maxUnavailable: 0, maxSurge: 1 });
    assert.deepEqual(show(planRollingUpdate(input(surge, nodes(3), [pod('n0'), pod('n1'), pod('n2')], 'h2'))), { create: ['n0'], delete: [] });
    assert.deepEqual(show(planRollingUpdate(input(surge, nodes(3), [pod('n0'), pod('n0', 'h2', 'pending'), pod('n1'), pod('n2')], 'h2'))), { create: [], delete: [] });
    assert.deepEqual(show(planRollingUpdate(input(surge, nodes(3), [pod('n0'), pod('n0', 'h2'), pod('n1'), pod('n2')], 'h2'))), { create: ['n1'], delete: ['n0/h1'] });
  });
});

describe('DaemonSet status', () => {
  it('counts desired, current, misscheduled, ready, available and updated', () => {
    const ns = [node('n0'), node('n1'), node('n2'), node('t', [{ key: 'x', effect: 'NoSchedule' }])];
    const s = computeDaemonSetStatus({ ...input(ds(), ns, [pod('n0', 'h2'), pod('n1', 'h1', 'pending'), pod('t')], 'h2'), collisionCount: 0 });
    assert.deepEqual(
      { ...s, conditions: undefined },
      { desiredNumberScheduled: 3, currentNumberScheduled: 2, numberMisscheduled: 1, numberReady: 1, numberAvailable: 1, updatedNumberScheduled: 1, numberUnavailable: 2, observedGeneration: 1, conditions: undefined },
    );
    assert.equal(computeDaemonSetStatus({ ...input(ds(), ns, [], 'h2'), collisionCount: 2 }).collisionCount, 2);
  });
});
