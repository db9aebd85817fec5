import assert from 'node:assert/strict';
import { test } from 'node:test';
import { create, statusUpdate, update } from './harness.test.js';

const VA = 'storage.k8s.io/v1/volumeattachments';
const DNS_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const va = (spec: Record<string, unknown>) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', metadata: { name: 'va-1' }, spec });
const good = { attacher: 'hostpath.csi.k8s.io', nodeName: 'node-a', source: { persistentVolumeName: 'pv-1' } };

test('VolumeAttachment: a created attachment starts detached', () => {
  const { obj, errors } = create(VA, { ...va(good), status: { attached: true } });
  assert.deepEqual(errors, []);
  assert.deepEqual(obj.status, { attached: false });
});

test('VolumeAttachment: attacher, exactly one source, node name', () => {
  assert.deepEqual(create(VA, va({ attacher: '', nodeName: '', source: {} })).errors, [
    'spec.attacher: Required value',
    'spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName',
    `spec.nodeName: Invalid value: "": ${DNS_SUBDOMAIN}`,
    'spec.attacher: Required value',
    `spec.attacher: Invalid value: "": ${DNS_SUBDOMAIN}`,
  ]);
  const inline = { accessModes: ['ReadWriteOnce'], csi: { driver: 'hostpath.csi.k8s.io', volumeHandle: 'h1' } };
  assert.deepEqual(create(VA, va({ ...good, source: { persistentVolumeName: 'pv-1', inlineVolumeSpec: inline } })).errors, [
    'spec.source: Forbidden: must specify exactly one of inlineVolumeSpec and persistentVolumeName',
  ]);
  assert.deepEqual(create(VA, va({ ...good, source: { persistentVolumeName: '' } })).errors, [
    'spec.source.persistentVolumeName: Required value: must specify non empty persistentVolumeName',
    `spec.source.persistentVolumeName: Invalid value: "": ${DNS_SUBDOMAIN}`,
  ]);
  assert.deepEqual(create(VA, va({ ...good, attacher: 'Bad_Attacher' })).errors, [`spec.attacher: Invalid value: "Bad_Attacher": ${DNS_SUBDOMAIN}`]);
  assert.deepEqual(create(VA, va({ ...good, source: { inlineVolumeSpec: inline } })).errors, []);
});

test('VolumeAttachment: an inline volume spec follows the inline rules', () => {
  const spec = { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/x' }, storageClassName: 'fast', persistentVolumeReclaimPolicy: 'Delete', volumeMode: 'Block' };
  assert.deepEqual(create(VA, va({ ...good, source: { inlineVolumeSpec: spec } })).errors, [
    'spec.source.inlineVolumeSpec.capacity: Forbidden: may not be specified in the context of inline volumes',
    'spec.source.inlineVolumeSpec.csi: Required value: has to be specified in the context of inline volumes',
    'spec.source.inlineVolumeSpec.persistentVolumeReclaimPolicy: Forbidden: may only be Retain in the context of inline volumes',
    'spec.source.inlineVolumeSpec.storageClassName: Forbidden: may not be specified in the context of inline volumes',
    'spec.source.inlineVolumeSpec.volumeMode: Forbidden: may not specify volumeMode other than Filesystem in the context of inline volumes',
  ]);
});

test('VolumeAttachment: the spec is immutable, and upstream validates an update twice', () => {
  const { obj } = create(VA, va(good));
  assert.deepEqual(update(VA, obj, { ...structuredClone(obj), metadata: { ...(obj.metadata as object), labels: { a: 'b' } } }).errors, []);
  assert.deepEqual(update(VA, obj, { ...structuredClone(obj), spec: { ...good, nodeName: 'node-b' } }).errors, [
    'spec: Invalid value: storage.VolumeAttachmentSpec{Attacher:"hostpath.csi.k8s.io", Source:storage.VolumeAttachmentSource{PersistentVolumeName:(*string)(0xc000000000), InlineVolumeSpec:(*core.PersistentVolumeSpec)(nil)}, NodeName:"node-b"}: field is immutable',
  ]);
});

test('VolumeAttachment status: metadata size, error messages and codes', () => {
  const { obj } = create(VA, va(good));
  assert.deepEqual(statusUpdate(VA, obj, { attached: true, attachmentMetadata: { devicePath: '/dev/sdb' } }), []);
  const big = 'x'.repeat(1025);
  assert.deepEqual(statusUpdate(VA, obj, { attached: false, attachmentMetadata: { k: 'v'.repeat(256 * 1024) }, attachError: { message: big }, detachError: { message: 'm' } }), [
    'status.attachmentMetadata: Too long: may not be more than 262144 bytes',
    'status.attachError.message: Too long: may not be more than 262144 bytes',
    'status.attachmentMetadata: Too long: may not be more than 262144 bytes',
    'status.attachError.message: Too long: may not be more than 262144 bytes',
  ]);
  // errorCode needs MutableCSINodeAllocatableCount (off in 1.33): a new one is dropped, never rejected.
  assert.deepEqual(statusUpdate(VA, obj, { attached: false, attachError: { message: 'm', errorCode: -1 } }), []);
});
