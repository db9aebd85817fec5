// kubectl label, annotate and scale with the real kubectl 1.33 and 1.27: add, --overwrite (and
// the error without it), key- removal, -l, --all, --list; scale through the scale subresource
// with --replicas and the --current-replicas precondition. (kubectl 1.27 prints "annotate"
// where 1.33 prints "annotated": a 1.27 client typo, kubernetes/kubectl#1462.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from '../support/http.js';
import { createNamespace, KUBECTL_VERSIONS, kubectlSession, lines } from '../support/kubectl-session.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } });

for (const version of KUBECTL_VERSIONS) {
  describe(`kubectl ${version} label, annotate, scale`, () => {
    const ns = `meta-${version.replace('.', '-')}`;
    const k = () => kubectlSession(s, version, ns);
    const annotated = version === '1.27' ? 'annotate' : 'annotated';
    const labelsOf = async (name: string) => (await k().json(['cm', name])).metadata.labels ?? {};
    const annotationsOf = async (name: string) => (await k().json(['cm', name])).metadata.annotations ?? {};

    before(async () => {
      await createNamespace(s, ns);
      await k().ok(['create', '-f', '-'], { input: list([cm('a', { group: 'g' }), cm('b', { group: 'g' }), cm('c')]) });
    });

    it('label: add, refuse to overwrite, --overwrite, key- and "not labeled"', async () => {
      assert.equal(await k().ok(['label', 'cm', 'a', 'tier=web']), 'configmap/a labeled\n');
      const err = await k().fail(['label', 'cm', 'a', 'tier=db']);
      assert.equal(err.trim(), "error: 'tier' already has a value (web), and --overwrite is false");
      assert.equal(await k().ok(['label', 'cm', 'a', 'tier=db', '--overwrite']), 'configmap/a labeled\n');
      assert.deepEqual(await labelsOf('a'), { group: 'g', tier: 'db' });
      assert.equal(await k().ok(['label', 'cm', 'a', 'tier-']), 'configmap/a unlabeled\n');
      assert.deepEqual(await labelsOf('a'), { group: 'g' });
      assert.equal(await k().ok(['label', 'cm', 'a', 'group=g']), 'configmap/a not labeled\n');
      const bad = await k().fail(['label', 'cm', 'a', 'Bad Key=x']);
      assert.equal(bad.trim(), `The ConfigMap "a" is invalid: metadata.labels: Invalid value: "Bad Key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
    });

    it('label -l, --all and --list', async () => {
      assert.deepEqual(lines(await k().ok(['label', 'cm', '-l', 'group=g', 'picked=yes'])), ['configmap/a labeled', 'configmap/b labeled']);
      assert.deepEqual(await labelsOf('c'), {});
      assert.deepEqual(lines(await k().ok(['label', 'cm', '--all', 'env=prod'])), ['configmap/a labeled', 'configmap/b labeled', 'configmap/c labeled']);
      assert.deepEqual(lines(await k().ok(['label', 'cm', 'a', '--list'])).sort(), ['env=prod', 'group=g', 'picked=yes']);
    });

    it('annotate: add, refuse to overwrite, --overwrite, key-, -l, --all, --list', async () => {
      assert.equal(await k().ok(['annotate', 'cm', 'a', 'note=hi', 'owner=me']), `configmap/a ${annotated}\n`);
      const err = await k().fail(['annotate', 'cm', 'a', 'note=bye']);
      assert.equal(err.trim(), "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hi)");
      assert.equal(await k().ok(['annotate', 'cm', 'a', 'note=bye', '--overwrite']), `configmap/a ${annotated}\n`);
      assert.deepEqual(await annotationsOf('a'), { note: 'bye', owner: 'me' });
      assert.equal(await k().ok(['annotate', 'cm', 'a', 'note-']), `configmap/a ${annotated}\n`);
      assert.deepEqual(await annotationsOf('a'), { owner: 'me' });
      assert.deepEqual(lines(await k().ok(['annotate', 'cm', '-l', 'group=g', 'batch=1'])), [`configmap/a ${annotated}`, `configmap/b ${annotated}`]);
      assert.deepEqual(await annotationsOf('c'), {});
      assert.equal(lines(await k().ok(['annotate', 'cm', '--all', 'swept=true'])).length, 3);
      assert.deepEqual((await annotationsOf('c')).swept, 'true');
      assert.deepEqual(lines(await k().ok(['annotate', 'cm', 'a', '--list'])).sort(), ['batch=1', 'owner=me', 'swept=true']);
    });

    it('scale --replicas through the scale subresource; --current-replicas precondition', async () => {
      const d = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      };
      await k().ok(['create', '-f', '-'], { input: JSON.stringify(d) });
      const r = await k().run(['scale', 'deployment', 'web', '--replicas=3', '-v=6']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'deployment.apps/web scaled\n');
      assert.match(r.stderr, /PATCH.*\/deployments\/web\/scale/);
      assert.equal((await k().json(['deployment', 'web'])).spec.replicas, 3);
      const pre = await k().fail(['scale', 'deployment', 'web', '--current-replicas=2', '--replicas=5']);
      assert.equal(pre.trim(), 'error: Expected replicas to be 2, was 3');
      assert.equal((await k().json(['deployment', 'web'])).spec.replicas, 3);
      assert.equal(await k().ok(['scale', 'deployment/web', '--current-replicas=3', '--replicas=0']), 'deployment.apps/web scaled\n');
      assert.equal((await k().json(['deployment', 'web'])).spec.replicas, 0);
      const missing = await k().fail(['scale', 'deployment', 'nope', '--replicas=1']);
      assert.equal(missing.trim(), version === '1.27' ? 'error: no objects passed to scale' : 'error: no objects passed to scale deployments.apps "nope" not found');
      const cmScale = await k().fail(['scale', 'cm', 'a', '--replicas=1']);
      assert.match(cmScale, /the server could not find the requested resource/);
    });

    it('PUT /scale with spec.replicas left out (omitempty zero, as kubectl --current-replicas sends it) scales to 0', async () => {
      await k().ok(['scale', 'deployment', 'web', '--replicas=2']);
      const path = `/apis/apps/v1/namespaces/${ns}/deployments/web/scale`;
      const cur = (await request(s, { path })).json();
      const put = await request(s, { method: 'PUT', path, body: { ...cur, spec: {} } });
      assert.equal(put.code, 200, put.body.toString());
      assert.deepEqual(put.json().spec, { replicas: 0 });
      const neg = await request(s, { method: 'PUT', path, body: { ...cur, metadata: { ...cur.metadata, resourceVersion: undefined }, spec: { replicas: -1 } } });
      assert.equal(neg.code, 422);
      assert.equal(neg.json().message, 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    });
  });
}
