import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withCondition } from './api-calls.js';
import { truncateMessage } from './scheduling-loop.js';

test('a condition is written only when status, reason or message change; the transition time follows the status', () => {
  const now = '2024-01-01T00:00:10Z';
  const old = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'm', lastTransitionTime: '2024-01-01T00:00:00Z' }];
  assert.equal(withCondition(old, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'm' }, now).changed, false);
  const msg = withCondition(old, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'other' }, now);
  assert.ok(msg.changed);
  assert.equal(msg.conditions[0]!.lastTransitionTime, '2024-01-01T00:00:00Z');
  const added = withCondition([{ type: 'Ready', status: 'True' }], { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'm' }, now);
  assert.deepEqual(added.conditions.map((c) => c.type), ['Ready', 'PodScheduled']);
  assert.equal(added.conditions[1]!.lastTransitionTime, now);
});

test('messages are cut at 1 KiB as upstream does', () => {
  assert.equal(truncateMessage('short'), 'short');
  const long = 'x'.repeat(2000);
  const cut = truncateMessage(long);
  assert.equal(cut.length, 1024);
  assert.ok(cut.endsWith(' ...'));
});
