import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopologySpreadConstraint } from '../../api/types/core-v1.js';
import { CycleState } from '../framework/cycle-state.js';
import { PodInfo } from '../framework/pod-info.js';
import { makeNode, makePod, podInfo, testCluster, type TestCluster } from '../testing/fixtures.js';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, PodTopologySpread } from './pod-topology-spread.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const app = { app: 'web' };
const spread = (c: Partial<TopologySpreadConstraint>): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: ZONE,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: app },
  ...c,
});
const webPod = (name: string, ...constraints: TopologySpreadConstraint[]) =>
  podInfo(name, { labels: app, spec: { topologySpreadConstraints: constraints } });

function verdicts(c: TestCluster, pod: PodInfo): Record<string, string> {
  const pl = new PodTopologySpread(c.handle);
  const state = new CycleState();
  const pre = pl.preFilter(state, pod);
  const out: Record<string, string> = {};
  for (const ni of c.snapshot.list()) out[ni.name] = pre?.code === 'Skip' ? 'ok' : (pl.filter(state, pod, ni)?.reasons[0] ?? 'ok');
  return out;
}

const zonedNodes = () => [
  makeNode('a1', { labels: { [ZONE]: 'a' } }),
  makeNode('a2', { labels: { [ZONE]: 'a' } }),
  makeNode('b1', { labels: { [ZONE]: 'b' } }),
  makeNode('c1', { labels: { [ZONE]: 'c', disk: 'hdd' } }),
];

test('maxSkew: matching pods in the domain + 1 - the global minimum may not exceed maxSkew', () => {
  const c = testCluster(zonedNodes(), [
    makePod('w1', { labels: app, nodeName: 'a1' }),
    makePod('w2', { labels: app, nodeName: 'b1' }),
    makePod('other', { labels: { app: 'db' }, nodeName: 'c1' }),
  ]);
  assert.deepEqual(verdicts(c, webPod('w3', spread({}))), {
    a1: ERR_REASON_CONSTRAINTS_NOT_MATCH,
    b1: ERR_REASON_CONSTRAINTS_NOT_MATCH,
    c1: 'ok',
    a2: ERR_REASON_CONSTRAINTS_NOT_MATCH,
  });
  assert.deepEqual(verdicts(c, webPod('w3', spread({ maxSkew: 2 }))), { a1: 'ok', b1: 'ok', c1: 'ok', a2: 'ok' });
});

test('nodes without the topology key are unresolvable; they are not domains either', () => {
  const c = testCluster([...zonedNodes(), makeNode('bare')], [makePod('w1', { labels: app, nodeName: 'a1' })]);
  const v = verdicts(c, webPod('w', spread({})));
  assert.equal(v.bare, ERR_REASON_NODE_LABEL_NOT_MATCH);
  assert.equal(v.b1, 'ok');
  assert.equal(v.a1, ERR_REASON_CONSTRAINTS_NOT_MATCH);
});

test('minDomains: with fewer domains than minDomains the global minimum is 0', () => {
  const c = testCluster(zonedNodes(), [
    makePod('w1', { labels: app, nodeName: 'a1' }),
    makePod('w2', { labels: app, nodeName: 'b1' }),
    makePod('w3', { labels: app, nodeName: 'c1' }),
  ]);
  assert.equal(verdicts(c, webPod('w', spread({}))).a1, 'ok');
  assert.equal(verdicts(c, webPod('w', spread({ minDomains: 4 }))).a1, ERR_REASON_CONSTRAINTS_NOT_MATCH);
});

test('nodeAffinityPolicy Honor (default) counts only nodes the pod could land on; Ignore counts all', () => {
  const c = testCluster(zonedNodes(), [makePod('w1', { labels: app, nodeName: 'a1' }), makePod('w2', { labels: app, nodeName: 'b1' })]);
  const withSelector = (p: Partial<TopologySpreadConstraint>) =>
    podInfo('w', { labels: app, spec: { nodeSelector: { [ZONE]: 'a' }, topologySpreadConstraints: [spread(p)] } });
  // Honor: only zone a is a domain, so the minimum is 1 and a1/a2 have skew 1.
  assert.equal(verdicts(c, withSelector({})).a2, 'ok');
  // Ignore: zones a, b, c are domains; c has 0, so zone a is at skew 2.
  assert.equal(verdicts(c, withSelector({ nodeAffinityPolicy: 'Ignore' })).a2, ERR_REASON_CONSTRAINTS_NOT_MATCH);
});

test('nodeTaintsPolicy Honor leaves out nodes whose taints the pod does not tolerate', () => {
  const nodes = zonedNodes();
  nodes[3] = makeNode('c1', { labels: { [ZONE]: 'c' }, taints: [{ key: 'k', effect: 'NoSchedule' }] });
  const c = testCluster(nodes, [makePod('w1', { labels: app, nodeName: 'a1' }), makePod('w2', { labels: app, nodeName: 'b1' })]);
  assert.equal(verdicts(c, webPod('w', spread({}))).a2, ERR_REASON_CONSTRAINTS_NOT_MATCH);
  assert.equal(verdicts(c, webPod('w', spread({ nodeTaintsPolicy: 'Honor' }))).a2, 'ok');
});

test('terminating pods and pods of other namespaces are not counted', () => {
  const c = testCluster(zonedNodes(), [
    makePod('gone', { labels: app, nodeName: 'a1', deletionTimestamp: '2024-01-01T00:00:00Z' }),
    makePod('elsewhere', { namespace: 'other', labels: app, nodeName: 'a2' }),
  ]);
  assert.deepEqual(verdicts(c, webPod('w', spread({}))), { a1: 'ok', b1: 'ok', c1: 'ok', a2: 'ok' });
});

test('hostname spreading and ScheduleAnyway-only pods skip the filter', () => {
  const c = testCluster(zonedNodes(), [makePod('w1', { labels: app, nodeName: 'a1' })]);
  const v = verdicts(c, webPod('w', spread({ topologyKey: HOST })));
  assert.equal(v.a1, ERR_REASON_CONSTRAINTS_NOT_MATCH);
  assert.equal(v.a2, 'ok');
  assert.equal(new PodTopologySpread(c.handle).preFilter(new CycleState(), webPod('w', spread({ whenUnsatisfiable: 'ScheduleAnyway' })))?.code, 'Skip');
});

test('PreFilter extensions keep the counts in step when pods are added or removed', () => {
  const c = testCluster(zonedNodes(), [makePod('w1', { labels: app, nodeName: 'a1' }), makePod('w2', { labels: app, nodeName: 'b1' })]);
  const pl = new PodTopologySpread(c.handle);
  const pod = webPod('w', spread({}));
  const state = new CycleState();
  pl.preFilter(state, pod);
  const a1 = c.snapshot.get('a1')!;
  assert.equal(pl.filter(state, pod, a1)?.reasons[0], ERR_REASON_CONSTRAINTS_NOT_MATCH);
  pl.preFilterExtensions.removePod(state, pod, a1.pods[0]!, a1);
  assert.equal(pl.filter(state, pod, a1), null);
  pl.preFilterExtensions.addPod(state, pod, a1.pods[0]!, a1);
  assert.ok(pl.filter(state, pod, a1));
});

test('ScheduleAnyway scores favour less crowded domains', () => {
  const c = testCluster(zonedNodes(), [
    makePod('w1', { labels: app, nodeName: 'a1' }),
    makePod('w2', { labels: app, nodeName: 'a2' }),
    makePod('w3', { labels: app, nodeName: 'b1' }),
  ]);
  const pl = new PodTopologySpread(c.handle);
  const pod = webPod('w', spread({ whenUnsatisfiable: 'ScheduleAnyway' }));
  const state = new CycleState();
  const list = c.snapshot.list();
  assert.equal(pl.preScore(state, pod, list), null);
  const raw = list.map((n) => pl.score(state, pod, n));
  // weight log(3 domains + 2); zone a has 2, b 1, c 0.
  const w = Math.log(5);
  assert.deepEqual(Object.fromEntries(list.map((n, i) => [n.name, raw[i]])), { a1: Math.round(2 * w), a2: Math.round(2 * w), b1: Math.round(w), c1: 0 });
  pl.normalizeScore(state, pod, raw, list);
  const byName = Object.fromEntries(list.map((n, i) => [n.name, raw[i]]));
  assert.equal(byName.c1, 100);
  assert.ok(byName.b1! > byName.a1!);
  assert.equal(byName.a1, 0);
  assert.equal(pl.preScore(new CycleState(), webPod('w', spread({})), list)?.code, 'Skip');
});

test('matchLabelKeys narrow the selector to pods sharing the values of those labels', () => {
  const c = testCluster(zonedNodes(), [
    makePod('old', { labels: { ...app, rev: '1' }, nodeName: 'a1' }),
    makePod('old2', { labels: { ...app, rev: '1' }, nodeName: 'a2' }),
  ]);
  const pod = podInfo('new', { labels: { ...app, rev: '2' }, spec: { topologySpreadConstraints: [spread({ matchLabelKeys: ['rev'] })] } });
  assert.equal(verdicts(c, pod).a1, 'ok');
});

test('system defaults spread pods of one ReplicaSet over hosts when they have no constraints', () => {
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { matchLabels: app } } };
  const owned = (name: string, nodeName?: string) => {
    const p = makePod(name, { labels: app, nodeName });
    p.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true }];
    return p;
  };
  const nodes = [makeNode('h1'), makeNode('h2'), makeNode('h3')];
  const c = testCluster(nodes, [owned('a', 'h1'), owned('b', 'h1'), owned('c', 'h2')], { workloads: { replicaSets: [rs] } });
  const pl = new PodTopologySpread(c.handle);
  const pod = new PodInfo(owned('d'));
  const state = new CycleState();
  const list = c.snapshot.list();
  assert.equal(pl.preFilter(new CycleState(), pod)?.code, 'Skip', 'defaults never filter');
  assert.equal(pl.preScore(state, pod, list), null);
  const scores = list.map((n) => pl.score(state, pod, n));
  pl.normalizeScore(state, pod, scores, list);
  const byName = Object.fromEntries(list.map((n, i) => [n.name, scores[i]]));
  assert.ok(byName.h3! > byName.h2! && byName.h2! > byName.h1!, JSON.stringify(byName));
  // A pod that belongs to nothing is not spread by default.
  assert.equal(pl.preScore(new CycleState(), podInfo('loner', { labels: app }), list)?.code, 'Skip');
  // List defaulting with no constraints turns the defaults off.
  assert.equal(new PodTopologySpread(c.handle, { defaultingType: 'List' }).preScore(new CycleState(), pod, list)?.code, 'Skip');
});

test('a Service selecting the pod makes its selector the default spreading selector', () => {
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { selector: app } };
  const c = testCluster([makeNode('h1'), makeNode('h2')], [makePod('a', { labels: app, nodeName: 'h1' })], { workloads: { services: [svc] } });
  const pl = new PodTopologySpread(c.handle);
  const pod = podInfo('b', { labels: app });
  const state = new CycleState();
  const list = c.snapshot.list();
  assert.equal(pl.preScore(state, pod, list), null);
  const scores = list.map((n) => pl.score(state, pod, n));
  pl.normalizeScore(state, pod, scores, list);
  // maxSkew 3 over hosts, weight log(2 + 2): h1 scores round(1.39 + 2) = 3, h2 2; normalized 100 × (5 - s) / 3.
  assert.deepEqual(Object.fromEntries(list.map((n, i) => [n.name, scores[i]])), { h1: 66, h2: 100 });
});
