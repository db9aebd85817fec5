// The PersistentVolume binder and the local-path provisioner in a running cluster (test API server,
// simulated nodes, scheduler with VolumeBinding, controller manager), driven with the real kubectl
// 1.33 and 1.27: static binding (smallest fitting volume, both sides written, get pv,pvc columns),
// the default class and WaitForFirstConsumer, provisioning on the pod's node with the directory made
// and removed, Retain → Released, a StatefulSet's claims bound per replica and kept on scale-down.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../../src/api/types/core-v1.js';
import { EVENTS, isNotFound, PERSISTENTVOLUMECLAIMS, PERSISTENTVOLUMES, PODS, STATEFULSETS } from '../../src/client/index.js';
import { localVolumeDirectories, newControllerRegistry } from '../../src/controllers/index.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';

let c: TestCluster;
let baseDir: string;
const LONG = 60_000;

before(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'k8ts-local-path-'));
  c = await startTestCluster({ nodes: 2, startDelayMs: 100, registry: newControllerRegistry({ localPath: { baseDir, directories: localVolumeDirectories } }) });
});

after(async () => {
  await c?.close();
  if (baseDir) rmSync(baseDir, { recursive: true, force: true });
});

async function kubectl(args: string[], o: { input?: string; version?: string } = {}): Promise<string> {
  const r = await c.s.kubectl(args, o);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const claim = (ns: string, name: string): Promise<PersistentVolumeClaim> => c.client.resource(PERSISTENTVOLUMECLAIMS, ns).get(name);
const volume = (name: string): Promise<PersistentVolume> => c.client.resource(PERSISTENTVOLUMES).get(name);
const boundClaim = (ns: string, name: string) =>
  waitFor(`claim ${ns}/${name} Bound`, async () => {
    const pvc = await claim(ns, name);
    return pvc.status?.phase === 'Bound' && pvc;
  }, LONG);
const gone = async (get: () => Promise<unknown>): Promise<boolean> => {
  try {
    await get();
    return false;
  } catch (e) {
    return isNotFound(e);
  }
};
const eventsOf = async (ns: string, name: string) =>
  (await c.client.resource(EVENTS, ns).list()).items.filter((e) => e.involvedObject?.kind === 'PersistentVolumeClaim' && e.involvedObject.name === name);

const pvYaml = (name: string, size: string, o: { policy?: string; claimRef?: string } = {}) => `apiVersion: v1
kind: PersistentVolume
metadata: {name: ${name}, labels: {tier: fast}}
spec:
  capacity: {storage: ${size}}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: ${o.policy ?? 'Retain'}
  storageClassName: manual
  hostPath: {path: /tmp/${name}}${o.claimRef ? `\n  claimRef: {namespace: ${o.claimRef.split('/')[0]}, name: ${o.claimRef.split('/')[1]}}` : ''}
`;
const pvcYaml = (ns: string, name: string, o: { cls?: string | null; size?: string; volumeName?: string } = {}) => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}, namespace: ${ns}}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: ${o.size ?? '1Gi'}}}${o.cls === null ? '' : `\n  storageClassName: "${o.cls ?? 'manual'}"`}${o.volumeName ? `\n  volumeName: ${o.volumeName}` : ''}
`;
const podYaml = (ns: string, name: string, claimName: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}}
spec:
  containers:
  - {name: c, image: registry.k8s.io/pause:3.9, volumeMounts: [{name: data, mountPath: /data}]}
  volumes:
  - {name: data, persistentVolumeClaim: {claimName: ${claimName}}}
`;

describe('persistentvolume-binder and local-path provisioner', () => {
  it('binds a claim to the smallest fitting volume on both sides; get pv,pvc print upstream columns (1.33, 1.27); Retain releases', async () => {
    const ns = await c.namespace('vol-static');
    await kubectl(['apply', '-f', '-'], { input: [pvYaml('big', '5Gi'), pvYaml('small', '2Gi'), pvYaml('tiny', '500Mi')].join('---\n') });
    await waitFor('volumes Available', async () => (await c.client.resource(PERSISTENTVOLUMES).list()).items.filter((v) => v.status?.phase === 'Available').length >= 3);
    await kubectl(['apply', '-f', '-'], { input: pvcYaml(ns, 'data') });
    const pvc = await boundClaim(ns, 'data');
    assert.equal(pvc.spec?.volumeName, 'small');
    assert.equal(pvc.metadata?.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
    assert.equal(pvc.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.deepEqual(pvc.status?.capacity, { storage: '2Gi' });
    assert.deepEqual(pvc.status?.accessModes, ['ReadWriteOnce']);
    const pv = await waitFor('small Bound', async () => {
      const v = await volume('small');
      return v.status?.phase === 'Bound' && v;
    });
    assert.equal(pv.spec?.claimRef?.uid, pvc.metadata?.uid);
    assert.equal(pv.spec?.claimRef?.name, 'data');
    assert.ok(pv.spec?.claimRef?.resourceVersion);
    assert.equal(pv.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.equal((await volume('big')).status?.phase, 'Available');
    for (const version of ['1.33', '1.27']) {
      const out = (await kubectl(['get', 'pv', 'small'], { version })).trimEnd().split('\n');
      assert.equal(out[0]!.split(/ {2,}/).join(' '), 'NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE', version);
      assert.deepEqual(out[1]!.split(/ {2,}/).slice(0, 8), ['small', '2Gi', 'RWO', 'Retain', 'Bound', `${ns}/data`, 'manual', '<unset>'], version);
      const claims = (await kubectl(['-n', ns, 'get', 'pvc'], { version })).trimEnd().split('\n');
      assert.equal(claims[0]!.split(/ {2,}/).join(' '), 'NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE', version);
      assert.deepEqual(claims[1]!.split(/ {2,}/).slice(0, 7), ['data', 'Bound', 'small', '2Gi', 'RWO', 'manual', '<unset>'], version);
    }
    await kubectl(['-n', ns, 'delete', 'pvc', 'data']);
    await waitFor('small Released', async () => (await volume('small')).status?.phase === 'Released', LONG);
    assert.equal((await volume('small')).spec?.claimRef?.uid, pvc.metadata?.uid, 'a released volume keeps its claimRef');
  });

  it('honours a volume pre-bound by the user and a claim naming its volume', async () => {
    const ns = await c.namespace('vol-prebound');
    await kubectl(['apply', '-f', '-'], { input: pvYaml('reserved', '10Gi', { claimRef: `${ns}/mine` }) + '---\n' + pvYaml('named', '3Gi') });
    await kubectl(['apply', '-f', '-'], { input: pvcYaml(ns, 'mine') + '---\n' + pvcYaml(ns, 'byname', { volumeName: 'named' }) });
    const mine = await boundClaim(ns, 'mine');
    assert.equal(mine.spec?.volumeName, 'reserved');
    assert.equal(mine.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    const reserved = await volume('reserved');
    assert.equal(reserved.spec?.claimRef?.uid, mine.metadata?.uid);
    assert.equal(reserved.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], undefined, 'the user chose this claim');
    const byName = await boundClaim(ns, 'byname');
    assert.equal(byName.spec?.volumeName, 'named');
    assert.equal(byName.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], undefined, 'the user chose this volume');
    assert.equal((await volume('named')).metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
  });

  it('a hand-made volume with policy Delete goes Failed when its claim is deleted; a bound claim whose volume is deleted goes Lost', async () => {
    const ns = await c.namespace('vol-failed');
    await kubectl(['apply', '-f', '-'], { input: pvYaml('doomed', '1Gi', { policy: 'Delete', claimRef: `${ns}/a` }) + '---\n' + pvYaml('vanishing', '1Gi', { claimRef: `${ns}/b` }) });
    await kubectl(['apply', '-f', '-'], { input: pvcYaml(ns, 'a') + '---\n' + pvcYaml(ns, 'b') });
    await boundClaim(ns, 'a');
    await boundClaim(ns, 'b');
    const both = (await kubectl(['-n', ns, 'get', 'pv/doomed', 'pvc/a'])).trimEnd().split('\n');
    assert.match(both[0]!, /^NAME\s+CAPACITY\s+ACCESS MODES\s+RECLAIM POLICY\s+STATUS\s+CLAIM\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+REASON\s+AGE$/);
    assert.match(both[1]!, new RegExp(`^persistentvolume/doomed\\s+1Gi\\s+RWO\\s+Delete\\s+Bound\\s+${ns}/a\\s+manual\\s+<unset>\\s+\\S+$`));
    assert.match(both[3]!, /^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE$/);
    await kubectl(['-n', ns, 'delete', 'pvc', 'a']);
    const failed = await waitFor('doomed Failed', async () => {
      const v = await volume('doomed');
      return v.status?.phase === 'Failed' && v;
    }, LONG);
    assert.equal(failed.status?.message, 'error getting deleter volume plugin for volume "doomed": no deletable volume plugin matched');
    const row = (await kubectl(['get', 'pv', 'doomed'])).trimEnd().split('\n')[1]!;
    assert.match(row, new RegExp(`^doomed\\s+1Gi\\s+RWO\\s+Delete\\s+Failed\\s+${ns}/a\\s+manual\\s+<unset>\\s+\\S+$`), 'REASON stays empty: the binder sets phase and message only');
    await kubectl(['delete', 'pv', 'vanishing']);
    await waitFor('b Lost', async () => (await claim(ns, 'b')).status?.phase === 'Lost', LONG);
    const lost = await waitFor('ClaimLost', async () => (await eventsOf(ns, 'b')).find((e) => e.reason === 'ClaimLost'));
    assert.equal(lost.type, 'Warning');
  });

  it('a claim with an empty class and no volume stays Pending with FailedBinding', async () => {
    const ns = await c.namespace('vol-noclass');
    await kubectl(['apply', '-f', '-'], { input: pvcYaml(ns, 'orphan', { cls: '', size: '100Gi' }) });
    const ev = await waitFor('FailedBinding', async () => (await eventsOf(ns, 'orphan')).find((e) => e.reason === 'FailedBinding'));
    assert.equal(ev.message, 'no persistent volumes available for this claim and no storage class is set');
    assert.equal(ev.source?.component, 'persistentvolume-controller');
    assert.equal((await claim(ns, 'orphan')).status?.phase, 'Pending');
  });

  it('a claim without class gets local-path, waits for its first consumer, is provisioned on the pod\'s node; deleting it deletes the volume and directory', async () => {
    const ns = await c.namespace('vol-local');
    const sc = await kubectl(['get', 'storageclass']);
    assert.match(sc, /^local-path \(default\)\s+rancher\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s+/m);
    await kubectl(['apply', '-f', '-'], { input: pvcYaml(ns, 'cache', { cls: null }) });
    const pending = await claim(ns, 'cache');
    assert.equal(pending.spec?.storageClassName, 'local-path', 'DefaultStorageClass admission');
    const wait = await waitFor('WaitForFirstConsumer', async () => (await eventsOf(ns, 'cache')).find((e) => e.reason === 'WaitForFirstConsumer'));
    assert.equal(wait.message, 'waiting for first consumer to be created before binding');
    assert.equal((await claim(ns, 'cache')).status?.phase, 'Pending');
    await kubectl(['apply', '-f', '-'], { input: podYaml(ns, 'user', 'cache') });
    const bound = await boundClaim(ns, 'cache');
    const pod = await waitFor('pod running', async () => {
      const p: Pod = await c.client.resource(PODS, ns).get('user');
      return p.status?.phase === 'Running' && p;
    }, LONG);
    const node = pod.spec?.nodeName;
    assert.equal(bound.metadata?.annotations?.['volume.kubernetes.io/selected-node'], node);
    assert.equal(bound.metadata?.annotations?.['volume.kubernetes.io/storage-provisioner'], 'rancher.io/local-path');
    const pvName = `pvc-${bound.metadata?.uid}`;
    assert.equal(bound.spec?.volumeName, pvName);
    const pv = await volume(pvName);
    assert.equal(pv.metadata?.annotations?.['pv.kubernetes.io/provisioned-by'], 'rancher.io/local-path');
    assert.equal(pv.spec?.hostPath?.path, join(baseDir, pvName));
    assert.equal(pv.spec?.persistentVolumeReclaimPolicy, 'Delete');
    assert.equal(pv.spec?.storageClassName, 'local-path');
    assert.deepEqual(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions, [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }]);
    assert.ok(existsSync(join(baseDir, pvName)), 'directory created');
    const reasons = (await eventsOf(ns, 'cache')).map((e) => e.reason);
    assert.ok(reasons.includes('ProvisioningSucceeded') && reasons.includes('ExternalProvisioning'), reasons.join(','));
    const described = await kubectl(['-n', ns, 'describe', 'pvc', 'cache'], { version: '1.27' });
    assert.match(described, /Successfully provisioned volume pvc-/);
    await kubectl(['-n', ns, 'delete', 'pod', 'user', '--wait=true']);
    await kubectl(['-n', ns, 'delete', 'pvc', 'cache']);
    await waitFor('volume deleted', () => gone(() => volume(pvName)), LONG);
    assert.ok(!existsSync(join(baseDir, pvName)), 'directory removed');
  });

  it('a local-path class with Retain keeps the released volume and its directory', async () => {
    const ns = await c.namespace('vol-retain');
    await kubectl(['apply', '-f', '-'], {
      input: 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: keep}\nprovisioner: rancher.io/local-path\nreclaimPolicy: Retain\nvolumeBindingMode: WaitForFirstConsumer\n',
    });
    await kubectl(['apply', '-f', '-'], { input: pvcYaml(ns, 'keepme', { cls: 'keep' }) + '---\n' + podYaml(ns, 'p', 'keepme') });
    const bound = await boundClaim(ns, 'keepme');
    const pvName = bound.spec!.volumeName!;
    await kubectl(['-n', ns, 'delete', 'pod', 'p', '--wait=true']);
    await kubectl(['-n', ns, 'delete', 'pvc', 'keepme']);
    await waitFor('Released', async () => (await volume(pvName)).status?.phase === 'Released', LONG);
    assert.ok(existsSync(join(baseDir, pvName)));
  });

  it('a StatefulSet gets a bound claim per replica; scale-down keeps them bound', async () => {
    const ns = await c.namespace('vol-sts');
    await kubectl(['apply', '-f', '-'], {
      input: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: ${ns}}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: c, image: registry.k8s.io/pause:3.9, volumeMounts: [{name: www, mountPath: /www}]}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`,
    });
    const claims = [await boundClaim(ns, 'www-web-0'), await boundClaim(ns, 'www-web-1')];
    await waitFor('2 ready', async () => (await c.client.resource(STATEFULSETS, ns).get('web')).status?.readyReplicas === 2, LONG);
    for (const [i, pvc] of claims.entries()) {
      const pod: Pod = await c.client.resource(PODS, ns).get(`web-${i}`);
      assert.equal(pvc.metadata?.annotations?.['volume.kubernetes.io/selected-node'], pod.spec?.nodeName);
      assert.equal(pvc.spec?.storageClassName, 'local-path');
    }
    await kubectl(['-n', ns, 'scale', 'statefulset', 'web', '--replicas=1']);
    await waitFor('web-1 gone', () => gone(() => c.client.resource(PODS, ns).get('web-1')), LONG);
    const kept = await claim(ns, 'www-web-1');
    assert.equal(kept.status?.phase, 'Bound');
    assert.equal((await volume(kept.spec!.volumeName!)).status?.phase, 'Bound');
    await kubectl(['-n', ns, 'scale', 'statefulset', 'web', '--replicas=2']);
    const back: Pod = await waitFor('web-1 back', async () => {
      const p: Pod = await c.client.resource(PODS, ns).get('web-1');
      return p.status?.phase === 'Running' && p;
    }, LONG);
    assert.equal(back.spec?.nodeName, kept.metadata?.annotations?.['volume.kubernetes.io/selected-node'], 'the pod follows its volume');
    assert.equal((await claim(ns, 'www-web-1')).spec?.volumeName, kept.spec?.volumeName);
  });
});
