// The ReplicaSet and ReplicationController controllers in a running cluster (test API server,
// simulated nodes, scheduler, controller manager), driven with the real kubectl.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Event, Pod, ReplicationController } from '../../src/api/types/core-v1.js';
import type { ReplicaSet } from '../../src/api/types/apps-v1.js';
import { EVENTS, PODS, REPLICASETS, REPLICATIONCONTROLLERS } from '../../src/client/index.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';

let c: TestCluster;

before(async () => {
  c = await startTestCluster();
});

after(async () => {
  await c?.close();
});

const rsYaml = (ns: string, name: string, replicas: number, app = name) => `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: ${replicas}
  selector:
    matchExpressions:
    - {key: app, operator: In, values: [${app}]}
  template:
    metadata:
      labels: {app: ${app}, tier: web}
    spec:
      containers:
      - name: c
        image: registry.k8s.io/pause:3.9
`;

async function kubectl(args: string[], input?: string): Promise<string> {
  const r = await c.s.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const podsOf = async (ns: string, uid: string) =>
  (await c.client.resource(PODS, ns).list()).items.filter((p) => !p.metadata?.deletionTimestamp && p.metadata?.ownerReferences?.some((r) => r.uid === uid && r.controller));

async function rsSettled(ns: string, name: string, n: number): Promise<ReplicaSet> {
  return waitFor(`${ns}/${name} at ${n} ready replicas`, async () => {
    const rs = await c.client.resource(REPLICASETS, ns).get(name);
    const st = rs.status ?? {};
    const pods = await podsOf(ns, rs.metadata!.uid!);
    return pods.length === n && (st.replicas ?? 0) === n && (st.readyReplicas ?? 0) === n && (st.availableReplicas ?? 0) === n && st.observedGeneration === rs.metadata?.generation && rs;
  });
}

describe('ReplicaSet controller', () => {
  it('creates replicas pods from the template, owned by the ReplicaSet, and reports status', async () => {
    const ns = await c.namespace('rs-basic');
    await kubectl(['create', '-f', '-'], rsYaml(ns, 'web', 3));
    const rs = await rsSettled(ns, 'web', 3);
    assert.equal(rs.status?.fullyLabeledReplicas, 3);
    const pods = await podsOf(ns, rs.metadata!.uid!);
    for (const p of pods) {
      assert.match(p.metadata!.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.deepEqual(p.metadata?.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
      assert.equal(p.metadata?.labels?.tier, 'web');
      assert.ok(p.spec?.nodeName, 'scheduled');
    }
    const events = await waitFor('SuccessfulCreate events', async () => {
      const ev = (await c.client.resource(EVENTS, ns).list()).items.filter((e: Event) => e.reason === 'SuccessfulCreate' && e.involvedObject?.name === 'web');
      return ev.length === 3 && ev;
    });
    const names = new Set(pods.map((p) => `Created pod: ${p.metadata!.name}`));
    for (const e of events) {
      assert.ok(names.has(e.message!), e.message ?? '');
      assert.equal(e.source?.component, 'replicaset-controller');
      assert.equal(e.involvedObject?.kind, 'ReplicaSet');
    }
  });

  it('scales with kubectl scale, replaces a deleted pod, and deletes the extra pods on scale-down', async () => {
    const ns = await c.namespace('rs-scale');
    await kubectl(['create', '-f', '-'], rsYaml(ns, 'api', 1));
    await rsSettled(ns, 'api', 1);
    await kubectl(['-n', ns, 'scale', 'rs/api', '--replicas=4']);
    const rs = await rsSettled(ns, 'api', 4);
    const [victim] = await podsOf(ns, rs.metadata!.uid!);
    await kubectl(['-n', ns, 'delete', 'pod', victim!.metadata!.name!, '--wait=false']);
    await waitFor('a replacement pod', async () => {
      const pods = await podsOf(ns, rs.metadata!.uid!);
      return pods.length === 4 && !pods.some((p) => p.metadata?.name === victim!.metadata!.name) && pods;
    });
    await rsSettled(ns, 'api', 4);
    await kubectl(['-n', ns, 'scale', 'rs/api', '--replicas=2']);
    await rsSettled(ns, 'api', 2);
    const deletes = await waitFor('SuccessfulDelete events', async () => {
      const ev = (await c.client.resource(EVENTS, ns).list()).items.filter((e) => e.reason === 'SuccessfulDelete');
      return ev.length === 2 && ev;
    });
    for (const e of deletes) assert.match(e.message!, /^Deleted pod: api-[a-z0-9]{5}$/);
  });

  it('adopts a matching orphan instead of creating a pod, and releases a pod whose labels stop matching', async () => {
    const ns = await c.namespace('rs-adopt');
    const orphan: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'orphan', namespace: ns, labels: { app: 'cache', tier: 'web' } },
      spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9' }] },
    };
    await c.client.resource(PODS).create(orphan);
    await kubectl(['create', '-f', '-'], rsYaml(ns, 'cache', 2));
    const rs = await rsSettled(ns, 'cache', 2);
    const adopted = await c.client.resource(PODS, ns).get('orphan');
    assert.deepEqual(adopted.metadata?.ownerReferences?.map((r) => [r.kind, r.name, r.uid, r.controller, r.blockOwnerDeletion]), [['ReplicaSet', 'cache', rs.metadata!.uid, true, true]]);
    assert.equal((await c.client.resource(PODS, ns).list()).items.length, 2, 'only one pod created');

    await kubectl(['-n', ns, 'label', 'pod', 'orphan', 'app=elsewhere', '--overwrite']);
    await waitFor('the pod released', async () => !(await c.client.resource(PODS, ns).get('orphan')).metadata?.ownerReferences?.length);
    await rsSettled(ns, 'cache', 2);
    const all = (await c.client.resource(PODS, ns).list()).items;
    assert.equal(all.length, 3, 'a replacement was created; the released pod stays');
  });
});

describe('ReplicationController controller', () => {
  it('keeps replicas pods of an equality selector and scales', async () => {
    const ns = await c.namespace('rc-basic');
    await kubectl(['create', '-f', '-'], `apiVersion: v1
kind: ReplicationController
metadata: {name: legacy, namespace: ${ns}}
spec:
  replicas: 2
  selector: {app: legacy}
  template:
    metadata:
      labels: {app: legacy}
    spec:
      containers:
      - {name: c, image: registry.k8s.io/pause:3.9}
`);
    const settled = (n: number) =>
      waitFor(`rc at ${n}`, async () => {
        const rc: ReplicationController = await c.client.resource(REPLICATIONCONTROLLERS, ns).get('legacy');
        const pods = await podsOf(ns, rc.metadata!.uid!);
        return pods.length === n && rc.status?.replicas === n && rc.status?.readyReplicas === n && rc.status?.availableReplicas === n && rc.status?.fullyLabeledReplicas === n && rc.status.observedGeneration === rc.metadata?.generation && pods;
      });
    const pods = await settled(2);
    for (const p of pods) {
      assert.match(p.metadata!.name!, /^legacy-[a-z0-9]{5}$/);
      assert.equal(p.metadata?.ownerReferences?.[0]?.kind, 'ReplicationController');
      assert.equal(p.metadata?.ownerReferences?.[0]?.apiVersion, 'v1');
    }
    await kubectl(['-n', ns, 'scale', 'rc/legacy', '--replicas=3']);
    await settled(3);
    const ev = await waitFor('events from replication-controller', async () => {
      const e = (await c.client.resource(EVENTS, ns).list()).items.filter((x) => x.reason === 'SuccessfulCreate');
      return e.length === 3 && e;
    });
    assert.ok(ev.every((e) => e.source?.component === 'replication-controller' && e.involvedObject?.kind === 'ReplicationController'));
  });
});
