import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeSelectorTerm, PreferredSchedulingTerm } from '../../api/types/core-v1.js';
import { CycleState } from '../framework/cycle-state.js';
import { PreFilterResult } from '../framework/interfaces.js';
import { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { makeNode, podInfo } from '../testing/fixtures.js';
import { NodeAffinity } from './node-affinity.js';

const pl = new NodeAffinity();
const node = (name: string, labels: Record<string, string> = {}) => {
  const ni = new NodeInfo(name);
  ni.setNode(makeNode(name, { labels }));
  return ni;
};
const required = (...terms: NodeSelectorTerm[]) =>
  podInfo('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } } });

function fits(pod: PodInfo, ni: NodeInfo): boolean {
  const state = new CycleState();
  const pre = pl.preFilter(state, pod);
  if (pre instanceof PreFilterResult) return pre.nodeNames.has(ni.name) && pl.filter(state, pod, ni) === null;
  if (pre?.code === 'Skip') return true;
  return pl.filter(state, pod, ni) === null;
}

test('nodeSelector must match every label', () => {
  const pod = podInfo('p', { spec: { nodeSelector: { disk: 'ssd', zone: 'a' } } });
  assert.ok(fits(pod, node('n', { disk: 'ssd', zone: 'a', extra: 'x' })));
  assert.ok(!fits(pod, node('n', { disk: 'ssd' })));
  const s = pl.filter(new CycleState(), pod, node('n', {}));
  assert.equal(s?.code, 'UnschedulableAndUnresolvable');
  assert.deepEqual(s?.reasons, ["node(s) didn't match Pod's node affinity/selector"]);
  assert.equal(pl.preFilter(new CycleState(), podInfo('free'))?.constructor.name, 'Status');
});

test('operators In, NotIn, Exists, DoesNotExist, Gt, Lt', () => {
  const expr = (key: string, operator: string, values?: string[]) => required({ matchExpressions: [{ key, operator, values }] });
  const n = node('n', { zone: 'a', cores: '8' });
  assert.ok(fits(expr('zone', 'In', ['a', 'b']), n));
  assert.ok(!fits(expr('zone', 'In', ['b']), n));
  assert.ok(fits(expr('zone', 'NotIn', ['b']), n));
  assert.ok(fits(expr('missing', 'NotIn', ['b']), n), 'NotIn matches when the label is absent');
  assert.ok(fits(expr('zone', 'Exists'), n));
  assert.ok(!fits(expr('zone', 'DoesNotExist'), n));
  assert.ok(fits(expr('missing', 'DoesNotExist'), n));
  assert.ok(fits(expr('cores', 'Gt', ['4']), n));
  assert.ok(!fits(expr('cores', 'Gt', ['8']), n));
  assert.ok(fits(expr('cores', 'Lt', ['9']), n));
  assert.ok(!fits(expr('zone', 'Gt', ['1']), n), 'a non-integer label never satisfies Gt');
  assert.ok(!fits(expr('cores', 'Gt', ['x']), n), 'an invalid term matches nothing');
});

test('terms are ORed, expressions within a term ANDed, an empty term matches nothing', () => {
  const pod = required(
    { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['ssd'] }] },
    { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
  );
  assert.ok(fits(pod, node('n', { zone: 'a', disk: 'ssd' })));
  assert.ok(!fits(pod, node('n', { zone: 'a', disk: 'hdd' })));
  assert.ok(fits(pod, node('n', { zone: 'b' })));
  assert.ok(!fits(required({}), node('n', { zone: 'b' })));
});

test('nodeSelector and required affinity must both match', () => {
  const pod = podInfo('p', {
    spec: {
      nodeSelector: { disk: 'ssd' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }] } } },
    },
  });
  assert.ok(fits(pod, node('n', { disk: 'ssd', zone: 'x' })));
  assert.ok(!fits(pod, node('n', { zone: 'x' })));
});

test('matchFields metadata.name narrows the nodes in PreFilter; conflicting terms are rejected', () => {
  const byName = required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] });
  const pre = pl.preFilter(new CycleState(), byName);
  assert.ok(pre instanceof PreFilterResult);
  assert.deepEqual([...pre.nodeNames], ['n2']);
  assert.ok(fits(byName, node('n2')));
  assert.ok(!fits(byName, node('n1')));
  const notIn = required({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] });
  assert.ok(fits(notIn, node('n2')));
  assert.ok(!fits(notIn, node('n1')));
  const conflict = required({
    matchFields: [
      { key: 'metadata.name', operator: 'In', values: ['a'] },
      { key: 'metadata.name', operator: 'In', values: ['b'] },
    ],
  });
  const s = pl.preFilter(new CycleState(), conflict);
  assert.ok(!(s instanceof PreFilterResult));
  assert.deepEqual(s?.reasons, ['pod affinity terms conflict']);
});

test('preferred terms add their weights; scores are normalized to 0..100', () => {
  const preferred: PreferredSchedulingTerm[] = [
    { weight: 80, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
    { weight: 20, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
    { weight: 0, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
  ];
  const pod = podInfo('p', { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred } } } });
  const nodes = [node('both', { zone: 'a', disk: 'ssd' }), node('zone', { zone: 'a' }), node('disk', { disk: 'ssd' }), node('none')];
  const state = new CycleState();
  assert.equal(pl.preScore(state, pod), null);
  const scores = nodes.map((n) => pl.score(state, pod, n));
  assert.deepEqual(scores, [100, 80, 20, 0]);
  pl.normalizeScore(state, pod, scores);
  assert.deepEqual(scores, [100, 80, 20, 0]);
  const half = [40, 20, 0];
  pl.normalizeScore(state, pod, half);
  assert.deepEqual(half, [100, 50, 0]);
  assert.equal(pl.preScore(new CycleState(), podInfo('none'))?.code, 'Skip');
});
