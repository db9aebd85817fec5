// The kubectl releases between the two the command tests run (1.28 to 1.32), each through the
// commands a user types on day one, against a cluster with one simulated node: discovery,
// explain, the create generators (protobuf bodies from 1.32), client-side apply (created /
// unchanged), the move to server-side apply (kubectl re-applies after handing over the
// client-side manager's fields: no warning), get -o wide, patch, scale, label, rollout, exec
// (SPDY/3.1 for 1.28 and 1.29, WebSocket v5.channel.k8s.io from 1.30), logs, auth and delete.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { kubectlSession, lines } from '../support/kubectl-session.js';

const VERSIONS = ['1.28', '1.29', '1.30', '1.31', '1.32'];

const manifest = (ns: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: app, namespace: ' + ns + ', labels: {app: app}}',
    'spec:',
    '  replicas: 1',
    '  selector: {matchLabels: {app: app}}',
    '  template:',
    '    metadata: {labels: {app: app}}',
    '    spec:',
    '      containers: [{name: c, image: "nginx:1.25", ports: [{containerPort: 80}]}]',
    '',
  ].join('\n');

describe('kubectl 1.28 to 1.32: the everyday commands', () => {
  let c: TestCluster;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'k8ts-versions-'));
    c = await startTestCluster({ nodes: 1, startDelayMs: 50, kubeletEndpoint: true, simNodes: { execDir: dir } });
  });
  after(async () => {
    await c?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const version of VERSIONS) {
    it(`kubectl ${version}`, async () => {
      const ns = `v${version.replace('.', '-')}`;
      await c.namespace(ns);
      const k = kubectlSession(c.s, version, ns);

      assert.match(await k.ok(['api-resources', '--api-group=apps']), /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
      assert.match(await k.ok(['explain', 'deployment.spec.strategy']), /^FIELD: strategy <DeploymentStrategy>$/m);

      assert.equal((await k.ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=2'])).trim(), 'deployment.apps/web created');
      assert.equal((await k.ok(['create', 'configmap', 'cm', '--from-literal=a=b'])).trim(), 'configmap/cm created');
      assert.equal((await k.ok(['create', 'secret', 'generic', 's', '--from-literal=a=b'])).trim(), 'secret/s created');
      assert.equal((await k.ok(['create', 'service', 'clusterip', 'svc', '--tcp=80:80'])).trim(), 'service/svc created');

      const file = join(dir, `${ns}.yaml`);
      writeFileSync(file, manifest(ns));
      assert.equal((await k.ok(['apply', '-f', file])).trim(), 'deployment.apps/app created');
      assert.equal((await k.ok(['apply', '-f', file])).trim(), 'deployment.apps/app unchanged');
      const ssa = await k.run(['apply', '--server-side', '-f', file]);
      assert.equal(ssa.code, 0, ssa.stderr);
      assert.equal(ssa.stdout.trim(), 'deployment.apps/app serverside-applied');
      assert.equal(ssa.stderr, '');
      const app = await k.json(['deployment', 'app', '--show-managed-fields']);
      assert.deepEqual(app.spec.template.metadata.labels, { app: 'app' });
      assert.ok(app.metadata.managedFields.some((e: any) => e.manager === 'kubectl' && e.operation === 'Apply'));

      await waitFor(`${ns}: web available`, async () => (await k.json(['deployment', 'web'])).status?.availableReplicas === 2);
      const wide = lines(await k.ok(['get', 'deployment', 'web', '-o', 'wide']));
      assert.deepEqual(wide[0]!.split(/\s+/), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
      assert.match(wide[1]!, /^web\s+2\/2\s+2\s+2\s+\S+\s+nginx\s+nginx\s+app=web$/);

      assert.equal((await k.ok(['patch', 'deployment', 'web', '--type=merge', '-p', '{"metadata":{"annotations":{"a":"b"}}}'])).trim(), 'deployment.apps/web patched');
      assert.equal((await k.ok(['label', 'deployment', 'web', 'tier=x'])).trim(), 'deployment.apps/web labeled');
      assert.equal((await k.ok(['scale', 'deployment', 'web', '--replicas=1'])).trim(), 'deployment.apps/web scaled');
      assert.equal((await k.ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.26'])).trim(), 'deployment.apps/web image updated');
      assert.match(await k.ok(['rollout', 'status', 'deployment/web', '--timeout=60s']), /deployment "web" successfully rolled out/);
      assert.match(await k.ok(['rollout', 'history', 'deployment/web']), /^REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/m);

      assert.equal(await k.ok(['exec', 'deploy/web', '--', 'echo', `hello from ${version}`]), `hello from ${version}\n`);
      await k.ok(['logs', 'deploy/web']);

      assert.equal((await k.ok(['auth', 'can-i', 'create', 'pods'])).trim(), 'yes');
      assert.match(await k.ok(['auth', 'whoami']), /^Username\s+admin$/m);
      assert.equal((await k.ok(['delete', 'deployment', 'web', 'app'])).trim(), 'deployment.apps "web" deleted\ndeployment.apps "app" deleted');
    });
  }
});
