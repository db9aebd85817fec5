import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FitError } from './framework/diagnosis.js';
import { PodInfo } from './framework/pod-info.js';
import { makeNode, makePod, podInfo, testCluster } from './testing/fixtures.js';
import { numFeasibleNodesToFind, SchedulingError } from './schedule-pod.js';

const schedule = (c: ReturnType<typeof testCluster>, pod: PodInfo) => c.algorithm.schedulePod(c.framework, c.framework.newCycleState(), pod, c.snapshot);
const hostOf = (out: ReturnType<typeof schedule>) => ('result' in out ? out.result.suggestedHost : `error: ${out.error.message}`);

test('numFeasibleNodesToFind: all nodes below 100, adaptive percentage above (never below 5% or 100 nodes)', () => {
  assert.equal(numFeasibleNodesToFind(0, 50), 50);
  assert.equal(numFeasibleNodesToFind(0, 100), 100);
  assert.equal(numFeasibleNodesToFind(0, 500), 230);
  assert.equal(numFeasibleNodesToFind(0, 5000), 500);
  assert.equal(numFeasibleNodesToFind(0, 10000), 500);
  assert.equal(numFeasibleNodesToFind(100, 5000), 5000);
  assert.equal(numFeasibleNodesToFind(1, 5000), 100);
});

test('the default profile picks the least allocated feasible node', () => {
  const c = testCluster([makeNode('busy'), makeNode('idle'), makeNode('tiny', { cpu: '500m' })], [makePod('x', { cpu: '3', memory: '6Gi', nodeName: 'busy' })]);
  assert.equal(hostOf(schedule(c, podInfo('p', { cpu: '1', memory: '1Gi' }))), 'idle');
});

test("the unschedulable message follows upstream's format", () => {
  const taint = [{ key: 'key', value: 'value', effect: 'NoSchedule' }];
  const c = testCluster([makeNode('small', { cpu: '1' }), makeNode('t1', { taints: taint }), makeNode('t2', { taints: taint })]);
  const out = schedule(c, podInfo('p', { cpu: '2' }));
  assert.ok('error' in out && out.error instanceof FitError);
  assert.equal(out.error.message, '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {key: value}.');
  assert.deepEqual([...out.error.diagnosis.unschedulablePlugins].sort(), ['NodeResourcesFit', 'TaintToleration']);
});

test('no nodes at all is a scheduling error, not a fit error', () => {
  const out = schedule(testCluster([]), podInfo('p'));
  assert.ok('error' in out && out.error instanceof SchedulingError);
  assert.equal(out.error.message, 'no nodes available to schedule pods');
});

test('a PreFilterResult naming unknown nodes leaves every node "didn\'t satisfy plugin(s)"', () => {
  const c = testCluster([makeNode('a'), makeNode('b')]);
  const pod = podInfo('ds', {
    spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['gone'] }] }] } } } },
  });
  const out = schedule(c, pod);
  assert.ok('error' in out);
  assert.equal(out.error.message, "0/2 nodes are available: 2 node(s) didn't satisfy plugin(s) [NodeAffinity].");
  const pinned = podInfo('ds2', {
    spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } } },
  });
  assert.equal(hostOf(schedule(c, pinned)), 'b');
});

test('with many nodes only a sample is filtered, and the next cycle starts where this one stopped', () => {
  const nodes = Array.from({ length: 500 }, (_, i) => makeNode(`n${i}`));
  const c = testCluster(nodes);
  const out = schedule(c, podInfo('p', { cpu: '100m' }));
  assert.ok('result' in out);
  assert.equal(out.result.feasibleNodes, 230);
  assert.equal(out.result.evaluatedNodes, 230);
  assert.equal(c.algorithm.nextStartNodeIndex, 230);
  schedule(c, podInfo('q', { cpu: '100m' }));
  assert.equal(c.algorithm.nextStartNodeIndex, 460);
  schedule(c, podInfo('r', { cpu: '100m' }));
  assert.equal(c.algorithm.nextStartNodeIndex, 190);
});

test('a nominated node is tried first and used when it fits', () => {
  const c = testCluster([makeNode('a'), makeNode('b'), makeNode('c')], [makePod('x', { cpu: '3', nodeName: 'b' })]);
  const out = schedule(c, podInfo('p', { cpu: '500m', nominatedNodeName: 'b' }));
  assert.ok('result' in out);
  assert.equal(out.result.suggestedHost, 'b');
  assert.equal(out.result.evaluatedNodes, 1);
});

test('pods nominated to a node hold their room against lower-priority pods', () => {
  const c = testCluster([makeNode('a', { cpu: '2' }), makeNode('b', { cpu: '2' })], [makePod('x', { cpu: '1', nodeName: 'b' })]);
  c.nominator.nominate(podInfo('big', { cpu: '2', priority: 100 }), 'a');
  assert.equal(hostOf(schedule(c, podInfo('low', { cpu: '1', priority: 1 }))), 'b');
  const out = schedule(c, podInfo('high', { cpu: '2', priority: 200 }));
  assert.equal(hostOf(out), 'a', 'a higher-priority pod ignores lower nominations');
});

test('ties are broken at random among the best nodes', () => {
  const c = testCluster([makeNode('a'), makeNode('b'), makeNode('c')]);
  const seen = new Set<string>();
  for (let i = 0; i < 30; i++) seen.add(hostOf(schedule(c, podInfo(`p${i}`))));
  assert.deepEqual([...seen].sort(), ['a', 'b', 'c']);
});
