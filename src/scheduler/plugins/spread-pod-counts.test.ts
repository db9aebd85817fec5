// Remembered spreading counts follow the cluster: one plugin instance scoring pod after pod (as the
// scheduler does) sees pods bound and removed in between, per node, per namespace and per selector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../framework/cycle-state.js';
import { PodInfo } from '../framework/pod-info.js';
import { ClusterSnapshot } from '../framework/snapshot.js';
import { makeNode, makePod, seededRandom, testCluster } from '../testing/fixtures.js';
import { PodTopologySpread } from './pod-topology-spread.js';
import { SpreadPodCounts } from './spread-pod-counts.js';
import { countMatchingPods, spreadConstraints } from './topology-spread-constraints.js';

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

test('the kept sums per zone equal a recount over every node after any series of changes', () => {
  const random = seededRandom(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const zones = ['a', 'b', 'c', ''];
  const nodeOf = (name: string) => makeNode(name, { labels: pick(zones) ? { [ZONE]: pick(zones.slice(0, 3)) } : {} });
  const snapshot = ClusterSnapshot.of(Array.from({ length: 12 }, (_, i) => nodeOf(`n${i}`)));
  const counts = new SpreadPodCounts();
  const [web] = spreadConstraints([{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }], {}, 'ScheduleAnyway', []);
  const recount = () => {
    const m = new Map<string, number>();
    for (const ni of snapshot.list()) {
      if (!Object.prototype.hasOwnProperty.call(ni.labels, ZONE)) continue;
      const v = ni.labels[ZONE]!;
      m.set(v, (m.get(v) ?? 0) + countMatchingPods(ni.pods, web!, 'default'));
    }
    return m;
  };
  const nonZero = (m: ReadonlyMap<string, number>) => Object.fromEntries([...m].filter(([, n]) => n !== 0).sort());
  const bound: { pi: PodInfo; node: string }[] = [];
  let seq = 0;
  for (let step = 0; step < 2_000; step++) {
    const r = random();
    const nodes = snapshot.list();
    if (r < 0.5 && nodes.length > 0) {
      const node = pick(nodes).name;
      const pi = new PodInfo(makePod(`p${seq++}`, { labels: { app: pick(['web', 'db']) }, nodeName: node }));
      snapshot.addPod(pi, node);
      bound.push({ pi, node });
    } else if (r < 0.8 && bound.length > 0) {
      const [gone] = bound.splice(Math.floor(random() * bound.length), 1);
      snapshot.removePod(gone!.pi, gone!.node);
    } else if (r < 0.92) {
      snapshot.setNode(nodeOf(`n${Math.floor(random() * 14)}`)); // relabels a node, or adds one
    } else if (nodes.length > 0) {
      snapshot.removeNode(pick(nodes).name);
    }
    // Read the sums only now and then, so that several changes pile up in between.
    if (random() < 0.3) assert.deepEqual(nonZero(counts.sumsByDomain(web!, 'default', snapshot)!), nonZero(recount()), `step ${step}`);
  }
  assert.deepEqual(nonZero(counts.sumsByDomain(web!, 'default', snapshot)!), nonZero(recount()));
});

test('a lister without a change log gets no sums (the caller counts node by node)', () => {
  const snapshot = ClusterSnapshot.of([makeNode('a1', { labels: { [ZONE]: 'a' } })]);
  const [c] = spreadConstraints([{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }], {}, 'ScheduleAnyway', []);
  const plain = { list: () => snapshot.list(), havePodsWithAffinityList: () => [], havePodsWithRequiredAntiAffinityList: () => [], get: (n: string) => snapshot.get(n), numNodes: () => 1, imageNumNodes: () => 0, numImages: () => 0 };
  assert.equal(new SpreadPodCounts().sumsByDomain(c!, 'default', plain), undefined);
});
