import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, Service } from '../../api/types/core-v1.js';
import { findPort, lastChangeTriggerTime, serviceSelector } from './pod-endpoints.js';
import { computeSubsets, truncateSubsets } from './subsets.js';

const pod = (name: string, ip: string | undefined, ready: boolean, o: { port?: number; phase?: string; deleting?: boolean } = {}): Pod => ({
  metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels: { app: 'a' }, ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  spec: { nodeName: 'n1', containers: [{ name: 'c', ports: [{ name: 'http', containerPort: o.port ?? 8080 }] }] },
  status: { phase: o.phase ?? 'Running', ...(ip ? { podIP: ip } : {}), conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2026-01-01T00:00:05Z' }] },
});

const svc = (spec: Service['spec'] = {}): Service => ({
  metadata: { name: 's', namespace: 'ns', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { selector: { app: 'a' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }], ...spec },
});

test('ready pods in addresses, unready in notReadyAddresses, sorted by IP; no-IP, finished and deleting pods left out', () => {
  const subsets = computeSubsets(svc(), [
    pod('b', '10.0.0.10', true),
    pod('a', '10.0.0.9', true),
    pod('c', '10.0.0.11', false),
    pod('d', undefined, true),
    pod('e', '10.0.0.12', true, { phase: 'Succeeded' }),
    pod('f', '10.0.0.13', true, { deleting: true }),
  ]);
  assert.equal(subsets.length, 1);
  assert.deepEqual(subsets[0]!.addresses!.map((a) => a.ip), ['10.0.0.9', '10.0.0.10']);
  assert.deepEqual(subsets[0]!.notReadyAddresses!.map((a) => a.ip), ['10.0.0.11']);
  assert.deepEqual(subsets[0]!.ports, [{ name: 'web', port: 8080, protocol: 'TCP' }]);
  assert.deepEqual(subsets[0]!.addresses![0]!.targetRef, { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' });
  assert.equal(subsets[0]!.addresses![0]!.nodeName, 'n1');
});

test('pods whose named port resolves differently land in different subsets', () => {
  const subsets = computeSubsets(svc(), [pod('a', '10.0.0.1', true), pod('b', '10.0.0.2', true, { port: 9090 })]);
  assert.deepEqual(subsets.map((s) => [s.addresses![0]!.ip, s.ports![0]!.port]), [['10.0.0.1', 8080], ['10.0.0.2', 9090]]);
});

test('publishNotReadyAddresses makes unready and terminating pods ready', () => {
  const subsets = computeSubsets(svc({ publishNotReadyAddresses: true }), [pod('a', '10.0.0.1', false), pod('b', '10.0.0.2', true, { deleting: true })]);
  assert.deepEqual(subsets[0]!.addresses!.map((a) => a.ip), ['10.0.0.1', '10.0.0.2']);
  assert.equal(subsets[0]!.notReadyAddresses, undefined);
});

test('findPort: numbers, numeric strings, names with protocol, unresolved', () => {
  const p = pod('a', '10.0.0.1', true);
  assert.equal(findPort(p, { port: 80 }), 80);
  assert.equal(findPort(p, { port: 80, targetPort: 81 }), 81);
  assert.equal(findPort(p, { port: 80, targetPort: 'http' }), 8080);
  assert.equal(findPort(p, { port: 80, targetPort: 'http', protocol: 'UDP' }), undefined);
  assert.equal(findPort(p, { port: 80, targetPort: 'nope' }), undefined);
});

test('selector-less, empty-selector and ExternalName services are not managed', () => {
  assert.equal(serviceSelector({ spec: {} }), undefined);
  assert.equal(serviceSelector({ spec: { selector: {} } }), undefined);
  assert.equal(serviceSelector({ spec: { type: 'ExternalName', selector: { a: 'b' } } }), undefined);
  assert.ok(serviceSelector({ spec: { selector: { a: 'b' } } })?.matches({ a: 'b' }));
});

test('trigger time is the latest pod or service change', () => {
  assert.equal(lastChangeTriggerTime(svc(), [pod('a', '10.0.0.1', true)]), Date.parse('2026-01-01T00:00:05Z'));
  assert.equal(lastChangeTriggerTime(svc(), []), Date.parse('2026-01-01T00:00:00Z'));
});

test('past the capacity, ready addresses are kept first and lists are cut in proportion', () => {
  const addrs = (n: number, base: number) => Array.from({ length: n }, (_, i) => ({ ip: `10.0.${base}.${i}` }));
  const small = [{ addresses: addrs(3, 1) }];
  assert.deepEqual(truncateSubsets(small, 5), { subsets: small, truncated: false });
  const r = truncateSubsets([{ addresses: addrs(6, 1), notReadyAddresses: addrs(2, 2) }, { addresses: addrs(2, 3) }], 4);
  assert.equal(r.truncated, true);
  assert.deepEqual(r.subsets.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0]), [[3, 0], [1, 0]]);
  const mixed = truncateSubsets([{ addresses: addrs(2, 1), notReadyAddresses: addrs(4, 2) }], 4);
  assert.deepEqual(mixed.subsets.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0]), [[2, 2]]);
});
