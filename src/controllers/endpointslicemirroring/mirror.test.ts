import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Endpoints } from '../../api/types/core-v1.js';
import { mirroredAnnotations, mirroredGroups, shouldMirror } from './mirror.js';

const ep = (o: Partial<Endpoints> = {}): Endpoints => ({ metadata: { name: 'e', labels: {}, annotations: {} }, ...o });

test('only selector-less services whose Endpoints are not skip-mirror or a leader lock are mirrored', () => {
  assert.ok(shouldMirror({ spec: {} }, ep()));
  assert.ok(!shouldMirror({ spec: { selector: { a: 'b' } } }, ep()));
  assert.ok(!shouldMirror(undefined, ep()));
  assert.ok(!shouldMirror({ spec: {} }, ep({ metadata: { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } } })));
  assert.ok(!shouldMirror({ spec: {} }, ep({ metadata: { annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' } } })));
});

test('subsets become port groups of ready and not-ready endpoints; IPv6 and duplicate addresses are skipped', () => {
  const groups = mirroredGroups(ep({
    subsets: [
      { addresses: [{ ip: '10.0.0.1', nodeName: 'n' }, { ip: '10.0.0.1' }, { ip: 'fd00::1' }], notReadyAddresses: [{ ip: '10.0.0.2', hostname: 'h' }], ports: [{ name: 'p', port: 80 }] },
      { addresses: [{ ip: '10.0.0.3' }], ports: [{ name: 'p', port: 80, protocol: 'TCP' }] },
    ],
  }));
  assert.equal(groups.size, 1);
  const g = [...groups.values()][0]!;
  assert.deepEqual(g.ports, [{ name: 'p', port: 80, protocol: 'TCP' }]);
  assert.deepEqual([...g.endpoints.values()], [
    { addresses: ['10.0.0.1'], conditions: { ready: true }, nodeName: 'n' },
    { addresses: ['10.0.0.2'], conditions: { ready: false }, hostname: 'h' },
    { addresses: ['10.0.0.3'], conditions: { ready: true } },
  ]);
});

test('annotations are copied except the trigger time and last-applied configuration', () => {
  assert.deepEqual(mirroredAnnotations(ep({ metadata: { annotations: { a: '1', 'endpoints.kubernetes.io/last-change-trigger-time': 't', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } } })), { a: '1' });
});
