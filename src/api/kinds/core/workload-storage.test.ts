// ReplicationControllers, PodTemplates, PersistentVolumes and PersistentVolumeClaims.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObj } from '../../resource-info.js';
import { persistentVolumeStrategy } from './persistentvolume.js';
import { persistentVolumeClaimStrategy } from './persistentvolumeclaim.js';
import { podTemplateStrategy } from './podtemplate.js';
import { replicationControllerStrategy } from './replicationcontroller.js';
import { create, stored, update, updateStatus } from './test-harness.js';

type Obj = Record<string, any>;
const template = (labels: Obj | null = { app: 'y' }, spec: Obj = {}) => ({
  ...(labels ? { metadata: { labels } } : {}),
  spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
});
const rc = (spec: Obj): KObj => ({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'r', namespace: 'default' }, spec });

test('replication controllers: defaults', () => {
  const { obj, errors } = create(replicationControllerStrategy, rc({ template: template() }));
  assert.deepEqual(errors, []);
  assert.deepEqual((obj.metadata as Obj).labels, { app: 'y' });
  assert.deepEqual((obj.spec as Obj).selector, { app: 'y' });
  assert.equal((obj.spec as Obj).replicas, 1);
  assert.equal((obj.spec as Obj).template.spec.restartPolicy, 'Always');
  assert.deepEqual(obj.status, { replicas: 0 });
  assert.deepEqual(replicationControllerStrategy.selectableFields!(obj), { 'status.replicas': '0' });
});

test('replication controllers: validation', () => {
  assert.deepEqual(create(replicationControllerStrategy, rc({ selector: { app: 'x' }, replicas: -1, template: template() })).errors, [
    'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"y"}: `selector` does not match template `labels`',
  ]);
  assert.deepEqual(create(replicationControllerStrategy, rc({ selector: { app: 'x' }, template: template(null) })).errors, [
    'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
  ]);
  assert.deepEqual(create(replicationControllerStrategy, rc({ template: template({ app: 'y' }, { restartPolicy: 'Never', activeDeadlineSeconds: 5 }) })).errors, [
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported',
  ]);
  assert.deepEqual(create(replicationControllerStrategy, rc({})).errors, ['spec.selector: Required value', 'spec.template: Required value']);
  assert.deepEqual(create(replicationControllerStrategy, rc({ template: template({ app: 'y' }, { containers: [{ name: 'c' }] }) })).errors, ['spec.template.spec.containers[0].image: Required value']);
  const old = stored(replicationControllerStrategy, rc({ template: template() }));
  assert.deepEqual(updateStatus(replicationControllerStrategy, old, { replicas: 1, readyReplicas: 2, availableReplicas: 3 }).errors, [
    'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
    'status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas',
    'status.availableReplicas: Invalid value: 3: cannot be greater than readyReplicas',
  ]);
});

test('pod templates', () => {
  const { obj, errors } = create(podTemplateStrategy, { metadata: { name: 't', namespace: 'default' }, template: template() });
  assert.deepEqual(errors, []);
  assert.equal((obj.template as Obj).spec.dnsPolicy, 'ClusterFirst');
  assert.deepEqual(create(podTemplateStrategy, { metadata: { name: 't', namespace: 'default' }, template: { spec: { containers: [] } } }).errors, [
    'template.spec.containers: Required value',
  ]);
});

const pv = (spec: Obj): KObj => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'p' }, spec });
const goodPV = { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/x' } };

test('persistent volumes', () => {
  const { obj, errors } = create(persistentVolumeStrategy, pv(goodPV));
  assert.deepEqual(errors, []);
  assert.equal((obj.spec as Obj).persistentVolumeReclaimPolicy, 'Retain');
  assert.equal((obj.spec as Obj).volumeMode, 'Filesystem');
  assert.equal((obj.spec as Obj).hostPath.type, '');
  assert.deepEqual(obj.status, { phase: 'Pending' });
  assert.deepEqual(persistentVolumeStrategy.selectableFields!(obj), { name: 'p' });
  assert.deepEqual(create(persistentVolumeStrategy, pv({})).errors, [
    'spec.accessModes: Required value',
    'spec.capacity: Required value',
    'spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"',
    'spec: Required value: must specify a volume type',
  ]);
  assert.deepEqual(
    create(
      persistentVolumeStrategy,
      pv({
        capacity: { storage: '0', cpu: '1' },
        accessModes: ['ReadWriteOncePod', 'ReadWriteOnce', 'Bogus'],
        hostPath: { path: '/' },
        nfs: { server: 's', path: 'rel' },
        persistentVolumeReclaimPolicy: 'Recycle',
        volumeMode: 'Raw',
      }),
    ).errors,
    [
      'spec.accessModes: Unsupported value: "Bogus": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
      'spec.capacity: Unsupported value: core.ResourceList{"cpu":"1", "storage":"0"}: supported values: "storage"',
      'spec.capacity[storage]: Invalid value: "0": must be greater than zero',
      'spec.nfs: Forbidden: may not specify more than 1 volume type',
      "spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'",
      'spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"',
    ],
  );
  assert.deepEqual(create(persistentVolumeStrategy, pv({ ...goodPV, hostPath: undefined, local: { path: '/mnt' } })).errors, ['spec.nodeAffinity: Required value: Local volume requires node affinity']);
  const old = stored(persistentVolumeStrategy, pv(goodPV));
  const next = structuredClone(old) as Obj;
  next.spec.hostPath.path = '/y';
  next.spec.volumeMode = 'Block';
  const errs = update(persistentVolumeStrategy, old, next).errors;
  assert.equal(errs.length, 2);
  assert.ok(errs[0]!.startsWith('spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n'));
  assert.equal(errs[1], 'volumeMode: Invalid value: "Block": field is immutable');
});

const pvc = (spec: Obj): KObj => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'default' }, spec });
const goodPVC = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

test('persistent volume claims', () => {
  const { obj, errors } = create(persistentVolumeClaimStrategy, pvc(goodPVC));
  assert.deepEqual(errors, []);
  assert.equal((obj.spec as Obj).volumeMode, 'Filesystem');
  assert.deepEqual(obj.status, { phase: 'Pending' });
  assert.deepEqual(create(persistentVolumeClaimStrategy, pvc({ resources: {} })).errors, [
    'spec.accessModes: Required value: at least 1 access mode is required',
    'spec.resources[storage]: Required value',
  ]);
  assert.deepEqual(create(persistentVolumeClaimStrategy, pvc({ accessModes: ['X'], resources: { requests: { storage: '0' } }, dataSource: { kind: 'Snap', name: 'x' } })).errors, [
    'spec.accessModes: Unsupported value: "X": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    'spec.resources[storage]: Invalid value: "0": must be greater than zero',
    "spec.dataSource: Invalid value: \"Snap\": must be 'PersistentVolumeClaim' when referencing the default apiGroup",
  ]);
});

test('persistent volume claim updates', () => {
  const old = stored(persistentVolumeClaimStrategy, pvc(goodPVC));
  const changed = structuredClone(old) as Obj;
  changed.spec.accessModes = ['ReadWriteMany'];
  const errs = update(persistentVolumeClaimStrategy, old, changed).errors;
  assert.equal(errs.length, 1);
  assert.ok(errs[0]!.startsWith('spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n'));
  // Binding sets volumeName once.
  const binding = structuredClone(old) as Obj;
  binding.spec.volumeName = 'pv1';
  assert.deepEqual(update(persistentVolumeClaimStrategy, old, binding).errors, []);
  const bound = structuredClone(binding) as Obj;
  bound.status = { phase: 'Bound', capacity: { storage: '1Gi' } };
  const grow = structuredClone(bound);
  grow.spec.resources.requests.storage = '2Gi';
  assert.deepEqual(update(persistentVolumeClaimStrategy, bound, grow).errors, []);
  const shrink = structuredClone(bound);
  shrink.spec.resources.requests.storage = '500Mi';
  assert.deepEqual(update(persistentVolumeClaimStrategy, bound, shrink).errors, ['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity']);
  assert.deepEqual(updateStatus(persistentVolumeClaimStrategy, bound, { phase: 'Bound', capacity: { storage: '1Gi' }, allocatedResourceStatuses: { storage: 'Bogus' } }).errors, [
    'status.allocatedResourceStatus: Unsupported value: storage: supported values: "ControllerResizeInProgress", "ControllerResizeInfeasible", "NodeResizeInProgress", "NodeResizeInfeasible", "NodeResizePending"',
  ]);
});
