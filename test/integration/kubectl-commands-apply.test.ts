// kubectl apply beyond a single file, and replace, with the real kubectl 1.33 and 1.27: apply -f
// a directory, apply -k a kustomization directory (generators, prefixes, labels), apply --prune
// -l (prunes only applied objects with the label that left the set), replace (conflict and
// NotFound texts), replace --force (a new object). Single-file apply created/configured/
// unchanged is in kubectl-strategic-merge.test.ts. These run with kubectl's default
// (OpenAPI) validation.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

const cm = (name: string, labels: Record<string, string>, data: Record<string, string>) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });

for (const version of KUBECTL_VERSIONS) {
  describe(`kubectl ${version} apply and replace`, () => {
    const ns = `apply-${version.replace('.', '-')}`;
    const k = () => kubectlSession(s, version, ns);
    const dir = (name: string, files: Record<string, string>) => {
      const d = join(s.dir, `${version}-${name}`);
      rmSync(d, { recursive: true, force: true });
      mkdirSync(d, { recursive: true });
      for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
      return d;
    };

    before(async () => {
      await createNamespace(s, ns);
    });

    it('apply -f DIR: created for each file, unchanged when re-applied, configured for the changed one', async () => {
      const d = dir('dir', { 'a.json': cm('dir-a', { app: 'a' }, { k: '1' }), 'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dir-b\ndata:\n  k: "1"\n', 'ignored.txt': 'not a manifest' });
      assert.deepEqual(lines(await k().ok(['apply', '-f', d])), ['configmap/dir-a created', 'configmap/dir-b created']);
      assert.deepEqual(lines(await k().ok(['apply', '-f', d])), ['configmap/dir-a unchanged', 'configmap/dir-b unchanged']);
      writeFileSync(join(d, 'b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dir-b\ndata:\n  k: "2"\n');
      assert.deepEqual(lines(await k().ok(['apply', '-f', d])), ['configmap/dir-a unchanged', 'configmap/dir-b configured']);
      assert.deepEqual((await k().json(['cm', 'dir-b'])).data, { k: '2' });
    });

    it('apply of a manifest with an empty map that the server omits reports configured each time, as upstream', async () => {
      // `labels: {}` is an omitempty Go map: the server does not store it, so kubectl's three-way
      // patch re-adds it on every apply (upstream: kubernetes/kubernetes#114777, the same for env "").
      const input = cm('empty-labels', {}, { k: '1' });
      assert.deepEqual(lines(await k().ok(['apply', '-f', '-'], { input })), ['configmap/empty-labels created']);
      assert.equal((await k().json(['cm', 'empty-labels'])).metadata.labels, undefined);
      assert.deepEqual(lines(await k().ok(['apply', '-f', '-'], { input })), ['configmap/empty-labels configured']);
    });

    it('apply -k DIR: generated names with a content hash, prefix and labels; unchanged on re-apply', async () => {
      const kustomization = ['namePrefix: kz-', 'labels:', '- pairs: {team: blue}', '  includeSelectors: false', 'resources: [svc.yaml]', 'configMapGenerator:', '- name: gen', '  literals: [x=1]', ''].join('\n');
      const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n';
      const d = dir('kustomize', { 'kustomization.yaml': kustomization, 'svc.yaml': svc });
      const out = lines(await k().ok(['apply', '-k', d]));
      assert.equal(out.length, 2, out.join('\n'));
      assert.match(out[0]!, /^configmap\/kz-gen-[a-z0-9]{10} created$/);
      assert.equal(out[1], 'service/kz-api created');
      const again = lines(await k().ok(['apply', '-k', d]));
      assert.deepEqual(again, [out[0]!.replace('created', 'unchanged'), 'service/kz-api unchanged']);
      const svcObj = await k().json(['service', 'kz-api']);
      assert.equal(svcObj.metadata.labels.team, 'blue');
      assert.deepEqual(svcObj.spec.selector, { app: 'api' });
      assert.match(svcObj.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], /"kz-api"/);
    });

    it('apply --prune -l: deletes applied objects with the label that left the set, nothing else', async () => {
      const sel = 'prune-set=one';
      const d = dir('prune', { 'a.json': cm('pr-a', { 'prune-set': 'one' }, { k: '1' }), 'b.json': cm('pr-b', { 'prune-set': 'one' }, { k: '1' }) });
      assert.deepEqual(lines(await k().ok(['apply', '-f', d, '-l', sel, '--prune'])), ['configmap/pr-a created', 'configmap/pr-b created']);
      // Same label but created (no last-applied annotation), and applied without the label: both must survive.
      await k().ok(['create', '-f', '-'], { input: cm('pr-created', { 'prune-set': 'one' }, {}) });
      await k().ok(['apply', '-f', '-'], { input: cm('pr-other', { 'prune-set': 'two' }, {}) });
      rmSync(join(d, 'b.json'));
      const out = lines(await k().ok(['apply', '-f', d, '-l', sel, '--prune']));
      assert.deepEqual(out, ['configmap/pr-a unchanged', 'configmap/pr-b pruned']);
      const left = (await k().ok(['get', 'cm', '-l', 'prune-set', '-o', 'name'])).trim().split('\n');
      assert.deepEqual(left, ['configmap/pr-a', 'configmap/pr-created', 'configmap/pr-other']);
    });

    it('replace -f: replaced; a stale resourceVersion is a Conflict; a missing object is NotFound', async () => {
      await k().ok(['create', '-f', '-'], { input: cm('rep', {}, { k: '1' }) });
      const live = await k().json(['cm', 'rep']);
      live.data = { k: '2' };
      assert.equal(await k().ok(['replace', '-f', '-'], { input: JSON.stringify(live) }), 'configmap/rep replaced\n');
      assert.deepEqual((await k().json(['cm', 'rep'])).data, { k: '2' });
      live.data = { k: '3' };
      const stale = await k().fail(['replace', '-f', '-'], { input: JSON.stringify(live) });
      assert.equal(stale.trim(), 'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "rep": the object has been modified; please apply your changes to the latest version and try again');
      const missing = await k().fail(['replace', '-f', '-'], { input: cm('rep-missing', {}, {}) });
      assert.equal(missing.trim(), 'Error from server (NotFound): error when replacing "STDIN": configmaps "rep-missing" not found');
    });

    it('replace --force deletes and re-creates the object (new uid)', async () => {
      const before = await k().json(['cm', 'rep']);
      const out = await k().ok(['replace', '--force', '-f', '-'], { input: cm('rep', {}, { k: 'forced' }) });
      assert.deepEqual(lines(out), ['configmap "rep" deleted', 'configmap/rep replaced']);
      const after = await k().json(['cm', 'rep']);
      assert.notEqual(after.metadata.uid, before.metadata.uid);
      assert.deepEqual(after.data, { k: 'forced' });
    });
  });
}
