// calculateStatus: replicas, fully labeled (every template label present with its value), ready,
// and available (ready for minReadySeconds) counts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../api/types/core-v1.js';
import { calculateStatus } from './status.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');
const pod = (labels: Record<string, string>, readySince?: string): Pod => ({
  metadata: { name: 'p', labels },
  status: readySince ? { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] } : { conditions: [{ type: 'Ready', status: 'False' }] },
});

test('counts fully labeled, ready and available pods', () => {
  const pods = [
    pod({ app: 'a', tier: 'web' }, '2026-01-01T00:00:00Z'),
    pod({ app: 'a', tier: 'db' }, '2026-01-01T00:09:50Z'),
    pod({ app: 'a' }),
  ];
  const base = { pods, templateLabels: { app: 'a', tier: 'web' }, generation: 3, previous: undefined, now: NOW };
  assert.deepEqual(calculateStatus({ ...base, minReadySeconds: 0 }), { replicas: 3, fullyLabeledReplicas: 1, readyReplicas: 2, availableReplicas: 2, observedGeneration: 3 });
  assert.equal(calculateStatus({ ...base, minReadySeconds: 30 }).availableReplicas, 1, 'one pod has been ready only 10 s');
  assert.equal(calculateStatus({ ...base, templateLabels: undefined, minReadySeconds: 0 }).fullyLabeledReplicas, 3, 'no template labels: every pod is fully labeled');
});
