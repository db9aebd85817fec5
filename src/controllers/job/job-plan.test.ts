import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../api/types/batch-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import { apiTime } from '../../client/index.js';
import { backoffDelay } from './backoff.js';
import { formatIndexes, parseIndexes } from './indexes.js';
import { flushUncounted } from './flush-uncounted.js';
import { planJob, type PlanInput } from './job-plan.js';
import { JOB_COMPLETION_INDEX, JOB_TRACKING_FINALIZER } from './job-util.js';

const NOW = Date.parse('2026-05-01T10:00:00Z');
const BACKOFF = { baseMs: 10_000, maxMs: 360_000 };

function job(spec: Job['spec'] = {}, status: Job['status'] = {}): Job {
  return { metadata: { name: 'j', namespace: 'ns', uid: 'job-uid' }, spec: { parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', ...spec }, status };
}

let seq = 0;
function pod(phase: string, o: { finalizer?: boolean; deleting?: boolean; index?: number; finishedAt?: number; ready?: boolean } = {}): Pod {
  const p: Pod = {
    metadata: { name: `p${seq}`, uid: `uid-${seq++}`, namespace: 'ns', creationTimestamp: apiTime(NOW - 60_000) },
    status: { phase },
  };
  if (o.finalizer !== false) p.metadata!.finalizers = [JOB_TRACKING_FINALIZER];
  if (o.deleting) p.metadata!.deletionTimestamp = apiTime(NOW - 1000);
  if (o.index !== undefined) p.metadata!.annotations = { [JOB_COMPLETION_INDEX]: String(o.index) };
  if (o.finishedAt !== undefined) p.status!.containerStatuses = [{ name: 'c', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: phase === 'Failed' ? 1 : 0, finishedAt: apiTime(o.finishedAt) } } }];
  if (o.ready) p.status!.conditions = [{ type: 'Ready', status: 'True' }];
  return p;
}

const input = (j: Job, pods: Pod[], o: Partial<PlanInput> = {}): PlanInput => ({ job: j, pods, now: NOW, released: new Set(), backoff: BACKOFF, mayManage: true, burst: 500, ...o });
const cond = (s: Job['status'], type: string) => s?.conditions?.find((c) => c.type === type && c.status === 'True');

test('a new job starts: startTime set, parallelism pods asked for', () => {
  const p = planJob(input(job({ completions: 5, parallelism: 3 }), []));
  assert.equal(p.create.length, 3);
  assert.equal(p.status.startTime, apiTime(NOW));
  assert.equal(p.status.active, 0);
  assert.deepEqual(p.releaseFinalizers, []);
});

test('a finished pod is recorded as uncounted before its finalizer goes, then counted once', () => {
  const done = pod('Succeeded', { finishedAt: NOW - 500 });
  const running = pod('Running', { ready: true });
  const j = job({ completions: 3, parallelism: 2 }, { startTime: apiTime(NOW - 10_000) });
  const p = planJob(input(j, [done, running]));
  assert.deepEqual(p.status.uncountedTerminatedPods, { succeeded: [done.metadata!.uid!], failed: [] });
  assert.equal(p.status.succeeded ?? 0, 0, 'not counted before the finalizer is removed');
  assert.deepEqual(p.releaseFinalizers.map((x) => x.metadata?.uid), [done.metadata!.uid]);
  assert.equal(p.create.length, 1, 'one more pod: min(parallelism, completions - succeeded) - active');
  assert.equal(p.status.ready, 1);
  // The status was written; the finalizer removed (released); flush counts it.
  const written: Job = { ...j, status: p.status };
  const released = new Set([done.metadata!.uid!]);
  const f = flushUncounted(written, [done, running], released, NOW);
  assert.equal(f.status.succeeded, 1);
  assert.deepEqual(f.status.uncountedTerminatedPods, {});
  // Next sync from a stale cache (the pod still shows the finalizer): not recorded again.
  const again = planJob(input({ ...j, status: f.status }, [done, running], { released }));
  assert.deepEqual(again.status.uncountedTerminatedPods, { succeeded: [], failed: [] });
  assert.equal(flushUncounted({ ...j, status: again.status }, [done, running], released, NOW).status.succeeded, 1);
});

test('an uncounted pod that is gone, or lost its finalizer, is counted; one still holding it waits', () => {
  const kept = pod('Failed');
  const lost = pod('Failed', { finalizer: false });
  const j = job({}, { uncountedTerminatedPods: { failed: ['gone-uid', lost.metadata!.uid!, kept.metadata!.uid!] }, failed: 1 });
  const f = flushUncounted(j, [kept, lost], new Set(), NOW);
  assert.equal(f.status.failed, 3);
  assert.deepEqual(f.status.uncountedTerminatedPods, { failed: [kept.metadata!.uid!] });
});

test('failures beyond backoffLimit set FailureTarget, delete active pods, and Failed follows once nothing runs', () => {
  const failed = [pod('Failed'), pod('Failed'), pod('Failed')];
  const running = pod('Running');
  const j = job({ backoffLimit: 2, parallelism: 2, completions: 4 }, { startTime: apiTime(NOW - 10_000) });
  const p = planJob(input(j, [...failed, running]));
  assert.equal(cond(p.status, 'FailureTarget')?.reason, 'BackoffLimitExceeded');
  assert.equal(p.events[0]?.reason, 'BackoffLimitExceeded');
  assert.deepEqual(p.deletePods.map((x) => x.metadata?.uid), [running.metadata!.uid]);
  assert.equal(p.create.length, 0);
  assert.equal(cond(flushUncounted({ ...j, status: { ...p.status, active: 1 } }, [...failed, running], new Set(failed.map((x) => x.metadata!.uid!)), NOW).status, 'Failed'), undefined, 'not while a pod runs');
  const gone = new Set(failed.map((x) => x.metadata!.uid!));
  const f = flushUncounted({ ...j, status: { ...p.status, active: 0, terminating: 0 } }, failed, gone, NOW);
  assert.equal(f.status.failed, 3);
  assert.equal(cond(f.status, 'Failed')?.reason, 'BackoffLimitExceeded');
  assert.equal(f.status.completionTime, undefined);
});

test('activeDeadlineSeconds: requeue at the deadline, DeadlineExceeded after it', () => {
  const j = job({ activeDeadlineSeconds: 30 }, { startTime: apiTime(NOW - 20_000) });
  const p = planJob(input(j, [pod('Running')]));
  assert.equal(p.requeueAfterMs, 10_000);
  const late = planJob(input(job({ activeDeadlineSeconds: 30 }, { startTime: apiTime(NOW - 31_000) }), [pod('Running')]));
  assert.equal(cond(late.status, 'FailureTarget')?.reason, 'DeadlineExceeded');
  assert.equal(late.deletePods.length, 1);
});

test('completions reached: SuccessCriteriaMet, then Complete with completionTime when idle', () => {
  const pods = [pod('Succeeded', { finalizer: false }), pod('Succeeded', { finalizer: false })];
  const j = job({ completions: 2, parallelism: 2 }, { succeeded: 2, startTime: apiTime(NOW - 5000) });
  const p = planJob(input(j, pods));
  assert.equal(cond(p.status, 'SuccessCriteriaMet')?.reason, 'CompletionsReached');
  const f = flushUncounted({ ...j, status: p.status }, pods, new Set(), NOW);
  assert.equal(cond(f.status, 'Complete')?.message, 'Reached expected number of succeeded pods');
  assert.equal(f.status.completionTime, apiTime(NOW));
  assert.deepEqual(f.events.map((e) => e.reason), ['Completed']);
});

test('no completions: done once a pod succeeded and none runs; no new pods after a success', () => {
  const j = job({ parallelism: 2 }, { startTime: apiTime(NOW - 5000), succeeded: 1 });
  const running = pod('Running');
  const p = planJob(input(j, [pod('Succeeded', { finalizer: false }), running]));
  assert.equal(p.create.length, 0);
  assert.equal(cond(p.status, 'SuccessCriteriaMet'), undefined);
  const idle = planJob(input(j, [pod('Succeeded', { finalizer: false })]));
  assert.ok(cond(idle.status, 'SuccessCriteriaMet'));
});

test('Indexed: pending indexes ascending, duplicates deleted, completedIndexes after the flush', () => {
  const done1 = pod('Succeeded', { index: 1 });
  const a = pod('Running', { index: 3 });
  const dup = pod('Running', { index: 3 });
  const j = job({ completionMode: 'Indexed', completions: 5, parallelism: 3 }, { startTime: apiTime(NOW - 5000), completedIndexes: '4', succeeded: 1 });
  const p = planJob(input(j, [done1, a, dup]));
  assert.equal(p.deletePods.length, 1);
  assert.deepEqual(p.create, [0, 2]);
  const f = flushUncounted({ ...j, status: p.status }, [done1, a, dup], new Set([done1.metadata!.uid!]), NOW);
  assert.equal(f.status.completedIndexes, '1,4');
  assert.equal(f.status.succeeded, 2);
});

test('suspend deletes active pods without counting them as failures; resume resets startTime', () => {
  const running = pod('Running');
  const terminating = pod('Running', { deleting: true });
  const p = planJob(input(job({ suspend: true, parallelism: 2, completions: 2 }, { startTime: apiTime(NOW - 9000) }), [running, terminating]));
  assert.equal(cond(p.status, 'Suspended')?.reason, 'JobSuspended');
  assert.deepEqual(p.deletePods.map((x) => x.metadata?.uid), [running.metadata!.uid]);
  assert.deepEqual(p.releaseFinalizers.map((x) => x.metadata?.uid), [terminating.metadata!.uid]);
  assert.deepEqual(p.status.uncountedTerminatedPods, { succeeded: [], failed: [] });
  const resumed = planJob(input(job({ suspend: false, parallelism: 2, completions: 2 }, p.status), []));
  assert.equal(resumed.status.conditions?.find((c) => c.type === 'Suspended')?.status, 'False');
  assert.equal(resumed.status.startTime, apiTime(NOW));
  assert.deepEqual(resumed.events.map((e) => e.reason), ['Resumed']);
});

test('a deleted running pod counts as failed (TerminatingOrFailed); with podReplacementPolicy Failed the replacement waits', () => {
  const del = pod('Running', { deleting: true });
  const p = planJob(input(job({ completions: 1 }, { startTime: apiTime(NOW - 5000) }), [del]));
  assert.deepEqual(p.status.uncountedTerminatedPods?.failed, [del.metadata!.uid]);
  assert.equal(p.create.length, 0, 'a failure: the replacement waits out the back-off');
  assert.equal(p.requeueAfterMs, 9000);
  const q = planJob(input(job({ completions: 1, podReplacementPolicy: 'Failed' }, { startTime: apiTime(NOW - 5000) }), [del]));
  assert.deepEqual(q.status.uncountedTerminatedPods?.failed, []);
  assert.equal(q.create.length, 0);
});

test('pod failure back-off: base doubling per failure since the last success, capped; creates wait', () => {
  assert.deepEqual([1, 2, 3, 10].map((n) => backoffDelay(BACKOFF, n)), [10_000, 20_000, 40_000, 360_000]);
  const f1 = pod('Failed', { finishedAt: NOW - 4000 });
  const p = planJob(input(job({}, { startTime: apiTime(NOW - 9000) }), [f1]));
  assert.equal(p.create.length, 0);
  assert.equal(p.requeueAfterMs, 6000);
  const later = planJob(input(job({}, { startTime: apiTime(NOW - 9000) }), [f1], { now: NOW + 6000 }));
  assert.equal(later.create.length, 1);
});

test('completed index sets round-trip', () => {
  assert.equal(formatIndexes([5, 1, 2, 3, 7, 8]), '1-3,5,7,8');
  assert.deepEqual([...parseIndexes('1-3,5,7-8,12', 10)].sort((a, b) => a - b), [1, 2, 3, 5, 7, 8]);
  assert.equal(formatIndexes([]), '');
});

test('podFailurePolicy: FailJob fails the job at once with the rule in the message; Ignore does not count', () => {
  const policy = {
    rules: [
      { action: 'FailJob', onExitCodes: { containerName: 'c', operator: 'In', values: [42] } },
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    ],
  };
  const exit42 = pod('Failed', { finishedAt: NOW - 100 });
  exit42.status!.containerStatuses![0]!.state!.terminated!.exitCode = 42;
  const p = planJob(input(job({ podFailurePolicy: policy, podReplacementPolicy: 'Failed' }, { startTime: apiTime(NOW - 9000) }), [exit42]));
  assert.equal(cond(p.status, 'FailureTarget')?.reason, 'PodFailurePolicy');
  assert.equal(cond(p.status, 'FailureTarget')?.message, `Container c for pod ns/${exit42.metadata!.name} failed with exit code 42 matching FailJob rule at index 0`);
  const disrupted = pod('Failed', { finishedAt: NOW - 100 });
  disrupted.status!.conditions = [{ type: 'DisruptionTarget', status: 'True' }];
  const q = planJob(input(job({ podFailurePolicy: policy, podReplacementPolicy: 'Failed' }, { startTime: apiTime(NOW - 9000) }), [disrupted]));
  assert.equal(cond(q.status, 'FailureTarget'), undefined);
  assert.deepEqual(q.status.uncountedTerminatedPods?.failed, []);
  assert.deepEqual(q.releaseFinalizers.map((x) => x.metadata?.uid), [disrupted.metadata!.uid]);
  assert.equal(q.create.length, 1, 'an ignored failure is replaced without back-off');
  const other = pod('Failed', { finishedAt: NOW - 100 });
  const r = planJob(input(job({ podFailurePolicy: policy, podReplacementPolicy: 'Failed' }, { startTime: apiTime(NOW - 9000) }), [other]));
  assert.deepEqual(r.status.uncountedTerminatedPods?.failed, [other.metadata!.uid], 'no rule matched: counted');
});

test('successPolicy: the first matching rule ends an Indexed job (reason SuccessPolicy), remaining pods deleted', () => {
  const successPolicy = { rules: [{ succeededIndexes: '0-1', succeededCount: 2 }, { succeededCount: 3 }] };
  const spec = { completionMode: 'Indexed', completions: 5, parallelism: 5, successPolicy };
  const running = [pod('Running', { index: 2 }), pod('Running', { index: 3 })];
  const j = job(spec, { startTime: apiTime(NOW - 5000), completedIndexes: '0,4', succeeded: 2 });
  const p = planJob(input(j, running));
  assert.equal(cond(p.status, 'SuccessCriteriaMet'), undefined, 'index 1 not done and only 2 of 3');
  const k = job(spec, { startTime: apiTime(NOW - 5000), completedIndexes: '0-1', succeeded: 2 });
  const q = planJob(input(k, running));
  assert.equal(cond(q.status, 'SuccessCriteriaMet')?.reason, 'SuccessPolicy');
  assert.equal(cond(q.status, 'SuccessCriteriaMet')?.message, 'Matched rules at index 0');
  assert.equal(q.deletePods.length, 2);
  assert.equal(q.create.length, 0);
  const r = planJob(input(job(spec, { startTime: apiTime(NOW - 5000), completedIndexes: '2-4', succeeded: 3 }), []));
  assert.equal(cond(r.status, 'SuccessCriteriaMet')?.message, 'Matched rules at index 1');
  const f = flushUncounted({ ...k, status: { ...q.status, active: 0, terminating: 0 } }, [], new Set(), NOW);
  assert.equal(cond(f.status, 'Complete')?.reason, 'SuccessPolicy');
});

test('backoffLimitPerIndex: failures counted per index via the annotation; failed indexes are not retried', () => {
  const spec = { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 1, backoffLimit: 2147483647 };
  const first = pod('Failed', { index: 0, finishedAt: NOW - 60_000 });
  const second = pod('Failed', { index: 0, finishedAt: NOW - 30_000 });
  second.metadata!.annotations!['batch.kubernetes.io/job-index-failure-count'] = '1';
  const fresh1 = pod('Failed', { index: 1, finishedAt: NOW - 1000 });
  const running2 = pod('Running', { index: 2 });
  const j = job(spec, { startTime: apiTime(NOW - 90_000) });
  const p = planJob(input(j, [first, second, fresh1, running2]));
  assert.equal(p.status.failedIndexes, '0', 'index 0 failed twice (> 1)');
  assert.deepEqual(p.create, [], 'index 1 waits out its back-off, index 0 is not retried');
  assert.equal(p.requeueAfterMs, 9000);
  assert.equal(p.indexFailureCounts?.get(1), 1);
  const later = planJob(input(j, [first, second, fresh1, running2], { now: NOW + 9000 }));
  assert.deepEqual(later.create, [1]);
  // All indexes settled with one failed: FailedIndexes.
  const settled = planJob(input(job(spec, { startTime: apiTime(NOW - 90_000), completedIndexes: '1-2', succeeded: 2 }), [first, second]));
  assert.equal(cond(settled.status, 'FailureTarget')?.reason, 'FailedIndexes');
  assert.equal(cond(settled.status, 'FailureTarget')?.message, 'Job has failed indexes');
  // More failed indexes than maxFailedIndexes: MaxFailedIndexesExceeded at once.
  const strict = planJob(input(job({ ...spec, maxFailedIndexes: 0 }, { startTime: apiTime(NOW - 90_000) }), [first, second, running2]));
  assert.equal(cond(strict.status, 'FailureTarget')?.reason, 'MaxFailedIndexesExceeded');
  assert.equal(strict.deletePods.length, 1);
});

test('restartPolicy OnFailure: container restarts in running pods count against backoffLimit', () => {
  const crashing = pod('Running');
  crashing.status!.containerStatuses = [{ name: 'c', image: 'x', imageID: '', ready: false, restartCount: 2 }];
  const spec = { backoffLimit: 3, template: { spec: { restartPolicy: 'OnFailure', containers: [] } } };
  assert.equal(cond(planJob(input(job(spec, { startTime: apiTime(NOW - 5000) }), [crashing])).status, 'FailureTarget'), undefined);
  crashing.status!.containerStatuses[0]!.restartCount = 3;
  assert.equal(cond(planJob(input(job(spec, { startTime: apiTime(NOW - 5000) }), [crashing])).status, 'FailureTarget')?.reason, 'BackoffLimitExceeded');
  const never = { ...spec, template: { spec: { restartPolicy: 'Never', containers: [] } } };
  assert.equal(cond(planJob(input(job(never, { startTime: apiTime(NOW - 5000) }), [crashing])).status, 'FailureTarget'), undefined);
});
