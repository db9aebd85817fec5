import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Toleration } from '../../api/types/core-v1.js';
import { CycleState } from '../framework/cycle-state.js';
import { NodeInfo } from '../framework/node-info.js';
import { makeNode, podInfo } from '../testing/fixtures.js';
import { toleratesTaint } from './helpers/taints.js';
import { TaintToleration } from './taint-toleration.js';

const pl = new TaintToleration();
const node = (name: string, taints: { key: string; value?: string; effect: string }[]) => {
  const ni = new NodeInfo(name);
  ni.setNode(makeNode(name, { taints }));
  return ni;
};
const pod = (tolerations: Toleration[] = []) => podInfo('p', { spec: { tolerations } });

test('untolerated NoSchedule and NoExecute taints reject, naming the first one', () => {
  const ni = node('n', [
    { key: 'soft', value: 'x', effect: 'PreferNoSchedule' },
    { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    { key: 'gone', effect: 'NoExecute' },
  ]);
  const s = pl.filter(new CycleState(), pod(), ni);
  assert.equal(s?.code, 'UnschedulableAndUnresolvable');
  assert.deepEqual(s?.reasons, ['node(s) had untolerated taint {dedicated: gpu}']);
  const s2 = pl.filter(new CycleState(), pod([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]), ni);
  assert.deepEqual(s2?.reasons, ['node(s) had untolerated taint {gone: }']);
  assert.equal(pl.filter(new CycleState(), pod([{ key: 'dedicated', operator: 'Exists' }, { key: 'gone', operator: 'Exists', effect: 'NoExecute' }]), ni), null);
  assert.equal(pl.filter(new CycleState(), pod([{ operator: 'Exists' }]), ni), null, 'an empty key with Exists tolerates everything');
});

test('toleration matching: effect, key, Equal/Exists', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
  assert.ok(toleratesTaint({ key: 'k', value: 'v' }, taint));
  assert.ok(toleratesTaint({ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, taint));
  assert.ok(!toleratesTaint({ key: 'k', value: 'w' }, taint));
  assert.ok(!toleratesTaint({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, taint));
  assert.ok(toleratesTaint({ key: 'k', operator: 'Exists' }, taint));
  assert.ok(!toleratesTaint({ key: 'k', operator: 'Gt', value: 'v' }, taint));
});

test('PreferNoSchedule taints lower the score (normalized in reverse)', () => {
  const nodes = [
    node('clean', []),
    node('one', [{ key: 'a', effect: 'PreferNoSchedule' }]),
    node('two', [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }]),
  ];
  const p = pod([{ key: 'b', operator: 'Exists', effect: 'PreferNoSchedule' }]);
  const state = new CycleState();
  pl.preScore(state, p);
  const scores = nodes.map((n) => pl.score(state, p, n));
  assert.deepEqual(scores, [0, 1, 1]);
  pl.normalizeScore(state, p, scores);
  assert.deepEqual(scores, [100, 0, 0]);
  const none = [0, 0];
  pl.normalizeScore(state, p, none);
  assert.deepEqual(none, [100, 100]);
});
