import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../framework/cycle-state.js';
import { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { makeNode, podInfo, type NodeOptions } from '../testing/fixtures.js';
import { NodeResourcesFit } from './node-resources-fit.js';

function node(o: NodeOptions, pods: PodInfo[] = []): NodeInfo {
  const ni = new NodeInfo('n');
  ni.setNode(makeNode('n', o));
  for (const p of pods) ni.addPod(p);
  return ni;
}

const fit = new NodeResourcesFit();
const filter = (pod: PodInfo, ni: NodeInfo) => fit.filter(new CycleState(), pod, ni);

test('a pod fits when its requests fit allocatable minus what bound pods request', () => {
  const ni = node({ cpu: '2', memory: '4Gi' }, [podInfo('a', { cpu: '1', memory: '2Gi' })]);
  assert.equal(filter(podInfo('p', { cpu: '1', memory: '2Gi' }), ni), null);
  const s = filter(podInfo('p', { cpu: '1001m', memory: '2Gi' }), ni);
  assert.equal(s?.code, 'Unschedulable');
  assert.deepEqual(s?.reasons, ['Insufficient cpu']);
});

test('every insufficient resource is reported, in upstream order', () => {
  const ni = node({ cpu: '1', memory: '1Gi', ephemeralStorage: '1Gi', pods: '1', extended: { 'example.com/gpu': '1' } }, [
    podInfo('a', { cpu: '500m', memory: '512Mi', requests: { 'example.com/gpu': '1', 'ephemeral-storage': '512Mi' } }),
  ]);
  const s = filter(podInfo('p', { cpu: '600m', memory: '600Mi', requests: { 'ephemeral-storage': '600Mi', 'example.com/gpu': '1' } }), ni);
  assert.deepEqual(s?.reasons, ['Too many pods', 'Insufficient cpu', 'Insufficient memory', 'Insufficient ephemeral-storage', 'Insufficient example.com/gpu']);
  assert.equal(s?.code, 'Unschedulable');
});

test('a request larger than the whole node is unresolvable (preemption cannot help)', () => {
  const s = filter(podInfo('p', { cpu: '3' }), node({ cpu: '2' }));
  assert.equal(s?.code, 'UnschedulableAndUnresolvable');
  assert.deepEqual(s?.reasons, ['Insufficient cpu']);
});

test('an extended resource the node does not have is insufficient; ignored resources are skipped', () => {
  const pod = podInfo('p', { requests: { 'example.com/fpga': '1' } });
  assert.deepEqual(filter(pod, node({}))?.reasons, ['Insufficient example.com/fpga']);
  assert.equal(new NodeResourcesFit({ ignoredResources: ['example.com/fpga'] }).filter(new CycleState(), pod, node({})), null);
  assert.equal(new NodeResourcesFit({ ignoredResourceGroups: ['example.com'] }).filter(new CycleState(), pod, node({})), null);
});

test('a pod without requests only needs a pod slot', () => {
  assert.equal(filter(podInfo('p'), node({ cpu: '0', memory: '0' })), null);
  assert.deepEqual(filter(podInfo('p'), node({ pods: '0' }))?.reasons, ['Too many pods']);
});

test('init containers are counted the upstream way when fitting', () => {
  const ni = node({ cpu: '2' });
  const pod = podInfo('p', {
    containers: [{ name: 'a', resources: { requests: { cpu: '500m' } } }],
    initContainers: [{ name: 'i', resources: { requests: { cpu: '2500m' } } }],
  });
  assert.deepEqual(filter(pod, ni)?.reasons, ['Insufficient cpu']);
});

test('LeastAllocated favours emptier nodes, counting unset requests as 100m/200Mi', () => {
  const state = new CycleState();
  const pod = podInfo('p', { cpu: '1', memory: '2Gi' });
  fit.preScore(state, pod);
  const busy = node({ cpu: '4', memory: '8Gi' }, [podInfo('a', { cpu: '1', memory: '2Gi' })]);
  const empty = node({ cpu: '4', memory: '8Gi' });
  assert.equal(fit.score(state, pod, busy), 50);
  assert.equal(fit.score(state, pod, empty), 75);
  const bare = podInfo('b');
  const s2 = new CycleState();
  fit.preScore(s2, bare);
  // (4000-100)*100/4000 = 97; (8192Mi-200Mi)*100/8192Mi = 97
  assert.equal(fit.score(s2, bare, empty), 97);
  const overcommitted = node({ cpu: '1', memory: '8Gi' }, [podInfo('a', { cpu: '1' })]);
  // cpu over capacity scores 0; memory (8192Mi - 200Mi - 2Gi) / 8192Mi → 72
  assert.equal(fit.score(state, pod, overcommitted), Math.trunc((0 + 72) / 2));
});

test('MostAllocated favours fuller nodes', () => {
  const most = new NodeResourcesFit({ scoringStrategy: { type: 'MostAllocated' } });
  const state = new CycleState();
  const pod = podInfo('p', { cpu: '1', memory: '2Gi' });
  most.preScore(state, pod);
  assert.equal(most.score(state, pod, node({ cpu: '4', memory: '8Gi' }, [podInfo('a', { cpu: '1', memory: '2Gi' })])), 50);
  assert.equal(most.score(state, pod, node({ cpu: '4', memory: '8Gi' })), 25);
});
