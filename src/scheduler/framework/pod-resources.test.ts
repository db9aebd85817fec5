import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makePod } from '../testing/fixtures.js';
import { computePodRequests, DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST } from './pod-resources.js';

const c = (name: string, requests: Record<string, string>, restartPolicy?: string) => ({ name, image: 'x', resources: { requests }, restartPolicy });

test('app containers are summed', () => {
  const r = computePodRequests(makePod('p', { containers: [c('a', { cpu: '100m', memory: '1Gi' }), c('b', { cpu: '250m', memory: '512Mi' })] }));
  assert.equal(r.milliCPU, 350);
  assert.equal(r.memory, 1024 ** 3 + 512 * 1024 ** 2);
});

test('the largest init container wins over the sum of app containers, per resource', () => {
  const pod = makePod('p', {
    containers: [c('a', { cpu: '500m', memory: '100Mi' })],
    initContainers: [c('i1', { cpu: '1', memory: '50Mi' }), c('i2', { cpu: '200m', memory: '80Mi' })],
  });
  const r = computePodRequests(pod);
  assert.equal(r.milliCPU, 1000);
  assert.equal(r.memory, 100 * 1024 ** 2);
});

test('restartable init containers (sidecars) add to the app containers and to later init containers', () => {
  const pod = makePod('p', {
    containers: [c('a', { cpu: '500m' })],
    initContainers: [c('side', { cpu: '200m' }, 'Always'), c('init', { cpu: '600m' })],
  });
  // app 500 + sidecar 200 = 700; init 600 runs next to the sidecar: 800 → 800 wins.
  assert.equal(computePodRequests(pod).milliCPU, 800);
});

test('pod overhead is added on top', () => {
  const pod = makePod('p', { cpu: '1', spec: { overhead: { cpu: '250m', memory: '64Mi' } } });
  const r = computePodRequests(pod);
  assert.equal(r.milliCPU, 1250);
  assert.equal(r.memory, 64 * 1024 ** 2);
});

test('non-zero requests count containers without cpu/memory as 100m and 200Mi, but keep explicit zeros', () => {
  const pod = makePod('p', { containers: [c('a', {}), c('b', { cpu: '0' })] });
  const r = computePodRequests(pod, { nonMissing: true });
  assert.equal(r.milliCPU, DEFAULT_MILLI_CPU_REQUEST);
  assert.equal(r.memory, 2 * DEFAULT_MEMORY_REQUEST);
  assert.equal(computePodRequests(pod).milliCPU, 0);
});

test('extended resources and ephemeral storage are tracked; unknown native names are not', () => {
  const r = computePodRequests(makePod('p', { requests: { 'example.com/gpu': '2', 'ephemeral-storage': '1Gi', 'hugepages-2Mi': '4Mi', bogus: '3' } }));
  assert.equal(r.getScalar('example.com/gpu'), 2);
  assert.equal(r.getScalar('hugepages-2Mi'), 4 * 1024 ** 2);
  assert.equal(r.ephemeralStorage, 1024 ** 3);
  assert.equal(r.getScalar('bogus'), 0);
});
