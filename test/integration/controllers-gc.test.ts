// The garbage collector in a running cluster, driven with the real kubectl: cascading deletion in
// the background (the default), with --cascade=orphan and with --cascade=foreground; the
// orphaning default of v1 ReplicationControllers; custom resources as dependents.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReplicaSet } from '../../src/api/types/apps-v1.js';
import type { Pod } from '../../src/api/types/core-v1.js';
import { CONFIGMAPS, DEPLOYMENTS, PODS, REPLICASETS, REPLICATIONCONTROLLERS, isNotFound, resourceRef } from '../../src/client/index.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { request } from '../support/http.js';

let c: TestCluster;

before(async () => {
  c = await startTestCluster({ nodes: 2 });
});

after(async () => {
  await c?.close();
});

async function kubectl(args: string[], o: { input?: string; version?: string } = {}): Promise<string> {
  const r = await c.s.kubectl(args, o);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const gone = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
    return false;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
};

const deploymentYaml = (ns: string, name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: c
        image: registry.k8s.io/pause:3.9
`;

/** A Deployment with its ReplicaSet and n running pods. */
async function deployment(ns: string, name: string, n: number): Promise<{ rs: ReplicaSet; pods: Pod[] }> {
  await kubectl(['create', '-f', '-'], { input: deploymentYaml(ns, name, n) });
  return waitFor(`${name} with ${n} pods`, async () => {
    const d = await c.client.resource(DEPLOYMENTS, ns).get(name);
    const rs = (await c.client.resource(REPLICASETS, ns).list()).items.filter((r) => r.metadata?.ownerReferences?.some((o) => o.uid === d.metadata?.uid));
    if (rs.length !== 1) return undefined;
    const pods = (await c.client.resource(PODS, ns).list()).items.filter((p) => p.metadata?.ownerReferences?.some((o) => o.uid === rs[0]!.metadata?.uid));
    return pods.length === n && { rs: rs[0]!, pods };
  }, 30_000);
}

const listIn = async (ns: string) => ({
  rs: (await c.client.resource(REPLICASETS, ns).list()).items,
  pods: (await c.client.resource(PODS, ns).list()).items,
});

describe('garbage collector', () => {
  it('kubectl delete deployment removes its ReplicaSet and pods (background)', async () => {
    const ns = await c.namespace('gc-background');
    await deployment(ns, 'web', 2);
    await kubectl(['-n', ns, 'delete', 'deployment', 'web']);
    await waitFor('ReplicaSets and pods collected', async () => {
      const { rs, pods } = await listIn(ns);
      return rs.length === 0 && pods.length === 0;
    }, 30_000);
  });

  it('--cascade=orphan leaves the ReplicaSet without ownerReferences and its pods in place', async () => {
    const ns = await c.namespace('gc-orphan');
    const { rs, pods } = await deployment(ns, 'web', 2);
    await kubectl(['-n', ns, 'delete', 'deployment', 'web', '--cascade=orphan']);
    await waitFor('the Deployment gone', () => gone(() => c.client.resource(DEPLOYMENTS, ns).get('web')));
    const orphan = await waitFor('the ReplicaSet orphaned', async () => {
      const r = await c.client.resource(REPLICASETS, ns).get(rs.metadata!.name!);
      return !r.metadata?.ownerReferences?.length && r;
    });
    assert.equal(orphan.metadata?.uid, rs.metadata?.uid);
    assert.equal(orphan.metadata?.deletionTimestamp, undefined);
    // The pods still belong to the ReplicaSet (only references to the deleted owner go).
    const now = (await c.client.resource(PODS, ns).list()).items;
    assert.deepEqual(now.map((p) => p.metadata?.uid).sort(), pods.map((p) => p.metadata?.uid).sort());
    for (const p of now) assert.equal(p.metadata?.ownerReferences?.[0]?.uid, rs.metadata?.uid);
  });

  it('--cascade=foreground deletes the dependents first; the owner waits with deletionTimestamp and the foregroundDeletion finalizer', async () => {
    const ns = await c.namespace('gc-foreground');
    const { rs, pods } = await deployment(ns, 'web', 2);
    // A finalizer of our own holds one pod, so the chain stays observable.
    const held = pods[0]!.metadata!.name!;
    await c.client.resource(PODS, ns).patch(held, { metadata: { finalizers: ['example.com/hold'] } });
    await kubectl(['-n', ns, 'delete', 'deployment', 'web', '--cascade=foreground', '--wait=false']);
    const d = await c.client.resource(DEPLOYMENTS, ns).get('web');
    assert.ok(d.metadata?.deletionTimestamp, 'the Deployment carries a deletionTimestamp');
    assert.deepEqual(d.metadata?.finalizers, ['foregroundDeletion']);
    // The ReplicaSet is deleted in the foreground too (it has dependents of its own).
    await waitFor('the ReplicaSet deleting its pods in the foreground', async () => {
      const r = await c.client.resource(REPLICASETS, ns).get(rs.metadata!.name!);
      return !!r.metadata?.deletionTimestamp && r.metadata.finalizers?.includes('foregroundDeletion');
    });
    await waitFor('the free pod gone and the held one terminating', async () => {
      const left = (await c.client.resource(PODS, ns).list()).items;
      return left.length === 1 && left[0]!.metadata?.name === held && !!left[0]!.metadata?.deletionTimestamp;
    }, 30_000);
    assert.ok((await c.client.resource(DEPLOYMENTS, ns).get('web')).metadata?.deletionTimestamp, 'the Deployment is still there while a blocking dependent remains');
    await c.client.resource(PODS, ns).patch(held, { metadata: { finalizers: null } });
    await waitFor('Deployment, ReplicaSet and pods all gone', async () => {
      const { rs: r, pods: p } = await listIn(ns);
      return r.length === 0 && p.length === 0 && (await gone(() => c.client.resource(DEPLOYMENTS, ns).get('web')));
    }, 30_000);
  });

  it('kubectl 1.27 delete replicaset cascades in the background', async () => {
    const ns = await c.namespace('gc-kubectl127');
    const { rs } = await deployment(ns, 'web', 1);
    await kubectl(['-n', ns, 'delete', 'deployment', 'web', '--cascade=orphan'], { version: '1.27' });
    await waitFor('the ReplicaSet orphaned', async () => !(await c.client.resource(REPLICASETS, ns).get(rs.metadata!.name!)).metadata?.ownerReferences?.length);
    await kubectl(['-n', ns, 'delete', 'replicaset', rs.metadata!.name!], { version: '1.27' });
    await waitFor('the pods collected', async () => (await c.client.resource(PODS, ns).list()).items.length === 0, 30_000);
  });

  it('a v1 ReplicationController deleted without a policy orphans its pods (its upstream default)', async () => {
    const ns = await c.namespace('gc-rc-default');
    await c.client.resource(REPLICATIONCONTROLLERS, ns).create({
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'rc' },
      spec: { replicas: 1, selector: { app: 'rc' }, template: { metadata: { labels: { app: 'rc' } }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9' }] } } },
    });
    const pod = await waitFor('the RC pod', async () => (await c.client.resource(PODS, ns).list()).items[0]);
    const res = (await c.client.resource(REPLICATIONCONTROLLERS, ns).delete('rc')) as { metadata?: { finalizers?: string[] } };
    assert.deepEqual(res.metadata?.finalizers, ['orphan']);
    await waitFor('the RC gone', () => gone(() => c.client.resource(REPLICATIONCONTROLLERS, ns).get('rc')));
    const after = await c.client.resource(PODS, ns).get(pod.metadata!.name!);
    assert.equal(after.metadata?.uid, pod.metadata?.uid);
    assert.equal(after.metadata?.ownerReferences, undefined);
  });

  it('a batch/v1 Job deleted without a policy keeps its pods and says so in a warning (upstream default)', async () => {
    const ns = await c.namespace('gc-job-default');
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9' }] } } } };
    assert.equal((await request(c.s, { method: 'POST', path: `/apis/batch/v1/namespaces/${ns}/jobs`, body: job })).code, 201);
    const res = await request(c.s, { method: 'DELETE', path: `/apis/batch/v1/namespaces/${ns}/jobs/j` });
    assert.equal(res.code, 200);
    assert.match(String(res.headers.warning), /^299 - "child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning"$/);
    assert.deepEqual(res.json().metadata.finalizers, ['orphan']);
    await waitFor('the Job gone once orphaned', async () => (await request(c.s, { path: `/apis/batch/v1/namespaces/${ns}/jobs/j` })).code === 404);
    const bg = await request(c.s, { method: 'POST', path: `/apis/batch/v1/namespaces/${ns}/jobs`, body: { ...job, metadata: { name: 'k' } } });
    assert.equal(bg.code, 201);
    const quiet = await request(c.s, { method: 'DELETE', path: `/apis/batch/v1/namespaces/${ns}/jobs/k?propagationPolicy=Background` });
    assert.equal(quiet.headers.warning, undefined);
  });

  it('collects a custom resource whose owner is deleted (resources found by discovery after a CRD appears)', async () => {
    const ns = await c.namespace('gc-custom');
    await kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.gc.example.com' },
        spec: {
          group: 'gc.example.com',
          scope: 'Namespaced',
          names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
        },
      }),
    });
    await kubectl(['wait', '--for=condition=Established', 'crd/gadgets.gc.example.com', '--timeout=30s']);
    const owner = await c.client.resource(CONFIGMAPS, ns).create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } });
    const GADGETS = resourceRef({ group: 'gc.example.com', version: 'v1', resource: 'gadgets', namespaced: true, kind: 'Gadget' });
    await c.client.resource(GADGETS, ns).create({
      apiVersion: 'gc.example.com/v1',
      kind: 'Gadget',
      metadata: { name: 'g', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata!.uid! }] },
    });
    await kubectl(['-n', ns, 'delete', 'configmap', 'owner']);
    await waitFor('the Gadget collected', () => gone(() => c.client.resource(GADGETS, ns).get('g')), 60_000);
  });
});
