import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../api/types/core-v1.js';
import type { PodDisruptionBudget } from '../../api/types/policy-v1.js';
import { DELETION_TIMEOUT_MS, ScaleError, computeStatus, expectedCounts, scaledValue } from './budget.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');
const pod = (name: string, ready = true, deleting = false): Pod => ({
  metadata: { name, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const pdb = (spec: PodDisruptionBudget['spec'], status?: PodDisruptionBudget['status']): PodDisruptionBudget => ({ metadata: { name: 'b', generation: 2 }, spec, status });

test('scaledValue rounds percentages as asked', () => {
  assert.equal(scaledValue('50%', 3, true), 2);
  assert.equal(scaledValue('50%', 3, false), 1);
  assert.equal(scaledValue(4, 10, true), 4);
  assert.equal(scaledValue('7', 10, true), 7);
  assert.throws(() => scaledValue('x%y', 10, true), ScaleError);
});

test('expected/desired: minAvailable number counts pods; percentages and maxUnavailable use the scale', () => {
  const pods = [pod('a'), pod('b')];
  assert.deepEqual(expectedCounts(pdb({ minAvailable: 1 }), pods, () => assert.fail('no scale needed')), { expected: 2, desired: 1 });
  assert.deepEqual(expectedCounts(pdb({ minAvailable: '50%' }), pods, () => 5), { expected: 5, desired: 3 });
  assert.deepEqual(expectedCounts(pdb({ maxUnavailable: '50%' }), pods, () => 5), { expected: 5, desired: 2 });
  assert.deepEqual(expectedCounts(pdb({ maxUnavailable: 9 }), pods, () => 5), { expected: 5, desired: 0 });
});

test('status: healthy excludes unready, deleting and recently disrupted pods; allowed never negative', () => {
  const pods = [pod('a'), pod('b'), pod('c', false), pod('d', true, true), pod('e')];
  const disruptedPods = { e: '2026-01-01T00:09:00Z', gone: '2026-01-01T00:09:00Z', old: '2026-01-01T00:00:00Z' };
  const { status, recheckAt } = computeStatus(pdb({ minAvailable: 1 }, { disruptedPods }), pods, () => 0, NOW);
  assert.equal(status.currentHealthy, 2);
  assert.equal(status.desiredHealthy, 1);
  assert.equal(status.expectedPods, 5);
  assert.equal(status.disruptionsAllowed, 1);
  assert.deepEqual(status.disruptedPods, { e: '2026-01-01T00:09:00Z' });
  assert.equal(recheckAt, Date.parse('2026-01-01T00:09:00Z') + DELETION_TIMEOUT_MS);
  assert.equal(status.observedGeneration, 2);
  assert.deepEqual(status.conditions?.map((c) => [c.type, c.status, c.reason]), [['DisruptionAllowed', 'True', 'SufficientPods']]);
  const none = computeStatus(pdb({ minAvailable: 5 }), pods, () => 0, NOW).status;
  assert.equal(none.disruptionsAllowed, 0);
  assert.equal(none.conditions![0]!.reason, 'InsufficientPods');
});

test('a scale that cannot be found fails safe: no disruptions, SyncFailed', () => {
  const { status } = computeStatus(pdb({ maxUnavailable: 1 }), [pod('a')], () => { throw new ScaleError('found no controllers for pod "a"'); }, NOW);
  assert.equal(status.disruptionsAllowed, 0);
  assert.deepEqual(status.conditions?.map((c) => [c.status, c.reason, c.message]), [['False', 'SyncFailed', 'found no controllers for pod "a"']]);
});
