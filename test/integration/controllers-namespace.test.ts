// The namespace, ServiceAccount, token and root CA publisher controllers in a running cluster, with the
// real kubectl: every namespace gets the "default" ServiceAccount and the kube-root-ca.crt
// ConfigMap; `kubectl delete namespace` waits while the controller empties the namespace
// (custom resources and CSIStorageCapacities included) and finalizes it; a terminating namespace
// refuses new content and reports what holds it in its conditions.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Namespace } from '../../src/api/types/core-v1.js';
import { CONFIGMAPS, DEPLOYMENTS, NAMESPACES, PODS, REPLICASETS, SECRETS, SERVICEACCOUNTS, StatusError, isNotFound, resourceRef } from '../../src/client/index.js';

const CSI_STORAGE_CAPACITIES = resourceRef({ group: 'storage.k8s.io', version: 'v1', resource: 'csistoragecapacities', namespaced: true, kind: 'CSIStorageCapacity' });
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { kubectlPath, runKubectl } from '../support/test-server.js';

let c: TestCluster;

const GIZMOS = resourceRef({ group: 'ns.example.com', version: 'v1', resource: 'gizmos', namespaced: true, kind: 'Gizmo' });

before(async () => {
  c = await startTestCluster({ nodes: 1 });
  await kubectl(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gizmos.ns.example.com' },
      spec: {
        group: 'ns.example.com',
        scope: 'Namespaced',
        names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    }),
  });
  await kubectl(['wait', '--for=condition=Established', 'crd/gizmos.ns.example.com', '--timeout=30s']);
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

/** kubectl authenticating with only a bearer token. */
function asToken(token: string, args: string[]) {
  const file = join(c.s.dir, `token-${Math.random().toString(36).slice(2)}.yaml`);
  const ca = Buffer.from(c.s.ca).toString('base64');
  writeFileSync(file, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: ${c.s.url}, certificate-authority-data: ${ca}}}]\nusers: [{name: u, user: {token: ${token}}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`);
  return runKubectl(kubectlPath('1.33'), ['--kubeconfig', file, ...args]);
}

const nsYaml = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

const contentYaml = (ns: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${ns}}
data: {a: "1"}
---
apiVersion: v1
kind: Secret
metadata: {name: token, namespace: ${ns}}
stringData: {t: x}
---
apiVersion: ns.example.com/v1
kind: Gizmo
metadata: {name: g1, namespace: ${ns}}
spec: {size: 1}
---
apiVersion: storage.k8s.io/v1
kind: CSIStorageCapacity
metadata: {name: fast-zone-a, namespace: ${ns}}
storageClassName: fast
capacity: 10Gi
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: registry.k8s.io/pause:3.9}]
`;

describe('ServiceAccount and root CA publisher controllers', () => {
  it('kubectl get sa in a new namespace shows default; a deleted default ServiceAccount comes back', async () => {
    await kubectl(['create', '-f', '-'], { input: nsYaml('sa-new') });
    const out = await waitFor('default in kubectl get sa', async () => {
      const r = await c.s.kubectl(['-n', 'sa-new', 'get', 'sa']);
      return r.code === 0 && /^default\s+0\s+\S+$/m.test(r.stdout) && r.stdout;
    });
    assert.match(out, /^NAME\s+SECRETS\s+AGE$/m);
    const first = await c.client.resource(SERVICEACCOUNTS, 'sa-new').get('default');
    await kubectl(['-n', 'sa-new', 'delete', 'sa', 'default']);
    const again = await waitFor('default recreated', async () => {
      const sa = await c.client.resource(SERVICEACCOUNTS, 'sa-new').get('default').catch(() => undefined);
      return sa && sa.metadata?.uid !== first.metadata?.uid && sa;
    });
    assert.equal(again.metadata?.name, 'default');
  });

  it('publishes the cluster CA as kube-root-ca.crt in every namespace and restores it', async () => {
    for (const ns of ['default', 'kube-system', 'sa-new']) {
      const cm = await waitFor(`kube-root-ca.crt in ${ns}`, () => c.client.resource(CONFIGMAPS, ns).get('kube-root-ca.crt'));
      assert.equal(cm.data?.['ca.crt'], c.s.ca);
      assert.match(cm.metadata?.annotations?.['kubernetes.io/description'] ?? '', /^Contains a CA bundle/);
    }
    await c.client.resource(CONFIGMAPS, 'sa-new').patch('kube-root-ca.crt', { data: { 'ca.crt': 'tampered' } });
    await waitFor('ca.crt restored', async () => (await c.client.resource(CONFIGMAPS, 'sa-new').get('kube-root-ca.crt')).data?.['ca.crt'] === c.s.ca);
  });
});

describe('token controller', () => {
  it('fills a service-account-token Secret with a legacy token the server accepts until the Secret goes', async () => {
    const ns = 'sa-legacy';
    await kubectl(['create', '-f', '-'], { input: nsYaml(ns) });
    const sa = await waitFor('the default ServiceAccount', () => c.client.resource(SERVICEACCOUNTS, ns).get('default'));
    await kubectl(['create', '--validate=false', '-f', '-'], {
      input: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: default-token\n  namespace: ${ns}\n  annotations: {kubernetes.io/service-account.name: default}\ntype: kubernetes.io/service-account-token\n`,
    });
    const secret = await waitFor('the token Secret filled', async () => {
      const s = await c.client.resource(SECRETS, ns).get('default-token');
      return s.data?.token ? s : undefined;
    });
    assert.equal(Buffer.from(secret.data!['ca.crt']!, 'base64').toString(), c.s.ca);
    assert.equal(Buffer.from(secret.data!.namespace!, 'base64').toString(), ns);
    assert.equal(secret.metadata?.annotations?.['kubernetes.io/service-account.uid'], sa.metadata?.uid);
    const token = Buffer.from(secret.data!.token!, 'base64').toString();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    assert.equal(claims.iss, 'kubernetes/serviceaccount');
    assert.equal(claims['kubernetes.io/serviceaccount/secret.name'], 'default-token');
    const who = await asToken(token, ['auth', 'whoami']);
    assert.equal(who.code, 0, who.stderr);
    assert.match(who.stdout, new RegExp(`^Username\\s+system:serviceaccount:${ns}:default$`, 'm'));
    await c.client.resource(SECRETS, ns).delete('default-token');
    await waitFor('the token refused once its Secret is gone', async () => (await asToken(token, ['get', 'configmaps'])).code !== 0);
  });

  it('deletes a token Secret whose service account does not exist', async () => {
    const ns = 'sa-legacy';
    await c.client.resource(SECRETS, ns).create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ghost-token', annotations: { 'kubernetes.io/service-account.name': 'ghost' } },
      type: 'kubernetes.io/service-account-token',
    });
    await waitFor('the orphan token Secret deleted', () => gone(() => c.client.resource(SECRETS, ns).get('ghost-token')));
  });
});

describe('namespace controller', () => {
  for (const version of ['1.33', '1.27']) {
    it(`kubectl ${version} delete namespace waits until everything inside, a custom resource too, is gone`, async () => {
      const ns = `ns-delete-${version.replace('.', '')}`;
      await kubectl(['create', '-f', '-'], { input: nsYaml(ns), version });
      await kubectl(['create', '-f', '-'], { input: contentYaml(ns), version });
      await waitFor('two pods running', async () => (await c.client.resource(PODS, ns).list()).items.filter((p) => p.status?.phase === 'Running').length === 2, 30_000);
      await waitFor('the default ServiceAccount', () => c.client.resource(SERVICEACCOUNTS, ns).get('default'));
      const out = await kubectl(['delete', 'namespace', ns, '--timeout=60s'], { version });
      assert.equal(out.trim(), `namespace "${ns}" deleted`);
      assert.ok(await gone(() => c.client.resource(NAMESPACES).get(ns)), 'the namespace is gone when kubectl returns');
      for (const ref of [CONFIGMAPS, SECRETS, GIZMOS, CSI_STORAGE_CAPACITIES, DEPLOYMENTS, REPLICASETS, PODS, SERVICEACCOUNTS]) {
        assert.deepEqual((await c.client.resource(ref, ns).list()).items, [], `${ref.resource} left in ${ns}`);
      }
    });
  }

  it('a terminating namespace refuses new content (403) and reports the content and finalizers that hold it', async () => {
    const ns = 'ns-held';
    await kubectl(['create', '-f', '-'], { input: nsYaml(ns) });
    await c.client.resource(GIZMOS, ns).create({ apiVersion: 'ns.example.com/v1', kind: 'Gizmo', metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    await c.client.resource(CONFIGMAPS, ns).create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' } });
    await kubectl(['delete', 'namespace', ns, '--wait=false']);
    const held = await waitFor('the conditions naming what remains', async () => {
      const n: Namespace = await c.client.resource(NAMESPACES).get(ns);
      const cond = (t: string) => n.status?.conditions?.find((x) => x.type === t);
      return cond('NamespaceFinalizersRemaining')?.status === 'True' && cond('NamespaceContentRemaining')?.status === 'True' && n;
    });
    assert.equal(held.status?.phase, 'Terminating');
    assert.deepEqual(held.spec?.finalizers, ['kubernetes']);
    const byType = Object.fromEntries((held.status?.conditions ?? []).map((x) => [x.type, x]));
    assert.deepEqual(Object.keys(byType).sort(), [
      'NamespaceContentRemaining', 'NamespaceDeletionContentFailure', 'NamespaceDeletionDiscoveryFailure', 'NamespaceDeletionGroupVersionParsingFailure', 'NamespaceFinalizersRemaining',
    ]);
    assert.deepEqual(
      { reason: byType.NamespaceContentRemaining!.reason, message: byType.NamespaceContentRemaining!.message },
      { reason: 'SomeResourcesRemain', message: 'Some resources are remaining: gizmos.ns.example.com has 1 resource instances' },
    );
    assert.deepEqual(
      { reason: byType.NamespaceFinalizersRemaining!.reason, message: byType.NamespaceFinalizersRemaining!.message },
      { reason: 'SomeFinalizersRemain', message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances' },
    );
    assert.deepEqual(
      { status: byType.NamespaceDeletionDiscoveryFailure!.status, reason: byType.NamespaceDeletionDiscoveryFailure!.reason, message: byType.NamespaceDeletionDiscoveryFailure!.message },
      { status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
    );
    assert.equal(byType.NamespaceDeletionContentFailure!.reason, 'ContentDeleted');
    assert.ok(await gone(() => c.client.resource(CONFIGMAPS, ns).get('plain')), 'unheld content is deleted');

    await assert.rejects(c.client.resource(CONFIGMAPS, ns).create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } }), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, 403);
      assert.equal(e.reason, 'Forbidden');
      assert.equal(e.message, `configmaps "late" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`);
      assert.deepEqual(e.details?.causes, [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }]);
      return true;
    });
    const r = await c.s.kubectl(['-n', ns, 'create', 'configmap', 'late2', '--from-literal=a=b']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /configmaps "late2" is forbidden: unable to create new content in namespace ns-held because it is being terminated/);

    await c.client.resource(GIZMOS, ns).patch('held', { metadata: { finalizers: null } });
    await waitFor('the namespace gone once its content is', () => gone(() => c.client.resource(NAMESPACES).get(ns)), 30_000);
  });
});
