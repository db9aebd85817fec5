import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Endpoint, EndpointSlice } from '../../api/types/discovery-v1.js';
import { portsKey, type EndpointGroup } from './desired.js';
import { planSlices } from './plan.js';

const ep = (i: number): Endpoint => ({ addresses: [`10.0.0.${i}`], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', uid: `u${i}` } });
const ports = [{ name: '', port: 80, protocol: 'TCP' }];
const group = (...ids: number[]): Map<string, EndpointGroup> => new Map([[portsKey(ports), { ports, endpoints: new Map(ids.map((i) => [`u${i}`, ep(i)])) }]]);
const slice = (name: string, ...ids: number[]): EndpointSlice => ({ metadata: { name, labels: { l: '1' } }, ports, endpoints: ids.map(ep) });
const input = (groups: Map<string, EndpointGroup>, existing: EndpointSlice[], max = 3) => ({
  groups,
  existing,
  maxEndpointsPerSlice: max,
  template: (): EndpointSlice => ({ metadata: { generateName: 's-', labels: { l: '1' } }, endpoints: [] }),
  refreshMeta: () => false,
});

test('new endpoints fill slices of at most max, sorted by IP', () => {
  const p = planSlices(input(group(5, 1, 2, 3, 4), []));
  assert.deepEqual(p.create.map((s) => s.endpoints!.map((e) => e.addresses![0])), [['10.0.0.1', '10.0.0.2', '10.0.0.3'], ['10.0.0.4', '10.0.0.5']]);
  assert.deepEqual(p.update, []);
  assert.deepEqual(p.delete, []);
});

test('unchanged slices are not written; endpoints stay where they are; new ones take free room first', () => {
  assert.deepEqual(planSlices(input(group(1, 2), [slice('a', 1, 2)])), { create: [], update: [], delete: [] });
  const p = planSlices(input(group(1, 2, 7), [slice('a', 2), slice('b', 1)]));
  assert.deepEqual(p.create, []);
  assert.deepEqual(p.update.map((s) => [s.metadata!.name, s.endpoints!.map((e) => e.targetRef!.uid)]), [['a', ['u2', 'u7']]]);
});

test('emptied slices are deleted; with no endpoints left one placeholder stays', () => {
  const p = planSlices(input(group(1), [slice('a', 1), slice('b', 2)]));
  assert.deepEqual(p.delete.map((s) => s.metadata!.name), ['b']);
  const none = planSlices(input(new Map(), [slice('a', 1), slice('b', 2)]));
  assert.deepEqual(none.update.map((s) => [s.metadata!.name, s.endpoints, s.ports]), [['a', [], undefined]]);
  assert.deepEqual(none.delete.map((s) => s.metadata!.name), ['b']);
  const fresh = planSlices(input(new Map(), []));
  assert.deepEqual(fresh.create.map((s) => s.endpoints), [[]]);
});

test('a slice whose ports no longer match is replaced', () => {
  const other: EndpointSlice = { metadata: { name: 'old' }, ports: [{ name: '', port: 81, protocol: 'TCP' }], endpoints: [ep(1)] };
  const p = planSlices(input(group(1), [other]));
  assert.equal(p.create.length, 1);
  assert.deepEqual(p.delete.map((s) => s.metadata!.name), ['old']);
});
