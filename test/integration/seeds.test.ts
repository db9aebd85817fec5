// The seeds' manifests, created with the real kubectl exactly as the study notes do, and an
// invalid one refused with upstream's message.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/test-server.js';

const FIXTURES = new URL('../../../test/fixtures/seeds/', import.meta.url).pathname;
let s: TestServer;
before(async () => {
  s = await startTestServer();
  const r = await s.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } }) });
  assert.equal(r.code, 0, r.stderr);
});
after(async () => {
  await s?.close();
});

for (const version of ['1.33', '1.27']) {
  describe(`seed manifests with kubectl ${version}`, () => {
    const k = (args: string[]) => s.kubectl(args, { version });
    it('creates the ConfigMap, the Pod that reads it, the Deployment and the Services', async () => {
      const expected: Array<[string, string]> = [
        ['special-config.yaml', 'configmap/special-config created'],
        ['dapi-test-pod.yaml', 'pod/dapi-test-pod created'],
        ['nginx-deployment.yaml', 'deployment.apps/nginx-deployment created'],
        ['my-service.yaml', 'service/my-service created\nendpoints/my-service created'],
        ['external-name.yaml', 'service/my-service created'],
      ];
      for (const [file, out] of expected) {
        const r = await k(['create', '-f', `${FIXTURES}${file}`]);
        assert.equal(r.code, 0, `${file}: ${r.stderr}`);
        assert.equal(r.stdout.trim(), out);
      }
      const cm = await k(['get', 'configmap', 'special-config', '-o', 'jsonpath={.data.SPECIAL_LEVEL}']);
      assert.equal(cm.stdout, 'very');
      const dep = JSON.parse((await k(['get', 'deployment', 'nginx-deployment', '-o', 'json'])).stdout);
      assert.equal(dep.spec.replicas, 3);
      assert.equal(dep.spec.strategy.type, 'RollingUpdate');
      assert.equal(dep.spec.template.spec.containers[0].ports[0].protocol, 'TCP');
      const svc = JSON.parse((await k(['get', 'service', 'my-service', '-o', 'json'])).stdout);
      assert.match(svc.spec.clusterIP, /^10\.43\.\d+\.\d+$/);
      assert.equal(svc.spec.ports[0].targetPort, 9376);
      const ext = JSON.parse((await k(['-n', 'prod', 'get', 'service', 'my-service', '-o', 'json'])).stdout);
      assert.equal(ext.spec.externalName, 'my.database.example.com');
      assert.equal(ext.spec.clusterIP, undefined);
      const pod = JSON.parse((await k(['get', 'pod', 'dapi-test-pod', '-o', 'json'])).stdout);
      assert.equal(pod.spec.containers[0].envFrom[0].configMapRef.name, 'special-config');
      assert.equal(pod.status.phase, 'Pending');
      // Clean up for the next kubectl version.
      for (const file of ['special-config.yaml', 'dapi-test-pod.yaml', 'nginx-deployment.yaml', 'my-service.yaml']) {
        const d = await k(['delete', '-f', `${FIXTURES}${file}`]);
        assert.equal(d.code, 0, d.stderr);
      }
      const d = await k(['-n', 'prod', 'delete', 'service', 'my-service']);
      assert.equal(d.code, 0, d.stderr);
    });

    it('refuses an invalid manifest with the upstream message', async () => {
      const r = await k(['create', '-f', `${FIXTURES}invalid-deployment.yaml`]);
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr.trim(),
        `The Deployment "broken-deployment" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: \`selector\` does not match template \`labels\``,
      );
    });
  });
}
