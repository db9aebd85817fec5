// The CronJob controller in a running cluster, its clock (only its) shifted forward so that each minute's
// start time comes at once instead of within a minute; driven with the real kubectl 1.33 (and
// 1.27 for get).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CronJob, Job } from '../../src/api/types/batch-v1.js';
import type { Event } from '../../src/api/types/core-v1.js';
import { CRONJOBS, EVENTS, JOBS, realClock, sleep } from '../../src/client/index.js';
import { ControllerRegistry, controllerDescriptors } from '../../src/controllers/index.js';
import { newCronJobController } from '../../src/controllers/cronjob/cronjob-controller.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { parseKubectlTable } from '../support/kubectl-table.js';
import { ShiftedClock } from '../support/shifted-clock.js';

let c: TestCluster;
const clock = new ShiftedClock();

before(async () => {
  // Only the CronJob controller runs on the shifted clock (node leases, for one, keep real time).
  const registry = new ControllerRegistry(
    controllerDescriptors().map((d) => (d.name === 'cronjob-controller' ? { ...d, create: (ctx) => newCronJobController()({ ...ctx, clock }) } : d)),
  );
  c = await startTestCluster({ registry, startDelayMs: 100 });
});

after(async () => {
  await c?.close();
});

interface CronOpts {
  policy?: 'Allow' | 'Forbid' | 'Replace';
  runTimeMs?: number;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  fail?: boolean;
}

function cronYaml(ns: string, name: string, o: CronOpts): string {
  const ann = [`"sim.k8ts.io/run-time-ms": "${o.runTimeMs ?? 300}"`, ...(o.fail ? ['"sim.k8ts.io/fail": "1"'] : [])];
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  schedule: "* * * * *"
  concurrencyPolicy: ${o.policy ?? 'Allow'}
${o.successfulJobsHistoryLimit !== undefined ? `  successfulJobsHistoryLimit: ${o.successfulJobsHistoryLimit}\n` : ''}${o.failedJobsHistoryLimit !== undefined ? `  failedJobsHistoryLimit: ${o.failedJobsHistoryLimit}\n` : ''}  jobTemplate:
    metadata:
      labels: {from: ${name}}
    spec:
      backoffLimit: 0
      template:
        metadata:
          annotations: {${ann.join(', ')}}
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

const jobsOf = async (ns: string, cj: CronJob): Promise<Job[]> =>
  (await c.client.resource(JOBS, ns).list()).items.filter((j) => !j.metadata?.deletionTimestamp && j.metadata?.ownerReferences?.some((r) => r.uid === cj.metadata?.uid));
const getCron = (ns: string, name: string) => c.client.resource(CRONJOBS, ns).get(name);
const finished = (j: Job, type = 'Complete') => j.status?.conditions?.some((x) => x.type === type && x.status === 'True');
const minuteName = (name: string, ms: number) => `${name}-${Math.floor(ms / 60_000)}`;
const events = async (ns: string, name: string): Promise<Event[]> =>
  (await c.client.resource(EVENTS, ns).list()).items.filter((e) => e.involvedObject?.kind === 'CronJob' && e.involvedObject.name === name);

/**
 * Creates the cron jobs with the controller's clock past a minute they have not run yet, so each
 * starts a job at once; returns that start time (the same for all of them).
 */
async function createAndStart(ns: string, crons: ReadonlyArray<readonly [string, string]>): Promise<number> {
  // The creates must land before the wall clock's next minute: one created after it has no missed
  // start at the shifted time and waits a whole (real) minute for its next one. So start no
  // closer than 10 s to the boundary.
  const toBoundary = 60_000 - (Date.now() % 60_000);
  if (toBoundary < 10_000) await sleep(realClock, toBoundary + 100);
  clock.passNextMinute(5000);
  for (const [, y] of crons) await kubectl(['create', '-f', '-'], y);
  const times = new Set<number>();
  for (const [name] of crons) {
    const cj = await waitFor(`${name} started`, async () => {
      const x = await getCron(ns, name);
      return x.status?.lastScheduleTime ? x : undefined;
    });
    times.add(Date.parse(cj.status!.lastScheduleTime!));
  }
  assert.equal(times.size, 1, 'one start time');
  return [...times][0]!;
}

describe('CronJob controller', () => {
  it('starts a job at the minute: named <cronjob>-<minutes>, scheduled-timestamp annotation, owned, status active then lastSuccessfulTime', async () => {
    const ns = await c.namespace('cron-basic');
    const t = await createAndStart(ns, [['tick', cronYaml(ns, 'tick', {})]]);
    const job = await waitFor('the first job', async () => {
      try {
        return await c.client.resource(JOBS, ns).get(minuteName('tick', t));
      } catch {
        return undefined;
      }
    }, 20_000);
    assert.equal(job.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], new Date(t).toISOString().replace('.000Z', 'Z'));
    assert.equal(job.metadata?.labels?.from, 'tick');
    const ref = job.metadata?.ownerReferences?.[0];
    assert.equal(ref?.kind, 'CronJob');
    assert.equal(ref?.controller, true);
    const cj = await waitFor('lastSuccessfulTime', async () => {
      const x = await getCron(ns, 'tick');
      return x.status?.lastSuccessfulTime && !x.status.active?.length ? x : undefined;
    });
    assert.equal(cj.status?.lastScheduleTime, new Date(t).toISOString().replace('.000Z', 'Z'));
    const rows = parseKubectlTable(await kubectl(['get', 'cronjobs', '-n', ns]));
    assert.deepEqual(rows[0], ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    assert.deepEqual(rows[1]!.slice(0, 5), ['tick', '* * * * *', '<none>', 'False', '0']);
    const old = parseKubectlTable(await kubectl(['get', 'cronjobs', '-n', ns], undefined, '1.27'));
    assert.equal(old[1]![0], 'tick');
    const evs = await waitFor('events', async () => {
      const e = await events(ns, 'tick');
      return e.some((x) => x.reason === 'SawCompletedJob') && e;
    });
    assert.ok(evs.some((e) => e.reason === 'SuccessfulCreate' && e.message === `Created job ${minuteName('tick', t)}`));
    assert.ok(evs.some((e) => e.reason === 'SawCompletedJob' && e.message === `Saw completed job: ${minuteName('tick', t)}, condition: Complete`));
    const described = await kubectl(['describe', 'cronjob', 'tick', '-n', ns]);
    assert.match(described, new RegExp(`Normal\\s+SuccessfulCreate\\s+.*cronjob-controller\\s+Created job ${minuteName('tick', t)}`));
    await kubectl(['delete', 'cronjob', 'tick', '-n', ns]);
  });

  it('Forbid skips a start while a job runs; Replace deletes the running job and starts the next', async () => {
    const ns = await c.namespace('cron-policy');
    const t = await createAndStart(ns, [
      ['forbid', cronYaml(ns, 'forbid', { policy: 'Forbid', runTimeMs: 0 })],
      ['replace', cronYaml(ns, 'replace', { policy: 'Replace', runTimeMs: 0 })],
    ]);
    for (const n of ['forbid', 'replace']) {
      await waitFor(`${n} active`, async () => ((await getCron(ns, n)).status?.active?.length ?? 0) === 1, 20_000);
    }
    clock.advance(60_000);
    const replaced = await waitFor('replace: the next job', async () => {
      const cj = await getCron(ns, 'replace');
      return cj.status?.active?.length === 1 && cj.status.active[0]!.name === minuteName('replace', t + 60_000) ? cj : undefined;
    }, 20_000);
    await waitFor('replace: first job deleted', async () => (await jobsOf(ns, replaced)).every((j) => j.metadata?.name !== minuteName('replace', t)));
    await waitFor('forbid: JobAlreadyActive', async () => (await events(ns, 'forbid')).some((e) => e.reason === 'JobAlreadyActive'));
    const forbid = await getCron(ns, 'forbid');
    assert.deepEqual(forbid.status?.active?.map((r) => r.name), [minuteName('forbid', t)]);
    assert.deepEqual((await jobsOf(ns, forbid)).map((j) => j.metadata?.name), [minuteName('forbid', t)]);
    const ev = (await events(ns, 'forbid')).find((e) => e.reason === 'JobAlreadyActive')!;
    assert.equal(ev.message, 'Not starting job because prior execution is running and concurrency policy is Forbid');
    assert.ok((await events(ns, 'replace')).some((e) => e.reason === 'SuccessfulDelete' && e.message === `Deleted job ${minuteName('replace', t)}`));
    await kubectl(['delete', 'cronjob', 'forbid', 'replace', '-n', ns]);
  });

  it('keeps successfulJobsHistoryLimit and failedJobsHistoryLimit finished jobs', async () => {
    const ns = await c.namespace('cron-history');
    const t = await createAndStart(ns, [
      ['ok', cronYaml(ns, 'ok', { successfulJobsHistoryLimit: 1 })],
      ['bad', cronYaml(ns, 'bad', { failedJobsHistoryLimit: 1, fail: true })],
    ]);
    for (let k = 0; k < 3; k++) {
      if (k > 0) clock.advance(60_000);
      const at = t + k * 60_000;
      for (const [n, type] of [['ok', 'Complete'], ['bad', 'Failed']] as const) {
        await waitFor(`${n} job ${k} finished`, async () => {
          const j = await c.client.resource(JOBS, ns).get(minuteName(n, at));
          return finished(j, type);
        }, 20_000);
      }
    }
    for (const n of ['ok', 'bad']) {
      const cj = await getCron(ns, n);
      await waitFor(`${n} history trimmed to 1`, async () => {
        const jobs = await jobsOf(ns, cj);
        return jobs.length === 1 && jobs[0]!.metadata?.name === minuteName(n, t + 120_000);
      });
    }
    await kubectl(['delete', 'cronjob', 'ok', 'bad', '-n', ns]);
  });

  it('kubectl create job --from=cronjob/x makes a job from the template that runs to completion', async () => {
    const ns = await c.namespace('cron-manual');
    await kubectl(['create', '-f', '-'], cronYaml(ns, 'manual', {}).replace('"* * * * *"', '"0 0 1 1 *"'));
    await kubectl(['create', 'job', '--from=cronjob/manual', 'manual-now', '-n', ns]);
    const job = await waitFor('manual job complete', async () => {
      const j = await c.client.resource(JOBS, ns).get('manual-now');
      return finished(j) && j;
    });
    assert.equal(job.metadata?.annotations?.['cronjob.kubernetes.io/instantiate'], 'manual');
    assert.equal(job.metadata?.ownerReferences?.[0]?.kind, 'CronJob');
    assert.equal(job.status?.succeeded, 1);
    const out = await kubectl(['get', 'job', 'manual-now', '-n', ns]);
    assert.equal(parseKubectlTable(out)[1]![2], '1/1');
  });
});
