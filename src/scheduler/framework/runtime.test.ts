import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginFactory } from './interfaces.js';
import { makeNode, podInfo, testCluster, NO_API, StaticNamespaces } from '../testing/fixtures.js';
import { inTreeRegistry } from '../plugins/registry.js';
import { ClusterSnapshot } from './snapshot.js';
import { Nominator } from '../queue/nominator.js';
import { Framework, ProfileError } from './runtime.js';
import type { CycleState } from './cycle-state.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import { unschedulable } from './status.js';

const handle = () => ({
  snapshot: () => new ClusterSnapshot(),
  namespaces: new StaticNamespaces(),
  pdbs: { list: () => [] },
  nominator: new Nominator(),
  api: NO_API,
  random: Math.random,
});

/** Score plugins that give fixed scores per node name, to check normalizing and weights. */
function scoring(name: string, scores: Record<string, number>, normalize?: (s: number[]) => void): PluginFactory {
  return () => ({
    name,
    score: (_s: CycleState, _p: PodInfo, ni: NodeInfo) => scores[ni.name] ?? 0,
    ...(normalize ? { normalizeScore: (_s: CycleState, _p: PodInfo, list: number[]) => normalize(list) } : {}),
  });
}

test('scores are normalized per plugin, weighted and summed', () => {
  const registry = inTreeRegistry();
  registry.set('A', scoring('A', { n1: 10, n2: 5 }, (s) => s.forEach((v, i) => (s[i] = v * 10))));
  registry.set('B', scoring('B', { n1: 0, n2: 40 }));
  const fwk = new Framework(registry, { schedulerName: 's', plugins: [{ name: 'PrioritySort' }, { name: 'DefaultBinder' }, { name: 'A', weight: 2 }, { name: 'B', weight: 3 }] }, handle());
  const snap = ClusterSnapshot.of([makeNode('n1'), makeNode('n2')]);
  assert.deepEqual(fwk.runScorePlugins(fwk.newCycleState(), podInfo('p'), snap.list()), [200, 100 + 120]);
});

test('a score out of 0..100 after normalizing is an error', () => {
  const registry = inTreeRegistry();
  registry.set('Bad', scoring('Bad', { n1: 101 }));
  const fwk = new Framework(registry, { schedulerName: 's', plugins: [{ name: 'PrioritySort' }, { name: 'DefaultBinder' }, { name: 'Bad' }] }, handle());
  assert.throws(() => fwk.runScorePlugins(fwk.newCycleState(), podInfo('p'), ClusterSnapshot.of([makeNode('n1')]).list()), /invalid score 101/);
});

test('the first failing filter decides, and its status names the plugin', () => {
  const registry = inTreeRegistry();
  let calls = 0;
  registry.set('First', () => ({ name: 'First', filter: () => unschedulable('first says no') }));
  registry.set('Second', () => ({ name: 'Second', filter: () => (calls++, null) }));
  const fwk = new Framework(registry, { schedulerName: 's', plugins: [{ name: 'PrioritySort' }, { name: 'DefaultBinder' }, { name: 'First' }, { name: 'Second' }] }, handle());
  const ni = ClusterSnapshot.of([makeNode('n')]).get('n')!;
  const s = fwk.runFilterPlugins(fwk.newCycleState(), podInfo('p'), ni);
  assert.equal(s?.plugin, 'First');
  assert.deepEqual(s?.reasons, ['first says no']);
  assert.equal(calls, 0);
});

test('profiles need exactly one queue sort and a binder, and known plugins', () => {
  const r = inTreeRegistry();
  assert.throws(() => new Framework(r, { schedulerName: 's', plugins: [{ name: 'DefaultBinder' }] }, handle()), ProfileError);
  assert.throws(() => new Framework(r, { schedulerName: 's', plugins: [{ name: 'PrioritySort' }] }, handle()), /bind plugin/);
  assert.throws(() => new Framework(r, { schedulerName: 's', plugins: [{ name: 'Nope' }] }, handle()), /"Nope" does not exist/);
});

test('PreFilter Skip skips the plugin\'s Filter; PreScore Skip skips its Score', () => {
  const c = testCluster([makeNode('n')]);
  const state = c.framework.newCycleState();
  c.framework.runPreFilterPlugins(state, podInfo('p'), c.snapshot.list());
  assert.ok(state.skipFilterPlugins.has('NodeAffinity'));
  assert.ok(state.skipFilterPlugins.has('InterPodAffinity'));
  assert.ok(!state.skipFilterPlugins.has('NodeResourcesFit'));
  c.framework.runPreScorePlugins(state, podInfo('p'), c.snapshot.list());
  assert.ok(state.skipScorePlugins.has('NodeResourcesBalancedAllocation'));
});
