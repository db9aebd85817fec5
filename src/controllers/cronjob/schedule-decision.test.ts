import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CronJob } from '../../api/types/batch-v1.js';
import { apiTime } from '../../client/index.js';
import { jobFromTemplate, jobNameFor, rfc1123z } from './cronjob-util.js';
import { historyToDelete } from './history.js';
import { decideSchedule, effectiveSchedule } from './schedule-decision.js';

const T = Date.parse('2026-05-01T10:00:00Z');

function cron(spec: CronJob['spec'], status: CronJob['status'] = {}, created = T - 30_000): CronJob {
  return { metadata: { name: 'cj', namespace: 'ns', uid: 'cj-uid', creationTimestamp: apiTime(created) }, spec: { concurrencyPolicy: 'Allow', jobTemplate: { spec: {} }, ...spec }, status };
}

test('nothing due: requeue for the next start (+100 ms)', () => {
  const d = decideSchedule(cron({ schedule: '*/5 * * * *' }), T - 20_000, 'UTC');
  assert.equal(d.scheduledTime, undefined);
  assert.equal(d.requeueAfterMs, 20_100);
});

test('a start time passed since creation runs now; the next one is requeued', () => {
  const d = decideSchedule(cron({ schedule: '* * * * *' }), T + 5000, 'UTC');
  assert.equal(d.scheduledTime, T);
  assert.equal(d.requeueAfterMs, 55_100);
  assert.deepEqual(d.events, []);
});

test('after lastScheduleTime only later start times count', () => {
  const d = decideSchedule(cron({ schedule: '* * * * *' }, { lastScheduleTime: apiTime(T) }), T + 5000, 'UTC');
  assert.equal(d.scheduledTime, undefined);
});

test('more than 100 missed start times: the TooManyMissedTimes warning, the most recent still runs', () => {
  const d = decideSchedule(cron({ schedule: '* * * * *' }, {}, T - 200 * 60_000 - 30_000), T + 1000, 'UTC');
  assert.equal(d.scheduledTime, T);
  assert.deepEqual(d.events, [{ type: 'Warning', reason: 'TooManyMissedTimes', message: 'too many missed start times: 201. Set or decrease .spec.startingDeadlineSeconds or check clock skew' }]);
  // startingDeadlineSeconds bounds the look-back: no warning.
  const e = decideSchedule(cron({ schedule: '* * * * *', startingDeadlineSeconds: 300 }, {}, T - 200 * 60_000), T + 1000, 'UTC');
  assert.equal(e.scheduledTime, T);
  assert.deepEqual(e.events, []);
});

test('startingDeadlineSeconds: a start time older than the deadline is not run', () => {
  const d = decideSchedule(cron({ schedule: '0 * * * *', startingDeadlineSeconds: 10 }, {}, T - 3600_000 + 1000), T + 20_000, 'UTC');
  assert.equal(d.scheduledTime, undefined);
  const ok = decideSchedule(cron({ schedule: '0 * * * *', startingDeadlineSeconds: 30 }, {}, T - 3600_000 + 1000), T + 20_000, 'UTC');
  assert.equal(ok.scheduledTime, T);
});

test('timeZone: the schedule is read in that zone; the annotation carries its offset', () => {
  const cj = cron({ schedule: '0 6 * * *', timeZone: 'America/New_York' }, {}, Date.parse('2026-05-01T09:00:00Z'));
  assert.equal(effectiveSchedule(cj), 'TZ=America/New_York 0 6 * * *');
  const at = Date.parse('2026-05-01T10:00:00Z');
  const d = decideSchedule(cj, at + 1000, 'UTC');
  assert.equal(d.scheduledTime, at);
  const job = jobFromTemplate(cj, at);
  assert.equal(job.metadata?.name, `cj-${at / 60_000}`);
  assert.equal(job.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-05-01T06:00:00-04:00');
  assert.equal(jobFromTemplate(cron({ schedule: '* * * * *' }), at).metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-05-01T10:00:00Z');
  assert.equal(job.metadata?.ownerReferences?.[0]?.kind, 'CronJob');
});

test('bad time zones and schedules give upstream warnings and no requeue', () => {
  const tz = decideSchedule(cron({ schedule: '* * * * *', timeZone: 'Mars/Olympus' }), T, 'UTC');
  assert.equal(tz.events[0]?.reason, 'UnknownTimeZone');
  assert.equal(tz.requeueAfterMs, undefined);
  const bad = decideSchedule(cron({ schedule: '61 * * * *' }), T, 'UTC');
  assert.deepEqual(bad.events, [{ type: 'Warning', reason: 'UnparseableSchedule', message: 'unparseable schedule: "61 * * * *" : end of range (61) above maximum (59): 61' }]);
  const inline = decideSchedule(cron({ schedule: 'TZ=UTC * * * * *' }), T + 1000, 'UTC');
  assert.equal(inline.events[0]?.reason, 'UnsupportedSchedule');
  assert.equal(inline.scheduledTime, T);
});

test('job names, RFC1123Z and history order', () => {
  assert.equal(jobNameFor(cron({ schedule: '* * * * *' }), T), `cj-${T / 60_000}`);
  assert.equal(rfc1123z(T), 'Fri, 01 May 2026 10:00:00 +0000');
  const done = (name: string, start: number | undefined, type = 'Complete') => ({
    metadata: { name },
    status: { ...(start ? { startTime: apiTime(start) } : {}), conditions: [{ type, status: 'True' }] },
  });
  const jobs = [done('c', T), done('a', T - 2000), done('b', T - 1000), done('n', undefined), done('f1', T - 5, 'Failed'), done('f2', T, 'Failed'), { metadata: { name: 'running' } }];
  const gone = historyToDelete(cron({ schedule: '* * * * *', successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 }), jobs);
  assert.deepEqual(gone.map((j) => j.metadata?.name), ['a', 'b', 'f1']);
});
