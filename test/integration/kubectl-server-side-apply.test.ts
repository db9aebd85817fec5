// Server-side apply and server dry-run as the real kubectl (1.33 and 1.27) uses them: apply
// --server-side (create, unchanged, conflicts after kubectl scale, --force-conflicts,
// --field-manager, removals), managedFields in get -o yaml, diff, and every --dry-run=server
// verb leaving nothing behind; plus the HTTP edges (options, status subresource, custom
// resources, deletecollection, no watch events for dry runs).
// kubectl runs through a symlink named `kubectl`, so that its User-Agent (hence the default field
// manager) is "kubectl/..." as with an ordinary install.
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { request, watch } from '../support/http.js';
import { kubectlPath, runKubectl, startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
let binDir: string;
before(async () => {
  s = await startTestServer();
  binDir = mkdtempSync(join(tmpdir(), 'k8ts-ssa-bin-'));
});
after(async () => {
  await s?.close();
});

const APPLY = { 'content-type': 'application/apply-patch+yaml' };

function manifest(o: { replicas?: number; image?: string; labels?: Record<string, string>; sidecar?: boolean }): string {
  const labels = o.labels ?? { app: 'web', tier: 'front' };
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  labels:',
    ...Object.entries(labels).map(([k, v]) => `    ${k}: ${v}`),
    'spec:',
    ...(o.replicas !== undefined ? [`  replicas: ${o.replicas}`] : []),
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      containers:',
    '      - name: nginx',
    `        image: ${o.image ?? 'nginx:1.25'}`,
    ...(o.sidecar ? ['      - name: sidecar', '        image: busybox:1.36'] : []),
  ];
  return lines.join('\n') + '\n';
}

const managersOf = (obj: any) => (obj.metadata.managedFields ?? []).map((e: any) => [e.manager, e.operation, e.subresource ?? ''].join('/')).sort();

for (const version of ['1.33', '1.27']) {
  describe(`kubectl ${version} server-side apply and dry-run`, () => {
    const ns = `ssa-${version.replace('.', '-')}`;
    let bin: string;
    let file: string;
    const k = (args: string[]) => runKubectl(bin, ['--kubeconfig', s.kubeconfig, '--cache-dir', join(binDir, `cache-${version}`), '-n', ns, ...args]);
    const ok = async (args: string[]) => {
      const r = await k(args);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
      return r;
    };
    const live = async () => JSON.parse((await ok(['get', 'deployment', 'web', '-o', 'json', '--show-managed-fields'])).stdout);
    const write = (text: string) => writeFileSync(file, text);

    before(async () => {
      const dir = mkdtempSync(join(binDir, `v${version}-`));
      bin = join(dir, 'kubectl');
      symlinkSync(kubectlPath(version), bin);
      file = join(dir, 'web.yaml');
      await ok(['create', 'namespace', ns]);
    });

    it('apply --server-side creates the object, owned by the "kubectl" applier; re-applying changes nothing', async () => {
      write(manifest({ replicas: 2, sidecar: true }));
      const r = await ok(['apply', '--server-side', '-f', file]);
      assert.equal(r.stdout.trim(), 'deployment.apps/web serverside-applied');
      const d = await live();
      assert.deepEqual(managersOf(d), ['kubectl/Apply/']);
      const entry = d.metadata.managedFields[0];
      assert.equal(entry.fieldsType, 'FieldsV1');
      assert.equal(entry.apiVersion, 'apps/v1');
      assert.match(entry.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.deepEqual(entry.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}'], { '.': {}, 'f:image': {}, 'f:name': {} });
      assert.deepEqual(entry.fieldsV1['f:metadata'], { 'f:labels': { 'f:app': {}, 'f:tier': {} } });
      // Defaults are set but owned by nobody.
      assert.equal(d.spec.strategy.type, 'RollingUpdate');
      assert.equal(entry.fieldsV1['f:spec']['f:strategy'], undefined);
      const again = await ok(['apply', '--server-side', '-f', file]);
      assert.equal(again.stdout.trim(), 'deployment.apps/web serverside-applied');
      assert.equal((await live()).metadata.resourceVersion, d.metadata.resourceVersion);
    });

    it('get -o yaml shows managedFields only with --show-managed-fields', async () => {
      const plain = await ok(['get', 'deployment', 'web', '-o', 'yaml']);
      assert.doesNotMatch(plain.stdout, /managedFields/);
      const shown = await ok(['get', 'deployment', 'web', '-o', 'yaml', '--show-managed-fields']);
      assert.match(shown.stdout, /managedFields:\n {2}- apiVersion: apps\/v1\n {4}fieldsType: FieldsV1\n {4}fieldsV1:\n/);
      assert.match(shown.stdout, / {4}manager: kubectl\n {4}operation: Apply\n/);
      assert.match(shown.stdout, /k:\{"name":"nginx"\}:\n\s+\.: \{\}\n\s+f:image: \{\}\n\s+f:name: \{\}/);
    });

    it('after kubectl scale, applying another replica count is a conflict with upstream text; --force-conflicts takes it', async () => {
      assert.equal((await ok(['scale', 'deployment', 'web', '--replicas=3'])).stdout.trim(), 'deployment.apps/web scaled');
      assert.deepEqual(managersOf(await live()), ['kubectl/Apply/', 'kubectl/Update/scale']);
      write(manifest({ replicas: 4, sidecar: true }));
      const r = await k(['apply', '--server-side', '-f', file]);
      assert.equal(r.code, 1);
      assert.ok(
        r.stderr.startsWith(
          'error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas\n' +
            'Please review the fields above--they currently have other managers. Here\nare the ways you can resolve this warning:\n',
        ),
        r.stderr,
      );
      assert.equal((await live()).spec.replicas, 3);
      const forced = await ok(['apply', '--server-side', '--force-conflicts', '-f', file]);
      assert.equal(forced.stdout.trim(), 'deployment.apps/web serverside-applied');
      const d = await live();
      assert.equal(d.spec.replicas, 4);
      // The scale entry owned only replicas, so it is gone.
      assert.deepEqual(managersOf(d), ['kubectl/Apply/']);
    });

    it('--field-manager applies as another manager: shared values are fine, a different value conflicts', async () => {
      write(manifest({ replicas: 4, labels: { app: 'web' } }));
      const shared = await ok(['apply', '--server-side', '--field-manager=team-b', '-f', file]);
      assert.equal(shared.stdout.trim(), 'deployment.apps/web serverside-applied');
      assert.deepEqual(managersOf(await live()), ['kubectl/Apply/', 'team-b/Apply/']);
      write(manifest({ replicas: 4, labels: { app: 'web' }, image: 'nginx:1.26' }));
      const r = await k(['apply', '--server-side', '--field-manager=team-b', '-f', file]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: Apply failed with 1 conflict: conflict with "kubectl": \.spec\.template\.spec\.containers\[name="nginx"\]\.image\n/);
    });

    it('fields dropped from the manifest are removed unless another manager owns them', async () => {
      // kubectl drops the tier label and the sidecar; team-b still owns app and replicas.
      write(manifest({ labels: { app: 'web' } }));
      await ok(['apply', '--server-side', '-f', file]);
      const d = await live();
      assert.deepEqual(d.metadata.labels, { app: 'web' });
      assert.deepEqual(d.spec.template.spec.containers.map((c: any) => c.name), ['nginx']);
      assert.equal(d.spec.replicas, 4);
      const kubectlEntry = d.metadata.managedFields.find((e: any) => e.manager === 'kubectl');
      assert.equal(kubectlEntry.fieldsV1['f:spec']['f:replicas'], undefined);
    });

    it('diff -f is a server-side dry run: shows the change, stores nothing', async () => {
      const before = await live();
      write(manifest({ replicas: 4, labels: { app: 'web' }, image: 'nginx:1.27' }));
      const r = await k(['diff', '-f', file]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^-\s+- image: nginx:1\.25$/m);
      assert.match(r.stdout, /^\+\s+- image: nginx:1\.27$/m);
      const d = await live();
      assert.equal(d.metadata.resourceVersion, before.metadata.resourceVersion);
      assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.25');
    });

    it('apply, scale and delete with --dry-run=server leave the object as it was', async () => {
      const before = await live();
      write(manifest({ replicas: 9, labels: { app: 'web' }, image: 'nginx:1.27' }));
      const ssa = await ok(['apply', '--server-side', '--force-conflicts', '--dry-run=server', '-f', file]);
      assert.equal(ssa.stdout.trim(), 'deployment.apps/web serverside-applied (server dry run)');
      const csa = await ok(['apply', '--dry-run=server', '-f', file]);
      assert.equal(csa.stdout.trim(), 'deployment.apps/web configured (server dry run)');
      const scaled = await ok(['scale', '--dry-run=server', 'deployment/web', '--replicas=7']);
      assert.equal(scaled.stdout.trim(), 'deployment.apps/web scaled (server dry run)');
      const del = await ok(['delete', '--dry-run=server', 'deployment/web']);
      assert.equal(del.stdout.trim(), 'deployment.apps "web" deleted (server dry run)');
      const d = await live();
      assert.equal(d.metadata.resourceVersion, before.metadata.resourceVersion);
      assert.equal(d.spec.replicas, 4);
      assert.equal(d.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], undefined);
    });

    it('create --dry-run=server -o yaml prints the defaulted object and stores nothing', async () => {
      write(manifest({ replicas: 1 }).replace('name: web', 'name: dry'));
      const r = await ok(['create', '--dry-run=server', '-o', 'yaml', '-f', file]);
      assert.match(r.stdout, /^ {2}name: dry$/m);
      assert.match(r.stdout, /^ {2}uid: [0-9a-f-]{36}$/m);
      assert.doesNotMatch(r.stdout, /resourceVersion/);
      assert.match(r.stdout, /terminationMessagePath: \/dev\/termination-log/);
      const get = await k(['get', 'deployment', 'dry']);
      assert.equal(get.code, 1);
      assert.match(get.stderr, /deployments\.apps "dry" not found/);
      const ssa = await ok(['apply', '--server-side', '--dry-run=server', '-f', file]);
      assert.equal(ssa.stdout.trim(), 'deployment.apps/dry serverside-applied (server dry run)');
      assert.equal((await k(['get', 'deployment', 'dry'])).code, 1);
    });

    it('moving from client-side to server-side apply forgives fields still as last applied, and keeps the annotation current', async () => {
      const csa = (replicas: number, image: string) => manifest({ replicas, image, labels: { app: 'web' } }).replace('name: web\n', 'name: csa\n');
      write(csa(2, 'nginx:1.25'));
      assert.equal((await ok(['apply', '-f', file])).stdout.trim(), 'deployment.apps/csa created');
      // Everything belongs to kubectl-client-side-apply; the new image and replica count conflict
      // with it, but both fields still have their last-applied values, so kubectl may take them.
      write(csa(3, 'nginx:1.26'));
      const r = await ok(['apply', '--server-side', '-f', file]);
      assert.equal(r.stdout.trim(), 'deployment.apps/csa serverside-applied');
      // kubectl hands the client-side manager's fields to "kubectl" and applies again; that second
      // apply must keep what the manifest still sets (it once lost the labels: a 422 in a warning).
      assert.equal(r.stderr, '');
      const d = JSON.parse((await ok(['get', 'deployment', 'csa', '-o', 'json', '--show-managed-fields'])).stdout);
      assert.deepEqual(d.metadata.labels, { app: 'web' });
      assert.deepEqual(d.spec.template.metadata.labels, { app: 'web' });
      assert.deepEqual(d.metadata.managedFields.map((e: any) => e.manager).sort(), ['kubectl', 'kubectl-last-applied']);
      assert.deepEqual(d.metadata.managedFields.find((e: any) => e.manager === 'kubectl').fieldsV1['f:metadata'], { 'f:labels': { 'f:app': {} } });
      assert.equal(d.spec.replicas, 3);
      const last = JSON.parse(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
      assert.equal(last.spec.replicas, 3);
      assert.equal(last.spec.template.spec.containers[0].image, 'nginx:1.26');
      const kubectlEntry = d.metadata.managedFields.find((e: any) => e.manager === 'kubectl');
      assert.ok(kubectlEntry.fieldsV1['f:spec']['f:replicas']);
      // A field someone else changed since is not forgiven.
      await ok(['scale', 'deployment', 'csa', '--replicas=5']);
      write(csa(4, 'nginx:1.26'));
      const c = await k(['apply', '--server-side', '-f', file]);
      assert.equal(c.code, 1);
      assert.match(c.stderr, /^error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas\n/);
    });

    // --subresource for apply is new in kubectl 1.28+.
    if (version === '1.33') {
      it('apply --server-side --subresource=status applies status only, as its own manager', async () => {
        write(['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec: {paused: true}', 'status: {observedGeneration: 7, replicas: 1}', ''].join('\n'));
        const r = await ok(['apply', '--server-side', '--subresource=status', '--field-manager=status-writer', '-f', file]);
        assert.equal(r.stdout.trim(), 'deployment.apps/web serverside-applied');
        const d = await live();
        assert.equal(d.status.observedGeneration, 7);
        assert.equal(d.spec.paused, undefined);
        const entry = d.metadata.managedFields.find((e: any) => e.manager === 'status-writer');
        assert.deepEqual([entry.operation, entry.subresource, entry.fieldsV1], ['Apply', 'status', { 'f:status': { 'f:observedGeneration': {}, 'f:replicas': {} } }]);
      });
    }

    it('ordinary writes are recorded as Update entries of their managers', async () => {
      await ok(['create', 'configmap', 'cm', '--from-literal=a=1']);
      await ok(['label', 'configmap', 'cm', 'x=y']);
      const cm = JSON.parse((await ok(['get', 'configmap', 'cm', '-o', 'json', '--show-managed-fields'])).stdout);
      assert.deepEqual(managersOf(cm), ['kubectl-create/Update/', 'kubectl-label/Update/']);
      const create = cm.metadata.managedFields.find((e: any) => e.manager === 'kubectl-create');
      assert.deepEqual(create.fieldsV1, { 'f:data': { '.': {}, 'f:a': {} } });
      const label = cm.metadata.managedFields.find((e: any) => e.manager === 'kubectl-label');
      assert.deepEqual(label.fieldsV1, { 'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } } });
    });
  });
}

describe('server-side apply and dry-run over HTTP', () => {
  const ns = 'ssa-http';
  const cmPath = `/api/v1/namespaces/${ns}/configmaps`;
  before(async () => {
    const r = await request(s, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    assert.equal(r.code, 201, r.body.toString());
  });

  it('validates the apply options as upstream', async () => {
    const body = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: "1"}\n`;
    const missing = await request(s, { method: 'PATCH', path: `${cmPath}/c`, headers: APPLY, body });
    assert.equal(missing.code, 422);
    assert.deepEqual(missing.json().details, {
      group: 'meta.k8s.io',
      kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
    });
    assert.equal(missing.json().message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const forced = await request(s, { method: 'PATCH', path: `${cmPath}/c?force=true`, headers: { 'content-type': 'application/merge-patch+json' }, body: '{}' });
    assert.equal(forced.code, 422);
    assert.equal(forced.json().message, 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
    const version = await request(s, { method: 'PATCH', path: `${cmPath}/c?fieldManager=m`, headers: APPLY, body: body.replace('apiVersion: v1', 'apiVersion: v2') });
    assert.equal(version.code, 400);
    assert.equal(version.json().message, 'Incorrect version specified in apply patch. Specified patch version: v2, expected: v1');
    const name = await request(s, { method: 'PATCH', path: `${cmPath}/other?fieldManager=m`, headers: APPLY, body });
    assert.equal(name.code, 400);
    assert.equal(name.json().message, 'the name of the object (c) does not match the name on the URL (other)');
    const dep = (containers: unknown[]) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bad' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers } } } });
    const depPath = `/apis/apps/v1/namespaces/${ns}/deployments/bad?fieldManager=m`;
    const dup = await request(s, { method: 'PATCH', path: depPath, headers: APPLY, body: dep([{ name: 'c', image: 'x', env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }, { name: 'c', image: 'y' }]) });
    assert.equal(dup.code, 400);
    assert.equal(dup.json().reason, 'BadRequest');
    assert.equal(
      dup.json().message,
      `failed to create typed patch object (${ns}/bad; apps/v1, Kind=Deployment): errors:\n  .spec.template.spec.containers[name="c"].env: duplicate entries for key [name="A"]\n  .spec.template.spec.containers: duplicate entries for key [name="c"]`,
    );
    const unknown = await request(s, { method: 'PATCH', path: depPath, headers: APPLY, body: { ...dep([{ name: 'c', image: 'x', imagee: 'y' }]), extra: 1 } });
    assert.equal(unknown.code, 400);
    assert.equal(
      unknown.json().message,
      `failed to create typed patch object (${ns}/bad; apps/v1, Kind=Deployment): errors:\n  .spec.template.spec.containers[name="c"].imagee: field not declared in schema\n  .extra: field not declared in schema`,
    );
    const withFields = await request(s, { method: 'PATCH', path: `${cmPath}/c?fieldManager=m`, headers: APPLY, body: body.replace('metadata: {name: c}', 'metadata: {name: c, managedFields: [{manager: x}]}') });
    assert.equal(withFields.code, 400);
    assert.equal(withFields.json().message, 'metadata.managedFields must be nil');
    const dry = await request(s, { method: 'PATCH', path: `${cmPath}/c?fieldManager=m&dryRun=Bogus`, headers: APPLY, body });
    assert.equal(dry.code, 422);
    assert.equal(dry.json().message, 'PatchOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Bogus"}: supported values: "All"');
    const dryCreate = await request(s, { method: 'POST', path: `${cmPath}?dryRun=All&dryRun=x`, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } } });
    assert.equal(dryCreate.code, 422);
    assert.deepEqual(dryCreate.json().details, {
      group: 'meta.k8s.io',
      kind: 'CreateOptions',
      causes: [{ reason: 'FieldValueNotSupported', message: 'Unsupported value: []string{"All", "x"}: supported values: "All"', field: 'dryRun' }],
    });
    const dryDelete = await request(s, { method: 'DELETE', path: `${cmPath}/c?dryRun=no` });
    assert.equal(dryDelete.code, 422);
    assert.equal(dryDelete.json().message, 'DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"no"}: supported values: "All"');
    const longManager = await request(s, { method: 'POST', path: `${cmPath}?fieldManager=${'m'.repeat(129)}`, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } } });
    assert.equal(longManager.code, 422);
    assert.equal(longManager.json().message, 'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes');
  });

  it('a repeated key in the configuration: Strict refuses it, Warn warns, Ignore keeps the last value', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dupkeys\ndata:\n  a: "1"\n  a: "2"\n  b: "3"\n';
    const apply = (mode: string) => request(s, { method: 'PATCH', path: `${cmPath}/dupkeys?fieldManager=m&fieldValidation=${mode}`, headers: APPLY, body: yaml });
    const strict = await apply('Strict');
    assert.equal(strict.code, 400, strict.body.toString());
    assert.equal(strict.json().message, 'error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key "a" already set in map');
    assert.equal((await request(s, { path: `${cmPath}/dupkeys` })).code, 404);
    const warn = await apply('Warn');
    assert.equal(warn.code, 201, warn.body.toString());
    assert.equal(warn.headers.warning, '299 - "line 7: key \\"a\\" already set in map"');
    assert.deepEqual(warn.json().data, { a: '2', b: '3' });
    const ignore = await apply('Ignore');
    assert.equal(ignore.code, 200, ignore.body.toString());
    assert.equal(ignore.headers.warning, undefined);
    assert.equal((await request(s, { method: 'DELETE', path: `${cmPath}/dupkeys` })).code, 200);
  });

  it('apply creates with 201, updates with 200, and a JSON body works too', async () => {
    const created = await request(s, { method: 'PATCH', path: `${cmPath}/j?fieldManager=m`, headers: APPLY, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j' }, data: { a: '1' } } });
    assert.equal(created.code, 201, created.body.toString());
    assert.deepEqual(created.json().metadata.managedFields.map((e: any) => [e.manager, e.operation]), [['m', 'Apply']]);
    const updated = await request(s, { method: 'PATCH', path: `${cmPath}/j?fieldManager=m`, headers: APPLY, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j' }, data: { b: '2' } } });
    assert.equal(updated.code, 200);
    assert.deepEqual(updated.json().data, { b: '2' });
    // An update that sends managedFields: [{}] resets them to this write's own changes.
    const reset = await request(s, { method: 'PATCH', path: `${cmPath}/r?fieldManager=m`, headers: APPLY, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'r' }, data: { a: '1' } } });
    assert.equal(reset.code, 201);
    const cleared = await request(s, { method: 'PATCH', path: `${cmPath}/r?fieldManager=resetter`, headers: { 'content-type': 'application/merge-patch+json' }, body: { metadata: { managedFields: [{}] }, data: { c: '3' } } });
    assert.equal(cleared.code, 200, cleared.body.toString());
    assert.deepEqual(cleared.json().metadata.managedFields.map((e: any) => [e.manager, e.fieldsV1]), [['resetter', { 'f:data': { 'f:c': {} } }]]);
    assert.equal((await request(s, { method: 'DELETE', path: `${cmPath}/r` })).code, 200);
  });

  it('dry runs of every write send no watch events and store nothing', async () => {
    const list = (await request(s, { path: cmPath })).json();
    const w = await watch(s, `${cmPath}?watch=1&resourceVersion=${list.metadata.resourceVersion}`);
    try {
      const cm = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
      const writes = [
        await request(s, { method: 'POST', path: `${cmPath}?dryRun=All`, body: cm('d1', { a: '1' }) }),
        await request(s, { method: 'PUT', path: `${cmPath}/j?dryRun=All`, body: cm('j', { z: '9' }) }),
        await request(s, { method: 'PATCH', path: `${cmPath}/j?dryRun=All`, headers: { 'content-type': 'application/merge-patch+json' }, body: { data: { y: '8' } } }),
        await request(s, { method: 'PATCH', path: `${cmPath}/j?dryRun=All`, headers: { 'content-type': 'application/json-patch+json' }, body: [{ op: 'add', path: '/data/x', value: '7' }] }),
        await request(s, { method: 'PATCH', path: `${cmPath}/j?dryRun=All`, headers: { 'content-type': 'application/strategic-merge-patch+json' }, body: { data: { w: '6' } } }),
        await request(s, { method: 'PATCH', path: `${cmPath}/j?dryRun=All&fieldManager=m`, headers: APPLY, body: cm('j', { v: '5' }) }),
        await request(s, { method: 'PATCH', path: `${cmPath}/d2?dryRun=All&fieldManager=m`, headers: APPLY, body: cm('d2', { a: '1' }) }),
        await request(s, { method: 'DELETE', path: `${cmPath}/j?dryRun=All` }),
        await request(s, { method: 'DELETE', path: `${cmPath}?dryRun=All` }),
      ];
      assert.deepEqual(writes.map((r) => r.code), [201, 200, 200, 200, 200, 200, 201, 200, 200], writes.map((r) => r.body.toString()).join('\n'));
      assert.deepEqual(writes[1]!.json().data, { z: '9' });
      assert.deepEqual(writes[5]!.json().data, { v: '5' });
      assert.equal(writes[6]!.json().metadata.resourceVersion, undefined);
      assert.deepEqual(writes[8]!.json().items.map((i: any) => i.metadata.name), ['j']);
      // A real write afterwards is the first event the watch sees.
      assert.equal((await request(s, { method: 'POST', path: cmPath, body: cm('real', {}) })).code, 201);
      await w.waitFor(1, 20_000);
      assert.deepEqual(w.events.map((e) => [e.type, e.object.metadata.name]), [['ADDED', 'real']]);
    } finally {
      w.close();
    }
    const names = (await request(s, { path: cmPath })).json().items.map((i: any) => i.metadata.name).sort();
    assert.deepEqual(names, ['j', 'real']);
    assert.deepEqual((await request(s, { path: `${cmPath}/j` })).json().data, { b: '2' });
  });

  it('apply on the status subresource owns status fields only', async () => {
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'st' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } };
    const path = `/apis/apps/v1/namespaces/${ns}/deployments/st`;
    assert.equal((await request(s, { method: 'PATCH', path: `${path}?fieldManager=owner`, headers: APPLY, body: dep })).code, 201);
    const r = await request(s, { method: 'PATCH', path: `${path}/status?fieldManager=ctrl&force=true`, headers: APPLY, body: { ...dep, spec: { paused: true }, status: { observedGeneration: 1, replicas: 0 } } });
    assert.equal(r.code, 200, r.body.toString());
    const got = r.json();
    assert.equal(got.status.observedGeneration, 1);
    assert.equal(got.spec.paused, undefined);
    const ctrl = got.metadata.managedFields.find((e: any) => e.manager === 'ctrl');
    assert.equal(ctrl.subresource, 'status');
    assert.deepEqual(ctrl.fieldsV1, { 'f:status': { 'f:observedGeneration': {}, 'f:replicas': {} } });
    const missing = await request(s, { method: 'PATCH', path: `/apis/apps/v1/namespaces/${ns}/deployments/nope/status?fieldManager=ctrl`, headers: APPLY, body: { ...dep, metadata: { name: 'nope' } } });
    assert.equal(missing.code, 404);
  });

  it('apply on the scale subresource owns the parent\'s replicas field', async () => {
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'sc' }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } };
    const path = `/apis/apps/v1/namespaces/${ns}/deployments/sc`;
    assert.equal((await request(s, { method: 'PATCH', path: `${path}?fieldManager=owner`, headers: APPLY, body: dep })).code, 201);
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'sc' }, spec: { replicas: 5 } };
    const conflict = await request(s, { method: 'PATCH', path: `${path}/scale?fieldManager=autoscaler`, headers: APPLY, body: scale });
    assert.equal(conflict.code, 409, conflict.body.toString());
    assert.equal(conflict.json().message, 'Apply failed with 1 conflict: conflict with "owner": .spec.replicas');
    const forced = await request(s, { method: 'PATCH', path: `${path}/scale?fieldManager=autoscaler&force=true`, headers: APPLY, body: scale });
    assert.equal(forced.code, 200, forced.body.toString());
    assert.equal(forced.json().kind, 'Scale');
    assert.equal(forced.json().spec.replicas, 5);
    const d = (await request(s, { path })).json();
    assert.equal(d.spec.replicas, 5);
    const autoscaler = d.metadata.managedFields.find((e: any) => e.manager === 'autoscaler');
    assert.deepEqual([autoscaler.operation, autoscaler.apiVersion, autoscaler.subresource, autoscaler.fieldsV1], ['Apply', 'apps/v1', 'scale', { 'f:spec': { 'f:replicas': {} } }]);
    const owner = d.metadata.managedFields.find((e: any) => e.manager === 'owner');
    assert.equal(owner.fieldsV1['f:spec']['f:replicas'], undefined);
    const back = await request(s, { method: 'PATCH', path: `${path}?fieldManager=owner`, headers: APPLY, body: dep });
    assert.equal(back.code, 409);
    assert.equal(back.json().message, 'Apply failed with 1 conflict: conflict with "autoscaler" with subresource "scale": .spec.replicas');
    const wrong = await request(s, { method: 'PATCH', path: `${path}/scale?fieldManager=autoscaler`, headers: APPLY, body: { ...scale, apiVersion: 'apps/v1' } });
    assert.equal(wrong.code, 400);
    assert.equal(wrong.json().message, 'Incorrect version specified in apply patch. Specified patch version: apps/v1, expected: autoscaling/v1');
  });

  it('custom resources merge by their x-kubernetes-list-type / list-map-keys', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.ssa.example.com' },
      spec: {
        group: 'ssa.example.com',
        scope: 'Namespaced',
        names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    properties: {
                      ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } } },
                      tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    };
    assert.equal((await request(s, { method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: crd })).code, 201);
    const path = `/apis/ssa.example.com/v1/namespaces/${ns}/gadgets/g`;
    const gadget = (ports: unknown[], tags: string[]) => ({ apiVersion: 'ssa.example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { ports, tags } });
    let r: Awaited<ReturnType<typeof request>> | undefined;
    const deadline = Date.now() + 10_000;
    for (;;) {
      r = await request(s, { method: 'PATCH', path: `${path}?fieldManager=a`, headers: APPLY, body: gadget([{ name: 'http', port: 80 }], ['x']) });
      if (r.code !== 404 || Date.now() > deadline) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    assert.equal(r.code, 201, r.body.toString());
    const b = await request(s, { method: 'PATCH', path: `${path}?fieldManager=b`, headers: APPLY, body: gadget([{ name: 'metrics', port: 9090 }], ['y']) });
    assert.equal(b.code, 200, b.body.toString());
    const got = b.json();
    assert.deepEqual(got.spec.ports, [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }]);
    assert.deepEqual(got.spec.tags, ['x', 'y']);
    const bEntry = got.metadata.managedFields.find((e: any) => e.manager === 'b');
    assert.deepEqual(bEntry.fieldsV1, { 'f:spec': { 'f:ports': { 'k:{"name":"metrics"}': { '.': {}, 'f:name': {}, 'f:port': {} } }, 'f:tags': { 'v:"y"': {} } } });
    // A map-list element without its key (and no default for it) does not convert to the type.
    const noKey = await request(s, { method: 'PATCH', path: `${path}?fieldManager=b`, headers: APPLY, body: gadget([{ port: 1 }], []) });
    assert.equal(noKey.code, 400);
    assert.equal(noKey.json().reason, 'BadRequest');
    assert.equal(
      noKey.json().message,
      `failed to create typed patch object (${ns}/g; ssa.example.com/v1, Kind=Gadget): .spec.ports: element 0: associative list with keys has an element that omits key field "name" (and doesn't have default value)`,
    );
    const conflict = await request(s, { method: 'PATCH', path: `${path}?fieldManager=b`, headers: APPLY, body: gadget([{ name: 'http', port: 81 }], []) });
    assert.equal(conflict.code, 409);
    assert.equal(conflict.json().message, 'Apply failed with 1 conflict: conflict with "a": .spec.ports[name="http"].port');
    assert.deepEqual(conflict.json().details, { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "a"', field: '.spec.ports[name="http"].port' }] });
  });
});
