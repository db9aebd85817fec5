// kubectl patch --type json and --type merge with the real kubectl 1.33 and 1.27: operations,
// null removing a key, "patched (no change)", --subresource=status, --dry-run=server, and the
// texts for a failed test op, a missing path, a body that is not a JSON patch and a bad --type.
// Strategic merge patch (the default type) is in kubectl-strategic-merge.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNamespace, KUBECTL_VERSIONS, kubectlSession } from '../support/kubectl-session.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

for (const version of KUBECTL_VERSIONS) {
  describe(`kubectl ${version} patch --type json|merge`, () => {
    const ns = `patch-${version.replace('.', '-')}`;
    const k = () => kubectlSession(s, version, ns);
    const data = async () => (await k().json(['cm', 'cfg'])).data;

    before(async () => {
      await createNamespace(s, ns);
      await k().ok(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } }) });
    });

    it('--type=json applies add/replace/remove operations in order', async () => {
      const ops = [
        { op: 'add', path: '/data/b', value: '2' },
        { op: 'replace', path: '/data/a', value: '9' },
        { op: 'add', path: '/metadata/labels', value: { x: 'y' } },
      ];
      assert.equal(await k().ok(['patch', 'cm', 'cfg', '--type=json', '-p', JSON.stringify(ops)]), 'configmap/cfg patched\n');
      assert.deepEqual(await data(), { a: '9', b: '2' });
      await k().ok(['patch', 'cm', 'cfg', '--type=json', '-p', '[{"op":"remove","path":"/data/b"},{"op":"test","path":"/data/a","value":"9"}]']);
      assert.deepEqual(await data(), { a: '9' });
    });

    it('--type=json errors: failed test op, missing path, not an array', async () => {
      const test = await k().fail(['patch', 'cm', 'cfg', '--type=json', '-p', '[{"op":"test","path":"/data/a","value":"nope"}]']);
      assert.equal(test.trim(), 'The request is invalid: : testing value /data/a failed: test failed');
      const missing = await k().fail(['patch', 'cm', 'cfg', '--type=json', '-p', '[{"op":"remove","path":"/data/zzz"}]']);
      assert.equal(missing.trim(), 'The request is invalid: : unable to remove nonexistent key: zzz: missing value');
      const notArray = await k().fail(['patch', 'cm', 'cfg', '--type=json', '-p', '{"op":"add"}']);
      assert.equal(notArray.trim(), 'The request is invalid: : json patch must be an array of operations');
      const type = await k().fail(['patch', 'cm', 'cfg', '--type=bogus', '-p', '{}']);
      assert.equal(type.trim(), 'error: --type must be one of [json merge strategic], not "bogus"');
      assert.deepEqual(await data(), { a: '9' });
    });

    it('--type=merge sets keys, null removes one, an identical patch is "patched (no change)"', async () => {
      assert.equal(await k().ok(['patch', 'cm', 'cfg', '--type=merge', '-p', '{"data":{"a":null,"c":"3"}}']), 'configmap/cfg patched\n');
      assert.deepEqual(await data(), { c: '3' });
      assert.equal(await k().ok(['patch', 'cm', 'cfg', '--type=merge', '-p', '{"data":{"c":"3"}}']), 'configmap/cfg patched (no change)\n');
      const bad = await k().fail(['patch', 'cm', 'cfg', '--type=merge', '-p', '{"data":{"c":3}}']);
      assert.match(bad, /^Error from server \(BadRequest\): .*cannot unmarshal number into Go (struct field|value of type) .*string/);
    });

    it('--type=merge on the status subresource and with --dry-run=server', async () => {
      const d = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      };
      await k().ok(['create', '-f', '-'], { input: JSON.stringify(d) });
      assert.equal(await k().ok(['patch', 'deployment', 'web', '--subresource=status', '--type=merge', '-p', '{"status":{"observedGeneration":7},"spec":{"replicas":5}}']), 'deployment.apps/web patched\n');
      const live = await k().json(['deployment', 'web']);
      assert.equal(live.status.observedGeneration, 7);
      assert.equal(live.spec.replicas, 1, 'the status subresource ignores spec');
      const dry = await k().ok(['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"replicas":4}}', '--dry-run=server', '-o', 'jsonpath={.spec.replicas}']);
      assert.equal(dry, '4');
      assert.equal((await k().json(['deployment', 'web'])).spec.replicas, 1);
    });
  });
}
