import assert from 'node:assert/strict';
import { test } from 'node:test';
import { create, update } from './harness.test.js';

const DRIVER = 'storage.k8s.io/v1/csidrivers';
const NODE = 'storage.k8s.io/v1/csinodes';
const CAP = 'storage.k8s.io/v1/csistoragecapacities';
const DNS_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const driver = (spec: Record<string, unknown>) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'hostpath.csi.k8s.io' }, spec });

test('CSIDriver: the 1.33 defaults', () => {
  const { obj, errors } = create(DRIVER, driver({}));
  assert.deepEqual(errors, []);
  assert.deepEqual(obj.spec, {
    attachRequired: true,
    podInfoOnMount: false,
    storageCapacity: false,
    fsGroupPolicy: 'ReadWriteOnceWithFSType',
    volumeLifecycleModes: ['Persistent'],
    requiresRepublish: false,
    seLinuxMount: false,
  });
  // Its feature gate is off in 1.33, so the field is dropped; creation sets no generation.
  const gated = create(DRIVER, driver({ nodeAllocatableUpdatePeriodSeconds: 5 }));
  assert.deepEqual(gated.errors, []);
  assert.equal((gated.obj.spec as Record<string, unknown>).nodeAllocatableUpdatePeriodSeconds, undefined);
  assert.equal((gated.obj.metadata as Record<string, unknown>).generation, undefined);
});

test('CSIDriver: validation messages', () => {
  assert.deepEqual(
    create(DRIVER, driver({ fsGroupPolicy: 'Always', volumeLifecycleModes: ['Persistent', 'Forever'], tokenRequests: [{ audience: 'a', expirationSeconds: 60 }, { audience: 'a' }, { audience: 'b', expirationSeconds: 2 ** 33 }] })).errors,
    [
      'spec.fsGroupPolicy: Unsupported value: "Always": supported values: "File", "None", "ReadWriteOnceWithFSType"',
      'spec.tokenRequests[0].expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
      'spec.tokenRequests[1].audience: Duplicate value: "a"',
      'spec.tokenRequests[2].expirationSeconds: Invalid value: 8589934592: may not specify a duration larger than 2^32 seconds',
      'spec.volumeLifecycleModes: Unsupported value: "Forever": supported values: "Persistent", "Ephemeral"',
    ],
  );
});

test('CSIDriver updates: attachRequired and the modes are fixed; other changes bump the generation', () => {
  const { obj } = create(DRIVER, driver({}));
  const same = update(DRIVER, obj, structuredClone(obj));
  assert.deepEqual(same.errors, []);
  assert.equal((same.obj.metadata as Record<string, unknown>).generation, undefined);
  const changed = update(DRIVER, obj, { ...structuredClone(obj), spec: { ...(obj.spec as object), podInfoOnMount: true, storageCapacity: true } });
  assert.deepEqual(changed.errors, []);
  assert.equal((changed.obj.metadata as Record<string, unknown>).generation, 1);
  assert.deepEqual(update(DRIVER, obj, { ...structuredClone(obj), spec: { ...(obj.spec as object), attachRequired: false, volumeLifecycleModes: ['Ephemeral'] } }).errors, [
    'spec.attachedRequired: Invalid value: false: field is immutable',
    'spec.volumeLifecycleModes: Invalid value: []storage.VolumeLifecycleMode{"Ephemeral"}: field is immutable',
  ]);
});

const csiNode = (drivers: unknown[]) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', metadata: { name: 'node-a' }, spec: { drivers } });

test('CSINode: drivers, node IDs and topology keys', () => {
  assert.deepEqual(create(NODE, csiNode([{ name: 'hostpath.csi.k8s.io', nodeID: 'node-a', topologyKeys: ['topology.hostpath.csi/node'], allocatable: { count: 3 } }])).errors, []);
  assert.deepEqual(
    create(NODE, csiNode([
      { name: '', nodeID: 'x'.repeat(257), allocatable: { count: -1 } },
      { name: 'a.csi', nodeID: 'n', topologyKeys: ['k', 'k'] },
      { name: 'a.csi', nodeID: 'n' },
    ])).errors,
    [
      'spec.drivers[0].name: Required value',
      `spec.drivers[0].name: Invalid value: "": ${DNS_SUBDOMAIN}`,
      `spec.drivers[0].nodeID: Invalid value: "${'x'.repeat(257)}": must be 256 characters or less`,
      'spec.drivers[0].allocatable.count: Invalid value: -1: must be greater than or equal to 0',
      'spec.drivers[1]: Duplicate value: "k"',
      'spec.drivers[2].name: Duplicate value: "a.csi"',
    ],
  );
});

test('CSINode updates: a registered driver cannot change, and upstream validates twice', () => {
  const { obj } = create(NODE, csiNode([{ name: 'a.csi', nodeID: 'n1' }]));
  assert.deepEqual(update(NODE, obj, { ...structuredClone(obj), spec: { drivers: [{ name: 'a.csi', nodeID: 'n1' }, { name: 'b.csi', nodeID: 'n1' }] } }).errors, []);
  assert.deepEqual(update(NODE, obj, { ...structuredClone(obj), spec: { drivers: [{ name: 'a.csi', nodeID: 'n2', topologyKeys: ['zone'] }] } }).errors, [
    'spec.drivers: Invalid value: storage.CSINodeDriver{Name:"a.csi", NodeID:"n2", TopologyKeys:[]string{"zone"}, Allocatable:(*storage.VolumeNodeResources)(nil)}: field is immutable',
  ]);
  assert.deepEqual(update(NODE, obj, { ...structuredClone(obj), spec: { drivers: [{ name: 'a.csi', nodeID: '' }] } }).errors, [
    'spec.drivers[0].nodeID: Required value',
    'spec.drivers[0].nodeID: Required value',
    'spec.drivers: Invalid value: storage.CSINodeDriver{Name:"a.csi", NodeID:"", TopologyKeys:[]string(nil), Allocatable:(*storage.VolumeNodeResources)(nil)}: field is immutable',
  ]);
});

const capacity = (rest: Record<string, unknown>) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'CSIStorageCapacity', metadata: { name: 'c1' }, storageClassName: 'fast', ...rest });

test('CSIStorageCapacity: class name, selector and quantities', () => {
  const { obj, errors } = create(CAP, capacity({ capacity: '1024Mi', maximumVolumeSize: '0.5Gi', nodeTopology: { matchLabels: { zone: 'a' } } }));
  assert.deepEqual(errors, []);
  assert.equal(obj.capacity, '1Gi');
  assert.equal(obj.maximumVolumeSize, '512Mi');
  assert.deepEqual(create(CAP, capacity({ storageClassName: '', capacity: '-1', nodeTopology: { matchExpressions: [{ key: 'zone', operator: 'In' }] } })).errors, [
    "nodeTopology.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    `storageClassName: Invalid value: "": ${DNS_SUBDOMAIN}`,
    'capacity: Invalid value: "-1": must be greater than or equal to 0',
  ]);
});

test('CSIStorageCapacity updates: the topology and class are fixed, the capacity is not', () => {
  const { obj } = create(CAP, capacity({ capacity: '1Gi', nodeTopology: { matchLabels: { zone: 'a' } } }));
  assert.deepEqual(update(CAP, obj, { ...structuredClone(obj), capacity: '2Gi' }).errors, []);
  assert.deepEqual(update(CAP, obj, { ...structuredClone(obj), storageClassName: 'slow', nodeTopology: { matchLabels: { zone: 'b' } } }).errors, [
    'nodeTopology: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"zone":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    'storageClassName: Invalid value: "slow": field is immutable',
  ]);
  assert.deepEqual(update(CAP, obj, { ...structuredClone(obj), nodeTopology: undefined }).errors, ['nodeTopology: Invalid value: "null": field is immutable']);
});
