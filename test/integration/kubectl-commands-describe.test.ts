// kubectl describe with the real kubectl 1.33 and 1.27 for pods, deployments, services,
// namespaces and configmaps: the top-level fields kubectl reads from our objects, and the Events
// section built from Events we create for the object (kubectl finds them by involvedObject
// name, namespace, kind and uid). describe node is in kubectl-nodes.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNamespace, KUBECTL_VERSIONS, kubectlSession, lines, type KubectlSession } from '../support/kubectl-session.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

/** The `Key: value` lines at the top level of a describe output (no indentation). */
function fields(out: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of out.split('\n')) {
    const x = /^([A-Z][^:]*):\s*(.*)$/.exec(l);
    if (x && !m.has(x[1]!)) m.set(x[1]!, x[2]!.trimEnd());
  }
  return m;
}

/** Creates an Event about an object, as a controller's recorder would. */
async function recordEvent(k: KubectlSession, obj: any, reason: string, message: string, type = 'Normal'): Promise<void> {
  const now = Date.now();
  const ev = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${obj.metadata.name}.${reason.toLowerCase()}`, namespace: obj.metadata.namespace ?? 'default' },
    involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid },
    reason,
    message,
    type,
    source: { component: 'k8ts-test' },
    firstTimestamp: new Date(now - 10 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    lastTimestamp: new Date(now - 30_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    count: 4,
  };
  await k.ok(['create', '-f', '-'], { input: JSON.stringify(ev) });
}

/** The Events section: its header lines and rows split into cells. */
function eventsSection(out: string): string[][] {
  const ls = lines(out);
  const at = ls.findIndex((l) => l.startsWith('Events:'));
  assert.ok(at >= 0, out);
  return ls.slice(at + 1).map((l) => l.trim().split(/ {2,}/));
}

function assertOneEvent(out: string, type: string, reason: string, message: string): void {
  const [head, rule, row, ...rest] = eventsSection(out);
  assert.deepEqual(head, ['Type', 'Reason', 'Age', 'From', 'Message'], out);
  assert.deepEqual(rule, ['----', '------', '----', '----', '-------']);
  assert.equal(rest.length, 0, out);
  assert.equal(row![0], type);
  assert.equal(row![1], reason);
  assert.match(row![2]!, /^(29|3\d)s \(x4 over 10m\)$/);
  assert.equal(row![3], 'k8ts-test');
  assert.equal(row![4], message);
}

for (const version of KUBECTL_VERSIONS) {
  describe(`kubectl ${version} describe`, () => {
    const ns = `desc-${version.replace('.', '-')}`;
    const k = () => kubectlSession(s, version, ns);

    before(async () => {
      await createNamespace(s, ns);
    });

    it('pod: fields, containers, default tolerations, and its Events', async () => {
      await k().ok(['run', 'web', '--image=nginx:1.25', '--labels=app=web', '--port=8080', '--restart=Never']);
      const before = await k().ok(['describe', 'pod', 'web']);
      assert.match(before, /\nEvents: +<none>\n$/);
      await recordEvent(k(), await k().json(['pod', 'web']), 'Scheduling', 'waiting for a node', 'Warning');
      const out = await k().ok(['describe', 'pod', 'web']);
      const f = fields(out);
      assert.equal(f.get('Name'), 'web');
      assert.equal(f.get('Namespace'), ns);
      assert.equal(f.get('Priority'), '0');
      assert.equal(f.get('Service Account'), 'default');
      assert.equal(f.get('Node'), '<none>');
      assert.equal(f.get('Labels'), 'app=web');
      assert.equal(f.get('Status'), 'Pending');
      assert.equal(f.get('QoS Class'), 'BestEffort');
      assert.equal(f.get('Tolerations'), 'node.kubernetes.io/not-ready:NoExecute op=Exists for 300s');
      assert.match(out, /\n {4}Image: {8}nginx:1\.25\n {4}Port: {9}8080\/TCP\n/);
      assertOneEvent(out, 'Warning', 'Scheduling', 'waiting for a node');
    });

    it('deployment: replicas line, strategy, pod template, and its Events', async () => {
      const d = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', labels: { app: 'api' } },
        spec: { replicas: 3, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } } },
      };
      await k().ok(['create', '-f', '-'], { input: JSON.stringify(d) });
      await recordEvent(k(), await k().json(['deployment', 'api']), 'ScalingReplicaSet', 'Scaled up replica set api-1 to 3');
      const out = await k().ok(['describe', 'deployment', 'api']);
      const f = fields(out);
      assert.equal(f.get('Name'), 'api');
      assert.equal(f.get('Selector'), 'app=api');
      assert.equal(f.get('Replicas'), '3 desired | 0 updated | 0 total | 0 available | 0 unavailable');
      assert.equal(f.get('StrategyType'), 'RollingUpdate');
      assert.equal(f.get('MinReadySeconds'), '0');
      assert.equal(f.get('RollingUpdateStrategy'), '25% max unavailable, 25% max surge');
      assert.match(f.get('CreationTimestamp')!, /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      assert.match(out, /\n {3}app:\n {4}Image: +nginx:1\.25\n/);
      assertOneEvent(out, 'Normal', 'ScalingReplicaSet', 'Scaled up replica set api-1 to 3');
    });

    it('service: type, IPs, ports, endpoints, and its Events', async () => {
      const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'front' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
      await k().ok(['create', '-f', '-'], { input: JSON.stringify(svc) });
      const obj = await k().json(['service', 'front']);
      await recordEvent(k(), obj, 'Synced', 'service synced');
      const out = await k().ok(['describe', 'service', 'front']);
      const f = fields(out);
      assert.equal(f.get('Selector'), 'app=web');
      assert.equal(f.get('Type'), 'ClusterIP');
      assert.equal(f.get('IP Family Policy'), 'SingleStack');
      assert.equal(f.get('IP Families'), 'IPv4');
      assert.equal(f.get('IP'), obj.spec.clusterIP);
      assert.match(obj.spec.clusterIP, /^10\.43\.\d+\.\d+$/);
      assert.equal(f.get('Port'), 'http  80/TCP');
      assert.equal(f.get('TargetPort'), '8080/TCP');
      assert.equal(f.get('Endpoints'), '<none>');
      assert.equal(f.get('Session Affinity'), 'None');
      assertOneEvent(out, 'Normal', 'Synced', 'service synced');
    });

    it('configmap: Data section and its Events', async () => {
      await k().ok(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } }) });
      await recordEvent(k(), await k().json(['configmap', 'settings']), 'Reloaded', 'settings reloaded');
      const out = await k().ok(['describe', 'configmap', 'settings']);
      assert.equal(fields(out).get('Name'), 'settings');
      assert.match(out, /\nData\n====\nmode:\n----\nfast\n/);
      assertOneEvent(out, 'Normal', 'Reloaded', 'settings reloaded');
    });

    it('namespace: status, resource quotas and limit ranges (upstream prints no Events for namespaces)', async () => {
      const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '10' } } };
      await k().ok(['create', '-f', '-'], { input: JSON.stringify(quota) });
      const out = await k().ok(['describe', 'namespace', ns]);
      const f = fields(out);
      assert.equal(f.get('Name'), ns);
      assert.equal(f.get('Labels'), `kubernetes.io/metadata.name=${ns}`);
      assert.equal(f.get('Status'), 'Active');
      assert.match(out, /\nResource Quotas\n {2}Name: +q\n {2}Resource +Used +Hard\n/);
      assert.match(out, /\nNo LimitRange resource\.\n?$/);
    });

    it('describe of a missing object says NotFound', async () => {
      const err = await k().fail(['describe', 'pod', 'ghost']);
      assert.equal(err.trim(), 'Error from server (NotFound): pods "ghost" not found');
    });
  });
}
