import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../api/types/core-v1.js';
import { CRASH_ANNOTATION, FAIL_ANNOTATION, NEVER_READY_ANNOTATION, RUN_TIME_ANNOTATION, START_DELAY_ANNOTATION } from './annotations.js';
import { crashBackoff, planPod, statusDrifted, type PlanConfig, type PodRecord } from './pod-plan.js';
import { normalizeImage } from './pod-status.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const pod = (o: { annotations?: Record<string, string>; restartPolicy?: string; deleting?: boolean; phase?: string } = {}): Pod => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u1', annotations: o.annotations, deletionTimestamp: o.deleting ? '2026-01-01T00:01:00Z' : undefined },
  spec: { nodeName: 'n', restartPolicy: o.restartPolicy, containers: [{ name: 'c', image: 'nginx' }] },
  status: o.phase ? { phase: o.phase } : {},
});
let ips = 0;
const cfg: PlanConfig = { hostIP: '172.16.0.2', startDelayMs: 1000, runTimeMs: 5000, crashBackoffMs: 10_000, allocateIp: () => `10.0.0.${++ips}` };
const rec = (): PodRecord => ({ uid: 'u1', seenAt: T0 });

test('creating until the start delay, then running and ready, with an IP allocated once', () => {
  const r = rec();
  const a = planPod(pod(), r, T0 + 10, cfg);
  assert.equal(a.kind, 'status');
  assert.ok(a.kind === 'status');
  assert.equal(a.stage, 'creating');
  assert.equal(a.nextAt, T0 + 1000);
  assert.equal(a.status.phase, 'Pending');
  assert.equal(a.status.containerStatuses?.[0]?.state?.waiting?.reason, 'ContainerCreating');
  assert.equal(a.status.podIP, undefined);
  const b = planPod(pod(), r, T0 + 1000, cfg);
  assert.ok(b.kind === 'status');
  assert.equal(b.stage, 'running');
  assert.equal(b.nextAt, undefined, 'restartPolicy Always runs forever');
  assert.equal(b.status.phase, 'Running');
  assert.equal(b.status.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  const ip = b.status.podIP;
  assert.ok(ip);
  const again = planPod(pod(), r, T0 + 2000, cfg);
  assert.ok(again.kind === 'status');
  assert.equal(again.status.podIP, ip, 'same IP on every plan');
});

test('Never and OnFailure pods succeed after the run time; the annotation overrides timings', () => {
  for (const restartPolicy of ['Never', 'OnFailure']) {
    const r = rec();
    const running = planPod(pod({ restartPolicy }), r, T0 + 1500, cfg);
    assert.ok(running.kind === 'status');
    assert.equal(running.nextAt, T0 + 6000);
    const done = planPod(pod({ restartPolicy }), r, T0 + 6000, cfg);
    assert.ok(done.kind === 'status');
    assert.equal(done.stage, 'succeeded');
    assert.equal(done.status.phase, 'Succeeded');
    const t = done.status.containerStatuses?.[0]?.state?.terminated;
    assert.equal(t?.reason, 'Completed');
    assert.equal(t?.exitCode, 0);
  }
  const quick = pod({ restartPolicy: 'Never', annotations: { [START_DELAY_ANNOTATION]: '0', [RUN_TIME_ANNOTATION]: '50' } });
  const a = planPod(quick, rec(), T0, cfg);
  assert.ok(a.kind === 'status');
  assert.equal(a.stage, 'running');
  assert.equal(a.nextAt, T0 + 50);
  const forever = planPod(pod({ restartPolicy: 'Never', annotations: { [RUN_TIME_ANNOTATION]: '0' } }), rec(), T0 + 999_999, cfg);
  assert.ok(forever.kind === 'status' && forever.stage === 'running' && forever.nextAt === undefined);
});

test('fail: Failed with the exit code; a finished pod needs nothing more', () => {
  const a = planPod(pod({ annotations: { [FAIL_ANNOTATION]: '42' } }), rec(), T0 + 1000, cfg);
  assert.ok(a.kind === 'status');
  assert.equal(a.status.phase, 'Failed');
  assert.equal(a.status.containerStatuses?.[0]?.state?.terminated?.exitCode, 42);
  assert.equal(a.status.containerStatuses?.[0]?.state?.terminated?.reason, 'Error');
  assert.equal(planPod(pod({ annotations: { [FAIL_ANNOTATION]: 'yes' } }), rec(), T0 + 1000, cfg).kind, 'status');
  const bad = planPod(pod({ annotations: { [FAIL_ANNOTATION]: 'yes' } }), rec(), T0 + 1000, cfg);
  assert.ok(bad.kind === 'status');
  assert.equal(bad.status.containerStatuses?.[0]?.state?.terminated?.exitCode, 1, 'non-numeric: exit code 1');
  assert.deepEqual(planPod(pod({ phase: 'Failed' }), rec(), T0 + 5000, cfg), { kind: 'none' });
});

test('crash: restarts count up with the kubelet back-off (10 s doubling, 5 min cap)', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((k) => crashBackoff(10_000, k)), [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  const p = pod({ annotations: { [CRASH_ANNOTATION]: '137' } });
  const first = planPod(p, rec(), T0 + 1000, cfg);
  assert.ok(first.kind === 'status');
  assert.equal(first.stage, 'crash-1');
  assert.equal(first.nextAt, T0 + 1000 + 10_000);
  const cs = first.status.containerStatuses![0]!;
  assert.equal(cs.restartCount, 1);
  assert.equal(cs.state?.waiting?.reason, 'CrashLoopBackOff');
  assert.equal(cs.lastState?.terminated?.exitCode, 137);
  assert.equal(first.status.phase, 'Running');
  const third = planPod(p, rec(), T0 + 1000 + 10_000 + 20_000, cfg);
  assert.ok(third.kind === 'status');
  assert.equal(third.stage, 'crash-3');
  assert.equal(third.status.containerStatuses![0]!.restartCount, 3);
  assert.match(third.status.containerStatuses![0]!.state!.waiting!.message!, /^back-off 40s restarting failed container=c pod=p_ns\(u1\)$/);
  const never = planPod(pod({ restartPolicy: 'Never', annotations: { [CRASH_ANNOTATION]: '' } }), rec(), T0 + 1000, cfg);
  assert.ok(never.kind === 'status' && never.status.phase === 'Failed');
});

test('never-ready: running, started, not ready', () => {
  const a = planPod(pod({ annotations: { [NEVER_READY_ANNOTATION]: 'true' } }), rec(), T0 + 1000, cfg);
  assert.ok(a.kind === 'status');
  assert.equal(a.stage, 'not-ready');
  assert.equal(a.status.phase, 'Running');
  assert.equal(a.status.conditions?.find((c) => c.type === 'Ready')?.status, 'False');
  assert.equal(a.status.containerStatuses?.[0]?.started, true);
  assert.equal(a.status.containerStatuses?.[0]?.ready, false);
  const off = planPod(pod({ annotations: { [NEVER_READY_ANNOTATION]: 'false' } }), rec(), T0 + 1000, cfg);
  assert.ok(off.kind === 'status' && off.stage === 'running');
});

test('deletion: terminate running containers first; pods that never ran are just deleted', () => {
  const r = rec();
  r.written = 'running';
  const a = planPod(pod({ deleting: true }), r, T0 + 3000, cfg);
  assert.equal(a.kind, 'delete');
  assert.ok(a.kind === 'delete');
  assert.equal(a.status?.containerStatuses?.[0]?.state?.terminated?.reason, 'Completed');
  const fresh = planPod(pod({ deleting: true }), rec(), T0 + 10, cfg);
  assert.deepEqual(fresh, { kind: 'delete', status: undefined });
});

test('image names are normalised as containerd reports them', () => {
  assert.equal(normalizeImage('nginx'), 'docker.io/library/nginx:latest');
  assert.equal(normalizeImage('nginx:1.27'), 'docker.io/library/nginx:1.27');
  assert.equal(normalizeImage('bitnami/redis'), 'docker.io/bitnami/redis:latest');
  assert.equal(normalizeImage('registry.k8s.io/pause:3.10'), 'registry.k8s.io/pause:3.10');
  assert.equal(normalizeImage('localhost:5000/app'), 'localhost:5000/app:latest');
  assert.equal(normalizeImage('busybox@sha256:abc'), 'docker.io/library/busybox@sha256:abc');
});

test('statusDrifted: a newer pod whose phase or readiness differs from what the node wrote; never a cache behind the write', () => {
  const wrote: PodRecord = { ...rec(), written: 'running', writtenVersion: '120' };
  const want = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'ContainersReady', status: 'True' }] };
  const seen = (rv: string, ready: string, phase = 'Running'): Pod => ({ ...pod(), metadata: { ...pod().metadata, resourceVersion: rv }, status: { phase, conditions: [{ type: 'Ready', status: ready }, { type: 'ContainersReady', status: 'True' }] } });
  assert.equal(statusDrifted(seen('121', 'False'), wrote, want), true, 'marked not ready after the write');
  assert.equal(statusDrifted(seen('121', 'True', 'Pending'), wrote, want), true, 'phase changed');
  assert.equal(statusDrifted(seen('119', 'False'), wrote, want), false, 'the cache has not seen the write yet');
  assert.equal(statusDrifted(seen('120', 'True'), wrote, want), false, 'the write itself');
  assert.equal(statusDrifted(seen('125', 'True'), wrote, want), false, 'newer but the same readiness (a label change)');
  assert.equal(statusDrifted(seen('121', 'False'), { ...rec(), written: 'running' }, want), false, 'no version known');
  assert.equal(statusDrifted(seen('x', 'False'), wrote, want), false, 'not a number');
});
