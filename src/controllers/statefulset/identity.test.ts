import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatefulSet } from '../../api/types/apps-v1.js';
import { claimsFor, identityLabelPatch, isMemberOf, newStatefulSetPod, parentAndOrdinal } from './identity.js';

const set: StatefulSet = {
  metadata: { name: 'web', namespace: 'ns', uid: 'u' },
  spec: {
    replicas: 2,
    serviceName: 'nginx',
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }], volumes: [{ name: 'www', emptyDir: {} }, { name: 'tmp', emptyDir: {} }] } },
    volumeClaimTemplates: [{ metadata: { name: 'www', labels: { tier: 'data' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
};

describe('StatefulSet pod identity', () => {
  it('parses parent and ordinal from a pod name', () => {
    assert.deepEqual(parentAndOrdinal('web-12'), { parent: 'web', ordinal: 12 });
    assert.deepEqual(parentAndOrdinal('my-web-0'), { parent: 'my-web', ordinal: 0 });
    assert.deepEqual(parentAndOrdinal('web'), { parent: '', ordinal: -1 });
    assert.deepEqual(parentAndOrdinal('web-x'), { parent: '', ordinal: -1 });
    assert.ok(isMemberOf(set, { metadata: { name: 'web-3' } }));
    assert.ok(!isMemberOf(set, { metadata: { name: 'webs-3' } }));
  });

  it('builds the pod with its stable name, labels, hostname, subdomain and claims', () => {
    const p = newStatefulSetPod(set, set.spec!.template, 'web-abc', 1);
    assert.equal(p.metadata?.name, 'web-1');
    assert.equal(p.metadata?.generateName, undefined);
    assert.deepEqual(p.metadata?.labels, { app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': 'web-abc' });
    assert.equal(p.spec?.hostname, 'web-1');
    assert.equal(p.spec?.subdomain, 'nginx');
    assert.deepEqual(p.spec?.volumes, [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } }, { name: 'tmp', emptyDir: {} }]);
    assert.equal(p.metadata?.ownerReferences?.[0]?.kind, 'StatefulSet');
    assert.equal(p.metadata?.ownerReferences?.[0]?.controller, true);
  });

  it('names claims <template>-<set>-<ordinal> with the template and selector labels', () => {
    const c = claimsFor(set, 4).get('www')!;
    assert.equal(c.metadata?.name, 'www-web-4');
    assert.deepEqual(c.metadata?.labels, { tier: 'data', app: 'web' });
    assert.deepEqual(c.spec?.resources?.requests, { storage: '1Gi' });
  });

  it('finds identity labels to repair', () => {
    assert.deepEqual(identityLabelPatch(set, { metadata: { name: 'web-0', labels: {} } }), { 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0' });
    assert.deepEqual(identityLabelPatch(set, newStatefulSetPod(set, set.spec!.template, 'r', 0)), {});
  });
});
