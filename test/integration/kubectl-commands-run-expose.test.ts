// kubectl run and expose with the real kubectl 1.33 and 1.27: run --dry-run=client (nothing sent)
// and --dry-run=server (defaulted by the server, nothing stored) -o yaml, run of a pod that
// stays Pending without nodes, run --expose; expose deployment / rc / pod / service producing
// the Service kubectl builds from the object (name, labels, selector, ports), and the errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNamespace, KUBECTL_VERSIONS, kubectlSession, lines } from '../support/kubectl-session.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

const CLIENT_DRY_RUN = (name: string, ns: string) =>
  ['apiVersion: v1', 'kind: Pod', 'metadata:', '  creationTimestamp: null', '  labels:', `    run: ${name}`, `  name: ${name}`, `  namespace: ${ns}`, 'spec:', '  containers:', '  - image: nginx:1.25', `    name: ${name}`, '    ports:', '    - containerPort: 80', '    resources: {}', '  dnsPolicy: ClusterFirst', '  restartPolicy: Always', 'status: {}', ''].join('\n');

for (const version of KUBECTL_VERSIONS) {
  describe(`kubectl ${version} run and expose`, () => {
    const ns = `run-${version.replace('.', '-')}`;
    const k = () => kubectlSession(s, version, ns);
    const svc = (name: string) => k().json(['service', name]);

    before(async () => {
      await createNamespace(s, ns);
    });

    it('run --dry-run=client -o yaml prints the generated pod and sends nothing', async () => {
      const out = await k().ok(['run', 'dry', '--image=nginx:1.25', '--port=80', '--dry-run=client', '-o', 'yaml']);
      assert.equal(out, CLIENT_DRY_RUN('dry', ns));
      assert.equal((await k().run(['get', 'pod', 'dry'])).code, 1);
    });

    it('run --dry-run=server -o yaml prints the server-defaulted pod and stores nothing', async () => {
      const out = await k().ok(['run', 'sdry', '--image=nginx', '--labels=app=x,tier=y', '--env=A=1', '--dry-run=server', '-o', 'yaml']);
      assert.match(out, /\n {2}uid: [0-9a-f-]{36}\n/);
      assert.match(out, /\n {2}creationTimestamp: "\d{4}-/);
      assert.match(out, /\n {4}imagePullPolicy: Always\n/);
      assert.match(out, /\n {4}terminationMessagePath: \/dev\/termination-log\n/);
      assert.match(out, /\n {2}schedulerName: default-scheduler\n/);
      assert.match(out, /\n {2}serviceAccountName: default\n/);
      assert.match(out, /\n {2}labels:\n {4}app: x\n {4}tier: "y"\n/);
      assert.match(out, /\n {2}- env:\n {4}- name: A\n {6}value: "1"\n/);
      assert.match(out, /\n {2}phase: Pending\n/);
      assert.doesNotMatch(out, /\n {2}resourceVersion:/);
      const r = await k().run(['get', 'pod', 'sdry']);
      assert.equal(r.stderr.trim(), 'Error from server (NotFound): pods "sdry" not found');
    });

    it('run creates a pod that stays Pending without nodes; --restart=Never, --command; bad flags are client errors', async () => {
      assert.equal(await k().ok(['run', 'idle', '--image=busybox', '--restart=Never', '--command', '--', 'sleep', '3600']), 'pod/idle created\n');
      const p = await k().json(['pod', 'idle']);
      assert.deepEqual(p.spec.containers[0].command, ['sleep', '3600']);
      assert.equal(p.spec.restartPolicy, 'Never');
      assert.equal(p.status.phase, 'Pending');
      const row = lines(await k().ok(['get', 'pod', 'idle']))[1]!.split(/ {2,}/);
      assert.deepEqual(row.slice(0, 4), ['idle', '0/1', 'Pending', '0']);
      const bad = await k().fail(['run', 'bad', '--image=nginx', '--restart=Bogus']);
      assert.equal(lines(bad)[0], 'error: invalid restart policy: Bogus');
      const again = await k().fail(['run', 'idle', '--image=busybox']);
      assert.equal(again.trim(), 'Error from server (AlreadyExists): pods "idle" already exists');
    });

    it('run --expose --port creates the service first, then the pod', async () => {
      assert.deepEqual(lines(await k().ok(['run', 'pub', '--image=nginx', '--port=8080', '--expose'])), ['service/pub created', 'pod/pub created']);
      const sv = await svc('pub');
      assert.deepEqual(sv.spec.selector, { run: 'pub' });
      assert.deepEqual(sv.spec.ports, [{ port: 8080, protocol: 'TCP', targetPort: 8080 }]);
    });

    it('expose deployment: selector from matchLabels, labels from the deployment, ports from --port/--target-port or the containers', async () => {
      const d = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', labels: { team: 'a' } },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web', extra: 'y' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 9090, protocol: 'UDP' }] }] } },
        },
      };
      await k().ok(['create', '-f', '-'], { input: JSON.stringify(d) });
      assert.equal(await k().ok(['expose', 'deployment', 'web', '--port=80', '--target-port=8080']), 'service/web exposed\n');
      const a = await svc('web');
      assert.deepEqual(a.metadata.labels, { team: 'a' });
      assert.deepEqual(a.spec.selector, { app: 'web' });
      assert.deepEqual(a.spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 8080 }]);
      assert.equal(a.spec.type, 'ClusterIP');
      assert.match(a.spec.clusterIP, /^10\.43\./);
      assert.equal(await k().ok(['expose', 'deployment', 'web', '--name=web-all']), 'service/web-all exposed\n');
      assert.deepEqual((await svc('web-all')).spec.ports, [
        { name: 'port-1', port: 8080, protocol: 'TCP', targetPort: 8080 },
        { name: 'port-2', port: 9090, protocol: 'UDP', targetPort: 9090 },
      ]);
      const dup = await k().fail(['expose', 'deployment', 'web', '--port=80']);
      assert.equal(dup.trim(), 'Error from server (AlreadyExists): services "web" already exists');
    });

    it('expose rc, pod (NodePort) and service', async () => {
      const rc = {
        apiVersion: 'v1',
        kind: 'ReplicationController',
        metadata: { name: 'legacy' },
        spec: { replicas: 1, selector: { app: 'legacy' }, template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      };
      await k().ok(['create', '-f', '-'], { input: JSON.stringify(rc) });
      assert.equal(await k().ok(['expose', 'rc', 'legacy', '--port=80']), 'service/legacy exposed\n');
      const r = await svc('legacy');
      assert.deepEqual(r.spec.selector, { app: 'legacy' });
      assert.deepEqual(r.metadata.labels, { app: 'legacy' });
      assert.deepEqual(r.spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);

      await k().ok(['run', 'solo', '--image=nginx', '--labels=app=solo']);
      assert.equal(await k().ok(['expose', 'pod', 'solo', '--port=90', '--target-port=9090', '--type=NodePort', '--name=solo-np']), 'service/solo-np exposed\n');
      const np = await svc('solo-np');
      assert.equal(np.spec.type, 'NodePort');
      assert.deepEqual(np.spec.selector, { app: 'solo' });
      assert.equal(np.spec.ports.length, 1);
      const [port] = np.spec.ports;
      assert.deepEqual({ ...port, nodePort: undefined }, { port: 90, protocol: 'TCP', targetPort: 9090, nodePort: undefined });
      assert.ok(port.nodePort >= 30000 && port.nodePort <= 32767, JSON.stringify(port));
      assert.equal(np.spec.externalTrafficPolicy, 'Cluster');
      const table = lines(await k().ok(['get', 'service', 'solo-np']))[1]!.split(/ {2,}/);
      assert.equal(table[4], `90:${port.nodePort}/TCP`);

      assert.equal(await k().ok(['expose', 'service', 'legacy', '--name=legacy-tls', '--port=443', '--target-port=8443']), 'service/legacy-tls exposed\n');
      const t = await svc('legacy-tls');
      assert.deepEqual(t.spec.selector, { app: 'legacy' });
      assert.deepEqual(t.spec.ports, [{ port: 443, protocol: 'TCP', targetPort: 8443 }]);
    });

    it('expose errors: no port to find, and a kind that cannot be exposed', async () => {
      const noPort = await k().fail(['expose', 'pod', 'solo', '--name=x']);
      assert.equal(lines(noPort)[0], "error: couldn't find port via --port flag or introspection");
      await k().ok(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } }) });
      const cm = await k().fail(['expose', 'configmap', 'cfg', '--port=80']);
      assert.equal(lines(cm)[0], 'error: cannot expose a ConfigMap');
    });
  });
}
