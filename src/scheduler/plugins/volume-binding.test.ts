import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/types/core-v1.js';
import type { StorageClass } from '../../api/types/storage-v1.js';
import { CycleState } from '../framework/cycle-state.js';
import type { Handle, VolumeLister } from '../framework/interfaces.js';
import { NodeInfo } from '../framework/node-info.js';
import { makeNode, NO_API, podInfo } from '../testing/fixtures.js';
import { ERR_REASON_NODE_CONFLICT, ERR_REASON_UNBOUND_IMMEDIATE, podClaimNames, VolumeBinding } from './volume-binding.js';

const claim = (name: string, o: { volumeName?: string; cls?: string; deleting?: boolean } = {}): PersistentVolumeClaim => ({
  metadata: { name, namespace: 'default', deletionTimestamp: o.deleting ? '2025-01-01T00:00:00Z' : undefined },
  spec: { storageClassName: o.cls ?? 'local-path', volumeName: o.volumeName },
});
const pinnedVolume = (name: string, host: string): PersistentVolume => ({
  metadata: { name },
  spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [host] }] }] } } },
});
const classes: Record<string, StorageClass> = {
  'local-path': { metadata: { name: 'local-path' }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' },
  standard: { metadata: { name: 'standard' }, provisioner: 'x', volumeBindingMode: 'Immediate' },
};

function plugin(claims: PersistentVolumeClaim[], volumes: PersistentVolume[] = []): VolumeBinding {
  const lister: VolumeLister = {
    claim: (ns, n) => claims.find((c) => c.metadata?.namespace === ns && c.metadata?.name === n),
    volume: (n) => volumes.find((v) => v.metadata?.name === n),
    storageClass: (n) => classes[n],
  };
  return new VolumeBinding({ volumes: lister, api: NO_API } as unknown as Handle);
}
const podUsing = (...claimNames: string[]) =>
  podInfo('p', { spec: { containers: [], volumes: claimNames.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } })) } });
const nodeInfo = (name: string) => {
  const ni = new NodeInfo(name);
  ni.setNode(makeNode(name, { labels: { 'kubernetes.io/hostname': name } }));
  return ni;
};

describe('VolumeBinding', () => {
  it('skips pods without claims; lists claim and ephemeral volumes', () => {
    assert.equal(plugin([]).preFilter(new CycleState(), podInfo('p'))?.code, 'Skip');
    const pod = podInfo('web-0', { spec: { containers: [], volumes: [{ name: 'a', persistentVolumeClaim: { claimName: 'www' } }, { name: 'scratch', ephemeral: {} }, { name: 'e', emptyDir: {} }] } });
    assert.deepEqual(podClaimNames(pod.pod), ['www', 'web-0-scratch']);
  });

  it('refuses missing, terminating and unbound Immediate claims as unresolvable', () => {
    const p = plugin([claim('gone', { deleting: true }), claim('imm', { cls: 'standard' }), claim('wffc')]);
    const missing = p.preFilter(new CycleState(), podUsing('nope'));
    assert.equal(missing?.code, 'UnschedulableAndUnresolvable');
    assert.equal(missing?.message(), 'persistentvolumeclaim "nope" not found');
    assert.equal(p.preFilter(new CycleState(), podUsing('gone'))?.message(), 'persistentvolumeclaim "gone" is being deleted');
    assert.equal(p.preFilter(new CycleState(), podUsing('imm'))?.message(), ERR_REASON_UNBOUND_IMMEDIATE);
    assert.equal(p.preFilter(new CycleState(), podUsing('wffc')), null, 'WaitForFirstConsumer claims wait for this pod');
  });

  it('keeps the pod on the nodes its bound volumes allow', () => {
    const p = plugin([claim('data', { volumeName: 'pv-a' })], [pinnedVolume('pv-a', 'a')]);
    const state = new CycleState();
    const pod = podUsing('data');
    assert.equal(p.preFilter(state, pod), null);
    assert.equal(p.filter(state, pod, nodeInfo('a')), null);
    const refused = p.filter(state, pod, nodeInfo('b'));
    assert.equal(refused?.code, 'UnschedulableAndUnresolvable');
    assert.equal(refused?.message(), ERR_REASON_NODE_CONFLICT);
  });
});
