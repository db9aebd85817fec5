// Remembered spreading counts follow the cluster: one plugin instance scoring pod after pod (as the
// scheduler does) sees pods bound and removed in between, per node, per namespace and per selector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../framework/cycle-state.js';
import { PodInfo } from '../framework/pod-info.js';
import { makeNode, makePod, testCluster } from '../testing/fixtures.js';
import { PodTopologySpread } from './pod-topology-spread.js';

const ZONE = 'topology.kubernetes.io/zone';
const rsOf = (name: string, ns = 'default') => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: ns }, spec: { selector: { matchLabels: { app: name } } } });
const owned = (rs: string, name: string, nodeName?: string, ns = 'default') => {
  const p = makePod(name, { labels: { app: rs }, nodeName });
  p.metadata!.namespace = ns;
  p.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `${ns}-${rs}-uid`, controller: true }];
  return p;
};

test('default zone spreading counts stay right for one plugin across binds and removals', () => {
  const nodes = [makeNode('a1', { labels: { [ZONE]: 'a' } }), makeNode('b1', { labels: { [ZONE]: 'b' } })];
  const c = testCluster(nodes, [owned('web', 'w1', 'a1'), owned('db', 'd1', 'b1'), owned('db', 'd2', 'b1')], {
    workloads: { replicaSets: [rsOf('web'), rsOf('db'), rsOf('web', 'other')] },
  });
  const pl = new PodTopologySpread(c.handle);
  const scores = (pod: PodInfo) => {
    const state = new CycleState();
    const list = c.snapshot.list();
    assert.equal(pl.preScore(state, pod, list), null);
    const s = list.map((n) => pl.score(state, pod, n));
    pl.normalizeScore(state, pod, s, list);
    return Object.fromEntries(list.map((n, i) => [n.name, s[i]]));
  };
  const web = () => new PodInfo(owned('web', `new-${Math.random()}`));
  const first = scores(web());
  assert.ok(first.b1! > first.a1!, `b has no web pod yet: ${JSON.stringify(first)}`);
  assert.ok(scores(new PodInfo(owned('db', 'd3'))).a1! > scores(new PodInfo(owned('db', 'd4'))).b1!, 'db pods are counted apart from web pods');
  // Two web pods land in zone b: now zone a is the emptier one.
  const x = c.bind(owned('web', 'w2', 'b1'));
  c.bind(owned('web', 'w3', 'b1'));
  const after = scores(web());
  assert.ok(after.a1! > after.b1!, JSON.stringify(after));
  // Removing them again brings back the first answer.
  c.snapshot.removePod(x, 'b1');
  c.snapshot.removePod(new PodInfo(owned('web', 'w3', 'b1')), 'b1');
  assert.deepEqual(scores(web()), first);
  // The same ReplicaSet name in another namespace selects none of these pods.
  const other = scores(new PodInfo(owned('web', 'o1', undefined, 'other')));
  assert.equal(other.a1, other.b1);
});
