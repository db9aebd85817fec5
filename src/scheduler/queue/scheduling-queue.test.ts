import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../client/index.js';
import { ActionType } from '../framework/events.js';
import { PodInfo } from '../framework/pod-info.js';
import { PrioritySort } from '../plugins/priority-sort.js';
import { SchedulingGates } from '../plugins/scheduling-gates.js';
import { makePod, podInfo } from '../testing/fixtures.js';
import { backoffDuration, DEFAULT_BACKOFF } from './backoff.js';
import { Nominator } from './nominator.js';
import { SchedulingQueue } from './scheduling-queue.js';

function newQueue(clock = new FakeClock(1_000_000)) {
  const gates = new SchedulingGates();
  const q = new SchedulingQueue({
    less: (a, b) => new PrioritySort().less(a, b),
    clock,
    nominator: new Nominator(),
    preEnqueue: (pi) => gates.preEnqueue(pi)?.withPlugin(gates.name) ?? null,
    pluginEvents: new Map([
      ['NodeResourcesFit', [{ resource: 'Node', actions: ActionType.Add }, { resource: 'AssignedPod', actions: ActionType.Delete }]],
      ['NodeAffinity', [{ resource: 'Node', actions: ActionType.Add | ActionType.UpdateNodeLabel }]],
      ['SchedulingGates', [{ resource: 'Pod', actions: ActionType.UpdatePodSchedulingGatesEliminated }]],
    ]),
  });
  return { q, clock };
}

/** Pops a pod and fails it as rejected by the given plugins. */
async function fail(q: SchedulingQueue, ...plugins: string[]) {
  const qpi = (await q.pop())!;
  const cycle = q.schedulingCycle;
  qpi.unschedulablePlugins = new Set(plugins);
  return { qpi, cycle, giveBack: () => q.addUnschedulableIfNotPresent(qpi, cycle) };
}

test('back-off doubles from 1 s up to 10 s', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((a) => backoffDuration(a, DEFAULT_BACKOFF)), [1000, 2000, 4000, 8000, 10000, 10000]);
});

test('pods pop by priority, then by arrival', async () => {
  const { q, clock } = newQueue();
  q.add(podInfo('low', { priority: 1 }));
  clock.step(1);
  q.add(podInfo('high', { priority: 10 }));
  clock.step(1);
  q.add(podInfo('low2', { priority: 1 }));
  const names = [];
  for (let i = 0; i < 3; i++) names.push((await q.pop())!.podInfo.name);
  assert.deepEqual(names, ['high', 'low', 'low2']);
});

test('pop waits for a pod, and returns undefined when aborted or closed', async () => {
  const { q } = newQueue();
  const waiting = q.pop();
  q.add(podInfo('p'));
  assert.equal((await waiting)?.podInfo.name, 'p');
  const ac = new AbortController();
  const aborted = q.pop(ac.signal);
  ac.abort();
  assert.equal(await aborted, undefined);
  const closing = q.pop();
  q.close();
  assert.equal(await closing, undefined);
});

test('unschedulable pods wait for an event one of their rejecting plugins registered for', async () => {
  const { q, clock } = newQueue();
  q.add(podInfo('fit'));
  q.add(podInfo('aff'));
  const a = await fail(q, 'NodeResourcesFit');
  const b = await fail(q, 'NodeAffinity');
  a.giveBack();
  b.giveBack();
  assert.equal(q.whereIs('default/fit'), 'unschedulable');
  clock.step(5_000);
  q.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actions: ActionType.Delete });
  assert.equal(q.whereIs('default/fit'), 'active');
  assert.equal(q.whereIs('default/aff'), 'unschedulable');
  q.moveAllToActiveOrBackoffQueue({ resource: 'Node', actions: ActionType.UpdateNodeLabel });
  assert.equal(q.whereIs('default/aff'), 'active');
});

test('a pod moved while still backing off waits in backoffQ until its back-off expires', async () => {
  const { q, clock } = newQueue();
  q.add(podInfo('p'));
  const f = await fail(q, 'NodeResourcesFit');
  f.giveBack();
  clock.step(500);
  q.moveAllToActiveOrBackoffQueue({ resource: 'Node', actions: ActionType.Add });
  assert.equal(q.whereIs('default/p'), 'backoff');
  clock.step(499);
  assert.equal(q.whereIs('default/p'), 'backoff');
  clock.step(1);
  assert.equal(q.whereIs('default/p'), 'active');
  // Second failure: two seconds.
  const g = await fail(q, 'NodeResourcesFit');
  q.moveAllToActiveOrBackoffQueue({ resource: 'Node', actions: ActionType.Add });
  g.giveBack();
  assert.equal(q.whereIs('default/p'), 'backoff', 'an event during the cycle sends the pod to backoffQ, not the pool');
  clock.step(1_999);
  assert.equal(q.whereIs('default/p'), 'backoff');
  clock.step(1);
  assert.equal(q.whereIs('default/p'), 'active');
});

test('errors (no rejecting plugin) go straight to back-off', async () => {
  const { q, clock } = newQueue();
  q.add(podInfo('p'));
  const f = await fail(q);
  f.giveBack();
  assert.equal(q.whereIs('default/p'), 'backoff');
  clock.step(1_000);
  assert.equal(q.whereIs('default/p'), 'active');
});

test('pods left in the pool are retried after five minutes', async () => {
  const { q, clock } = newQueue();
  q.start();
  q.add(podInfo('p'));
  (await fail(q, 'NodeAffinity')).giveBack();
  clock.step(5 * 60_000);
  assert.equal(q.whereIs('default/p'), 'unschedulable');
  clock.step(30_000);
  assert.equal(q.whereIs('default/p'), 'active');
  q.close();
});

test('a spec change of a parked pod retries it; a status-only change does not', async () => {
  const { q, clock } = newQueue();
  const pod = makePod('p', { cpu: '1' });
  q.add(new PodInfo(pod));
  (await fail(q, 'NodeAffinity')).giveBack();
  q.update(new PodInfo(pod), new PodInfo({ ...pod, status: { ...pod.status, conditions: [{ type: 'PodScheduled', status: 'False' }] } }));
  assert.equal(q.whereIs('default/p'), 'unschedulable');
  clock.step(2_000);
  q.update(new PodInfo(pod), new PodInfo({ ...pod, metadata: { ...pod.metadata, labels: { x: 'y' } } }));
  assert.equal(q.whereIs('default/p'), 'active');
});

test('gated pods stay out of activeQ until their gates are removed', async () => {
  const { q } = newQueue();
  const gated = makePod('g', { spec: { schedulingGates: [{ name: 'wait' }] } });
  q.add(new PodInfo(gated));
  assert.equal(q.whereIs('default/g'), 'unschedulable');
  q.moveAllToActiveOrBackoffQueue({ resource: 'Node', actions: ActionType.Add });
  assert.equal(q.whereIs('default/g'), 'unschedulable');
  q.update(new PodInfo(gated), new PodInfo({ ...gated, spec: { ...gated.spec, schedulingGates: [] } }));
  assert.equal(q.whereIs('default/g'), 'active');
});

test('deleted pods leave every queue; a pod deleted while in flight is not handed back', async () => {
  const { q } = newQueue();
  const a = podInfo('a');
  q.add(a);
  q.add(podInfo('b'));
  q.delete(a);
  const b = await fail(q, 'NodeResourcesFit');
  assert.equal(b.qpi.podInfo.name, 'b');
  q.delete(b.qpi.podInfo);
  assert.ok(q.deletedInFlight('default/b'));
  b.giveBack();
  assert.deepEqual(q.lengths, { active: 0, backoff: 0, unschedulable: 0, inFlight: 0 });
});
