import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../framework/cycle-state.js';
import { makeNode, podInfo, testCluster } from '../testing/fixtures.js';
import { calculatePriority, ImageLocality, MAX_CONTAINER_THRESHOLD, MIN_THRESHOLD, normalizedImageName } from './image-locality.js';

const MB = 1024 * 1024;

test('image names without a tag mean :latest', () => {
  assert.equal(normalizedImageName('nginx'), 'nginx:latest');
  assert.equal(normalizedImageName('registry:5000/app'), 'registry:5000/app:latest');
  assert.equal(normalizedImageName('nginx:1.25'), 'nginx:1.25');
});

test('scores grow with the size of images already on the node, scaled by how many nodes have them', () => {
  const c = testCluster([
    makeNode('has', { images: [{ names: ['big:1'], sizeBytes: 500 * MB }] }),
    makeNode('also', { images: [{ names: ['big:1'], sizeBytes: 500 * MB }] }),
    makeNode('none'),
    makeNode('none2'),
  ]);
  const pl = new ImageLocality(c.handle);
  const pod = podInfo('p', { containers: [{ name: 'c', image: 'big:1' }] });
  const sum = Math.trunc((500 * MB * 2) / 4);
  assert.equal(pl.score(new CycleState(), pod, c.snapshot.get('has')!), calculatePriority(sum, 1));
  assert.equal(pl.score(new CycleState(), pod, c.snapshot.get('none')!), 0);
  assert.equal(calculatePriority(MIN_THRESHOLD, 1), 0);
  assert.equal(calculatePriority(MAX_CONTAINER_THRESHOLD * 3, 1), 100);
});
