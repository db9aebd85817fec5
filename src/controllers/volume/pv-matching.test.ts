import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, PersistentVolume, PersistentVolumeClaim } from '../../api/types/core-v1.js';
import { pendingClaimOutcome } from './claim-outcomes.js';
import { buildLocalPathVolume, isInside } from './local-path-volume.js';
import { findMatchingVolume, isVolumeBoundToClaim, volumeMismatch } from './pv-matching.js';

const pv = (name: string, size: string, o: Partial<PersistentVolume['spec']> & { phase?: string; labels?: Record<string, string> } = {}): PersistentVolume => {
  const { phase, labels, ...spec } = o;
  return {
    metadata: { name, labels },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', ...spec },
    status: { phase: phase ?? 'Available' },
  };
};
const pvc = (o: Partial<PersistentVolumeClaim['spec']> & { size?: string } = {}): PersistentVolumeClaim => {
  const { size, ...spec } = o;
  return {
    metadata: { name: 'data', namespace: 'ns', uid: 'u1' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size ?? '1Gi' } }, storageClassName: 'manual', ...spec },
  };
};
const names = (v: PersistentVolume | undefined) => v?.metadata?.name;
const node = (name: string): Node => ({ metadata: { name, labels: { 'kubernetes.io/hostname': name } } });
const pinned = (host: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [host] }] }] } });

describe('findMatchingVolume', () => {
  it('picks the smallest Available volume whose capacity covers the request (quantities compared exactly)', () => {
    const vols = [pv('big', '10Gi'), pv('small', '1500Mi'), pv('tiny', '1000Mi'), pv('exact', '1Gi', { phase: 'Bound' })];
    assert.equal(names(findMatchingVolume(pvc(), vols)), 'small');
    assert.equal(names(findMatchingVolume(pvc({ size: '1G' }), vols)), 'tiny', '1G (10^9) fits in 1000Mi');
    assert.equal(findMatchingVolume(pvc({ size: '11Gi' }), vols), undefined);
  });

  it('requires the same class, the claim\'s access modes, the volume mode and the selector', () => {
    const vols = [pv('other-class', '5Gi', { storageClassName: 'fast' }), pv('rwx', '6Gi', { accessModes: ['ReadWriteMany', 'ReadWriteOnce'] }), pv('block', '2Gi', { volumeMode: 'Block' })];
    assert.equal(names(findMatchingVolume(pvc({ accessModes: ['ReadWriteMany'] }), vols)), 'rwx');
    assert.equal(names(findMatchingVolume(pvc({ volumeMode: 'Block' }), vols)), 'block');
    assert.equal(names(findMatchingVolume(pvc({ storageClassName: 'fast' }), vols)), 'other-class');
    assert.equal(findMatchingVolume(pvc({ storageClassName: '' }), vols), undefined, '"" matches only volumes without class');
    const labelled = [pv('a', '1Gi', { labels: { tier: 'slow' } }), pv('b', '3Gi', { labels: { tier: 'fast' } })];
    assert.equal(names(findMatchingVolume(pvc({ selector: { matchLabels: { tier: 'fast' } } }), labelled)), 'b');
  });

  it('a volume pre-bound to the claim wins over a smaller one; volumes claimed by others are skipped', () => {
    const vols = [pv('free', '1Gi'), pv('mine', '8Gi', { claimRef: { namespace: 'ns', name: 'data' } }), pv('theirs', '1Gi', { claimRef: { namespace: 'ns', name: 'other' } })];
    assert.equal(names(findMatchingVolume(pvc(), vols)), 'mine');
    assert.ok(isVolumeBoundToClaim(vols[1]!, pvc()));
    assert.ok(!isVolumeBoundToClaim({ ...vols[1]!, spec: { ...vols[1]!.spec, claimRef: { namespace: 'ns', name: 'data', uid: 'old' } } }, pvc()), 'a different uid is another claim');
    assert.equal(names(findMatchingVolume(pvc(), [vols[2]!, vols[0]!])), 'free');
  });

  it('delayed binding honours the selected node\'s labels against the volume\'s node affinity', () => {
    const vols = [pv('on-a', '1Gi', { nodeAffinity: pinned('a') }), pv('on-b', '2Gi', { nodeAffinity: pinned('b') })];
    assert.equal(names(findMatchingVolume(pvc(), vols, { delayed: true, node: node('b') })), 'on-b');
    assert.equal(findMatchingVolume(pvc(), vols, { delayed: true }), undefined, 'no node known: pinned volumes do not fit');
    assert.equal(names(findMatchingVolume(pvc(), vols)), 'on-a', 'Immediate binding ignores node affinity');
  });

  it('volumeMismatch explains why a named volume cannot serve the claim', () => {
    assert.equal(volumeMismatch(pv('v', '1Gi'), pvc({ size: '2Gi' })), 'requested PV is too small');
    assert.equal(volumeMismatch(pv('v', '5Gi', { storageClassName: 'x' }), pvc()), 'storageClassName does not match');
    assert.equal(volumeMismatch(pv('v', '5Gi', { accessModes: ['ReadOnlyMany'] }), pvc()), 'incompatible accessMode');
    assert.equal(volumeMismatch(pv('v', '5Gi'), pvc()), undefined);
  });
});

describe('claims no volume serves', () => {
  it('no class: FailedBinding; unknown class: ProvisioningFailed; a provisioner: ExternalProvisioning and the annotation once', () => {
    assert.deepEqual(pendingClaimOutcome(pvc(), '', undefined).event?.message, 'no persistent volumes available for this claim and no storage class is set');
    assert.equal(pendingClaimOutcome(pvc(), 'gold', undefined).event?.reason, 'ProvisioningFailed');
    const sc = { metadata: { name: 'local-path' }, provisioner: 'rancher.io/local-path' };
    assert.equal(pendingClaimOutcome(pvc(), 'local-path', sc).annotate, 'rancher.io/local-path');
    const annotated = pvc();
    annotated.metadata!.annotations = { 'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path' };
    const o = pendingClaimOutcome(annotated, 'local-path', sc);
    assert.equal(o.annotate, undefined);
    assert.equal(o.event?.reason, 'ExternalProvisioning');
  });
});

describe('local-path volumes', () => {
  it('are hostPath directories under the base dir, pinned to the node, prebound to the claim', () => {
    const sc = { metadata: { name: 'local-path' }, provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete' };
    const v = buildLocalPathVolume(pvc({ storageClassName: 'local-path' }), sc, node('n1'), '/data/storage/');
    assert.equal(v.metadata?.name, 'pvc-u1');
    assert.equal(v.spec?.hostPath?.path, '/data/storage/pvc-u1');
    assert.equal(v.spec?.claimRef?.uid, 'u1');
    assert.equal(v.spec?.persistentVolumeReclaimPolicy, 'Delete');
    assert.deepEqual(v.spec?.nodeAffinity, pinned('n1'));
    assert.equal(v.metadata?.annotations?.['pv.kubernetes.io/provisioned-by'], 'rancher.io/local-path');
  });

  it('only directories strictly inside the base dir are ever removed', () => {
    assert.ok(isInside('/data/storage', '/data/storage/pvc-1'));
    assert.ok(!isInside('/data/storage', '/data/storage'));
    assert.ok(!isInside('/data/storage', '/data/storage-other/x'));
    assert.ok(!isInside('/data/storage', '/data/storage/../etc'));
    assert.ok(!isInside('/data/storage', '/tmp/x'));
  });
});
