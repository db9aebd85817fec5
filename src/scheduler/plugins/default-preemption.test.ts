import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodDisruptionBudget } from '../../api/types/policy-v1.js';
import { FitError } from '../framework/diagnosis.js';
import { PodInfo } from '../framework/pod-info.js';
import { makeNode, makePod, podInfo, testCluster, type TestCluster } from '../testing/fixtures.js';
import { DefaultPreemption } from './default-preemption.js';
import { moreImportant, pickOneNodeForPreemption, splitByPdbViolation, type Candidate } from './preemption-victims.js';

/** Runs a scheduling cycle that must fail, and returns what PostFilter gets. */
function failedCycle(c: TestCluster, pod: PodInfo) {
  const state = c.framework.newCycleState();
  const out = c.algorithm.schedulePod(c.framework, state, pod, c.snapshot);
  assert.ok('error' in out && out.error instanceof FitError, 'the pod should fit nowhere');
  return { state, fitError: out.error as FitError };
}

const preemption = (c: TestCluster) => new DefaultPreemption(c.handle, { now: () => Date.parse('2024-06-01T00:00:00Z') });

test('victims are the fewest lower-priority pods, reprieving the most important first; the cheapest node wins', () => {
  const c = testCluster(
    [makeNode('n1', { cpu: '2' }), makeNode('n2', { cpu: '2' })],
    [
      makePod('l1', { cpu: '1', priority: 1, nodeName: 'n1' }),
      makePod('l2', { cpu: '1', priority: 2, nodeName: 'n1' }),
      makePod('m', { cpu: '2', priority: 5, nodeName: 'n2' }),
    ],
  );
  const pod = podInfo('hi', { cpu: '1', priority: 10 });
  const { state, fitError } = failedCycle(c, pod);
  const pl = preemption(c);
  const candidates = pl.findCandidates(state, pod, c.snapshot.list(), fitError.diagnosis.nodeToStatus);
  const byNode = Object.fromEntries(candidates.map((x) => [x.name, x.victims.pods.map((p) => p.name)]));
  assert.deepEqual(byNode, { n1: ['l1'], n2: ['m'] });
  assert.equal(pickOneNodeForPreemption(candidates, Date.now())?.name, 'n1', 'the lowest top victim priority wins');
  // The dry run works on copies.
  assert.equal(c.snapshot.get('n1')!.pods.length, 2);
});

test('pods of equal or higher priority are never victims', () => {
  const c = testCluster([makeNode('n1', { cpu: '1' }), makeNode('n2', { cpu: '1' }), makeNode('n3', { cpu: '1' })], [
    makePod('a', { cpu: '1', priority: 10, nodeName: 'n1' }),
    makePod('b', { cpu: '1', priority: 10, nodeName: 'n2' }),
    makePod('c', { cpu: '1', priority: 20, nodeName: 'n3' }),
  ]);
  const pod = podInfo('p', { cpu: '1', priority: 10 });
  const { state, fitError } = failedCycle(c, pod);
  return preemption(c)
    .postFilter(state, pod, fitError.diagnosis.nodeToStatus)
    .then((r) => {
      assert.equal(r.status?.code, 'Unschedulable');
      assert.equal(r.status?.message(), 'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
      assert.equal(r.result?.nominatedNodeName, '');
    });
});

test('nodes where only unresolvable filters failed are not worth preempting on', async () => {
  const c = testCluster(
    [makeNode('small', { cpu: '1' }), makeNode('t1', { taints: [{ key: 'key', value: 'value', effect: 'NoSchedule' }] }), makeNode('t2', { taints: [{ key: 'key', value: 'value', effect: 'NoSchedule' }] })],
    [makePod('low', { cpu: '500m', priority: 0, nodeName: 't1' })],
  );
  const pod = podInfo('p', { cpu: '2', priority: 100 });
  const { state, fitError } = failedCycle(c, pod);
  const r = await preemption(c).postFilter(state, pod, fitError.diagnosis.nodeToStatus);
  fitError.diagnosis.postFilterMsg = r.status?.message() ?? '';
  assert.equal(
    fitError.message,
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {key: value}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
  );
});

test('when evicting everything lower still does not help, the node reports the filter reason', async () => {
  const c = testCluster([makeNode('n', { cpu: '2' })], [makePod('hi', { cpu: '1500m', priority: 50, nodeName: 'n' }), makePod('lo', { cpu: '100m', priority: 1, nodeName: 'n' })]);
  const pod = podInfo('p', { cpu: '1', priority: 10 });
  const { state, fitError } = failedCycle(c, pod);
  const r = await preemption(c).postFilter(state, pod, fitError.diagnosis.nodeToStatus);
  assert.equal(r.status?.message(), 'preemption: 0/1 nodes are available: 1 Insufficient cpu.');
});

test('PodDisruptionBudgets: pods whose eviction breaks a budget are spared when another node avoids it', () => {
  const pdb: PodDisruptionBudget = {
    metadata: { name: 'keep', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'keep' } } },
    status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
  };
  const c = testCluster(
    [makeNode('n1', { cpu: '1' }), makeNode('n2', { cpu: '1' })],
    [makePod('guarded', { cpu: '1', priority: 1, labels: { app: 'keep' }, nodeName: 'n1' }), makePod('free', { cpu: '1', priority: 3, nodeName: 'n2' })],
    { pdbs: [pdb] },
  );
  const pod = podInfo('p', { cpu: '1', priority: 10 });
  const { state, fitError } = failedCycle(c, pod);
  const candidates = preemption(c).findCandidates(state, pod, c.snapshot.list(), fitError.diagnosis.nodeToStatus);
  const n1 = candidates.find((x) => x.name === 'n1')!;
  assert.equal(n1.victims.numPDBViolations, 1);
  assert.equal(pickOneNodeForPreemption(candidates, Date.now())?.name, 'n2');

  const [violating, ok] = splitByPdbViolation(c.snapshot.get('n1')!.pods, [{ ...pdb, status: { ...pdb.status!, disruptionsAllowed: 1 } }]);
  assert.equal(violating.length, 0);
  assert.equal(ok.length, 1);
  const [v2] = splitByPdbViolation(c.snapshot.get('n1')!.pods, [{ ...pdb, status: { ...pdb.status!, disruptedPods: { guarded: '2024-01-01T00:00:00Z' } } }]);
  assert.equal(v2.length, 0, 'pods already being disrupted do not count again');
});

test('candidate order: fewest PDB violations, lowest top priority, lowest sum, fewest victims, latest start', () => {
  const p = (name: string, priority: number, startTime?: string) => new PodInfo(makePod(name, { priority, startTime }));
  const cand = (name: string, pods: PodInfo[], numPDBViolations = 0): Candidate => ({ name, victims: { pods, numPDBViolations } });
  const now = Date.parse('2024-06-01T00:00:00Z');
  assert.equal(pickOneNodeForPreemption([cand('a', [p('x', 1)], 1), cand('b', [p('y', 9)])], now)?.name, 'b');
  assert.equal(pickOneNodeForPreemption([cand('a', [p('x', 5)]), cand('b', [p('y', 3), p('z', 3)])], now)?.name, 'b');
  assert.equal(pickOneNodeForPreemption([cand('a', [p('x', 3), p('y', 2)]), cand('b', [p('z', 3), p('w', 1)])], now)?.name, 'b');
  assert.equal(pickOneNodeForPreemption([cand('a', [p('x', 3), p('y', -5), p('v', -5)]), cand('b', [p('z', 3), p('w', -5)])], now)?.name, 'b');
  assert.equal(
    pickOneNodeForPreemption([cand('a', [p('x', 3, '2024-01-01T00:00:00Z')]), cand('b', [p('z', 3, '2024-03-01T00:00:00Z')])], now)?.name,
    'b',
    'the most recently started victims are evicted first',
  );
  assert.ok(moreImportant(p('old', 3, '2024-01-01T00:00:00Z'), p('new', 3, '2024-02-01T00:00:00Z'), now));
});

test('eligibility: preemptionPolicy Never, and waiting for victims already terminating on the nominated node', async () => {
  const c = testCluster([makeNode('n', { cpu: '1' })], [
    makePod('dying', {
      cpu: '1',
      priority: 1,
      nodeName: 'n',
      deletionTimestamp: '2024-01-01T00:00:00Z',
    }),
  ]);
  const dying = c.snapshot.get('n')!.pods[0]!;
  (dying.pod.status as { conditions?: unknown[] }).conditions = [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }];
  const pl = preemption(c);
  const never = podInfo('never', { cpu: '1', priority: 10, spec: { preemptionPolicy: 'Never' } });
  assert.deepEqual(pl.eligible(never, undefined), [false, 'not eligible due to preemptionPolicy=Never.']);
  const waiting = podInfo('w', { cpu: '1', priority: 10, nominatedNodeName: 'n' });
  assert.deepEqual(pl.eligible(waiting, undefined), [false, 'not eligible due to a terminating pod on the nominated node.']);
  const { state, fitError } = failedCycle(c, waiting);
  const r = await pl.postFilter(state, waiting, fitError.diagnosis.nodeToStatus);
  assert.equal(r.status?.message(), 'preemption: not eligible due to a terminating pod on the nominated node.');
  assert.equal(r.result, undefined, 'the nomination is kept');
});

test('the number of candidates looked for: 10% of the nodes, at least 100, at most all', () => {
  const pl = preemption(testCluster([]));
  assert.equal(pl.numCandidates(50), 50);
  assert.equal(pl.numCandidates(500), 100);
  assert.equal(pl.numCandidates(5000), 500);
});
