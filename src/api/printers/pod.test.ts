import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podPrinter, podSummary } from './pod.js';

type Obj = Record<string, any>;
const NOW = Date.parse('2026-12-02T10:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

function pod(status: Obj, spec: Obj = {}, meta: Obj = {}): Obj {
  return { metadata: { name: 'p', creationTimestamp: ago(300), ...meta }, spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec }, status };
}
const running = (name = 'app', extra: Obj = {}) => ({ name, ready: true, restartCount: 0, state: { running: { startedAt: ago(60) } }, ...extra });
const waiting = (reason: string, name = 'app', extra: Obj = {}) => ({ name, ready: false, restartCount: 0, state: { waiting: { reason } }, ...extra });
const terminated = (t: Obj, name = 'app', extra: Obj = {}) => ({ name, ready: false, restartCount: 0, state: { terminated: t }, ...extra });
const status = (p: Obj) => podSummary(p, NOW).status;

test('pod STATUS: phase, waiting and terminated reasons', () => {
  assert.equal(status(pod({ phase: 'Pending' })), 'Pending');
  assert.equal(status(pod({ phase: 'Pending', containerStatuses: [waiting('ContainerCreating')] })), 'ContainerCreating');
  assert.equal(status(pod({ phase: 'Pending', containerStatuses: [waiting('ImagePullBackOff')] })), 'ImagePullBackOff');
  assert.equal(status(pod({ phase: 'Running', containerStatuses: [running()] })), 'Running');
  assert.equal(status(pod({ phase: 'Running', containerStatuses: [waiting('CrashLoopBackOff')] })), 'CrashLoopBackOff');
  assert.equal(status(pod({ phase: 'Succeeded', containerStatuses: [terminated({ exitCode: 0, reason: 'Completed' })] })), 'Completed');
  assert.equal(status(pod({ phase: 'Failed', containerStatuses: [terminated({ exitCode: 1, reason: 'Error' })] })), 'Error');
  assert.equal(status(pod({ phase: 'Failed', containerStatuses: [terminated({ exitCode: 137, signal: 9 })] })), 'Signal:9');
  assert.equal(status(pod({ phase: 'Failed', containerStatuses: [terminated({ exitCode: 3 })] })), 'ExitCode:3');
  assert.equal(status(pod({ phase: 'Failed', reason: 'Evicted', message: 'low on memory' })), 'Evicted');
  assert.equal(status(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] })), 'SchedulingGated');
  assert.equal(status(pod({ phase: 'Running', reason: 'NodeLost', containerStatuses: [running()] })), 'NodeLost');
});

test('pod STATUS: Terminating while deleted, unless finished; Unknown for a lost node', () => {
  const del = { deletionTimestamp: ago(1) };
  assert.equal(status(pod({ phase: 'Running', containerStatuses: [running()] }, {}, del)), 'Terminating');
  assert.equal(status(pod({ phase: 'Pending' }, {}, del)), 'Terminating');
  assert.equal(status(pod({ phase: 'Succeeded', containerStatuses: [terminated({ exitCode: 0, reason: 'Completed' })] }, {}, del)), 'Completed');
  assert.equal(status(pod({ phase: 'Running', reason: 'NodeLost' }, {}, del)), 'Unknown');
});

test('pod STATUS: init containers', () => {
  const spec = { initContainers: [{ name: 'a' }, { name: 'b' }] };
  assert.equal(status(pod({ phase: 'Pending', initContainerStatuses: [running('a'), waiting('PodInitializing', 'b')] }, spec)), 'Init:0/2');
  assert.equal(status(pod({ phase: 'Pending', initContainerStatuses: [terminated({ exitCode: 0, reason: 'Completed' }, 'a'), waiting('PodInitializing', 'b')] }, spec)), 'Init:1/2');
  assert.equal(status(pod({ phase: 'Pending', initContainerStatuses: [terminated({ exitCode: 1, reason: 'Error' }, 'a')] }, spec)), 'Init:Error');
  assert.equal(status(pod({ phase: 'Pending', initContainerStatuses: [terminated({ exitCode: 2 }, 'a')] }, spec)), 'Init:ExitCode:2');
  assert.equal(status(pod({ phase: 'Pending', initContainerStatuses: [terminated({ exitCode: 137, signal: 9 }, 'a')] }, spec)), 'Init:Signal:9');
  assert.equal(status(pod({ phase: 'Pending', initContainerStatuses: [waiting('CrashLoopBackOff', 'a', { restartCount: 3 })] }, spec)), 'Init:CrashLoopBackOff');
  // Main containers decide once the init containers are done.
  const done = [terminated({ exitCode: 0, reason: 'Completed' }, 'a'), terminated({ exitCode: 0, reason: 'Completed' }, 'b')];
  assert.equal(status(pod({ phase: 'Running', initContainerStatuses: done, containerStatuses: [running()] }, spec)), 'Running');
});

test('pod READY and STATUS with sidecars (restartable init containers)', () => {
  const spec = { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] };
  const s = podSummary(pod({ phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: [running('proxy', { started: true })], containerStatuses: [running()] }, spec), NOW);
  assert.deepEqual(s, { ready: '2/2', status: 'Running', restarts: '0' });
  const starting = podSummary(pod({ phase: 'Pending', initContainerStatuses: [waiting('ContainerCreating', 'proxy', { started: false })] }, spec), NOW);
  assert.deepEqual(starting, { ready: '0/2', status: 'Init:ContainerCreating', restarts: '0' });
});

test('pod STATUS: a completed container next to a running one is Running (Ready) or NotReady', () => {
  const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
  const cs = [running('a'), terminated({ exitCode: 0, reason: 'Completed' }, 'b')];
  assert.equal(status(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: cs }, spec)), 'Running');
  assert.equal(status(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: cs }, spec)), 'NotReady');
});

test('pod RESTARTS: the sum, with the time since the last restart', () => {
  const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
  const cs = [
    running('a', { restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: ago(3600) } } }),
    waiting('CrashLoopBackOff', 'b', { restartCount: 3, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(300) } } }),
  ];
  assert.deepEqual(podSummary(pod({ phase: 'Running', containerStatuses: cs }, spec), NOW), { ready: '1/2', status: 'CrashLoopBackOff', restarts: '5 (5m ago)' });
  assert.equal(podSummary(pod({ phase: 'Running', containerStatuses: [running('app', { restartCount: 4 })] }), NOW).restarts, '4');
});

test('pod row: wide cells and completion conditions', () => {
  const p = pod(
    { phase: 'Running', podIP: '10.0.0.9', podIPs: [{ ip: '10.0.0.9' }, { ip: 'fd00::9' }], nominatedNodeName: 'n2', conditions: [{ type: 'example.com/gate', status: 'True' }], containerStatuses: [running()] },
    { nodeName: 'n1', readinessGates: [{ conditionType: 'example.com/gate' }, { conditionType: 'example.com/other' }] },
  );
  assert.deepEqual(podPrinter.row(p, NOW), { cells: ['p', '1/1', 'Running', '0', '5m', '10.0.0.9', 'n1', 'n2', '1/2'] });
  const bare = podPrinter.row(pod({ phase: 'Pending' }), NOW);
  assert.deepEqual(bare.cells.slice(5), ['<none>', '<none>', '<none>', '<none>']);
  assert.equal(podPrinter.row(pod({ phase: 'Succeeded' }), NOW).conditions?.[0]?.reason, 'Succeeded');
  assert.equal(podPrinter.row(pod({ phase: 'Failed' }), NOW).conditions?.[0]?.type, 'Completed');
  assert.deepEqual(podPrinter.columns.map((c) => [c.name, c.priority]), [
    ['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1],
  ]);
});
