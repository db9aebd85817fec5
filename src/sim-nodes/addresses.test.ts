import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrString, IpAllocator, nodeIp, nodePodCidr, parseCidr, podBlockBits } from './addresses.js';

test('per-node pod CIDRs and node IPs by index', () => {
  const pool = parseCidr('10.128.0.0/9');
  assert.equal(cidrString(pool), '10.128.0.0/9');
  assert.equal(podBlockBits(110), 8);
  assert.equal(podBlockBits(500), 9);
  assert.equal(cidrString(nodePodCidr(pool, 0, 8)), '10.128.0.0/24');
  assert.equal(cidrString(nodePodCidr(pool, 257, 8)), '10.129.1.0/24');
  assert.equal(cidrString(nodePodCidr(pool, 3, 9)), '10.128.6.0/23');
  assert.throws(() => nodePodCidr(pool, 32768, 8), { name: 'AddressError' });
  const nodes = parseCidr('172.16.0.0/12');
  assert.equal(nodeIp(nodes, 0), '172.16.0.2');
  assert.equal(nodeIp(nodes, 300), '172.16.1.46');
  assert.equal(cidrString(parseCidr('10.1.2.3/16')), '10.1.0.0/16');
  assert.throws(() => parseCidr('10.0.0.0'), { name: 'AddressError' });
  assert.throws(() => parseCidr('300.0.0.0/8'), { name: 'AddressError' });
});

test('the allocator hands out distinct addresses, takes claims and reuses released ones', () => {
  const a = new IpAllocator(parseCidr('10.0.5.0/29'));
  const got = [a.allocate(), a.allocate(), a.allocate(), a.allocate(), a.allocate()];
  assert.deepEqual(got, ['10.0.5.2', '10.0.5.3', '10.0.5.4', '10.0.5.5', '10.0.5.6']);
  assert.equal(a.allocate(), undefined, 'full: .0, .1 (gateway) and .7 (broadcast) are never handed out');
  a.release('10.0.5.4');
  assert.equal(a.allocate(), '10.0.5.4');
  const b = new IpAllocator(parseCidr('10.0.6.0/24'));
  assert.equal(b.claim('10.0.6.2'), true);
  assert.equal(b.claim('10.0.7.2'), false);
  assert.equal(b.allocate(), '10.0.6.3');
  assert.equal(b.inUse, 2);
});
