import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatefulSet } from '../../api/types/apps-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import { STATEFULSET_REVISION_LABEL } from './identity.js';
import { planStatefulSet, type PlanInput, type StatefulSetAction } from './plan.js';
import { completeRollingUpdate, computeStatus } from './status.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');

function set(o: { replicas?: number; policy?: string; partition?: number; onDelete?: boolean; minReady?: number; currentReplicas?: number } = {}): StatefulSet {
  return {
    metadata: { name: 'web', namespace: 'ns', uid: 'u', generation: 2 },
    spec: {
      replicas: o.replicas ?? 3,
      podManagementPolicy: o.policy ?? 'OrderedReady',
      minReadySeconds: o.minReady ?? 0,
      updateStrategy: o.onDelete ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { partition: o.partition ?? 0 } },
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    },
    status: { currentReplicas: o.currentReplicas ?? 0 },
  };
}

type State = 'ready' | 'running' | 'pending' | 'failed' | 'terminating' | 'new';

function pod(ord: number, state: State = 'ready', rev = 'r1', readySince = '2026-01-01T00:00:00Z'): Pod {
  const p: Pod = {
    metadata: { name: `web-${ord}`, namespace: 'ns', labels: { app: 'web', [STATEFULSET_REVISION_LABEL]: rev, 'statefulset.kubernetes.io/pod-name': `web-${ord}`, 'apps.kubernetes.io/pod-index': String(ord) } },
    status: { phase: { ready: 'Running', running: 'Running', pending: 'Pending', failed: 'Failed', terminating: 'Running', new: undefined }[state] },
  };
  if (state === 'ready' || state === 'terminating') p.status!.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }];
  if (state === 'terminating') p.metadata!.deletionTimestamp = '2026-01-01T00:09:00Z';
  return p;
}

const plan = (s: StatefulSet, pods: Pod[], extra: Partial<PlanInput> = {}) => planStatefulSet({ set: s, pods, currentRevision: 'r1', updateRevision: 'r1', now: NOW, ...extra });
const show = (as: StatefulSetAction[]) => as.map((a) => (a.kind === 'create' ? `create ${a.ordinal} ${a.revision}` : a.kind === 'delete' ? `delete ${a.pod.metadata?.name} ${a.reason}` : `${a.kind}`));

describe('planStatefulSet', () => {
  it('OrderedReady creates one ordinal at a time, each after its predecessor is Running and Ready', () => {
    assert.deepEqual(show(plan(set(), []).actions), ['create 0 update']);
    const p1 = plan(set(), [pod(0, 'pending')]);
    assert.deepEqual(p1.actions, []);
    assert.match(p1.waitingFor ?? '', /web-0: not Running and Ready/);
    assert.deepEqual(plan(set(), [pod(0, 'running')]).actions, []);
    assert.deepEqual(show(plan(set(), [pod(0)]).actions), ['create 1 update']);
    assert.deepEqual(show(plan(set(), [pod(0), pod(2)]).actions), ['create 1 update']);
    assert.deepEqual(plan(set(), [pod(0), pod(1), pod(2)]).actions, []);
  });

  it('waits minReadySeconds before the next ordinal and says when to look again', () => {
    const recent = new Date(NOW - 4000).toISOString();
    const p = plan(set({ minReady: 10 }), [pod(0, 'ready', 'r1', recent)]);
    assert.deepEqual(p.actions, []);
    assert.equal(p.requeueAfterMs, 6000);
    assert.deepEqual(show(plan(set({ minReady: 10 }), [pod(0)]).actions), ['create 1 update']);
  });

  it('Parallel creates every missing ordinal without waiting', () => {
    assert.deepEqual(show(plan(set({ policy: 'Parallel' }), [pod(1, 'pending')]).actions), ['create 0 update', 'create 2 update']);
  });

  it('scales down from the highest ordinal, one at a time, after the lower ones are healthy', () => {
    const five = [pod(0), pod(1), pod(2), pod(3), pod(4)];
    assert.deepEqual(show(plan(set({ replicas: 2 }), five).actions), ['delete web-4 condemned']);
    assert.deepEqual(plan(set({ replicas: 2 }), [pod(0), pod(1), pod(2), pod(3), pod(4, 'terminating')]).actions, []);
    assert.deepEqual(plan(set({ replicas: 2 }), [pod(0), pod(1, 'pending'), pod(2), pod(3)]).actions, []);
    // An unhealthy pod being scaled away is the first to go even while it is not ready.
    assert.deepEqual(show(plan(set({ replicas: 2 }), [pod(0), pod(1), pod(2), pod(3, 'running')]).actions), ['delete web-3 condemned']);
    assert.deepEqual(show(plan(set({ replicas: 2, policy: 'Parallel' }), five).actions), ['delete web-4 condemned', 'delete web-3 condemned', 'delete web-2 condemned']);
  });

  it('replaces failed pods', () => {
    const p = plan(set(), [pod(0), pod(1, 'failed'), pod(2)]);
    assert.deepEqual(show(p.actions), ['delete web-1 failed']);
  });

  it('rolls from the highest ordinal down to the partition, one pod at a time', () => {
    const pods = [pod(0), pod(1), pod(2)];
    const up = { updateRevision: 'r2' };
    assert.deepEqual(show(plan(set(), pods, up).actions), ['delete web-2 update']);
    assert.deepEqual(show(plan(set(), [pod(0), pod(1), pod(2, 'ready', 'r2')], up).actions), ['delete web-1 update']);
    assert.deepEqual(plan(set(), [pod(0), pod(1), pod(2, 'running', 'r2')], up).actions, [], 'waits for the updated pod to be ready');
    assert.deepEqual(plan(set({ partition: 2 }), [pod(0), pod(1), pod(2, 'ready', 'r2')], up).actions, [], 'ordinals below the partition stay');
    assert.deepEqual(plan(set({ onDelete: true }), pods, up).actions, [], 'OnDelete never deletes for an update');
  });

  it('recreates a pod below the partition at the current revision, above it at the update revision', () => {
    const up = { updateRevision: 'r2' };
    assert.deepEqual(show(plan(set({ partition: 2 }), [pod(1), pod(2)], up).actions), ['create 0 current']);
    assert.deepEqual(show(plan(set({ partition: 2 }), [pod(0), pod(1)], up).actions), ['create 2 update']);
    assert.deepEqual(show(plan(set({ currentReplicas: 3 }), [pod(1), pod(2)], up).actions), ['create 0 current']);
  });

  it('numbers pods from spec.ordinals.start', () => {
    const s = set({ replicas: 2 });
    s.spec!.ordinals = { start: 5 };
    assert.deepEqual(show(plan(s, []).actions), ['create 5 update']);
    assert.deepEqual(show(plan(s, [pod(5)]).actions), ['create 6 update']);
    assert.deepEqual(show(plan(s, [pod(0), pod(5), pod(6)]).actions), ['delete web-0 condemned']);
  });

  it('does nothing for a set being deleted', () => {
    const s = set();
    s.metadata!.deletionTimestamp = '2026-01-01T00:00:00Z';
    assert.deepEqual(plan(s, []).actions, []);
  });
});

describe('StatefulSet status', () => {
  it('counts created, ready, available, current and updated pods', () => {
    const s = computeStatus({ set: set(), pods: [pod(0, 'ready', 'r1'), pod(1, 'ready', 'r2'), pod(2, 'pending', 'r2'), pod(3, 'new')], currentRevision: 'r1', updateRevision: 'r2', collisionCount: 0, now: NOW });
    assert.deepEqual(
      { r: s.replicas, ready: s.readyReplicas, avail: s.availableReplicas, cur: s.currentReplicas, upd: s.updatedReplicas, obs: s.observedGeneration, curRev: s.currentRevision },
      { r: 3, ready: 2, avail: 2, cur: 1, upd: 2, obs: 2, curRev: 'r1' },
    );
  });

  it('makes the update revision current once every pod is updated and ready', () => {
    const done = completeRollingUpdate(set(), { replicas: 2, readyReplicas: 2, updatedReplicas: 2, currentReplicas: 0, currentRevision: 'r1', updateRevision: 'r2' });
    assert.equal(done.currentRevision, 'r2');
    assert.equal(done.currentReplicas, 2);
    const partial = completeRollingUpdate(set(), { replicas: 2, readyReplicas: 2, updatedReplicas: 1, currentRevision: 'r1', updateRevision: 'r2' });
    assert.equal(partial.currentRevision, 'r1');
    assert.equal(completeRollingUpdate(set({ onDelete: true }), { replicas: 1, readyReplicas: 1, updatedReplicas: 1, currentRevision: 'r1', updateRevision: 'r2' }).currentRevision, 'r1');
  });
});
