import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode, podInfo } from '../testing/fixtures.js';
import { ClusterSnapshot } from './snapshot.js';

const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });

test('nodes are listed round-robin over zones so that sampling spreads', () => {
  const s = ClusterSnapshot.of([
    makeNode('a1', { labels: zone('a') }),
    makeNode('a2', { labels: zone('a') }),
    makeNode('a3', { labels: zone('a') }),
    makeNode('b1', { labels: zone('b') }),
    makeNode('c1', { labels: zone('c') }),
    makeNode('c2', { labels: zone('c') }),
  ]);
  assert.deepEqual(s.list().map((n) => n.name), ['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
  s.removeNode('b1');
  assert.deepEqual(s.list().map((n) => n.name), ['a1', 'c1', 'a2', 'c2', 'a3']);
  assert.equal(s.numNodes(), 5);
  assert.equal(s.get('b1'), undefined);
});

test('affinity lists follow pods; image counts follow nodes', () => {
  const s = ClusterSnapshot.of([
    makeNode('n1', { images: [{ names: ['nginx:1'], sizeBytes: 100 }] }),
    makeNode('n2', { images: [{ names: ['nginx:1'], sizeBytes: 100 }] }),
  ]);
  assert.equal(s.imageNumNodes('nginx:1'), 2);
  const anti = podInfo('p', { spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'x', labelSelector: {} }] } } } });
  s.addPod(anti, 'n2');
  assert.deepEqual(s.havePodsWithAffinityList().map((n) => n.name), ['n2']);
  assert.deepEqual(s.havePodsWithRequiredAntiAffinityList().map((n) => n.name), ['n2']);
  s.removePod(anti, 'n2');
  assert.equal(s.havePodsWithAffinityList().length, 0);
  s.setNode(makeNode('n2'));
  assert.equal(s.imageNumNodes('nginx:1'), 1);
});

test('pods on a node that is not known yet are kept, and the node appears once it is added', () => {
  const s = new ClusterSnapshot();
  s.addPod(podInfo('early', { cpu: '1' }), 'late');
  assert.equal(s.numNodes(), 0);
  assert.equal(s.list().length, 0);
  s.setNode(makeNode('late'));
  assert.equal(s.get('late')?.requested.milliCPU, 1000);
});
