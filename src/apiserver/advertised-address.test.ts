import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { test } from 'node:test';
import { advertisedHost, joinHostPort } from './advertised-address.js';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;

test('advertisedHost: the bind address, or for a wildcard the first outside address', () => {
  const ifaces = { lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)], eth0: [nic('fe80::1', 'IPv6'), nic('2001:db8::5', 'IPv6'), nic('10.0.0.7', 'IPv4')] };
  assert.equal(advertisedHost('192.168.1.2', ifaces), '192.168.1.2');
  assert.equal(advertisedHost('0.0.0.0', ifaces), '10.0.0.7');
  assert.equal(advertisedHost('::', { lo: ifaces.lo, eth0: [nic('2001:db8::5', 'IPv6')] }), '2001:db8::5');
  assert.equal(advertisedHost('0.0.0.0', { lo: ifaces.lo }), '127.0.0.1');
});

test('joinHostPort brackets IPv6 hosts', () => {
  assert.equal(joinHostPort('10.0.0.7', 6443), '10.0.0.7:6443');
  assert.equal(joinHostPort('2001:db8::5', 6443), '[2001:db8::5]:6443');
  assert.equal(joinHostPort('localhost', 6443), 'localhost:6443');
});
