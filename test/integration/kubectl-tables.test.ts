// Server-side printing with the real kubectl (1.33 and 1.27): the Table columns, cells and
// alignment kubectl prints for pods, nodes, deployments, services, `get all`, -A, -o wide,
// --show-labels, -L, a CRD's printer columns, chunked lists and `get -w`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { EVERY_KIND } from '../fixtures/every-kind.js';
import { request } from '../support/http.js';
import { parseKubectlTable, renderKubectlTable } from '../support/kubectl-table.js';
import { kubectlPath, startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
const NS = 'tables';
const ago = (ms: number) => new Date(Date.now() - ms).toISOString().replace(/\.\d+Z$/, 'Z');

async function create(path: string, body: object): Promise<any> {
  const r = await request(s, { method: 'POST', path, body });
  assert.equal(r.code, 201, r.body.toString());
  return r.json();
}

async function setStatus(path: string, status: object): Promise<void> {
  const cur = (await request(s, { path })).json();
  const r = await request(s, { method: 'PUT', path: `${path}/status`, body: { ...cur, status: { ...cur.status, ...status } } });
  assert.equal(r.code, 200, r.body.toString());
}

const container = (name: string, image = 'nginx:1.27') => ({ name, image });

before(async () => {
  s = await startTestServer();
  await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await create('/api/v1/nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-a', labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'node-a' } },
    spec: { unschedulable: true },
  });
  await setStatus('/api/v1/nodes/node-a', {
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: ago(0), lastTransitionTime: ago(0) }],
    addresses: [{ type: 'InternalIP', address: '172.16.0.10' }, { type: 'Hostname', address: 'node-a' }],
    nodeInfo: { kubeletVersion: 'v1.33.1', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-18-amd64', containerRuntimeVersion: 'containerd://1.7.13', machineID: '', systemUUID: '', bootID: '', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64' },
  });
  const pods = `/api/v1/namespaces/${NS}/pods`;
  await create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web', tier: 'front' } }, spec: { nodeName: 'node-a', containers: [container('nginx')] } });
  await setStatus(`${pods}/web`, {
    phase: 'Running',
    podIP: '10.128.0.5',
    podIPs: [{ ip: '10.128.0.5' }],
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'nginx', ready: true, restartCount: 0, image: 'nginx:1.27', imageID: '', state: { running: { startedAt: ago(1000) } } }],
  });
  await create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'crash', labels: { app: 'crash' } }, spec: { nodeName: 'node-a', containers: [container('app', 'busybox')] } });
  await setStatus(`${pods}/crash`, {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'app',
        ready: false,
        restartCount: 5,
        image: 'busybox',
        imageID: '',
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(20 * 60_000 + 5000) } },
      },
    ],
  });
  await create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'init' }, spec: { initContainers: [container('setup', 'busybox')], containers: [container('app')] } });
  await setStatus(`${pods}/init`, {
    phase: 'Pending',
    initContainerStatuses: [{ name: 'setup', ready: false, restartCount: 0, image: 'busybox', imageID: '', state: { running: { startedAt: ago(0) } } }],
    containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx:1.27', imageID: '', state: { waiting: { reason: 'PodInitializing' } } }],
  });
  await create(`/apis/apps/v1/namespaces/${NS}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container('nginx'), container('sidecar', 'busybox:1.36')] } } },
  });
  await setStatus(`/apis/apps/v1/namespaces/${NS}/deployments/web`, { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 });
  await create(`/api/v1/namespaces/${NS}/services`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }, { name: 'dns', port: 53, protocol: 'UDP' }] },
  });
  await create(`/api/v1/namespaces/${NS}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ port: 443 }] } });
});

after(async () => {
  await s?.close();
});

/** Checks kubectl's output line by line against patterns, and its alignment as a whole. */
function assertTable(out: string, expected: (string | RegExp)[][]): string[][] {
  const rows = parseKubectlTable(out);
  assert.equal(rows.length, expected.length, out);
  rows.forEach((r, i) => {
    assert.equal(r.length, expected[i]!.length, `line ${i}: ${JSON.stringify(r)}\n${out}`);
    r.forEach((c, j) => {
      const want = expected[i]![j]!;
      if (typeof want === 'string') assert.equal(c, want, `line ${i} cell ${j}\n${out}`);
      else assert.match(c, want, `line ${i} cell ${j}\n${out}`);
    });
  });
  assert.equal(out, renderKubectlTable(rows));
  return rows;
}

const AGE = /^\d+s$/;
const CLUSTER_IP = /^10\.43\.\d+\.\d+$/;

for (const version of ['1.33', '1.27']) {
  describe(`kubectl ${version} prints server-side Tables`, () => {
    const k = (args: string[]) => s.kubectl(args, { version });

    it('get pods: READY, STATUS (Running, CrashLoopBackOff, Init:0/1), RESTARTS with the last restart', async () => {
      const r = await k(['get', 'pods', '-n', NS]);
      assert.equal(r.code, 0, r.stderr);
      assertTable(r.stdout, [
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
        ['crash', '0/1', 'CrashLoopBackOff', '5 (20m ago)', AGE],
        ['init', '0/1', 'Init:0/1', '0', AGE],
        ['web', '1/1', 'Running', '0', AGE],
      ]);
    });

    it('get pods -o wide adds IP, NODE, NOMINATED NODE, READINESS GATES', async () => {
      const r = await k(['get', 'pods', '-n', NS, '-o', 'wide']);
      assert.equal(r.code, 0, r.stderr);
      assertTable(r.stdout, [
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
        ['crash', '0/1', 'CrashLoopBackOff', '5 (20m ago)', AGE, '<none>', 'node-a', '<none>', '<none>'],
        ['init', '0/1', 'Init:0/1', '0', AGE, '<none>', '<none>', '<none>', '<none>'],
        ['web', '1/1', 'Running', '0', AGE, '10.128.0.5', 'node-a', '<none>', '<none>'],
      ]);
    });

    it('get pods -A, --show-labels and -L use the row metadata', async () => {
      const all = await k(['get', 'pods', '-A']);
      assert.equal(all.code, 0, all.stderr);
      assertTable(all.stdout, [
        ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
        [NS, 'crash', '0/1', 'CrashLoopBackOff', '5 (20m ago)', AGE],
        [NS, 'init', '0/1', 'Init:0/1', '0', AGE],
        [NS, 'web', '1/1', 'Running', '0', AGE],
      ]);
      const labels = await k(['get', 'pod', 'web', '-n', NS, '--show-labels']);
      assert.equal(labels.code, 0, labels.stderr);
      assertTable(labels.stdout, [
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'LABELS'],
        ['web', '1/1', 'Running', '0', AGE, 'app=web,tier=front'],
      ]);
      const col = await k(['get', 'pods', '-n', NS, '-L', 'app', '-l', 'app']);
      assert.equal(col.code, 0, col.stderr);
      assertTable(col.stdout, [
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'APP'],
        ['crash', '0/1', 'CrashLoopBackOff', '5 (20m ago)', AGE, 'crash'],
        ['web', '1/1', 'Running', '0', AGE, 'web'],
      ]);
    });

    it('get --subresource=status prints the same columns', async () => {
      const r = await k(['get', 'pod', 'crash', '-n', NS, '--subresource=status']);
      assert.equal(r.code, 0, r.stderr);
      assertTable(r.stdout, [
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
        ['crash', '0/1', 'CrashLoopBackOff', '5 (20m ago)', AGE],
      ]);
    });

    it('get nodes (-o wide): Ready,SchedulingDisabled, roles from labels, node info', async () => {
      const r = await k(['get', 'nodes']);
      assert.equal(r.code, 0, r.stderr);
      assertTable(r.stdout, [
        ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
        ['node-a', 'Ready,SchedulingDisabled', 'control-plane', AGE, 'v1.33.1'],
      ]);
      const w = await k(['get', 'nodes', '-o', 'wide']);
      assert.equal(w.code, 0, w.stderr);
      assertTable(w.stdout, [
        ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
        ['node-a', 'Ready,SchedulingDisabled', 'control-plane', AGE, 'v1.33.1', '172.16.0.10', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'containerd://1.7.13'],
      ]);
    });

    it('get deploy,svc prints one table per kind with kind prefixes', async () => {
      const r = await k(['get', 'deploy,svc', '-n', NS]);
      assert.equal(r.code, 0, r.stderr);
      const [deploy, svc] = r.stdout.split('\n\n');
      assertTable(deploy + '\n', [
        ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
        ['deployment.apps/web', '2/3', '3', '2', AGE],
      ]);
      assertTable(svc!, [
        ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
        ['service/lb', 'LoadBalancer', CLUSTER_IP, '<pending>', /^443:3\d{4}\/TCP$/, AGE],
        ['service/web', 'NodePort', CLUSTER_IP, '<none>', /^80:30080\/TCP,53:3\d{4}\/UDP$/, AGE],
      ]);
      const wide = await k(['get', 'deploy', 'web', '-n', NS, '-o', 'wide']);
      assert.equal(wide.code, 0, wide.stderr);
      assertTable(wide.stdout, [
        ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR'],
        ['web', '2/3', '3', '2', AGE, 'nginx,sidecar', 'nginx:1.27,busybox:1.36', 'app=web'],
      ]);
    });

    it('get all lists every kind in the "all" category', async () => {
      const r = await k(['get', 'all', '-n', NS]);
      assert.equal(r.code, 0, r.stderr);
      const blocks = r.stdout.trim().split('\n\n');
      const headers = blocks.map((b) => b.split('\n')[0]!.split(/ {2,}/));
      assert.deepEqual(headers[0], ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      assert.ok(blocks[0]!.includes('pod/web '), r.stdout);
      assert.ok(headers.some((h) => h.join(' ') === 'NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE'), r.stdout);
      assert.ok(blocks.some((b) => /^deployment\.apps\/web +2\/3 +3 +2 +\d+s$/m.test(b)), r.stdout);
    });

    it('get --chunk-size pages through the Table list', async () => {
      const r = await k(['get', 'pods', '-n', NS, '--chunk-size=1']);
      assert.equal(r.code, 0, r.stderr);
      const rows = parseKubectlTable(r.stdout);
      assert.deepEqual(rows.map((x) => x[0]), ['NAME', 'crash', 'init', 'web']);
    });
  });
}

describe('Table responses on the wire', () => {
  const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

  it('list: columns with priorities, list metadata and PartialObjectMetadata rows', async () => {
    const r = await request(s, { path: `/api/v1/namespaces/${NS}/pods?limit=2`, headers: { accept: TABLE } });
    assert.equal(r.code, 200);
    const t = r.json();
    assert.equal(t.kind, 'Table');
    assert.equal(t.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(t.columnDefinitions.map((c: any) => [c.name, c.priority]), [
      ['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1],
    ]);
    assert.equal(t.columnDefinitions[0].format, 'name');
    assert.match(t.metadata.resourceVersion, /^\d+$/);
    assert.ok(t.metadata.continue);
    assert.equal(t.metadata.remainingItemCount, 1);
    assert.equal(t.rows.length, 2);
    assert.equal(t.rows[0].object.kind, 'PartialObjectMetadata');
    assert.equal(t.rows[0].object.apiVersion, 'meta.k8s.io/v1');
    assert.equal(t.rows[0].object.metadata.name, 'crash');
    const next = (await request(s, { path: `/api/v1/namespaces/${NS}/pods?limit=2&continue=${encodeURIComponent(t.metadata.continue)}`, headers: { accept: TABLE } })).json();
    assert.deepEqual(next.rows.map((x: any) => x.cells[0]), ['web']);
    assert.equal(next.metadata.continue, undefined);
  });

  it('v1beta1 when asked first; includeObject=None and Object; plain JSON otherwise', async () => {
    const beta = (await request(s, { path: `/api/v1/namespaces/${NS}/pods/web`, headers: { accept: 'application/json;as=Table;v=v1beta1;g=meta.k8s.io' } })).json();
    assert.equal(beta.apiVersion, 'meta.k8s.io/v1beta1');
    assert.equal(beta.rows[0].object.apiVersion, 'meta.k8s.io/v1beta1');
    const none = (await request(s, { path: `/api/v1/namespaces/${NS}/pods/web?includeObject=None`, headers: { accept: TABLE } })).json();
    assert.equal(none.rows[0].object, undefined);
    const full = (await request(s, { path: `/api/v1/namespaces/${NS}/pods/web?includeObject=Object`, headers: { accept: TABLE } })).json();
    assert.equal(full.rows[0].object.kind, 'Pod');
    assert.equal(full.rows[0].object.spec.nodeName, 'node-a');
    const bad = await request(s, { path: `/api/v1/namespaces/${NS}/pods/web?includeObject=All`, headers: { accept: TABLE } });
    assert.equal(bad.code, 400);
    const plain = (await request(s, { path: `/api/v1/namespaces/${NS}/pods/web`, headers: { accept: 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/json' } })).json();
    assert.equal(plain.kind, 'Pod');
    const protobufTable = (await request(s, { path: `/api/v1/namespaces/${NS}/pods/web`, headers: { accept: 'application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json' } })).json();
    assert.equal(protobufTable.kind, 'Pod');
  });
});

describe('custom resources and watches', () => {
  before(async () => {
    await create('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gizmos.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo', listKind: 'GizmoList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' }, color: { type: 'string' } } }, status: { type: 'object', properties: { phase: { type: 'string' }, conditions: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, status: { type: 'string' } } } } } } } } },
            additionalPrinterColumns: [
              { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
              { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
              { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
              { name: 'Color', type: 'string', jsonPath: '.spec.color', priority: 1 },
              { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
            ],
          },
        ],
      },
    });
    for (let i = 0; i < 100; i++) {
      const r = await request(s, { path: `/apis/example.com/v1/namespaces/${NS}/gizmos` });
      if (r.code === 200) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    await create(`/apis/example.com/v1/namespaces/${NS}/gizmos`, {
      apiVersion: 'example.com/v1',
      kind: 'Gizmo',
      metadata: { name: 'w1' },
      spec: { size: 3, color: 'blue' },
      status: { phase: 'Active', conditions: [{ type: 'Synced', status: 'False' }, { type: 'Ready', status: 'True' }] },
    });
  });

  for (const version of ['1.33', '1.27']) {
    it(`kubectl ${version}: a CRD's additionalPrinterColumns, and CRDs as NAME CREATED AT`, async () => {
      const r = await s.kubectl(['get', 'gizmos', '-n', NS], { version });
      assert.equal(r.code, 0, r.stderr);
      assertTable(r.stdout, [
        ['NAME', 'SIZE', 'PHASE', 'READY', 'AGE'],
        ['w1', '3', 'Active', 'True', AGE],
      ]);
      const w = await s.kubectl(['get', 'gizmos', '-n', NS, '-o', 'wide'], { version });
      assert.equal(w.code, 0, w.stderr);
      assertTable(w.stdout, [
        ['NAME', 'SIZE', 'PHASE', 'READY', 'COLOR', 'AGE'],
        ['w1', '3', 'Active', 'True', 'blue', AGE],
      ]);
      const crd = await s.kubectl(['get', 'crd', 'gizmos.example.com'], { version });
      assert.equal(crd.code, 0, crd.stderr);
      assertTable(crd.stdout, [
        ['NAME', 'CREATED AT'],
        ['gizmos.example.com', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/],
      ]);
    });

    it(`kubectl ${version}: get -w prints a row per change, --watch-only only the changes`, async () => {
      const watchOnly = version === '1.27';
      const child = spawn(kubectlPath(version), ['--kubeconfig', s.kubeconfig, 'get', 'pods', '-n', NS, '-w', ...(watchOnly ? ['--watch-only'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const until = async (pred: () => boolean, what: string) => {
        for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
        assert.ok(pred(), `${what}; got:\n${out}`);
      };
      try {
        if (!watchOnly) await until(() => out.includes('\nweb '), 'initial list');
        else await new Promise((r) => setTimeout(r, 1500));
        const path = `/api/v1/namespaces/${NS}/pods/init`;
        const cur = (await request(s, { path })).json();
        const status = structuredClone(cur.status);
        // Each run makes its own change: Init:Error, then Init:ExitCode:2.
        status.initContainerStatuses[0].state = { terminated: watchOnly ? { exitCode: 2 } : { exitCode: 1, reason: 'Error' } };
        const put = await request(s, { method: 'PUT', path: `${path}/status`, body: { ...cur, status } });
        assert.equal(put.code, 200, put.body.toString());
        const changed = watchOnly ? /^init +0\/1 +Init:ExitCode:2 +0 +\d+s$/m : /^init +0\/1 +Init:Error +0 +\d+s$/m;
        await until(() => changed.test(out), 'the change');
        const rows = parseKubectlTable(out);
        assert.deepEqual(rows[0], ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
        if (watchOnly) assert.deepEqual(rows.slice(1).map((x) => x[0]), ['init']);
        else assert.deepEqual(rows.slice(1).map((x) => x[0]), ['crash', 'init', 'web', 'init']);
      } finally {
        child.kill();
      }
    });
  }
});

describe('a watch of Tables on the wire', () => {
  it('each event is a one-row Table; only the first has column definitions', async () => {
    const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const r = await request(s, { path: `/api/v1/namespaces/${NS}/pods?watch=1&timeoutSeconds=1`, headers: { accept: TABLE } });
    assert.equal(r.code, 200);
    const events = r.body.toString().trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(events.map((e) => [e.type, e.object.kind, e.object.rows.length]), [['ADDED', 'Table', 1], ['ADDED', 'Table', 1], ['ADDED', 'Table', 1]]);
    assert.equal(events[0].object.columnDefinitions.length, 9);
    assert.equal(events[1].object.columnDefinitions, null);
    assert.equal(events[2].object.columnDefinitions, null);
    assert.deepEqual(events.map((e) => e.object.rows[0].object.metadata.name).sort(), ['crash', 'init', 'web']);
    assert.equal(events[0].object.metadata.resourceVersion, events[0].object.rows[0].object.metadata.resourceVersion);
  });
});

const WIDE_HEADERS: Record<string, string> = {
  pods: 'NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES',
  services: 'NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE SELECTOR',
  endpoints: 'NAME ENDPOINTS AGE',
  configmaps: 'NAME DATA AGE',
  secrets: 'NAME TYPE DATA AGE',
  namespaces: 'NAME STATUS AGE',
  nodes: 'NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME',
  serviceaccounts: 'NAME SECRETS AGE',
  replicationcontrollers: 'NAME DESIRED CURRENT READY AGE CONTAINERS IMAGES SELECTOR',
  persistentvolumes: 'NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE VOLUMEMODE',
  persistentvolumeclaims: 'NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE VOLUMEMODE',
  events: 'LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME',
  limitranges: 'NAME CREATED AT',
  resourcequotas: 'NAME AGE REQUEST LIMIT',
  'deployments.apps': 'NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR',
  'replicasets.apps': 'NAME DESIRED CURRENT READY AGE CONTAINERS IMAGES SELECTOR',
  'statefulsets.apps': 'NAME READY AGE CONTAINERS IMAGES',
  'daemonsets.apps': 'NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE CONTAINERS IMAGES SELECTOR',
  'controllerrevisions.apps': 'NAME CONTROLLER REVISION AGE',
  'jobs.batch': 'NAME STATUS COMPLETIONS DURATION AGE CONTAINERS IMAGES SELECTOR',
  'cronjobs.batch': 'NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE CONTAINERS IMAGES SELECTOR',
  'horizontalpodautoscalers.autoscaling': 'NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE',
  'certificatesigningrequests.certificates.k8s.io': 'NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION',
  'poddisruptionbudgets.policy': 'NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE',
  'ingresses.networking.k8s.io': 'NAME CLASS HOSTS ADDRESS PORTS AGE',
  'ingressclasses.networking.k8s.io': 'NAME CONTROLLER PARAMETERS AGE',
  'networkpolicies.networking.k8s.io': 'NAME POD-SELECTOR AGE',
  'storageclasses.storage.k8s.io': 'NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE',
  'csidrivers.storage.k8s.io': 'NAME ATTACHREQUIRED PODINFOONMOUNT STORAGECAPACITY TOKENREQUESTS REQUIRESREPUBLISH MODES AGE',
  'csinodes.storage.k8s.io': 'NAME DRIVERS AGE',
  'csistoragecapacities.storage.k8s.io': 'NAME STORAGECLASSNAME CAPACITY',
  'volumeattachments.storage.k8s.io': 'NAME ATTACHER PV NODE ATTACHED AGE',
  'roles.rbac.authorization.k8s.io': 'NAME CREATED AT',
  'clusterroles.rbac.authorization.k8s.io': 'NAME CREATED AT',
  'rolebindings.rbac.authorization.k8s.io': 'NAME ROLE AGE USERS GROUPS SERVICEACCOUNTS',
  'clusterrolebindings.rbac.authorization.k8s.io': 'NAME ROLE AGE USERS GROUPS SERVICEACCOUNTS',
  'leases.coordination.k8s.io': 'NAME HOLDER AGE',
  'endpointslices.discovery.k8s.io': 'NAME ADDRESSTYPE PORTS ENDPOINTS AGE',
  'events.events.k8s.io': 'LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME',
  'priorityclasses.scheduling.k8s.io': 'NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY',
  'runtimeclasses.node.k8s.io': 'NAME HANDLER AGE',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io': 'NAME WEBHOOKS AGE',
  'validatingwebhookconfigurations.admissionregistration.k8s.io': 'NAME WEBHOOKS AGE',
  'validatingadmissionpolicies.admissionregistration.k8s.io': 'NAME VALIDATIONS PARAMKIND AGE',
  'validatingadmissionpolicybindings.admissionregistration.k8s.io': 'NAME POLICYNAME PARAMREF AGE',
  'customresourcedefinitions.apiextensions.k8s.io': 'NAME CREATED AT',
};

describe('kubectl 1.33 get -o wide on every built-in kind', () => {
  const ns = 'tables-every';
  before(async () => {
    await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });

  for (const f of EVERY_KIND) {
    it(`${f.resource}: upstream's wide header and the object's row`, async () => {
      const manifest = structuredClone(f.manifest) as Record<string, any>;
      if (manifest.involvedObject) manifest.involvedObject.namespace = ns;
      if (manifest.regarding) manifest.regarding.namespace = ns;
      const name = String(manifest.metadata.name);
      const nsArgs = f.namespaced ? ['-n', ns] : [];
      const created = await s.kubectl([...nsArgs, 'create', '-f', '-'], { input: JSON.stringify(manifest) });
      assert.equal(created.code, 0, created.stderr);
      const r = await s.kubectl([...nsArgs, 'get', f.resource, name, '-o', 'wide']);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 2, r.stdout);
      assert.equal(lines[0]!.split(/ {2,}/).join(' '), WIDE_HEADERS[f.resource], r.stdout);
      assert.ok(lines[1]!.includes(name), r.stdout);
      if (!f.resource.startsWith('events')) assert.ok(lines[1]!.startsWith(`${name} `), r.stdout);
    });
  }
});
