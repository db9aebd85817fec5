import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realClock } from '../client/index.js';
import { heartbeatConcurrency, parseLabelList, parseTaintList, resolveOptions } from './options.js';

test('label and taint lists in kubectl syntax', () => {
  assert.deepEqual(parseLabelList('a=1, b=, example.com/c=x'), { a: '1', b: '', 'example.com/c': 'x' });
  assert.throws(() => parseLabelList('a'), { name: 'SimNodesOptionError' });
  assert.throws(() => parseLabelList('=v'), { name: 'SimNodesOptionError' });
  assert.deepEqual(parseTaintList('gpu=yes:NoSchedule,spot:NoExecute,k=v:PreferNoSchedule'), [
    { key: 'gpu', value: 'yes', effect: 'NoSchedule' },
    { key: 'spot', effect: 'NoExecute' },
    { key: 'k', value: 'v', effect: 'PreferNoSchedule' },
  ]);
  assert.throws(() => parseTaintList('k=v'), /is not key\[=value\]:Effect/);
  assert.throws(() => parseTaintList('k=v:Never'), /effect must be/);
  assert.throws(() => parseTaintList('=v:NoSchedule'), /has no key/);
});

test('defaults follow the kubelet: 10 s lease renewals, 40 s lease, 5 min status reports', () => {
  const o = resolveOptions({ count: 2 }, realClock);
  assert.equal(o.prefix, 'sim-node-');
  assert.equal(o.pods, 110);
  assert.equal(o.leaseRenewIntervalMs, 10_000);
  assert.equal(o.leaseDurationSeconds, 40);
  assert.equal(o.statusUpdateIntervalMs, 300_000);
  assert.throws(() => resolveOptions({ count: -1 }, realClock), { name: 'SimNodesOptionError' });
  assert.throws(() => resolveOptions({ count: 1, pods: 0 }, realClock), { name: 'SimNodesOptionError' });
});

test('lease renewals get room to renew every lease each interval at 1 s a renewal, never less than --concurrency', () => {
  const o = resolveOptions({ count: 2 }, realClock);
  assert.equal(heartbeatConcurrency(2, o), 32);
  assert.equal(heartbeatConcurrency(5000, o), 500);
  assert.equal(heartbeatConcurrency(5000, { concurrency: 32, leaseRenewIntervalMs: 2_000 }), 2500);
  assert.equal(heartbeatConcurrency(100, { concurrency: 64, leaseRenewIntervalMs: 10_000 }), 64);
});
