import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cronParseError, goParseDurationError } from './cron.js';
import { create, statusUpdate, strategyFor, UID, update } from './harness.test.js';

const JOB = 'batch/v1/jobs';
const CJ = 'batch/v1/cronjobs';
const container = { name: 'c', image: 'busybox' };

const job = (spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = { restartPolicy: 'Never' }, name = 'x'): Record<string, unknown> => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name },
  spec: { template: { spec: { containers: [container], ...podSpec } }, ...spec },
});

test('Job defaults and the generated selector', () => {
  const { obj, errors } = create(JOB, job());
  assert.deepEqual(errors, []);
  const spec = obj.spec as Record<string, any>;
  assert.equal(spec.completions, 1);
  assert.equal(spec.parallelism, 1);
  assert.equal(spec.backoffLimit, 6);
  assert.equal(spec.completionMode, 'NonIndexed');
  assert.equal(spec.suspend, false);
  assert.equal(spec.manualSelector, false);
  assert.equal(spec.podReplacementPolicy, 'TerminatingOrFailed');
  assert.deepEqual(spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': UID } });
  const labels = { 'batch.kubernetes.io/controller-uid': UID, 'batch.kubernetes.io/job-name': 'x', 'controller-uid': UID, 'job-name': 'x' };
  assert.deepEqual(spec.template.metadata.labels, labels);
  assert.deepEqual((obj.metadata as any).labels, labels);
  assert.deepEqual(obj.status, {});
  assert.deepEqual(strategyFor(JOB).selectableFields!(obj), { 'status.successful': '0' });

  // Only parallelism given: completions stays unset.
  const par = create(JOB, job({ parallelism: 3 })).obj.spec as Record<string, any>;
  assert.equal(par.completions, undefined);
  assert.equal(par.parallelism, 3);
  // Per-index backoff limit makes the global one effectively unlimited.
  const perIndex = create(JOB, job({ completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1 })).obj.spec as Record<string, any>;
  assert.equal(perIndex.backoffLimit, 2147483647);
  // Own labels are kept.
  const own = job();
  (own.metadata as any).labels = { team: 'a' };
  assert.deepEqual((create(JOB, own).obj.metadata as any).labels, { team: 'a' });
});

test('Job restart policy', () => {
  assert.deepEqual(create(JOB, job({}, {})).errors, ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  assert.deepEqual(create(JOB, job({}, { restartPolicy: 'Always' })).errors, ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  assert.deepEqual(create(JOB, job({}, { restartPolicy: 'OnFailure' })).errors, []);
  assert.deepEqual(create(JOB, job({ podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] } }, { restartPolicy: 'OnFailure' })).errors, [
    'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
  ]);
});

test('Job selectors', () => {
  // A manual selector must be given, and must match.
  assert.deepEqual(create(JOB, job({ manualSelector: true })).errors, [
    'spec.selector: Required value',
    'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
  ]);
  const manual = job({ manualSelector: true, selector: { matchLabels: { app: 'j' } } });
  (manual.spec as any).template.metadata = { labels: { app: 'j' } };
  assert.deepEqual(create(JOB, manual).errors, []);
  // Generated labels may not be overridden with other values.
  const clash = job();
  (clash.spec as any).template.metadata = { labels: { 'job-name': 'other' } };
  assert.deepEqual(create(JOB, clash).errors, [
    `spec.template.metadata.labels[job-name]: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"${UID}", "batch.kubernetes.io/job-name":"x", "controller-uid":"${UID}", "job-name":"other"}: must be 'x'`,
  ]);
  // A selector that does not select the generated labels is rejected.
  const foreign = job({ selector: { matchLabels: { app: 'j' } } });
  (foreign.spec as any).template.metadata = { labels: { app: 'j' } };
  assert.deepEqual(create(JOB, foreign).errors, [
    `spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"j", "batch.kubernetes.io/controller-uid":"${UID}"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: \`selector\` not auto-generated`,
  ]);
});

test('Job spec fields', () => {
  assert.deepEqual(create(JOB, job({ ttlSecondsAfterFinished: -1, activeDeadlineSeconds: -2 })).errors, [
    'spec.activeDeadlineSeconds: Invalid value: -2: must be greater than or equal to 0',
    'spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0',
  ]);
  assert.deepEqual(create(JOB, job({ completionMode: 'Indexed', parallelism: 2 })).errors, ['spec.completions: Required value: when completion mode is Indexed']);
  assert.deepEqual(create(JOB, job({ completionMode: 'Sometimes' })).errors, ['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"']);
  assert.deepEqual(create(JOB, job({ backoffLimitPerIndex: 1 })).errors, ['spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode']);
  assert.deepEqual(create(JOB, job({ completionMode: 'Indexed', completions: 2, maxFailedIndexes: 1 })).errors, [
    'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
  ]);
  assert.deepEqual(create(JOB, job({ podReplacementPolicy: 'Never' })).errors, [
    'spec.podReplacementPolicy: Unsupported value: "Never": supported values: "Failed", "TerminatingOrFailed"',
  ]);
  assert.deepEqual(create(JOB, job({ managedBy: 'controller' })).errors, ['spec.managedBy: Invalid value: "controller": must be a domain-prefixed path (such as "acme.io/foo")']);
  assert.deepEqual(create(JOB, job({ managedBy: 'example.com/custom' })).errors, []);
  const name = 'a'.repeat(62);
  assert.deepEqual(create(JOB, job({ completionMode: 'Indexed', completions: 20 }, { restartPolicy: 'Never' }, name)).errors, [
    `metadata.name: Invalid value: "${name}": will not able to create pod with invalid DNS label: ${name}-19`,
  ]);
  // Names longer than a label value break the generated job-name labels.
  const longName = 'b'.repeat(64);
  assert.deepEqual([...new Set(create(JOB, job({}, { restartPolicy: 'Never' }, longName)).errors)], [
    `spec.template.labels: Invalid value: "${longName}": must be no more than 63 characters`,
  ]);
});

test('Job pod failure policy and success policy', () => {
  assert.deepEqual(create(JOB, job({ podFailurePolicy: { rules: [{}] } })).errors, [
    'spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]',
    'spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
  ]);
  assert.deepEqual(
    create(JOB, job({ podFailurePolicy: { rules: [{ action: 'Count', onExitCodes: { containerName: 'nope', operator: 'In', values: [3, 0, 1, 1] } }] } })).errors,
    [
      'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[3]: Duplicate value: 1',
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 0, 1, 1}: must be ordered',
    ],
  );
  // Pod condition patterns default to status True.
  const pc = create(JOB, job({ podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }));
  assert.deepEqual(pc.errors, []);
  assert.equal((pc.obj.spec as any).podFailurePolicy.rules[0].onPodConditions[0].status, 'True');
  assert.equal((pc.obj.spec as any).podReplacementPolicy, 'Failed');

  assert.deepEqual(create(JOB, job({ successPolicy: { rules: [{ succeededCount: 1 }] } })).errors, [
    'spec.successPolicy: Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{batch.SuccessPolicyRule{SucceededIndexes:(*string)(nil), SucceededCount:(*int32)(0xc000000000)}}}: requires indexed completion mode',
  ]);
  assert.deepEqual(create(JOB, job({ completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{ succeededIndexes: '0-2,1', succeededCount: 9 }] } })).errors, [
    'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-2,1": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1',
    'spec.successPolicy.rules[0].succeededCount: Invalid value: 9: must be less than or equal to 5 (the number of specified completions)',
    'spec.successPolicy.rules[0].succeededCount: Invalid value: 9: must be less than or equal to 0 (the number of indexes in the specified succeededIndexes field)',
  ]);
});

test('Job updates', () => {
  const { obj } = create(JOB, job());
  const scaled = structuredClone(obj) as Record<string, any>;
  scaled.spec.parallelism = 4;
  scaled.spec.activeDeadlineSeconds = 100;
  assert.deepEqual(update(JOB, obj, scaled).errors, []);
  const more = structuredClone(obj) as Record<string, any>;
  more.spec.completions = 3;
  assert.deepEqual(update(JOB, obj, more).errors, ['spec.completions: Invalid value: 3: field is immutable']);
  const image = structuredClone(obj) as Record<string, any>;
  image.spec.template.spec.containers[0].image = 'busybox:2';
  const errs = update(JOB, obj, image).errors;
  assert.equal(errs.length, 1);
  assert.ok(errs[0]!.startsWith('spec.template: Invalid value: ') && errs[0]!.endsWith(': field is immutable'), errs[0]);
  // Suspended jobs that never started may change scheduling directives.
  const suspended = create(JOB, job({ suspend: true })).obj;
  const moved = structuredClone(suspended) as Record<string, any>;
  moved.spec.template.spec.nodeSelector = { zone: 'a' };
  moved.spec.template.metadata.annotations = { a: 'b' };
  assert.deepEqual(update(JOB, suspended, moved).errors, []);
  const reselect = structuredClone(obj) as Record<string, any>;
  reselect.spec.selector.matchLabels.extra = 'y';
  assert.ok(update(JOB, obj, reselect).errors.some((e) => e.startsWith('spec.selector: Invalid value: v1.LabelSelector{') && e.endsWith('field is immutable')));
  assert.deepEqual(statusUpdate(JOB, obj, { active: -1, succeeded: 1 }), ['status.active: Invalid value: -1: must be greater than or equal to 0']);
  assert.deepEqual(statusUpdate(JOB, obj, { uncountedTerminatedPods: { succeeded: ['a', ''], failed: ['a'] } }), [
    'status.uncountedTerminatedPods.succeeded[1]: Invalid value: "": must not be empty',
    'status.uncountedTerminatedPods.failed[0]: Duplicate value: "a"',
  ]);
});

// ---------------------------------------------------------------------------------------------

const cronJob = (spec: Record<string, unknown> = {}, name = 'cj'): Record<string, unknown> => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name },
  spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { containers: [container], restartPolicy: 'OnFailure' } } } }, ...spec },
});

test('CronJob defaults', () => {
  const { obj, errors } = create(CJ, cronJob());
  assert.deepEqual(errors, []);
  const spec = obj.spec as Record<string, any>;
  assert.equal(spec.concurrencyPolicy, 'Allow');
  assert.equal(spec.suspend, false);
  assert.equal(spec.successfulJobsHistoryLimit, 3);
  assert.equal(spec.failedJobsHistoryLimit, 1);
  // The job template gets pod defaults but not the Job defaults.
  assert.equal(spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
  assert.equal(spec.jobTemplate.spec.backoffLimit, undefined);
  assert.deepEqual(obj.status, {});
});

test('CronJob schedule', () => {
  const sched = (schedule: string) => create(CJ, cronJob({ schedule })).errors;
  assert.deepEqual(create(CJ, cronJob({ schedule: '' })).errors, ['spec.schedule: Required value']);
  assert.deepEqual(sched('bad'), ['spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: [bad]']);
  assert.deepEqual(sched('* * * *'), ['spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]']);
  assert.deepEqual(sched('61 * * * *'), ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']);
  for (const ok of ['0 9 * jan-mar mon-fri', '@daily', '@every 1h30m', '0 0 1,15 * ?', '*/15 0-6/2 * * SUN', '0 0 L * *'.replace('L', '1')]) assert.deepEqual(sched(ok), [], ok);
  assert.deepEqual(sched('@every 1x'), ['spec.schedule: Invalid value: "@every 1x": failed to parse duration @every 1x: time: unknown unit "x" in duration "1x"']);
  assert.deepEqual(sched('TZ=UTC 0 * * * *'), ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
  // A schedule with TZ already stored may stay, but not together with timeZone.
  const { obj } = create(CJ, cronJob());
  const stored = { ...structuredClone(obj), spec: { ...(obj.spec as object), schedule: 'CRON_TZ=UTC 0 * * * *' } };
  assert.deepEqual(update(CJ, stored, structuredClone(stored)).errors, []);
  const both = structuredClone(stored) as Record<string, any>;
  both.spec.timeZone = 'UTC';
  assert.deepEqual(update(CJ, stored, both).errors, ['spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule']);
});

test('cron parser errors match robfig/cron', () => {
  assert.equal(cronParseError('* * * * 7'), 'end of range (7) above maximum (6): 7');
  assert.equal(cronParseError('*/0 * * * *'), 'step of range should be a positive number: */0');
  assert.equal(cronParseError('x * * * *'), 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
  assert.equal(cronParseError('5-1 * * * *'), 'beginning of range (5) beyond end of range (1): 5-1');
  assert.equal(cronParseError('* * 0 * *'), 'beginning of range (0) below minimum (1): 0');
  assert.equal(cronParseError('1-2-3 * * * *'), 'too many hyphens: 1-2-3');
  assert.equal(cronParseError('1/2/3 * * * *'), 'too many slashes: 1/2/3');
  assert.equal(cronParseError('@weird'), 'unrecognized descriptor: @weird');
  assert.equal(cronParseError('TZ=Nowhere/Land * * * * *'), 'provided bad location Nowhere/Land: unknown time zone Nowhere/Land');
  assert.equal(cronParseError('0 0 * DEC SAT'), undefined);
  assert.equal(goParseDurationError('1'), 'time: missing unit in duration "1"');
  assert.equal(goParseDurationError('abc'), 'time: invalid duration "abc"');
  assert.equal(goParseDurationError('1.5h'), undefined);
});

test('CronJob fields', () => {
  assert.deepEqual(create(CJ, cronJob({ timeZone: 'Mars/Olympus_Mons' })).errors, ['spec.timeZone: Invalid value: "Mars/Olympus_Mons": unknown time zone Mars/Olympus_Mons']);
  assert.deepEqual(create(CJ, cronJob({ timeZone: 'Local' })).errors, [
    'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
  ]);
  assert.deepEqual(create(CJ, cronJob({ timeZone: '' })).errors, ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']);
  assert.deepEqual(create(CJ, cronJob({ timeZone: 'America/New_York' })).errors, []);
  assert.deepEqual(create(CJ, cronJob({ concurrencyPolicy: 'Sometimes' })).errors, [
    'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
  ]);
  assert.deepEqual(create(CJ, cronJob({ startingDeadlineSeconds: -1, successfulJobsHistoryLimit: -1 })).errors, [
    'spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0',
    'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
  ]);
  const sel = cronJob();
  (sel.spec as any).jobTemplate.spec.selector = { matchLabels: { a: 'b' } };
  (sel.spec as any).jobTemplate.spec.manualSelector = true;
  (sel.spec as any).jobTemplate.spec.template.spec.restartPolicy = 'Always';
  assert.deepEqual(create(CJ, sel).errors, [
    'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    'spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"',
  ]);
  // Job names get an 11-character suffix: cron job names are limited on create only.
  const long = 'c'.repeat(53);
  const created = create(CJ, cronJob({}, long));
  assert.deepEqual(created.errors, [`metadata.name: Invalid value: "${long}": must be no more than 52 characters`]);
  assert.deepEqual(update(CJ, created.obj, structuredClone(created.obj)).errors, []);
});
