import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../framework/cycle-state.js';
import { NodeInfo } from '../framework/node-info.js';
import { makeNode, podInfo } from '../testing/fixtures.js';
import { balancedScore, NodeResourcesBalancedAllocation } from './node-resources-balanced-allocation.js';

test('balanced score is (1 - std of the fractions) × 100', () => {
  assert.equal(balancedScore([50, 50], [100, 100]), 100);
  assert.equal(balancedScore([100, 0], [100, 100]), 50);
  assert.equal(balancedScore([200, 0], [100, 100]), 50, 'fractions are capped at 1');
  assert.equal(balancedScore([30, 60, 90], [100, 100, 100]), Math.trunc((1 - Math.sqrt(0.18 / 3)) * 100));
  assert.equal(balancedScore([5, 0], [10, 0]), 100, 'resources with no allocatable are left out');
});

test('the plugin uses actual requests of the node plus the pod; best-effort pods skip scoring', () => {
  const pl = new NodeResourcesBalancedAllocation();
  const ni = new NodeInfo('n');
  ni.setNode(makeNode('n', { cpu: '4', memory: '4Gi' }));
  ni.addPod(podInfo('a', { cpu: '1' }));
  const pod = podInfo('p', { cpu: '1', memory: '1Gi' });
  const state = new CycleState();
  assert.equal(pl.preScore(state, pod), null);
  // cpu 2/4 = .5, memory 1/4 = .25 → std .125 → 87
  assert.equal(pl.score(state, pod, ni), 87);
  assert.equal(pl.preScore(new CycleState(), podInfo('be'))?.code, 'Skip');
});
