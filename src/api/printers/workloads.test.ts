import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controllerOf, controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './apps.js';
import { cronJobPrinter, jobCompletions, jobDuration, jobPrinter, jobStatus } from './batch.js';

type Obj = Record<string, any>;
const NOW = Date.parse('2026-12-02T10:00:00Z');
const meta = (extra: Obj = {}) => ({ name: 'x', creationTimestamp: '2026-12-02T09:59:00Z', ...extra });
const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'img:1' }, { name: 'b', image: 'img:2' }] } };

test('deployments, replica sets, stateful sets, daemon sets', () => {
  const d = { metadata: meta(), spec: { replicas: 3, selector: { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] }, template }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
  assert.deepEqual(deploymentPrinter.row(d, NOW).cells, ['x', '2/3', 3, 2, '60s', 'a,b', 'img:1,img:2', 'app=x,tier in (a,b)']);
  assert.deepEqual(deploymentPrinter.row({ metadata: meta(), spec: { replicas: 0 } }, NOW).cells.slice(1, 4), ['0/0', 0, 0]);
  const rs = { metadata: meta(), spec: { replicas: 2, selector: { matchLabels: { app: 'x' } }, template }, status: { replicas: 2, readyReplicas: 1 } };
  assert.deepEqual(replicaSetPrinter.row(rs, NOW).cells, ['x', 2, 2, 1, '60s', 'a,b', 'img:1,img:2', 'app=x']);
  assert.deepEqual(statefulSetPrinter.row({ metadata: meta(), spec: { replicas: 3, template }, status: { readyReplicas: 3 } }, NOW).cells, ['x', '3/3', '60s', 'a,b', 'img:1,img:2']);
  const ds = { metadata: meta(), spec: { selector: { matchLabels: { app: 'x' } }, template: { ...template, spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } }, status: { desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 3, updatedNumberScheduled: 4, numberAvailable: 3 } };
  assert.deepEqual(daemonSetPrinter.row(ds, NOW).cells, ['x', 4, 4, 3, 4, 3, 'kubernetes.io/os=linux', '60s', 'a,b', 'img:1,img:2', 'app=x']);
  assert.deepEqual(deploymentPrinter.columns.map((c) => c.name), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
  assert.deepEqual(daemonSetPrinter.columns.filter((c) => c.priority === 0).map((c) => c.name), ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age']);
});

test('controller revisions name their controller as kind.group/name', () => {
  const owner = (apiVersion: string, kind: string, controller = true) => ({ metadata: meta({ ownerReferences: [{ apiVersion, kind, name: 'web', uid: 'u', controller }] }) });
  assert.equal(controllerOf(owner('apps/v1', 'StatefulSet')), 'statefulset.apps/web');
  assert.equal(controllerOf(owner('v1', 'Pod')), 'pod/web');
  assert.equal(controllerOf(owner('apps/v1', 'DaemonSet', false)), '<none>');
  assert.deepEqual(controllerRevisionPrinter.row({ ...owner('apps/v1', 'DaemonSet'), revision: 4 }, NOW).cells, ['x', 'daemonset.apps/web', 4, '60s']);
});

test('jobs: STATUS from conditions, COMPLETIONS, DURATION', () => {
  const cond = (type: string, status = 'True') => ({ status: { conditions: [{ type, status }] } });
  assert.equal(jobStatus({}), 'Running');
  assert.equal(jobStatus(cond('Complete')), 'Complete');
  assert.equal(jobStatus(cond('Failed')), 'Failed');
  assert.equal(jobStatus(cond('Suspended')), 'Suspended');
  assert.equal(jobStatus(cond('Suspended', 'False')), 'Running');
  assert.equal(jobStatus(cond('FailureTarget')), 'FailureTarget');
  assert.equal(jobStatus(cond('SuccessCriteriaMet')), 'SuccessCriteriaMet');
  assert.equal(jobStatus({ metadata: { deletionTimestamp: 'x' }, ...cond('Suspended') }), 'Terminating');
  assert.equal(jobStatus({ metadata: { deletionTimestamp: 'x' }, ...cond('Complete') }), 'Complete');
  assert.equal(jobCompletions({ spec: { completions: 3 }, status: { succeeded: 2 } }), '2/3');
  assert.equal(jobCompletions({ spec: { parallelism: 1 }, status: {} }), '0/1');
  assert.equal(jobCompletions({ spec: { parallelism: 4 }, status: { succeeded: 1 } }), '1/1 of 4');
  assert.equal(jobDuration({ status: {} }, NOW), '');
  assert.equal(jobDuration({ status: { startTime: '2026-12-02T09:59:15Z' } }, NOW), '45s');
  assert.equal(jobDuration({ status: { startTime: '2026-12-02T09:00:00Z', completionTime: '2026-12-02T09:03:20Z' } }, NOW), '3m20s');
  const job = { metadata: meta(), spec: { completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } }, template }, status: { succeeded: 1, startTime: '2026-12-02T09:59:00Z', completionTime: '2026-12-02T09:59:08Z', conditions: [{ type: 'Complete', status: 'True' }] } };
  assert.deepEqual(jobPrinter.row(job, NOW).cells, ['x', 'Complete', '1/1', '8s', '60s', 'a,b', 'img:1,img:2', 'batch.kubernetes.io/controller-uid=u']);
});

test('cron jobs', () => {
  const cj = { metadata: meta(), spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } }, status: {} };
  assert.deepEqual(cronJobPrinter.row(cj, NOW).cells, ['x', '*/5 * * * *', '<none>', 'False', 0, '<none>', '60s', 'a,b', 'img:1,img:2', '<none>']);
  const active = { ...cj, spec: { ...cj.spec, timeZone: 'Europe/Berlin', suspend: undefined }, status: { active: [{ name: 'j1' }], lastScheduleTime: '2026-12-02T09:55:00Z' } };
  assert.deepEqual(cronJobPrinter.row(active, NOW).cells.slice(2, 6), ['Europe/Berlin', '<unset>', 1, '5m']);
});
