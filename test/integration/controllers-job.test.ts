// The Job and TTL-after-finished controllers in a running cluster (test API server, simulated
// nodes, scheduler, controller manager), driven with the real kubectl 1.33 (and 1.27).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Job } from '../../src/api/types/batch-v1.js';
import type { Event, Pod } from '../../src/api/types/core-v1.js';
import { EVENTS, JOBS, PODS } from '../../src/client/index.js';
import { ControllerRegistry, controllerDescriptors } from '../../src/controllers/index.js';
import { newJobController } from '../../src/controllers/job/job-controller.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { parseKubectlTable } from '../support/kubectl-table.js';

let c: TestCluster;

before(async () => {
  // A short pod failure back-off so that failing jobs reach their limit in a second.
  const registry = new ControllerRegistry(
    controllerDescriptors().map((d) => (d.name === 'job-controller' ? { ...d, create: newJobController({ backoff: { baseMs: 100, maxMs: 400 } }) } : d)),
  );
  c = await startTestCluster({ registry, startDelayMs: 100 });
});

after(async () => {
  await c?.close();
});

interface JobOpts {
  completions?: number;
  parallelism?: number;
  mode?: 'Indexed';
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttl?: number;
  annotations?: Record<string, string>;
}

function jobYaml(ns: string, name: string, o: JobOpts): string {
  const spec: string[] = [];
  if (o.completions !== undefined) spec.push(`  completions: ${o.completions}`);
  if (o.parallelism !== undefined) spec.push(`  parallelism: ${o.parallelism}`);
  if (o.mode) spec.push(`  completionMode: ${o.mode}`);
  if (o.backoffLimit !== undefined) spec.push(`  backoffLimit: ${o.backoffLimit}`);
  if (o.activeDeadlineSeconds !== undefined) spec.push(`  activeDeadlineSeconds: ${o.activeDeadlineSeconds}`);
  if (o.ttl !== undefined) spec.push(`  ttlSecondsAfterFinished: ${o.ttl}`);
  const ann = Object.entries(o.annotations ?? { 'sim.k8ts.io/run-time-ms': '400' }).map(([k, v]) => `        ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${spec.join('\n')}
  template:
    metadata:
      annotations:
${ann.join('\n')}
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
`;
}

async function kubectl(args: string[], input?: string, version?: string): Promise<string> {
  const r = await c.s.kubectl(args, { input, version });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const getJob = (ns: string, name: string) => c.client.resource(JOBS, ns).get(name);
const podsOf = async (ns: string, job: Job) => (await c.client.resource(PODS, ns).list()).items.filter((p) => p.metadata?.ownerReferences?.some((r) => r.uid === job.metadata?.uid));
const cond = (job: Job, type: string) => job.status?.conditions?.find((x) => x.type === type && x.status === 'True');

async function finished(ns: string, name: string, type: 'Complete' | 'Failed', timeoutMs = 30_000): Promise<Job> {
  return waitFor(`${ns}/${name} ${type}`, async () => {
    const j = await getJob(ns, name);
    return cond(j, type) ? j : undefined;
  }, timeoutMs);
}

async function eventsOf(ns: string, name: string): Promise<Event[]> {
  return (await c.client.resource(EVENTS, ns).list()).items.filter((e) => e.involvedObject?.kind === 'Job' && e.involvedObject.name === name);
}

describe('Job controller', () => {
  it('runs completions 3 with parallelism 2 to Complete (kubectl wait, get jobs 3/3) and counts each pod once', async () => {
    const ns = await c.namespace('job-basic');
    await kubectl(['create', '-f', '-'], jobYaml(ns, 'pi', { completions: 3, parallelism: 2 }));
    const first = await waitFor('two active pods', async () => {
      const j = await getJob(ns, 'pi');
      return (j.status?.active ?? 0) === 2 && j;
    });
    assert.ok(first.status?.startTime);
    const pods = await podsOf(ns, first);
    assert.ok(pods.length <= 2, `at most parallelism pods at first, saw ${pods.length}`);
    for (const p of pods) {
      assert.match(p.metadata!.name!, /^pi-[a-z0-9]{5}$/);
      assert.equal(p.metadata?.labels?.['batch.kubernetes.io/job-name'], 'pi');
      assert.equal(p.metadata?.labels?.['job-name'], 'pi');
      assert.equal(p.metadata?.labels?.['batch.kubernetes.io/controller-uid'], first.metadata?.uid);
      assert.equal(p.metadata?.labels?.['controller-uid'], first.metadata?.uid);
    }
    await kubectl(['wait', '-n', ns, '--for=condition=complete', 'job/pi', '--timeout=30s']);
    const j = await getJob(ns, 'pi');
    assert.equal(j.status?.succeeded, 3);
    assert.equal(j.status?.failed ?? 0, 0);
    assert.equal(j.status?.active ?? 0, 0);
    assert.ok(j.status?.completionTime);
    assert.deepEqual(j.status?.uncountedTerminatedPods ?? {}, {});
    assert.equal(cond(j, 'SuccessCriteriaMet')?.reason, 'CompletionsReached');
    assert.equal(cond(j, 'Complete')?.reason, 'CompletionsReached');
    assert.equal(cond(j, 'Complete')?.message, 'Reached expected number of succeeded pods');
    const done = await podsOf(ns, j);
    assert.equal(done.filter((p) => p.status?.phase === 'Succeeded').length, 3);
    assert.ok(done.every((p) => !p.metadata?.finalizers?.includes('batch.kubernetes.io/job-tracking')), 'every tracking finalizer removed');
    const rows = parseKubectlTable(await kubectl(['get', 'jobs', '-n', ns]));
    assert.deepEqual(rows[0], ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    assert.deepEqual(rows[1]!.slice(0, 3), ['pi', 'Complete', '3/3']);
    const desc = await kubectl(['describe', 'job', 'pi', '-n', ns]);
    assert.match(desc, /Pods Statuses:\s+0 Active \(0 Ready\) \/ 3 Succeeded \/ 0 Failed/);
    assert.match(desc, /Completions:\s+3/);
    const old = parseKubectlTable(await kubectl(['get', 'jobs', '-n', ns], undefined, '1.27'));
    assert.equal(old[1]![0], 'pi');
    assert.ok(old[1]!.includes('3/3'), old.join('|'));
    const evs = await waitFor('events', async () => {
      const e = await eventsOf(ns, 'pi');
      return e.some((x) => x.reason === 'Completed') && e;
    });
    assert.equal(evs.filter((e) => e.reason === 'SuccessfulCreate').reduce((n, e) => n + (e.count ?? 1), 0), 3);
    assert.ok(evs.some((e) => e.reason === 'Completed' && e.message === 'Job completed'));
    const described = await kubectl(['describe', 'job', 'pi', '-n', ns]);
    assert.match(described, /Normal\s+SuccessfulCreate\s+.*job-controller\s+Created pod: pi-[a-z0-9]{5}/);
    assert.match(described, /Normal\s+Completed\s+.*job-controller\s+Job completed/);
  });

  it('runs completions 30 with parallelism 6: exactly 30 pods, each counted once', async () => {
    const ns = await c.namespace('job-many');
    await kubectl(['create', '-f', '-'], jobYaml(ns, 'many', { completions: 30, parallelism: 6, annotations: { 'sim.k8ts.io/run-time-ms': '150' } }));
    const j = await finished(ns, 'many', 'Complete', 45_000);
    assert.equal(j.status?.succeeded, 30);
    assert.equal(j.status?.failed ?? 0, 0);
    const pods = await podsOf(ns, j);
    assert.equal(pods.length, 30, 'no pod created beyond the completions');
    assert.ok(pods.every((p) => p.status?.phase === 'Succeeded' && !p.metadata?.finalizers?.length));
  });

  it('runs an Indexed job: one pod per index, named and annotated with it, completedIndexes 0-2', async () => {
    const ns = await c.namespace('job-indexed');
    await kubectl(['create', '-f', '-'], jobYaml(ns, 'idx', { completions: 3, parallelism: 3, mode: 'Indexed' }));
    const j = await finished(ns, 'idx', 'Complete');
    assert.equal(j.status?.completedIndexes, '0-2');
    assert.equal(j.status?.succeeded, 3);
    const pods = await podsOf(ns, j);
    const indexes = pods.map((p) => p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index']).sort();
    assert.deepEqual(indexes, ['0', '1', '2']);
    for (const p of pods) {
      const ix = p.metadata!.annotations!['batch.kubernetes.io/job-completion-index']!;
      assert.match(p.metadata!.name!, new RegExp(`^idx-${ix}-[a-z0-9]{5}$`));
      assert.equal(p.metadata?.labels?.['batch.kubernetes.io/job-completion-index'], ix);
      assert.equal(p.spec?.hostname, `idx-${ix}`);
      const env = p.spec?.containers?.[0]?.env?.find((e) => e.name === 'JOB_COMPLETION_INDEX');
      assert.equal(env?.valueFrom?.fieldRef?.fieldPath, "metadata.annotations['batch.kubernetes.io/job-completion-index']");
    }
    assert.match(await kubectl(['describe', 'job', 'idx', '-n', ns]), /Completed Indexes:\s+0-2/);
    const out = await kubectl(['get', 'job', 'idx', '-n', ns, '-o', 'jsonpath={.status.completedIndexes}']);
    assert.equal(out, '0-2');
  });

  it('fails a job whose pods fail once it exceeds backoffLimit (FailureTarget, then Failed BackoffLimitExceeded)', async () => {
    const ns = await c.namespace('job-fail');
    await kubectl(['create', '-f', '-'], jobYaml(ns, 'bad', { backoffLimit: 2, annotations: { 'sim.k8ts.io/fail': '3' } }));
    const j = await finished(ns, 'bad', 'Failed');
    assert.equal(j.status?.failed, 3);
    assert.equal(j.status?.succeeded ?? 0, 0);
    assert.equal(cond(j, 'FailureTarget')?.reason, 'BackoffLimitExceeded');
    assert.equal(cond(j, 'Failed')?.reason, 'BackoffLimitExceeded');
    assert.equal(cond(j, 'Failed')?.message, 'Job has reached the specified backoff limit');
    assert.equal(j.status?.completionTime, undefined);
    assert.equal((await podsOf(ns, j)).length, 3, 'one pod per attempt, created one after another');
    const rows = parseKubectlTable(await kubectl(['get', 'jobs', '-n', ns]));
    assert.deepEqual(rows[1]!.slice(0, 3), ['bad', 'Failed', '0/1']);
    await kubectl(['wait', '-n', ns, '--for=condition=failed', 'job/bad', '--timeout=10s']);
    const evs = await waitFor('BackoffLimitExceeded event', async () => (await eventsOf(ns, 'bad')).find((e) => e.reason === 'BackoffLimitExceeded'));
    assert.equal(evs.type, 'Warning');
  });

  it('podFailurePolicy FailJob on an exit code fails the job at once (reason PodFailurePolicy)', async () => {
    const ns = await c.namespace('job-pfp');
    const yaml = jobYaml(ns, 'pfp', { backoffLimit: 6, annotations: { 'sim.k8ts.io/fail': '42' } }).replace(
      '  template:\n',
      '  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes: {containerName: main, operator: In, values: [42]}\n  template:\n',
    );
    await kubectl(['create', '-f', '-'], yaml);
    const j = await finished(ns, 'pfp', 'Failed');
    assert.equal(cond(j, 'Failed')?.reason, 'PodFailurePolicy');
    assert.match(cond(j, 'Failed')?.message ?? '', /^Container main for pod job-pfp\/pfp-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/);
    assert.equal(j.status?.failed, 1);
    assert.equal((await podsOf(ns, j)).length, 1);
  });

  it('backoffLimitPerIndex: each index retried once, then FailedIndexes with status.failedIndexes', async () => {
    const ns = await c.namespace('job-per-index');
    const yaml = jobYaml(ns, 'pix', { completions: 2, parallelism: 2, mode: 'Indexed', annotations: { 'sim.k8ts.io/fail': '1' } }).replace('  template:\n', '  backoffLimitPerIndex: 1\n  template:\n');
    await kubectl(['create', '-f', '-'], yaml);
    const j = await finished(ns, 'pix', 'Failed');
    assert.equal(cond(j, 'Failed')?.reason, 'FailedIndexes');
    assert.equal(j.status?.failedIndexes, '0,1');
    assert.equal(j.status?.failed, 4);
    const pods = await podsOf(ns, j);
    const counts = pods.map((p) => `${p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index']}:${p.metadata?.annotations?.['batch.kubernetes.io/job-index-failure-count']}`).sort();
    assert.deepEqual(counts, ['0:0', '0:1', '1:0', '1:1']);
  });

  it('fails a job that runs longer than activeDeadlineSeconds (DeadlineExceeded), deleting its pods', async () => {
    const ns = await c.namespace('job-deadline');
    await kubectl(['create', '-f', '-'], jobYaml(ns, 'slow', { parallelism: 2, completions: 4, activeDeadlineSeconds: 2, annotations: { 'sim.k8ts.io/run-time-ms': '0' } }));
    const j = await finished(ns, 'slow', 'Failed');
    assert.equal(cond(j, 'Failed')?.reason, 'DeadlineExceeded');
    assert.equal(cond(j, 'Failed')?.message, 'Job was active longer than specified deadline');
    assert.equal(j.status?.active ?? 0, 0);
    assert.equal(j.status?.failed, 2, 'the two running pods were deleted and count as failed');
    await waitFor('pods gone', async () => (await podsOf(ns, j)).length === 0);
  });

  it('suspends and resumes a job (Suspended condition, pods deleted, then completes)', async () => {
    const ns = await c.namespace('job-suspend');
    await kubectl(['create', '-f', '-'], jobYaml(ns, 'sus', { completions: 2, parallelism: 2, annotations: { 'sim.k8ts.io/run-time-ms': '4000' } }));
    await waitFor('active', async () => ((await getJob(ns, 'sus')).status?.active ?? 0) === 2);
    await kubectl(['patch', 'job', 'sus', '-n', ns, '--type=merge', '-p', '{"spec":{"suspend":true}}']);
    const s = await waitFor('suspended', async () => {
      const j = await getJob(ns, 'sus');
      return cond(j, 'Suspended') && (j.status?.active ?? 0) === 0 && (await podsOf(ns, j)).length === 0 && j;
    });
    assert.equal(cond(s, 'Suspended')?.reason, 'JobSuspended');
    assert.equal(s.status?.failed ?? 0, 0, 'pods deleted for suspension do not count as failures');
    assert.equal(parseKubectlTable(await kubectl(['get', 'jobs', '-n', ns]))[1]![1], 'Suspended');
    await kubectl(['patch', 'job', 'sus', '-n', ns, '--type=merge', '-p', '{"spec":{"suspend":false}}']);
    const j = await finished(ns, 'sus', 'Complete');
    assert.equal(j.status?.succeeded, 2);
    assert.equal(j.status?.conditions?.find((x) => x.type === 'Suspended')?.status, 'False');
  });

  it('pods orphaned by kubectl delete --cascade=orphan keep running without the tracking finalizer', async () => {
    const ns = await c.namespace('job-orphan');
    await kubectl(['create', '-f', '-'], jobYaml(ns, 'orph', { parallelism: 2, completions: 2, annotations: { 'sim.k8ts.io/run-time-ms': '0' } }));
    const j = await waitFor('two running pods', async () => {
      const x = await getJob(ns, 'orph');
      return (x.status?.active ?? 0) === 2 && x;
    });
    const names = (await podsOf(ns, j)).map((p) => p.metadata!.name!);
    await kubectl(['delete', 'job', 'orph', '-n', ns, '--cascade=orphan']);
    await waitFor('orphans released', async () => {
      const pods = await Promise.all(names.map((n) => c.client.resource(PODS, ns).get(n)));
      return pods.every((p) => !p.metadata?.ownerReferences?.length && !p.metadata?.finalizers?.includes('batch.kubernetes.io/job-tracking') && !p.metadata?.deletionTimestamp);
    });
  });

  it('deletes a finished job after ttlSecondsAfterFinished (ttl-after-finished controller)', async () => {
    const ns = await c.namespace('job-ttl');
    await kubectl(['create', '-f', '-'], jobYaml(ns, 'short', { ttl: 2 }));
    const j = await getJob(ns, 'short');
    // It completes, then goes 2 s later (the poll may only see it gone).
    await waitFor('job deleted', async () => {
      try {
        return (await getJob(ns, 'short')).metadata?.uid !== j.metadata?.uid;
      } catch {
        return true;
      }
    }, 30_000);
    await waitFor('it completed before it was deleted', async () => (await eventsOf(ns, 'short')).some((e) => e.reason === 'Completed'));
    await waitFor('its pods deleted too', async () => (await podsOf(ns, j)).length === 0, 30_000);
  });
});

export type { Pod };
