import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../api/types/core-v1.js';
import { RUN_TIME_ANNOTATION } from './annotations.js';
import { planPod, type PlanConfig, type PodRecord } from './pod-plan.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const cfg: PlanConfig = { hostIP: '172.16.0.2', startDelayMs: 1000, runTimeMs: 5000, crashBackoffMs: 10_000, allocateIp: () => '10.0.0.9' };
const pod = (o: { ephemeral?: string[]; annotations?: Record<string, string>; restartPolicy?: string; deleting?: boolean } = {}): Pod => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u1', annotations: o.annotations, deletionTimestamp: o.deleting ? '2026-01-01T00:01:00Z' : undefined },
  spec: { nodeName: 'n', restartPolicy: o.restartPolicy, containers: [{ name: 'c', image: 'nginx' }], ephemeralContainers: (o.ephemeral ?? []).map((name) => ({ name, image: 'busybox' })) },
  status: {},
});
const status = (a: ReturnType<typeof planPod>) => {
  assert.ok(a.kind === 'status');
  return a;
};

test('an ephemeral container waits (ContainerCreating) for the start delay, then runs: not ready, no started, never restarted', () => {
  const r: PodRecord = { uid: 'u1', seenAt: T0 };
  const plain = status(planPod(pod(), r, T0 + 2000, cfg));
  assert.equal(plain.stage, 'running');
  assert.equal(plain.status.ephemeralContainerStatuses, undefined, 'no ephemeral containers: no field');
  const added = status(planPod(pod({ ephemeral: ['debugger-abc'] }), r, T0 + 5000, cfg));
  assert.equal(added.stage, 'running/debugger-abc=w', 'a new stage, so the status is written');
  assert.equal(added.nextAt, T0 + 6000);
  const w = added.status.ephemeralContainerStatuses?.[0];
  assert.deepEqual(w, { name: 'debugger-abc', image: 'docker.io/library/busybox:latest', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} });
  assert.equal(added.status.containerStatuses?.[0]?.state?.running !== undefined, true, 'the app container is untouched');
  const run = status(planPod(pod({ ephemeral: ['debugger-abc'] }), r, T0 + 6000, cfg));
  assert.equal(run.stage, 'running/debugger-abc=r');
  assert.equal(run.nextAt, undefined, 'runs until the pod ends');
  const cs = run.status.ephemeralContainerStatuses![0]!;
  assert.deepEqual(cs.state, { running: { startedAt: '2026-01-01T00:00:06Z' } });
  assert.equal(cs.ready, false);
  assert.equal('started' in cs, false);
  assert.match(cs.containerID ?? '', /^containerd:\/\/[0-9a-f]{64}$/);
  assert.match(cs.imageID ?? '', /^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/);
});

test('an ephemeral container added while the pod is still creating starts with the pod', () => {
  const r: PodRecord = { uid: 'u1', seenAt: T0 };
  const a = status(planPod(pod({ ephemeral: ['e'] }), r, T0 + 100, cfg));
  assert.equal(a.stage, 'creating/e=w');
  assert.equal(a.nextAt, T0 + 1000);
  const b = status(planPod(pod({ ephemeral: ['e'] }), r, T0 + 1100, cfg));
  assert.equal(b.stage, 'running/e=r');
  assert.equal(b.status.ephemeralContainerStatuses?.[0]?.state?.running?.startedAt, '2026-01-01T00:00:01Z');
});

test('sim.k8ts.io/run-time-ms ends each ephemeral container after its run time (exit 0), even in a restartPolicy Always pod', () => {
  const r: PodRecord = { uid: 'u1', seenAt: T0 };
  const p = (names: string[]) => pod({ ephemeral: names, annotations: { [RUN_TIME_ANNOTATION]: '3000' } });
  status(planPod(p([]), r, T0 + 2000, cfg));
  const a = status(planPod(p(['e1']), r, T0 + 2000, cfg));
  assert.equal(a.nextAt, T0 + 3000);
  const b = status(planPod(p(['e1', 'e2']), r, T0 + 4000, cfg));
  assert.equal(b.stage, 'running/e1=r,e2=w');
  assert.equal(b.nextAt, T0 + 5000);
  const c = status(planPod(p(['e1', 'e2']), r, T0 + 6000, cfg));
  assert.equal(c.stage, 'running/e1=t,e2=r');
  assert.deepEqual(c.status.ephemeralContainerStatuses![0]!.state, {
    terminated: { exitCode: 0, reason: 'Completed', startedAt: '2026-01-01T00:00:03Z', finishedAt: '2026-01-01T00:00:06Z', containerID: c.status.ephemeralContainerStatuses![0]!.containerID },
  });
  assert.equal(c.nextAt, T0 + 8000);
  assert.equal(c.status.phase, 'Running', 'the pod keeps running');
});

test('ephemeral containers end with their pod: completion and deletion', () => {
  const r: PodRecord = { uid: 'u1', seenAt: T0 };
  status(planPod(pod({ restartPolicy: 'Never', ephemeral: ['e'] }), r, T0 + 2000, cfg));
  const done = status(planPod(pod({ restartPolicy: 'Never', ephemeral: ['e'] }), r, T0 + 6000, cfg));
  assert.equal(done.stage, 'succeeded/e=t');
  assert.equal(done.status.ephemeralContainerStatuses?.[0]?.state?.terminated?.finishedAt, '2026-01-01T00:00:06Z');

  const d: PodRecord = { uid: 'u1', seenAt: T0 };
  status(planPod(pod({ ephemeral: ['e'] }), d, T0 + 2000, cfg));
  const running = status(planPod(pod({ ephemeral: ['e', 'late'] }), d, T0 + 3500, cfg));
  assert.equal(running.stage, 'running/e=r,late=w');
  d.written = running.stage;
  const gone = planPod(pod({ ephemeral: ['e', 'late'], deleting: true }), d, T0 + 4000, cfg);
  assert.ok(gone.kind === 'delete');
  const [e, late] = gone.status!.ephemeralContainerStatuses!;
  assert.equal(e!.state?.terminated?.finishedAt, '2026-01-01T00:00:04Z');
  assert.equal(late!.state?.waiting?.reason, 'ContainerCreating', 'one that had not started never does');
});

test('a node that restarts keeps the start time it reported', () => {
  const p = pod({ ephemeral: ['e'] });
  p.status = { ephemeralContainerStatuses: [{ name: 'e', image: 'busybox', imageID: 'x', ready: false, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:04Z' } } }] };
  const a = status(planPod(p, { uid: 'u1', seenAt: T0 }, T0 + 9000, cfg));
  assert.equal(a.status.ephemeralContainerStatuses?.[0]?.state?.running?.startedAt, '2026-01-01T00:00:04Z');
});
