// Discovery as the real kubectl (1.33 and 1.27) reads it: `api-resources` (names, short names,
// group-versions, scope, kinds), `api-versions`, short names and categories resolving in `get`
// (`kubectl get all`), a CRD appearing once established and disappearing once deleted, the
// aggregated discovery documents (apidiscovery.k8s.io v2 for 1.33, v2beta1 for 1.27), and the
// verbs a resource does not allow answered 405 as upstream does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
const NS = 'disco';
const VERSIONS = ['1.33', '1.27'];

// Rows upstream 1.33 prints for `kubectl api-resources` (NAME, SHORTNAMES, APIVERSION, NAMESPACED, KIND).
const EXPECTED_ROWS = [
  ['configmaps', 'cm', 'v1', 'true', 'ConfigMap'],
  ['endpoints', 'ep', 'v1', 'true', 'Endpoints'],
  ['namespaces', 'ns', 'v1', 'false', 'Namespace'],
  ['nodes', 'no', 'v1', 'false', 'Node'],
  ['persistentvolumeclaims', 'pvc', 'v1', 'true', 'PersistentVolumeClaim'],
  ['persistentvolumes', 'pv', 'v1', 'false', 'PersistentVolume'],
  ['pods', 'po', 'v1', 'true', 'Pod'],
  ['replicationcontrollers', 'rc', 'v1', 'true', 'ReplicationController'],
  ['serviceaccounts', 'sa', 'v1', 'true', 'ServiceAccount'],
  ['services', 'svc', 'v1', 'true', 'Service'],
  ['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', 'false', 'CustomResourceDefinition'],
  ['daemonsets', 'ds', 'apps/v1', 'true', 'DaemonSet'],
  ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'],
  ['replicasets', 'rs', 'apps/v1', 'true', 'ReplicaSet'],
  ['statefulsets', 'sts', 'apps/v1', 'true', 'StatefulSet'],
  ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', 'true', 'HorizontalPodAutoscaler'],
  ['cronjobs', 'cj', 'batch/v1', 'true', 'CronJob'],
  ['jobs', '', 'batch/v1', 'true', 'Job'],
  ['leases', '', 'coordination.k8s.io/v1', 'true', 'Lease'],
  ['endpointslices', '', 'discovery.k8s.io/v1', 'true', 'EndpointSlice'],
  ['events', 'ev', 'events.k8s.io/v1', 'true', 'Event'],
  ['ingresses', 'ing', 'networking.k8s.io/v1', 'true', 'Ingress'],
  ['networkpolicies', 'netpol', 'networking.k8s.io/v1', 'true', 'NetworkPolicy'],
  ['poddisruptionbudgets', 'pdb', 'policy/v1', 'true', 'PodDisruptionBudget'],
  ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRoleBinding'],
  ['storageclasses', 'sc', 'storage.k8s.io/v1', 'false', 'StorageClass'],
  ['csidrivers', '', 'storage.k8s.io/v1', 'false', 'CSIDriver'],
  ['csinodes', '', 'storage.k8s.io/v1', 'false', 'CSINode'],
  ['csistoragecapacities', '', 'storage.k8s.io/v1', 'true', 'CSIStorageCapacity'],
  ['volumeattachments', '', 'storage.k8s.io/v1', 'false', 'VolumeAttachment'],
  ['runtimeclasses', '', 'node.k8s.io/v1', 'false', 'RuntimeClass'],
];

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wg'], categories: ['all'] },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
  },
};

/** kubectl's table cut at the header's column starts, so empty cells (no short names) stay in place. */
function parseKubectlTable(out: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = out.split('\n').filter((l) => l.trim() !== '');
  const starts = [...head!.matchAll(/\S+/g)].map((m) => m.index!);
  const cut = (l: string) => starts.map((st, i) => l.slice(st, i + 1 < starts.length ? starts[i + 1] : undefined).trim());
  return { header: cut(head!), rows: lines.map(cut) };
}

async function create(path: string, body: object): Promise<void> {
  const r = await request(s, { method: 'POST', path, body });
  assert.equal(r.code, 201, r.body.toString());
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  s = await startTestServer();
  await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const labels = { app: 'web' };
  await create(`/apis/apps/v1/namespaces/${NS}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  });
  await create(`/api/v1/namespaces/${NS}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: labels, ports: [{ port: 80 }] } });
  await create(`/api/v1/namespaces/${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } });
});

after(async () => {
  await s?.close();
});

for (const version of VERSIONS) {
  describe(`discovery with kubectl ${version}`, () => {
    it('api-resources lists every built-in resource with upstream columns', async () => {
      const r = await s.kubectl(['api-resources'], { version });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const table = parseKubectlTable(r.stdout);
      assert.deepEqual(table.header, ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
      const rows = new Map(table.rows.map((row) => [`${row[0]} ${row[2]}`, row]));
      for (const want of EXPECTED_ROWS) assert.deepEqual(rows.get(`${want[0]} ${want[2]}`), want, `row for ${want[0]}`);
      // Subresources are not listed as resources.
      assert.ok(!table.rows.some((row) => row[0]!.includes('/')), 'no subresource rows');
    });

    it('api-resources -o wide shows verbs and categories; --namespaced=false filters', async () => {
      const r = await s.kubectl(['api-resources', '-o', 'wide', '--api-group=apps'], { version });
      assert.equal(r.code, 0, r.stderr);
      const table = parseKubectlTable(r.stdout);
      assert.deepEqual(table.header, ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', 'VERBS', 'CATEGORIES']);
      const deploy = table.rows.find((row) => row[0] === 'deployments')!;
      assert.equal(deploy[5], 'create,delete,deletecollection,get,list,patch,update,watch');
      assert.equal(deploy[6], 'all');
      const names = (await s.kubectl(['api-resources', '--namespaced=false', '-o', 'name'], { version })).stdout.trim().split('\n');
      assert.ok(names.includes('nodes') && names.includes('namespaces') && names.includes('clusterroles.rbac.authorization.k8s.io'), names.join(' '));
      assert.ok(!names.includes('pods'));
    });

    it('api-versions lists the served group-versions', async () => {
      const r = await s.kubectl(['api-versions'], { version });
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trim().split('\n');
      for (const gv of ['v1', 'apps/v1', 'batch/v1', 'autoscaling/v1', 'autoscaling/v2', 'policy/v1', 'networking.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'apiextensions.k8s.io/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1', 'storage.k8s.io/v1', 'node.k8s.io/v1']) {
        assert.ok(lines.includes(gv), `${gv} in ${lines.join(' ')}`);
      }
      assert.deepEqual(lines, [...lines].sort());
    });

    it('short names resolve and `get all` shows the "all" category', async () => {
      const cm = await s.kubectl(['get', 'cm', 'settings', '-n', NS, '-o', 'name'], { version });
      assert.equal(cm.code, 0, cm.stderr);
      assert.equal(cm.stdout.trim(), 'configmap/settings');
      const deploy = await s.kubectl(['get', 'deploy', '-n', NS, '-o', 'name'], { version });
      assert.equal(deploy.stdout.trim(), 'deployment.apps/web');
      const all = await s.kubectl(['get', 'all', '-n', NS, '-o', 'name'], { version });
      assert.equal(all.code, 0, all.stderr);
      const names = all.stdout.trim().split('\n');
      assert.ok(names.includes('service/web'), names.join(' '));
      assert.ok(names.includes('deployment.apps/web'), names.join(' '));
      assert.ok(!names.includes('configmap/settings'), 'configmaps are not in "all"');
    });
  });
}

describe('CRDs in discovery', () => {
  it('appear once established, with short names and categories, and go away when deleted', async () => {
    await create('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', CRD);
    await until('the CRD to be established', async () => {
      const r = await request(s, { path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com' });
      return (r.json().status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Established' && c.status === 'True');
    });
    await create(`/apis/example.com/v1/namespaces/${NS}/widgets`, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3 } });
    for (const version of VERSIONS) {
      const r = await s.kubectl(['api-resources', '--api-group=example.com'], { version });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(parseKubectlTable(r.stdout).rows, [['widgets', 'wg', 'example.com/v1', 'true', 'Widget']], version);
      const byShort = await s.kubectl(['get', 'wg', '-n', NS, '-o', 'name'], { version });
      assert.equal(byShort.stdout.trim(), 'widget.example.com/w1', version + byShort.stderr);
      const all = await s.kubectl(['get', 'all', '-n', NS, '-o', 'name'], { version });
      assert.ok(all.stdout.split('\n').includes('widget.example.com/w1'), `${version}: ${all.stdout}`);
    }
    const del = await request(s, { method: 'DELETE', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com' });
    assert.ok([200, 202].includes(del.code), del.body.toString());
    await until('the group to leave discovery', async () => !(await request(s, { path: '/apis' })).json().groups.some((g: { name: string }) => g.name === 'example.com'));
    // A fresh discovery cache: kubectl keeps what it discovered on disk for hours, as upstream's does.
    const gone = await s.kubectl(['get', 'widgets', '-n', NS, '--cache-dir', `${s.dir}/fresh-kube-cache`]);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /the server doesn't have a resource type "widgets"/);
  });
});

describe('aggregated discovery documents', () => {
  for (const [v, accept] of [
    ['v2', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'],
    ['v2beta1', 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList'],
  ] as const) {
    it(`/apis and /api answer apidiscovery.k8s.io/${v} when asked`, async () => {
      const r = await request(s, { path: '/apis', headers: { accept } });
      assert.equal(r.code, 200);
      assert.match(String(r.headers['content-type']), new RegExp(`g=apidiscovery.k8s.io;\\s*v=${v};\\s*as=APIGroupDiscoveryList`));
      const doc = r.json();
      assert.equal(doc.apiVersion, `apidiscovery.k8s.io/${v}`);
      assert.equal(doc.kind, 'APIGroupDiscoveryList');
      const apps = doc.items.find((g: { metadata: { name: string } }) => g.metadata.name === 'apps');
      const deployments = apps.versions[0].resources.find((x: { resource: string }) => x.resource === 'deployments');
      assert.equal(deployments.responseKind.kind, 'Deployment');
      assert.equal(deployments.scope, 'Namespaced');
      assert.equal(deployments.singularResource, 'deployment');
      assert.deepEqual(deployments.shortNames, ['deploy']);
      assert.deepEqual(deployments.categories, ['all']);
      assert.deepEqual(deployments.subresources.map((x: { subresource: string }) => x.subresource).sort(), ['scale', 'status']);
      const core = (await request(s, { path: '/api', headers: { accept } })).json();
      const ns = core.items[0].versions[0].resources.find((x: { resource: string }) => x.resource === 'namespaces');
      assert.deepEqual([...ns.verbs].sort(), ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
      assert.equal(ns.scope, 'Cluster');
    });
  }

  it('a verb the resource does not have is 405 MethodNotAllowed', async () => {
    const r = await request(s, { method: 'DELETE', path: '/api/v1/namespaces' });
    assert.equal(r.code, 405, r.body.toString());
    const st = r.json();
    assert.equal(st.kind, 'Status');
    assert.equal(st.reason, 'MethodNotAllowed');
    assert.equal(st.message, 'the server does not allow this method on the requested resource');
  });
});
