import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActionType } from './framework/events.js';
import { assignedPodUpdateActions, nodeUpdateActions } from './event-handlers.js';
import { makeNode, podInfo } from './testing/fixtures.js';

test('node updates are classified the way plugins register for them; heartbeats are nothing', () => {
  const n = makeNode('n', { labels: { a: '1' } });
  n.status!.conditions = [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-01-01T00:00:00Z' }];
  const beat = structuredClone(n);
  beat.status!.conditions![0]!.lastHeartbeatTime = '2024-01-01T00:00:10Z';
  assert.equal(nodeUpdateActions(n, beat), 0);
  const relabel = structuredClone(n);
  relabel.metadata!.labels!.b = '2';
  assert.equal(nodeUpdateActions(n, relabel), ActionType.UpdateNodeLabel);
  const cordon = structuredClone(n);
  cordon.spec!.unschedulable = true;
  assert.equal(nodeUpdateActions(n, cordon), ActionType.UpdateNodeTaint);
  const grow = structuredClone(n);
  grow.status!.allocatable!.cpu = '64';
  assert.equal(nodeUpdateActions(n, grow), ActionType.UpdateNodeAllocatable);
  const notReady = structuredClone(n);
  notReady.status!.conditions![0]!.status = 'False';
  assert.equal(nodeUpdateActions(n, notReady), ActionType.UpdateNodeCondition);
});

test('bound pod updates: label changes and shrinking requests', () => {
  const before = podInfo('p', { cpu: '1', labels: { app: 'a' } });
  assert.equal(assignedPodUpdateActions(before, podInfo('p', { cpu: '1', labels: { app: 'a' } })), 0);
  assert.equal(assignedPodUpdateActions(before, podInfo('p', { cpu: '1', labels: { app: 'b' } })), ActionType.UpdatePodLabel);
  assert.equal(assignedPodUpdateActions(before, podInfo('p', { cpu: '500m', labels: { app: 'a' } })), ActionType.UpdatePodScaleDown);
  assert.equal(assignedPodUpdateActions(undefined, before), ActionType.Add);
});
