// OpenAPI v2/v3 as real kubectl (1.33 and 1.27) uses them: explain (v3, and v2 over protobuf),
// apply/create/edit with kubectl's default validation (no --validate=false), the upstream texts
// for a misspelled field under every --validate mode, a CRD's explain; plus the HTTP edges
// (ETag/If-None-Match, hash redirects, caching headers, duplicate JSON fields).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

const SEEDS = new URL('../../../test/fixtures/seeds/', import.meta.url).pathname;
const MANIFESTS = new URL('../../../test/fixtures/manifests/', import.meta.url).pathname;

async function waitFor(what: string, fn: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const deployment = (name: string, spec: Record<string, unknown> = { replicas: 1 }) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { ...spec, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
  });

for (const version of ['1.33', '1.27']) {
  describe(`kubectl ${version} with OpenAPI`, () => {
    const ns = `openapi-${version.replace('.', '-')}`;
    const k = (args: string[], o: { input?: string; env?: Record<string, string> } = {}) => s.kubectl(['-n', ns, ...args], { version, ...o });

    before(async () => {
      const r = await s.kubectl(['create', 'namespace', ns], { version });
      assert.equal(r.code, 0, r.stderr);
    });

    it('explain deployment.spec.strategy prints our descriptions and the field types', async () => {
      const r = await k(['explain', 'deployment.spec.strategy']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1/);
      assert.match(r.stdout, /FIELD: strategy <DeploymentStrategy>/);
      assert.match(r.stdout, /How a Deployment replaces its pods\./);
      assert.match(r.stdout, /rollingUpdate\t<RollingUpdateDeployment>\n\s+The bounds of a rolling update/);
      assert.match(r.stdout, /type\t<string>\n\s+RollingUpdate \(the default\)/);
    });

    it('explain deployment.spec.strategy.rollingUpdate.maxSurge', async () => {
      const r = await k(['explain', 'deployment.spec.strategy.rollingUpdate.maxSurge']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /FIELD: maxSurge <string>/);
      assert.match(r.stdout, /percentage of replicas rounded up/);
    });

    it('explain pod --recursive walks every nested field', async () => {
      const r = await k(['explain', 'pod', '--recursive']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /KIND:\s+Pod\nVERSION:\s+v1/);
      assert.match(r.stdout, /A group of one or more containers/);
      assert.match(r.stdout, /\n {4}containers\t<\[\]Container> -required-\n/);
      assert.match(r.stdout, /\n {6}livenessProbe\t<Probe>\n {8}exec\t<ExecAction>\n/);
      assert.match(r.stdout, /\n {2}status\t<PodStatus>\n/);
      assert.ok(r.stdout.split('\n').length > 500, 'the whole tree');
    });

    it('explain deployment --api-version=apps/v1', async () => {
      const r = await k(['explain', 'deployment', '--api-version=apps/v1']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /KIND:\s+Deployment\nVERSION:\s+v1/);
      assert.match(r.stdout, /Declarative updates for stateless applications/);
      assert.match(r.stdout, /spec\t<DeploymentSpec>\n\s+The desired state: what the user asks/);
      assert.match(r.stdout, /metadata\t<ObjectMeta>/);
    });

    it('explain hpa.spec.behavior and crd.spec.versions.schema: texts of types outside core/v1', async () => {
      const flat = (t: string) => t.replace(/\s+/g, ' ');
      const hpa = await k(['explain', 'hpa.spec.behavior', '--recursive']);
      assert.equal(hpa.code, 0, hpa.stderr);
      assert.match(hpa.stdout, /KIND:\s+HorizontalPodAutoscaler\nVERSION:\s+v2/);
      assert.match(flat(hpa.stdout), /How fast the autoscaler may scale, each way\./);
      assert.match(hpa.stdout, /\n {2}scaleUp\t<HPAScalingRules>\n {4}policies\t<\[\]HPAScalingPolicy>\n {6}periodSeconds\t<integer> -required-\n/);
      const up = await k(['explain', 'hpa.spec.behavior.scaleUp.selectPolicy']);
      assert.equal(up.code, 0, up.stderr);
      assert.match(flat(up.stdout), /Which policy applies when several do: Max \(the default/);
      const crd = await k(['explain', 'crd.spec.versions.schema']);
      assert.equal(crd.code, 0, crd.stderr);
      assert.match(flat(crd.stdout), /The schema of one version of a custom resource\./);
      assert.match(flat(crd.stdout), /openAPIV3Schema <JSONSchemaProps> The OpenAPI v3 schema that objects are validated, pruned and defaulted with\./);
      const props = await k(['explain', 'crd.spec.versions.schema.openAPIV3Schema.x-kubernetes-list-type']);
      assert.equal(props.code, 0, props.stderr);
      assert.match(flat(props.stdout), /atomic \(the default; replaced as a whole\), set/);
    });

    it('explain pod.spec.volumes.csi, node.status and container states: texts of core/v1 types', async () => {
      const flat = (t: string) => t.replace(/\s+/g, ' ');
      const csi = await k(['explain', 'pod.spec.volumes.csi']);
      assert.equal(csi.code, 0, csi.stderr);
      assert.match(csi.stdout, /FIELD: csi <CSIVolumeSource>/);
      assert.match(flat(csi.stdout), /A volume a CSI driver provides inline for this pod alone/);
      assert.match(flat(csi.stdout), /driver <string> -required- The name of the CSI driver, as it registered on the node/);
      assert.match(flat(csi.stdout), /nodePublishSecretRef <LocalObjectReference> A Secret in the pod's namespace passed to the driver/);
      const node = await k(['explain', 'node.status', '--recursive']);
      assert.equal(node.code, 0, node.stderr);
      assert.match(flat(node.stdout), /What a node reports about itself\./);
      assert.match(node.stdout, /\n {2}nodeInfo\t<NodeSystemInfo>\n {4}architecture\t<string> -required-\n/);
      const info = await k(['explain', 'node.status.nodeInfo.containerRuntimeVersion']);
      assert.equal(info.code, 0, info.stderr);
      assert.match(flat(info.stdout), /as <runtime>:\/\/<version>/);
      const term = await k(['explain', 'pod.status.containerStatuses.lastState.terminated.exitCode']);
      assert.equal(term.code, 0, term.stderr);
      assert.match(flat(term.stdout), /The exit status of its last run; 0 means success\./);
    });

    it('explain over OpenAPI v2 (gnostic protobuf)', async () => {
      const r = await k(['explain', 'deployment.spec.strategy', '--output=plaintext-openapiv2']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /KIND:\s+Deployment\nVERSION:\s+apps\/v1\n\nRESOURCE: strategy <Object>/);
      assert.match(r.stdout, /How a Deployment replaces its pods\./);
      assert.match(r.stdout, /rollingUpdate\t<Object>\n\s+The bounds of a rolling update/);
    });

    // Manifests whose live objects equal what they say once defaulted (an atomic list the server
    // fills in, or cpu: 0.15 read back as 150m, makes every re-apply "configured", as upstream).
    it('apply -f of the seed and real-world manifests: created, configured, unchanged', async () => {
      const files = [`${SEEDS}nginx-deployment.yaml`, `${SEEDS}dapi-test-pod.yaml`, `${MANIFESTS}web--guestbook--all-in-one--guestbook-all-in-one.yaml`, `${MANIFESTS}AI--vllm-deployment--vllm-deployment.yaml`];
      for (const f of files) {
        const r = await k(['apply', '-f', f]);
        assert.equal(r.code, 0, `${f}: ${r.stderr}`);
        assert.match(r.stdout, / created\n/, f);
        assert.equal(r.stderr, '', f);
        const again = await k(['apply', '-f', f]);
        assert.equal(again.code, 0, again.stderr);
        assert.doesNotMatch(again.stdout, / (created|configured)\n/, f);
        assert.match(again.stdout, / unchanged\n/, f);
      }
      const changed = await k(['apply', '-f', '-'], { input: (await k(['get', 'deployment', 'nginx-deployment', '-o', 'yaml'])).stdout.replace('replicas: 3', 'replicas: 2') });
      assert.equal(changed.code, 0, changed.stderr);
      assert.equal(changed.stdout.trim(), 'deployment.apps/nginx-deployment configured');
    });

    it('create with a misspelled field: upstream error by default and with --validate=strict', async () => {
      const bad = deployment('typo', { replica: 2 });
      for (const flags of [[], ['--validate=strict'], ['--validate=true']]) {
        const r = await k(['create', '-f', '-', ...flags], { input: bad });
        assert.equal(r.code, 1, flags.join(' '));
        assert.equal(r.stderr.trim(), 'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"');
      }
    });

    it('create with a misspelled field: a warning with --validate=warn, nothing with --validate=false', async () => {
      const warn = await k(['create', '-f', '-', '--validate=warn'], { input: deployment('typo-warn', { replica: 2 }) });
      assert.equal(warn.code, 0, warn.stderr);
      assert.equal(warn.stderr.trim(), 'Warning: unknown field "spec.replica"');
      assert.equal(warn.stdout.trim(), 'deployment.apps/typo-warn created');
      const off = await k(['create', '-f', '-', '--validate=false'], { input: deployment('typo-off', { replica: 2 }) });
      assert.equal(off.code, 0, off.stderr);
      assert.equal(off.stderr, '');
    });

    it('edit with a scripted EDITOR and default validation', async () => {
      const c = await k(['create', '-f', '-'], { input: deployment('ed') });
      assert.equal(c.code, 0, c.stderr);
      const r = await k(['edit', 'deployment/ed'], { env: { EDITOR: 'sed -i s/replicas:\\ 1$/replicas:\\ 4/', KUBE_EDITOR: '' } });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'deployment.apps/ed edited');
      const got = JSON.parse((await k(['get', 'deployment', 'ed', '-o', 'json'])).stdout);
      assert.equal(got.spec.replicas, 4);
    });

    it('explain and apply of a custom resource kind, from its CRD schema', async () => {
      // One kind per kubectl version: kubectl 1.27 mixes up same-named kinds of two groups.
      const group = `g${version.replace('.', '')}.openapi.example.com`;
      const kind = version === '1.27' ? 'Gizmo' : 'Gadget';
      const plural = `${kind.toLowerCase()}s`;
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `${plural}.${group}` },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural, singular: kind.toLowerCase(), kind },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  description: 'A gadget for testing explain.',
                  properties: { spec: { type: 'object', description: 'What the gadget should be.', properties: { size: { type: 'integer', description: 'How big, in inches.' }, color: { type: 'string' } } } },
                },
              },
            },
          ],
        },
      };
      const c = await k(['apply', '-f', '-'], { input: JSON.stringify(crd) });
      assert.equal(c.code, 0, c.stderr);
      let out = '';
      let err = '';
      await waitFor('explain gadgets', async () => {
        const r = await k(['explain', `${plural}.${group}.spec`]);
        out = r.stdout;
        err = r.stderr;
        return r.code === 0;
      }).catch((e) => assert.fail(`${(e as Error).message}: ${err}`));
      assert.match(out, new RegExp(`GROUP:\\s+${group.replace(/\./g, '\\.')}\\nKIND:\\s+${kind}\\nVERSION:\\s+v1`));
      assert.match(out, /What the gadget should be\./);
      assert.match(out, /size\t<integer>\n\s+How big, in inches\./);
      // Client-side apply of a custom resource: created, configured (a JSON merge patch), unchanged.
      const cr = (size: number) => JSON.stringify({ apiVersion: `${group}/v1`, kind, metadata: { name: 'applied' }, spec: { size } });
      for (const [size, word] of [[1, 'created'], [2, 'configured'], [2, 'unchanged']] as const) {
        const r = await k(['apply', '-f', '-'], { input: cr(size) });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout.trim(), `${kind.toLowerCase()}.${group}/applied ${word}`);
      }
      const typo = await k(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: `${group}/v1`, kind, metadata: { name: 'g' }, spec: { sise: 3 } }) });
      assert.equal(typo.code, 1);
      assert.match(typo.stderr, new RegExp(`${kind} in version "v1" cannot be handled as a ${kind}: strict decoding error: unknown field "spec.sise"`));
    });
  });
}

describe('OpenAPI over HTTP', () => {
  it('/openapi/v2 honours If-None-Match and serves gnostic protobuf', async () => {
    const json = await request(s, { path: '/openapi/v2' });
    assert.equal(json.code, 200);
    assert.equal(json.headers['content-type'], 'application/json');
    const etag = String(json.headers.etag);
    assert.match(etag, /^"[0-9A-F]{128}"$/);
    assert.equal(json.json().swagger, '2.0');
    const again = await request(s, { path: '/openapi/v2', headers: { 'if-none-match': etag } });
    assert.equal(again.code, 304);
    assert.equal(again.body.length, 0);
    const pb = await request(s, { path: '/openapi/v2', headers: { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' } });
    assert.equal(pb.code, 200);
    assert.equal(pb.headers['content-type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    assert.equal(pb.body.subarray(0, 5).toString('latin1'), '\n\x032.0');
    const none = await request(s, { path: '/openapi/v2', headers: { accept: 'text/html' } });
    assert.equal(none.code, 406);
    assert.equal(none.json().reason, 'NotAcceptable');
  });

  it('/openapi/v3 lists group-versions with hashed URLs; hashes are immutable or redirect', async () => {
    const index = (await request(s, { path: '/openapi/v3' })).json();
    const apps = index.paths['apis/apps/v1'].serverRelativeURL as string;
    assert.match(apps, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    assert.ok(index.paths['api/v1']);
    const doc = await request(s, { path: apps });
    assert.equal(doc.code, 200);
    assert.equal(doc.headers['cache-control'], 'public, immutable');
    assert.ok(doc.headers.expires);
    assert.equal(doc.json().openapi, '3.0.0');
    const stale = await request(s, { path: '/openapi/v3/apis/apps/v1?hash=0123' });
    assert.equal(stale.code, 301);
    assert.equal(stale.headers.location, apps);
    const plain = await request(s, { path: '/openapi/v3/apis/apps/v1' });
    assert.equal(plain.code, 200);
    assert.equal(plain.headers['cache-control'], undefined);
    const missing = await request(s, { path: '/openapi/v3/apis/nothing.example.com/v1' });
    assert.equal(missing.code, 404);
    assert.equal(missing.json().reason, 'NotFound');
  });

  it('fieldValidation reports duplicate JSON fields like upstream', async () => {
    const body = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup","name":"dup","bogus":1},"data":{"a":"1","a":"2"}}`;
    const strict = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body });
    assert.equal(strict.code, 400);
    assert.equal(strict.json().message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata.name", unknown field "metadata.bogus", duplicate field "data.a"');
    const warn = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body });
    assert.equal(warn.code, 201);
    assert.deepEqual(warn.headers.warning, '299 - "duplicate field \\"metadata.name\\"", 299 - "unknown field \\"metadata.bogus\\"", 299 - "duplicate field \\"data.a\\""');
    assert.deepEqual(warn.json().data, { a: '2' });
    const ignore = await request(s, { method: 'PUT', path: '/api/v1/namespaces/default/configmaps/dup?fieldValidation=Ignore', body });
    assert.equal(ignore.code, 200);
    assert.equal(ignore.headers.warning, undefined);
    // YAML: Go's yaml wording with line numbers, then the unknown fields sorted.
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dupy\n  name: dupy\n  zz: 1\ndata:\n  a: "1"\n  a: "2"\nbogus: 1\n';
    const ys = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', headers: { 'content-type': 'application/yaml' }, body: yaml });
    assert.equal(ys.code, 400);
    assert.equal(ys.json().message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: yaml: unmarshal errors:\n  line 5: key "name" already set in map\n  line 9: key "a" already set in map, unknown field "bogus", unknown field "metadata.zz"');
    const yw = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', headers: { 'content-type': 'application/yaml' }, body: yaml });
    assert.equal(yw.code, 201, yw.body.toString());
    assert.equal(yw.headers.warning, '299 - "line 5: key \\"name\\" already set in map", 299 - "line 9: key \\"a\\" already set in map", 299 - "unknown field \\"bogus\\"", 299 - "unknown field \\"metadata.zz\\""');
    assert.deepEqual(yw.json().data, { a: '2' });
    const yi = await request(s, { method: 'PUT', path: '/api/v1/namespaces/default/configmaps/dupy?fieldValidation=Ignore', headers: { 'content-type': 'application/yaml' }, body: yaml });
    assert.equal(yi.code, 200, yi.body.toString());
    assert.equal(yi.headers.warning, undefined);
    // Patches: the patch's repeated keys first, then the unknown fields sorted (upstream's order).
    const patch = '{"zzz":1,"data":{"b":"1","b":"2"},"bogus":2}';
    for (const type of ['application/merge-patch+json', 'application/strategic-merge-patch+json']) {
      const p = await request(s, { method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/dup?fieldValidation=Strict', headers: { 'content-type': type }, body: patch });
      assert.equal(p.code, 400, type);
      assert.equal(p.json().message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "data.b", unknown field "bogus", unknown field "zzz"');
      const w = await request(s, { method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/dup', headers: { 'content-type': type }, body: patch });
      assert.equal(w.code, 200, type);
      assert.equal(w.headers.warning, '299 - "duplicate field \\"data.b\\"", 299 - "unknown field \\"bogus\\"", 299 - "unknown field \\"zzz\\""');
      assert.equal(w.json().data.b, '2');
    }
    // JSON patch: the operations' own unknown and repeated keys first.
    const ops = '[{"op":"add","path":"/zzz","value":1,"foo":"bar"},{"op":"add","path":"/bogus","path":"/bogus2","value":2}]';
    const jp = await request(s, { method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/dup?fieldValidation=Strict', headers: { 'content-type': 'application/json-patch+json' }, body: ops });
    assert.equal(jp.code, 400);
    assert.equal(jp.json().message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: json patch unknown field "[0].foo", json patch duplicate field "[1].path", unknown field "bogus2", unknown field "zzz"');
    const jw = await request(s, { method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/dup', headers: { 'content-type': 'application/json-patch+json' }, body: ops });
    assert.equal(jw.code, 200, jw.body.toString());
    assert.equal(jw.headers.warning, '299 - "json patch unknown field \\"[0].foo\\"", 299 - "json patch duplicate field \\"[1].path\\"", 299 - "unknown field \\"bogus2\\"", 299 - "unknown field \\"zzz\\""');
  });
});

