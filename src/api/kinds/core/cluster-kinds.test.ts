// Namespaces, nodes, service accounts, events, limit ranges, resource quotas and endpoints.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObj } from '../../resource-info.js';
import { endpointsStrategy } from './endpoints.js';
import { eventStrategy } from './event.js';
import { limitRangeStrategy } from './limitrange.js';
import { namespaceStrategy } from './namespace.js';
import { nodeStrategy } from './node.js';
import { resourceQuotaStrategy } from './resourcequota.js';
import { serviceAccountStrategy } from './serviceaccount.js';
import { create, stored, update, updateStatus } from './test-harness.js';

type Obj = Record<string, any>;
const nsd = (name: string, ns = 'default') => ({ name, namespace: ns });

test('namespaces', () => {
  const { obj, errors } = create(namespaceStrategy, { metadata: { name: 'n' } });
  assert.deepEqual(errors, []);
  assert.deepEqual(obj.spec, { finalizers: ['kubernetes'] });
  assert.deepEqual(obj.status, { phase: 'Active' });
  assert.deepEqual(create(namespaceStrategy, { metadata: { name: 'n' }, spec: { finalizers: ['foo', 'example.com/x'] } }).errors, [
    'spec.finalizers: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified',
  ]);
  const old = stored(namespaceStrategy, { metadata: { name: 'n' } });
  assert.deepEqual(updateStatus(namespaceStrategy, old, { phase: 'Terminating' }).errors, [
    "status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty",
  ]);
  assert.deepEqual(namespaceStrategy.selectableFields!(obj), { 'status.phase': 'Active', name: 'n' });
});

test('nodes', () => {
  assert.deepEqual(create(nodeStrategy, { metadata: { name: 'n' } }).errors, []);
  assert.deepEqual(
    create(nodeStrategy, {
      metadata: { name: 'n' },
      spec: {
        taints: [{ key: 'a', effect: 'Bogus' }, { key: 'b', value: 'x', effect: 'NoSchedule' }, { key: 'b', value: 'y', effect: 'NoSchedule' }],
        podCIDRs: ['10.0.0.0/33'],
      },
      status: { capacity: { cpu: '-1', pods: '1.5' } },
    }).errors,
    [
      'metadata.taints[0].effect: Unsupported value: "Bogus": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'metadata.taints[2]: Duplicate value: core.Taint{Key:"b", Value:"y", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair',
      'status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0',
      'status.capacity.pods: Invalid value: 1500m: must be an integer',
      'status.allocatable.cpu: Invalid value: "-1": must be greater than or equal to 0',
      'status.allocatable.pods: Invalid value: 1500m: must be an integer',
      'spec.podCIDRs[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  );
  const old = stored(nodeStrategy, { metadata: { name: 'n' }, spec: { podCIDR: '10.0.0.0/24', providerID: 'p1' } });
  assert.deepEqual((old.spec as Obj).podCIDRs, ['10.0.0.0/24']);
  assert.deepEqual(update(nodeStrategy, old, { metadata: { name: 'n' }, spec: { podCIDRs: ['10.1.0.0/24'], providerID: 'p2', unschedulable: true } }).errors, [
    'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
  ]);
  const cordoned = update(nodeStrategy, old, { ...structuredClone(old), spec: { ...(old.spec as Obj), unschedulable: true } });
  assert.deepEqual(cordoned.errors, []);
  assert.deepEqual(nodeStrategy.selectableFields!(cordoned.obj), { 'spec.unschedulable': 'true' });
  const status = updateStatus(nodeStrategy, old, { capacity: { cpu: '4', memory: '8Gi' }, addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'InternalIP', address: '10.0.0.1' }] });
  assert.deepEqual(status.errors, ['status.addresses[1]: Duplicate value: core.NodeAddress{Type:"InternalIP", Address:"10.0.0.1"}']);
  assert.deepEqual((status.obj.status as Obj).allocatable, { cpu: '4', memory: '8Gi' });
});

test('service accounts keep only the names of secret references', () => {
  const { obj } = create(serviceAccountStrategy, { metadata: nsd('s'), secrets: [{ name: 'a', namespace: 'x', uid: 'u' }] });
  assert.deepEqual(obj.secrets, [{ name: 'a' }]);
});

test('events', () => {
  assert.deepEqual(create(eventStrategy, { metadata: nsd('e'), involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reason: 'R' }).errors, []);
  assert.deepEqual(create(eventStrategy, { metadata: nsd('e', 'ns1'), involvedObject: { namespace: 'ns2' } }).errors, [
    'involvedObject.namespace: Invalid value: "ns2": does not match event.namespace',
  ]);
  assert.deepEqual(create(eventStrategy, { metadata: nsd('e', 'ns1'), involvedObject: {} }).errors, ['involvedObject.namespace: Invalid value: "": does not match event.namespace']);
  assert.deepEqual(
    create(eventStrategy, {
      metadata: nsd('e'),
      eventTime: '2024-01-01T00:00:00.000000Z',
      involvedObject: { namespace: 'default' },
      reportingComponent: 'example.com/c',
      reportingInstance: 'i',
      action: 'A',
      reason: 'x'.repeat(129),
      message: 'm'.repeat(1025),
    }).errors,
    ['reason: Invalid value: "": can have at most 128 characters', 'message: Invalid value: "": can have at most 1024 characters'],
  );
});

test('limit ranges', () => {
  const { obj, errors } = create(limitRangeStrategy, { metadata: nsd('l'), spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }] } });
  assert.deepEqual(errors, []);
  assert.deepEqual((obj.spec as Obj).limits[0].default, { cpu: '2' });
  assert.deepEqual((obj.spec as Obj).limits[0].defaultRequest, { cpu: '2', memory: '64Mi' });
  assert.deepEqual(
    create(limitRangeStrategy, {
      metadata: nsd('l'),
      spec: {
        limits: [
          { type: 'Container', min: { cpu: '2' }, max: { cpu: '1' }, default: { cpu: '500m' }, maxLimitRequestRatio: { memory: '0.5' } },
          { type: 'Pod', default: { cpu: '1' } },
          { type: 'Weird' },
          { type: 'PersistentVolumeClaim' },
        ],
      },
    }).errors,
    [
      'spec.limits[0].min[cpu]: Invalid value: 2: min value 2 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: 500m: min value 2 is greater than default request value 500m',
      'spec.limits[0].default[cpu]: Invalid value: 2: min value 2 is greater than default value 500m',
      'spec.limits[0].maxLimitRequestRatio[memory]: Invalid value: 500m: ratio 500m is less than 1',
      "spec.limits[1].default: Forbidden: may not be specified when `type` is 'Pod'",
      'spec.limits[2].type: Invalid value: "Weird": must be a standard limit type or fully qualified',
      'spec.limits[3].limits: Required value: either minimum or maximum storage value is required, but neither was provided',
    ],
  );
  assert.deepEqual(create(limitRangeStrategy, { metadata: nsd('l'), spec: { limits: [{ type: 'Container', min: { memory: '1Gi' }, max: { memory: '2Gi' }, maxLimitRequestRatio: { memory: '4' } }] } }).errors, [
    'spec.limits[0].maxLimitRequestRatio[memory]: Invalid value: 4: ratio 4 is greater than max/min = 2.000000',
  ]);
});

test('resource quotas', () => {
  assert.deepEqual(create(resourceQuotaStrategy, { metadata: nsd('q'), spec: { hard: { pods: '10', 'requests.cpu': '4', 'count/deployments.apps': '3' } } }).errors, []);
  assert.deepEqual(create(resourceQuotaStrategy, { metadata: nsd('q'), spec: { hard: { pods: '1.5', foo: '1', cpu: '-1' }, scopes: ['BestEffort', 'NotBestEffort'] } }).errors, [
    'spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    'spec.hard[foo]: Invalid value: foo: must be a standard resource type or fully qualified',
    'spec.hard[foo]: Invalid value: foo: must be a standard resource for quota',
    'spec.hard[pods]: Invalid value: 1500m: must be an integer',
    'spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort", "NotBestEffort"}: unsupported scope applied to resource',
    'spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort", "NotBestEffort"}: conflicting scopes',
  ]);
  const old = stored(resourceQuotaStrategy, { metadata: nsd('q'), spec: { hard: { pods: '10' }, scopes: ['Terminating'] } });
  assert.deepEqual(update(resourceQuotaStrategy, old, { ...structuredClone(old), spec: { hard: { pods: '10' } } }).errors, [
    'spec.scopes: Invalid value: []core.ResourceQuotaScope(nil): field is immutable',
  ]);
  assert.deepEqual(updateStatus(resourceQuotaStrategy, old, { hard: { pods: '10' }, used: { pods: '-1' } }).errors, ['status.used[pods]: Invalid value: "-1": must be greater than or equal to 0']);
});

test('endpoints', () => {
  const { obj, errors } = create(endpointsStrategy, { metadata: nsd('e'), subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] });
  assert.deepEqual(errors, []);
  assert.equal((obj.subsets as Obj[])[0]!.ports[0].protocol, 'TCP');
  assert.deepEqual(create(endpointsStrategy, { metadata: nsd('e'), subsets: [{ addresses: [{ ip: '127.0.0.1' }, { ip: 'x' }], ports: [{ port: 0 }, { port: 80, name: 'ok' }] }, {}] }).errors, [
    'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    'subsets[0].addresses[1].ip: Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    'subsets[0].addresses[1].ip: Invalid value: "x": must be a valid IP address',
    'subsets[0].ports[0].name: Required value',
    'subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    'subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`',
  ]);
});

test('odd input never throws', () => {
  const weird: unknown[] = [null, 5, 'x', [], { limits: 'x' }, { hard: [] }, { taints: {} }];
  for (const s of [endpointsStrategy, eventStrategy, limitRangeStrategy, namespaceStrategy, nodeStrategy, resourceQuotaStrategy, serviceAccountStrategy]) {
    for (const w of weird) {
      const o = { metadata: { name: 'x' }, spec: w, subsets: w, secrets: w, involvedObject: w, status: w } as KObj;
      assert.doesNotThrow(() => create(s, o));
    }
  }
});
