// Protobuf bodies beyond plain create/update, built independently of the server's own field table:
// messages come from the extracted upstream descriptors in tools/proto/ (proto field names, as a
// Go client would fill them: every non-pointer scalar present, zero or not), loaded with protobufjs. A CustomResourceDefinition with a nested
// schema (every "schema or X" union and raw JSON values), an Eviction, a Scale update, DeleteOptions
// on delete, and a Binding. kubectl 1.33 sends these as JSON (checked below with -v=8), and the
// objects it stores are the same as from protobuf.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { request, type RawResponse } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

type Obj = Record<string, any>;

const PB = 'application/vnd.kubernetes.protobuf';
const PROTO_DIR = fileURLToPath(new URL('../../../tools/proto/', import.meta.url));
const APIEXT = 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1';

function loadProtos(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
  root.loadSync(
    [
      'k8s.io/apimachinery/pkg/runtime/generated.proto',
      'k8s.io/api/core/v1/generated.proto',
      'k8s.io/api/policy/v1/generated.proto',
      'k8s.io/api/autoscaling/v1/generated.proto',
      'k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1/generated.proto',
    ],
    { keepCase: true },
  );
  root.resolveAll();
  return root;
}

const root = loadProtos();

/** "k8s\0" + runtime.Unknown{typeMeta, raw} around a message of `type` built from proto-named fields. */
function body(apiVersion: string, kind: string, type: string, fields: Obj): Buffer {
  const t = root.lookupType(type);
  const err = t.verify(fields);
  assert.equal(err, null, `${type}: ${err}`);
  const raw = t.encode(t.fromObject(fields)).finish();
  const unknown = root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  const env = unknown.encode(unknown.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })).finish();
  return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), env]);
}

const json = (v: unknown) => ({ raw: Buffer.from(JSON.stringify(v)) });

/**
 * A CRD the way a Go client encodes it: gogo writes every non-pointer scalar, zero or not, so
 * the zero `exclusiveMinimum`, `uniqueItems`, `nullable`, ... of every schema are on the wire.
 */
function zeros(schema: Obj): Obj {
  return { id: '', schema: '', description: '', type: '', format: '', title: '', pattern: '', exclusiveMaximum: false, exclusiveMinimum: false, uniqueItems: false, nullable: false, xKubernetesEmbeddedResource: false, xKubernetesIntOrString: false, ...schema };
}

const crdSchemaWire = zeros({
  type: 'object',
  properties: {
    spec: zeros({
      type: 'object',
      description: 'the desired state',
      required: ['size'],
      xKubernetesValidations: [{ rule: 'self.size <= 10', message: 'too big', messageExpression: '', fieldPath: '.size', reason: 'FieldValueInvalid' }],
      properties: {
        size: zeros({ type: 'integer', format: 'int32', minimum: 0, maximum: 10, default: json(3) }),
        mode: zeros({ type: 'string', enum: [json('fast'), json('slow'), json(null)], nullable: true, example: json('fast') }),
        tags: zeros({ type: 'array', items: { schema: zeros({ type: 'string', maxLength: 63 }) }, xKubernetesListType: 'set', maxItems: 5 }),
        labels: zeros({ type: 'object', additionalProperties: { allows: true, schema: zeros({ type: 'string' }) } }),
        closed: zeros({ type: 'object', additionalProperties: { allows: false } }),
        ports: zeros({
          type: 'array',
          xKubernetesListType: 'map',
          xKubernetesListMapKeys: ['name'],
          items: { schema: zeros({ type: 'object', required: ['name'], properties: { name: zeros({ type: 'string' }), port: zeros({ type: 'integer', xKubernetesIntOrString: true }) } }) },
        }),
        either: zeros({ oneOf: [zeros({ required: ['a'] }), zeros({ required: ['b'] })], properties: { a: zeros({ type: 'string' }), b: zeros({ type: 'string' }) }, type: 'object' }),
        free: zeros({ xKubernetesPreserveUnknownFields: true, type: 'object' }),
        embedded: zeros({ type: 'object', xKubernetesEmbeddedResource: true, xKubernetesPreserveUnknownFields: true }),
      },
    }),
  },
});

/** What upstream stores for it: Go's JSON of the same struct (omitempty zeros gone, unions in their JSON forms). */
const crdSchemaJson = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      description: 'the desired state',
      required: ['size'],
      'x-kubernetes-validations': [{ rule: 'self.size <= 10', message: 'too big', fieldPath: '.size', reason: 'FieldValueInvalid' }],
      properties: {
        size: { type: 'integer', format: 'int32', minimum: 0, maximum: 10, default: 3 },
        mode: { type: 'string', enum: ['fast', 'slow', null], nullable: true, example: 'fast' },
        tags: { type: 'array', items: { type: 'string', maxLength: 63 }, 'x-kubernetes-list-type': 'set', maxItems: 5 },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        closed: { type: 'object', additionalProperties: false },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer', 'x-kubernetes-int-or-string': true } } },
        },
        either: { oneOf: [{ required: ['a'] }, { required: ['b'] }], properties: { a: { type: 'string' }, b: { type: 'string' } }, type: 'object' },
        free: { 'x-kubernetes-preserve-unknown-fields': true, type: 'object' },
        embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

/** Deep equality that ignores key order (Go writes struct fields in declaration order). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Obj)[k])]));
  return v;
}

function assertStatus(r: RawResponse, code: number, reason?: string): Obj {
  assert.equal(r.code, code, r.body.toString());
  const st = r.json();
  assert.equal(st.kind, 'Status');
  if (reason) assert.equal(st.reason, reason);
  return st;
}

describe('protobuf bodies of CRDs and subresources (built from the upstream descriptors)', () => {
  let s: TestServer;
  const send = (method: string, path: string, b: Buffer) => request(s, { method, path, body: b, headers: { 'content-type': PB } });
  const get = async (path: string): Promise<Obj> => {
    const r = await request(s, { path });
    assert.equal(r.code, 200, `${path}: ${r.body.toString()}`);
    return r.json();
  };
  const createJson = async (path: string, obj: Obj): Promise<Obj> => {
    const r = await request(s, { method: 'POST', path, body: obj });
    assert.equal(r.code, 201, r.body.toString());
    return r.json();
  };
  const pod = (name: string, spec: Obj = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });

  before(async () => {
    s = await startTestServer();
  });
  after(() => s?.close());

  it('creates a CRD with a nested schema from protobuf, stored as upstream stores it, and serves its resource', async () => {
    const crd = body('apiextensions.k8s.io/v1', 'CustomResourceDefinition', `${APIEXT}.CustomResourceDefinition`, {
      metadata: { name: 'widgets.example.com', generateName: '', namespace: '' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        preserveUnknownFields: false,
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: '', shortNames: ['wd'], categories: ['all'] },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            deprecated: false,
            schema: { openAPIV3Schema: crdSchemaWire },
            subresources: { status: {}, scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size' } },
            additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size', priority: 0, format: '', description: '' }],
            selectableFields: [{ jsonPath: '.spec.mode' }],
          },
        ],
      },
    });
    const r = await send('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    assert.equal(r.code, 201, r.body.toString());
    const stored = await get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
    const v = stored.spec.versions[0];
    assert.deepEqual(canonical(v.schema.openAPIV3Schema), canonical(crdSchemaJson));
    assert.deepEqual(v.subresources, { status: {}, scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size' } });
    assert.deepEqual(v.additionalPrinterColumns, [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }]);
    assert.deepEqual(v.selectableFields, [{ jsonPath: '.spec.mode' }]);
    assert.equal(v.deprecated, undefined, 'omitempty false is not stored');
    assert.deepEqual(stored.spec.names, { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'], categories: ['all'] });

    // the schema works: defaults applied, validation and the CEL-free structural checks enforced
    const crPath = '/apis/example.com/v1/namespaces/default/widgets';
    const deadline = Date.now() + 20_000;
    while ((await request(s, { path: crPath })).code !== 200) {
      assert.ok(Date.now() < deadline, 'the CRD was never served');
      await new Promise((res) => setTimeout(res, 50));
    }
    const w = await createJson(crPath, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 2, mode: 'slow', dropped: 1 } });
    assert.deepEqual(w.spec, { size: 2, mode: 'slow' });
    const bad = await request(s, { method: 'POST', path: crPath, body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' }, spec: { size: 11, mode: 'other' } } });
    assertStatus(bad, 422, 'Invalid');
    // a custom resource's scale subresource takes protobuf Scales, as upstream's does
    const scale = body('autoscaling/v1', 'Scale', 'k8s.io.api.autoscaling.v1.Scale', { metadata: { name: 'w' }, spec: { replicas: 7 }, status: { replicas: 0, selector: '' } });
    const scaled = await send('PUT', `${crPath}/w/scale`, scale);
    assert.equal(scaled.code, 200, scaled.body.toString());
    assert.equal((await get(`${crPath}/w`)).spec.size, 7);
    // custom resources themselves stay JSON-only, as upstream
    const crPb = body('v1', 'ConfigMap', 'k8s.io.api.core.v1.ConfigMap', { metadata: { name: 'x' } });
    assert.match(assertStatus(await send('POST', crPath, crPb), 415, 'UnsupportedMediaType').message, /accepted media types include: application\/json, application\/yaml$/);
  });

  it('evicts a pod from a protobuf Eviction (dry run first, then for real)', async () => {
    await createJson('/api/v1/namespaces/default/pods', pod('ev'));
    const path = '/api/v1/namespaces/default/pods/ev/eviction';
    const dry = body('policy/v1', 'Eviction', 'k8s.io.api.policy.v1.Eviction', { metadata: { name: 'ev', namespace: 'default' }, deleteOptions: { dryRun: ['All'] } });
    assert.equal((await send('POST', path, dry)).code, 201);
    assert.equal((await get('/api/v1/namespaces/default/pods/ev')).metadata.deletionTimestamp, undefined, 'a dry run deletes nothing');
    const other = body('policy/v1', 'Eviction', 'k8s.io.api.policy.v1.Eviction', { metadata: { name: 'someone-else' } });
    assert.equal(assertStatus(await send('POST', path, other), 400, 'BadRequest').message, 'name in URL does not match name in Eviction object');
    const ev = body('policy/v1', 'Eviction', 'k8s.io.api.policy.v1.Eviction', { metadata: { name: 'ev' }, deleteOptions: { gracePeriodSeconds: 0 } });
    const r = await send('POST', path, ev);
    assert.equal(r.code, 201, r.body.toString());
    assert.deepEqual(r.json(), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    assert.equal((await request(s, { path: '/api/v1/namespaces/default/pods/ev' })).code, 404);
    const broken = Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), Buffer.from([0x0a, 0x30])]);
    assert.match(assertStatus(await send('POST', path, broken), 400, 'BadRequest').message, /^the object provided is unrecognized \(must be of type Eviction\)/);
  });

  it('accepts a policy/v1beta1 Eviction; an envelope of another type is refused with upstream\'s 400s', async () => {
    await createJson('/api/v1/namespaces/default/pods', pod('ev1b1'));
    const path = '/api/v1/namespaces/default/pods/ev1b1/eviction';
    // policy/v1beta1 Eviction has the same fields and numbers as policy/v1's.
    const b1 = body('policy/v1beta1', 'Eviction', 'k8s.io.api.policy.v1.Eviction', { metadata: { name: 'ev1b1' }, deleteOptions: { gracePeriodSeconds: 0 } });
    const r = await send('POST', path, b1);
    assert.equal(r.code, 201, r.body.toString());
    assert.equal((await request(s, { path: '/api/v1/namespaces/default/pods/ev1b1' })).code, 404);
    // another kind does not convert into the endpoint's internal type
    const cm = body('v1', 'ConfigMap', 'k8s.io.api.core.v1.ConfigMap', { metadata: { name: 'ev1b1' } });
    assert.equal(assertStatus(await send('POST', path, cm), 400, 'BadRequest').message, 'ConfigMap in version "v1" cannot be handled as a Eviction: converting (v1.ConfigMap) to (policy.Eviction): unknown conversion');
    const secret = body('v1', 'Secret', 'k8s.io.api.core.v1.Secret', { metadata: { name: 'not-a-cm' } });
    assert.equal(assertStatus(await send('POST', '/api/v1/namespaces/default/configmaps', secret), 400, 'BadRequest').message, 'Secret in version "v1" cannot be handled as a ConfigMap: converting (v1.Secret) to (core.ConfigMap): unknown conversion');
    assert.equal((await request(s, { path: '/api/v1/namespaces/default/configmaps/not-a-cm' })).code, 404);
    // the same kind in another version of the group fails the version check
    const hpa = body('autoscaling/v1', 'HorizontalPodAutoscaler', 'k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler', { metadata: { name: 'h' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'x', apiVersion: 'apps/v1' }, maxReplicas: 2 } });
    assert.equal(
      assertStatus(await send('POST', '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers', hpa), 400, 'BadRequest').message,
      'the API version in the data (autoscaling/v1) does not match the expected API version (autoscaling/v2)',
    );
  });

  it('updates replicas from a protobuf Scale (zero included), with a resourceVersion precondition', async () => {
    await createJson('/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'sc' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'sc' } }, template: { metadata: { labels: { app: 'sc' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const path = '/apis/apps/v1/namespaces/default/deployments/sc/scale';
    const cur = await get(path);
    const scale = (replicas: number, resourceVersion = '') =>
      body('autoscaling/v1', 'Scale', 'k8s.io.api.autoscaling.v1.Scale', { metadata: { name: 'sc', namespace: 'default', resourceVersion }, spec: { replicas }, status: { replicas: 0, selector: '' } });
    const r = await send('PUT', path, scale(5, cur.metadata.resourceVersion));
    assert.equal(r.code, 200, r.body.toString());
    assert.equal(r.json().kind, 'Scale');
    assert.equal(r.json().spec.replicas, 5);
    assert.equal((await get('/apis/apps/v1/namespaces/default/deployments/sc')).spec.replicas, 5);
    assertStatus(await send('PUT', path, scale(2, cur.metadata.resourceVersion)), 409, 'Conflict');
    // gogo writes replicas: 0 explicitly; ScaleSpec.replicas is omitempty, so it means 0
    assert.equal((await send('PUT', path, scale(0))).code, 200);
    assert.equal((await get('/apis/apps/v1/namespaces/default/deployments/sc')).spec.replicas, 0);
    assert.equal(assertStatus(await send('PUT', path, scale(-1)), 422, 'Invalid').message, 'Scale.autoscaling "sc" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  it('deletes with protobuf DeleteOptions: preconditions, dryRun, grace period', async () => {
    const created = await createJson('/api/v1/namespaces/default/pods', pod('del'));
    const path = '/api/v1/namespaces/default/pods/del';
    const opts = (fields: Obj) => body('v1', 'DeleteOptions', 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions', fields);
    assertStatus(await send('DELETE', path, opts({ preconditions: { uid: 'not-it' } })), 409, 'Conflict');
    assert.equal((await send('DELETE', path, opts({ dryRun: ['All'], gracePeriodSeconds: 0 }))).code, 200);
    assert.equal((await get(path)).metadata.deletionTimestamp, undefined, 'a dry run deletes nothing');
    const r = await send('DELETE', path, opts({ preconditions: { uid: created.metadata.uid }, gracePeriodSeconds: 0, propagationPolicy: 'Background' }));
    assert.equal(r.code, 200, r.body.toString());
    assert.equal((await request(s, { path })).code, 404);
  });

  it('binds a pod to a node from a protobuf Binding', async () => {
    await createJson('/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    await createJson('/api/v1/namespaces/default/pods', pod('bind'));
    const path = '/api/v1/namespaces/default/pods/bind/binding';
    const binding = (node: string) =>
      body('v1', 'Binding', 'k8s.io.api.core.v1.Binding', { metadata: { name: 'bind', namespace: 'default', annotations: { why: 'test' } }, target: { kind: 'Node', name: node, namespace: '', uid: '', apiVersion: '', resourceVersion: '', fieldPath: '' } });
    const r = await send('POST', path, binding('n1'));
    assert.equal(r.code, 201, r.body.toString());
    const p = await get('/api/v1/namespaces/default/pods/bind');
    assert.equal(p.spec.nodeName, 'n1');
    assert.equal(p.metadata.annotations.why, 'test');
    assert.equal(p.status.conditions.find((c: Obj) => c.type === 'PodScheduled')?.status, 'True');
    assert.match(assertStatus(await send('POST', path, binding('n2')), 409, 'Conflict').message, /already assigned to node "n1"/);
  });

  it('kubectl 1.33 sends these as JSON (scale, drain, delete, create -f CRD) and stores the same CRD', async () => {
    const kc = async (args: string[], input?: string) => {
      const res = await s.kubectl([...args, '-v=8'], { input });
      assert.equal(res.code, 0, `kubectl ${args.join(' ')}: ${res.stderr.slice(-2000)}`);
      return res;
    };
    const contentTypes = (stderr: string) => [...stderr.matchAll(/Content-Type: (application\/[\w.+-]+)/g)].map((m) => m[1]);
    const scaled = await kc(['scale', 'deployment/sc', '--replicas=3', '--current-replicas=0']);
    assert.equal(scaled.stdout.trim(), 'deployment.apps/sc scaled');
    assert.match(scaled.stderr, /verb="PUT" url="[^"]+\/deployments\/sc\/scale"/);
    await createJson('/api/v1/namespaces/default/pods', pod('drained', { nodeName: 'n1' }));
    const drained = await kc(['drain', 'n1', '--force', '--grace-period=0', '--timeout=20s']);
    assert.match(drained.stdout, /pod\/drained evicted/);
    assert.match(drained.stdout, /node\/n1 drained/);
    const crd = await get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
    const copy = { apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name: 'gadgets.example.com' }, spec: { ...crd.spec, names: { plural: 'gadgets', kind: 'Gadget' } } };
    const created = await kc(['create', '-f', '-'], JSON.stringify(copy));
    assert.equal(created.stdout.trim(), 'customresourcedefinition.apiextensions.k8s.io/gadgets.example.com created');
    await createJson('/api/v1/namespaces/default/pods', pod('gone'));
    const deleted = await kc(['delete', 'pod', 'gone', '--grace-period=0', '--force']);
    assert.match(deleted.stdout, /pod "gone" force deleted/);
    for (const r of [scaled, drained, created, deleted]) assert.ok(!contentTypes(r.stderr).includes(PB), 'kubectl 1.33 sent protobuf: extend this test to compare it');
    const viaKubectl = await get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com');
    assert.deepEqual(canonical(viaKubectl.spec.versions), canonical(crd.spec.versions), 'the same schema from JSON as from protobuf');
  });
});
