import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodAffinityTerm } from '../../api/types/core-v1.js';
import { CycleState } from '../framework/cycle-state.js';
import type { PodInfo } from '../framework/pod-info.js';
import { makeNode, makePod, podInfo, testCluster, type TestCluster } from '../testing/fixtures.js';
import { ERR_REASON_AFFINITY, ERR_REASON_ANTI_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY, InterPodAffinity } from './inter-pod-affinity.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const nodes = () => [
  makeNode('a1', { labels: { [ZONE]: 'a' } }),
  makeNode('a2', { labels: { [ZONE]: 'a' } }),
  makeNode('b1', { labels: { [ZONE]: 'b' } }),
];
const term = (labels: Record<string, string>, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: labels },
  topologyKey,
  ...extra,
});

function verdicts(c: TestCluster, pod: PodInfo): Record<string, string> {
  const pl = new InterPodAffinity(c.handle);
  const state = new CycleState();
  const pre = pl.preFilter(state, pod);
  const out: Record<string, string> = {};
  for (const ni of c.snapshot.list()) out[ni.name] = pre?.code === 'Skip' ? 'ok' : (pl.filter(state, pod, ni)?.reasons[0] ?? 'ok');
  return out;
}

test('required affinity: only nodes in the topology of a matching pod fit', () => {
  const c = testCluster(nodes(), [makePod('db', { labels: { app: 'db' }, nodeName: 'a2' })]);
  const pod = podInfo('web', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE)] } } } });
  assert.deepEqual(verdicts(c, pod), { a1: 'ok', a2: 'ok', b1: ERR_REASON_AFFINITY });
});

test('required affinity to itself lets the first pod of a group in; nodes without the topology key never fit', () => {
  const c = testCluster([...nodes(), makeNode('bare')]);
  const self = podInfo('first', { labels: { app: 'x' }, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'x' }, ZONE)] } } } });
  assert.deepEqual(verdicts(c, self), { a1: 'ok', a2: 'ok', b1: 'ok', bare: ERR_REASON_AFFINITY });
  const other = podInfo('lonely', { labels: { app: 'y' }, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'x' }, ZONE)] } } } });
  assert.equal(verdicts(c, other).a1, ERR_REASON_AFFINITY);
});

test('required anti-affinity keeps the pod out of topologies with matching pods', () => {
  const c = testCluster(nodes(), [makePod('w1', { labels: { app: 'web' }, nodeName: 'a1' })]);
  const byHost = podInfo('w2', { labels: { app: 'web' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, HOST)] } } } });
  assert.deepEqual(verdicts(c, byHost), { a1: ERR_REASON_ANTI_AFFINITY, a2: 'ok', b1: 'ok' });
  const byZone = podInfo('w3', { labels: { app: 'web' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, ZONE)] } } } });
  assert.deepEqual(verdicts(c, byZone), { a1: ERR_REASON_ANTI_AFFINITY, a2: ERR_REASON_ANTI_AFFINITY, b1: 'ok' });
});

test("existing pods' anti-affinity is honoured (symmetry)", () => {
  const guard = makePod('guard', {
    nodeName: 'a1',
    spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'noisy' }, ZONE)] } } },
  });
  const c = testCluster(nodes(), [guard]);
  assert.deepEqual(verdicts(c, podInfo('n', { labels: { app: 'noisy' } })), { a1: ERR_REASON_EXISTING_ANTI_AFFINITY, a2: ERR_REASON_EXISTING_ANTI_AFFINITY, b1: 'ok' });
  assert.deepEqual(verdicts(c, podInfo('q', { labels: { app: 'quiet' } })), { a1: 'ok', a2: 'ok', b1: 'ok' });
  const elsewhere = podInfo('n2', { namespace: 'other', labels: { app: 'noisy' } });
  assert.deepEqual(verdicts(c, elsewhere), { a1: 'ok', a2: 'ok', b1: 'ok' }, "the guard's term names only its own namespace");
});

test('namespaces and namespaceSelector widen the terms', () => {
  const c = testCluster(nodes(), [makePod('db', { namespace: 'data', labels: { app: 'db' }, nodeName: 'b1' })], {
    namespaces: { default: {}, data: { team: 'storage' }, other: {} },
  });
  const ownNs = podInfo('w', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE)] } } } });
  assert.equal(verdicts(c, ownNs).b1, ERR_REASON_AFFINITY);
  const named = podInfo('w', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE, { namespaces: ['data'] })] } } } });
  assert.deepEqual(verdicts(c, named), { a1: ERR_REASON_AFFINITY, a2: ERR_REASON_AFFINITY, b1: 'ok' });
  const selected = podInfo('w', {
    spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE, { namespaceSelector: { matchLabels: { team: 'storage' } } })] } } },
  });
  assert.equal(verdicts(c, selected).b1, 'ok');
  const all = podInfo('w', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE, { namespaceSelector: {} })] } } } });
  assert.equal(verdicts(c, all).b1, 'ok');
});

test('pods without affinity skip the filter when no existing pod has anti-affinity', () => {
  const c = testCluster(nodes(), [makePod('x', { nodeName: 'a1' })]);
  assert.equal(new InterPodAffinity(c.handle).preFilter(new CycleState(), podInfo('p'))?.code, 'Skip');
});

test('PreFilter extensions: adding and removing a pod updates the counts (used by preemption)', () => {
  const c = testCluster(nodes(), [makePod('w1', { labels: { app: 'web' }, nodeName: 'a1' })]);
  const pl = new InterPodAffinity(c.handle);
  const pod = podInfo('w2', { labels: { app: 'web' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, HOST)] } } } });
  const state = new CycleState();
  pl.preFilter(state, pod);
  const a1 = c.snapshot.get('a1')!;
  const victim = a1.pods[0]!;
  assert.ok(pl.filter(state, pod, a1));
  const copy = state.clone();
  pl.preFilterExtensions.removePod(copy, pod, victim, a1);
  assert.equal(pl.filter(copy, pod, a1), null);
  assert.ok(pl.filter(state, pod, a1), 'the original state is untouched');
  pl.preFilterExtensions.addPod(copy, pod, victim, a1);
  assert.ok(pl.filter(copy, pod, a1));
});

test('preferred affinity and anti-affinity score by topology, normalized min-max', () => {
  const c = testCluster(nodes(), [makePod('cache', { labels: { app: 'cache' }, nodeName: 'a1' }), makePod('batch', { labels: { app: 'batch' }, nodeName: 'b1' })]);
  const pl = new InterPodAffinity(c.handle);
  const pod = podInfo('web', {
    spec: {
      affinity: {
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term({ app: 'cache' }, ZONE) }] },
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term({ app: 'batch' }, HOST) }] },
      },
    },
  });
  const state = new CycleState();
  const list = c.snapshot.list();
  assert.equal(pl.preScore(state, pod, list), null);
  const scores = list.map((n) => pl.score(state, pod, n));
  assert.deepEqual(Object.fromEntries(list.map((n, i) => [n.name, scores[i]])), { a1: 10, a2: 10, b1: -5 });
  pl.normalizeScore(state, pod, scores);
  assert.deepEqual(Object.fromEntries(list.map((n, i) => [n.name, scores[i]])), { a1: 100, a2: 100, b1: 0 });
});

test("existing pods' preferred terms and required affinity (hardPodAffinityWeight) attract the newcomer", () => {
  const fan = makePod('fan', {
    nodeName: 'b1',
    spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'star' }, ZONE)] } } },
  });
  const c = testCluster(nodes(), [fan]);
  const pl = new InterPodAffinity(c.handle, { hardPodAffinityWeight: 7 });
  const pod = podInfo('star', { labels: { app: 'star' } });
  const state = new CycleState();
  const list = c.snapshot.list();
  assert.equal(pl.preScore(state, pod, list), null);
  assert.deepEqual(Object.fromEntries(list.map((n) => [n.name, pl.score(state, pod, n)])), { a1: 0, a2: 0, b1: 7 });
  assert.equal(new InterPodAffinity(c.handle).preScore(new CycleState(), podInfo('plain'), list)?.code, 'Skip');
});
