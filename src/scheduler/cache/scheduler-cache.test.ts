import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode, makePod, podInfo } from '../testing/fixtures.js';
import { CacheError, SchedulerCache } from './scheduler-cache.js';

test('an assumed pod counts on its node until forgotten', () => {
  const c = new SchedulerCache();
  c.addNode(makeNode('n'));
  const pi = podInfo('p', { cpu: '1' });
  const assumed = c.assumePod(pi, 'n');
  assert.equal(assumed.pod.spec?.nodeName, 'n');
  assert.equal(c.snapshot.get('n')!.requested.milliCPU, 1000);
  assert.ok(c.isAssumed(pi.key));
  assert.throws(() => c.assumePod(pi, 'n'), CacheError);
  c.forgetPod(pi.key);
  assert.equal(c.snapshot.get('n')!.requested.milliCPU, 0);
  assert.equal(c.podCount, 0);
});

test('the informer confirms an assumed pod (even on another node) and later removes it', () => {
  const c = new SchedulerCache();
  c.addNode(makeNode('a'));
  c.addNode(makeNode('b'));
  const pod = makePod('p', { cpu: '1' });
  const pi = podInfo('p', { cpu: '1' });
  c.assumePod(pi, 'a');
  c.finishBinding(pi.key);
  c.addPod({ ...pod, spec: { ...pod.spec, nodeName: 'b' } });
  assert.ok(!c.isAssumed(pi.key));
  assert.equal(c.snapshot.get('a')!.requested.milliCPU, 0);
  assert.equal(c.snapshot.get('b')!.requested.milliCPU, 1000);
  assert.throws(() => c.forgetPod(pi.key), CacheError);
  c.removePod(pod);
  assert.equal(c.snapshot.get('b')!.pods.length, 0);
});

test('nodes come and go; pods bound to a deleted node stay counted until deleted', () => {
  const c = new SchedulerCache();
  c.addNode(makeNode('n'));
  const pod = makePod('p', { cpu: '1', nodeName: 'n' });
  c.addPod(pod);
  c.removeNode(makeNode('n'));
  assert.equal(c.snapshot.numNodes(), 0);
  c.addNode(makeNode('n', { cpu: '8' }));
  assert.equal(c.snapshot.get('n')!.requested.milliCPU, 1000);
  assert.equal(c.snapshot.get('n')!.allocatable.milliCPU, 8000);
});
