import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../framework/cycle-state.js';
import { NodeInfo } from '../framework/node-info.js';
import { PodInfo } from '../framework/pod-info.js';
import { newQueuedPodInfo } from '../framework/queued-pod-info.js';
import { makeNode, makePod, podInfo, type NodeOptions } from '../testing/fixtures.js';
import { NodeName } from './node-name.js';
import { NodePorts } from './node-ports.js';
import { NodeUnschedulable } from './node-unschedulable.js';
import { PrioritySort } from './priority-sort.js';
import { SchedulingGates } from './scheduling-gates.js';

const nodeInfo = (name: string, o: NodeOptions = {}) => {
  const ni = new NodeInfo(name);
  ni.setNode(makeNode(name, o));
  return ni;
};

test('NodeName: a pod naming a node fits only that node', () => {
  const pl = new NodeName();
  const pod = podInfo('p', { nodeName: 'n1' });
  assert.equal(pl.filter(new CycleState(), pod, nodeInfo('n1')), null);
  const s = pl.filter(new CycleState(), pod, nodeInfo('n2'));
  assert.equal(s?.code, 'UnschedulableAndUnresolvable');
  assert.deepEqual(s?.reasons, ["node(s) didn't match the requested node name"]);
  assert.equal(pl.filter(new CycleState(), podInfo('q'), nodeInfo('n2')), null);
});

test('NodeUnschedulable: cordoned nodes reject pods unless they tolerate the unschedulable taint', () => {
  const pl = new NodeUnschedulable();
  const cordoned = nodeInfo('n', { unschedulable: true });
  const s = pl.filter(new CycleState(), podInfo('p'), cordoned);
  assert.equal(s?.code, 'UnschedulableAndUnresolvable');
  assert.deepEqual(s?.reasons, ['node(s) were unschedulable']);
  const tolerant = podInfo('t', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
  assert.equal(pl.filter(new CycleState(), tolerant, cordoned), null);
  assert.equal(pl.filter(new CycleState(), podInfo('p'), nodeInfo('m')), null);
});

test('NodePorts: requested host ports must be free; pods without host ports skip the filter', () => {
  const pl = new NodePorts();
  const withPort = (name: string, port: number, protocol?: string, hostIP?: string) =>
    new PodInfo(makePod(name, { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: port, protocol, hostIP }] }] }));
  const ni = nodeInfo('n');
  ni.addPod(withPort('a', 8080));
  const state = new CycleState();
  assert.equal(pl.preFilter(state, podInfo('none'))?.code, 'Skip');
  const clash = withPort('b', 8080);
  assert.equal(pl.preFilter(state, clash), null);
  const s = pl.filter(state, clash, ni);
  assert.equal(s?.code, 'Unschedulable');
  assert.deepEqual(s?.reasons, ["node(s) didn't have free ports for the requested pod ports"]);
  assert.equal(pl.filter(state, withPort('c', 8080, 'UDP'), ni), null);
  assert.equal(pl.filter(state, withPort('d', 8081), ni), null);
  const sidecar = new PodInfo(makePod('e', { initContainers: [{ name: 's', restartPolicy: 'Always', ports: [{ containerPort: 1, hostPort: 8080 }] }] }));
  assert.ok(pl.filter(state, sidecar, ni), 'restartable init containers hold their ports');
});

test('PrioritySort: higher priority first, then earlier queue time', () => {
  const pl = new PrioritySort();
  const high = newQueuedPodInfo(podInfo('h', { priority: 100 }), 2);
  const low = newQueuedPodInfo(podInfo('l', { priority: 1 }), 1);
  const lowLater = newQueuedPodInfo(podInfo('l2', { priority: 1 }), 5);
  assert.ok(pl.less(high, low));
  assert.ok(!pl.less(low, high));
  assert.ok(pl.less(low, lowLater));
});

test('SchedulingGates: gated pods wait outside the active queue', () => {
  const pl = new SchedulingGates();
  const s = pl.preEnqueue(podInfo('g', { spec: { schedulingGates: [{ name: 'a' }, { name: 'b' }] } }));
  assert.equal(s?.code, 'UnschedulableAndUnresolvable');
  assert.deepEqual(s?.reasons, ['waiting for scheduling gates: [a b]']);
  assert.equal(pl.preEnqueue(podInfo('free')), null);
});
