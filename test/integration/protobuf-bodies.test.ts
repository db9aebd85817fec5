// Protobuf request bodies over HTTPS against a real server: every built-in kind created from a
// protobuf body is stored exactly as when it arrives as JSON; update and delete options bodies;
// upstream's 400s for malformed bodies and 415s for custom resources; and a seeded fuzz of
// mutated protobuf bodies that must never get a 5xx.
//
//   PB_FUZZ_SEED=1234 node --test dist/test/integration/protobuf-bodies.test.js   (rerun one seed)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProtobufEncoder } from '../../src/api/protobuf/index.js';
import { definitionForKind } from '../../src/api/schema/index.js';
import { protobufMessages } from '../../src/api/schema/generated/protobuf-fields.js';
import { EVERY_KIND, type KindFixture } from '../fixtures/every-kind.js';
import { request, type RawResponse } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

type Obj = Record<string, any>;

const PB = 'application/vnd.kubernetes.protobuf';
const SEED = process.env.PB_FUZZ_SEED ? Number(process.env.PB_FUZZ_SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
const FUZZ_REQUESTS = Number(process.env.PB_FUZZ_REQUESTS ?? 400);
const encoder = new ProtobufEncoder(protobufMessages, definitionForKind);

function collectionPath(f: KindFixture, ns: string): string {
  const apiVersion = String(f.manifest.apiVersion);
  const resource = f.resource.split('.')[0]!;
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return f.namespaced ? `${base}/namespaces/${ns}/${resource}` : `${base}/${resource}`;
}

// CRD names must be plural.group, so renaming one is not a suffix: protobuf-subresource-bodies.test.ts covers CRDs.
const supported = EVERY_KIND.filter((f) => definitionForKind(String(f.manifest.apiVersion), String(f.manifest.kind)) && f.manifest.kind !== 'CustomResourceDefinition');

function renamed(f: KindFixture, suffix: string): Obj {
  const m = structuredClone(f.manifest) as Obj;
  m.metadata.name = `${m.metadata.name}-${suffix}`;
  return m;
}

function normalize(o: Obj): Obj {
  const { name, uid } = o.metadata;
  const c = JSON.parse(JSON.stringify(o).replaceAll(String(name), 'NAME').replaceAll(String(uid), 'UID'));
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'namespace', 'managedFields']) delete c.metadata[k];
  if (c.spec?.clusterIP) {
    delete c.spec.clusterIP;
    delete c.spec.clusterIPs;
    for (const p of c.spec.ports ?? []) delete p.nodePort;
  }
  return c;
}

const post = (s: TestServer, path: string, body: Uint8Array | Obj) =>
  request(s, { method: 'POST', path, body: body instanceof Uint8Array ? Buffer.from(body) : body, headers: body instanceof Uint8Array ? { 'content-type': PB } : {} });

function assertStatus(r: RawResponse, code: number, reason: string): Obj {
  assert.equal(r.code, code, r.body.toString());
  const st = r.json();
  assert.equal(st.kind, 'Status');
  assert.equal(st.status, 'Failure');
  assert.equal(st.code, code);
  assert.equal(st.reason, reason);
  return st;
}

describe('protobuf request bodies', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    for (const ns of ['pb', 'fz']) assert.equal((await post(s, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })).code, 201);
  });
  after(() => s?.close());

  it(`creates every built-in kind (${supported.length}) from protobuf exactly as from JSON`, async () => {
    for (const f of supported) {
      // 'default', where every fixture is valid (an Event without involvedObject.namespace, ...)
      const viaPb = await post(s, collectionPath(f, 'default'), encoder.encode(renamed(f, 'pb')));
      assert.equal(viaPb.code, 201, `${f.resource}: ${viaPb.body.toString()}`);
      const viaJson = await post(s, collectionPath(f, 'default'), renamed(f, 'js'));
      assert.equal(viaJson.code, 201, `${f.resource}: ${viaJson.body.toString()}`);
      assert.deepEqual(normalize(viaPb.json()), normalize(viaJson.json()), f.resource);
    }
  });

  it('updates from a protobuf body (PUT) and takes protobuf DeleteOptions', async () => {
    const path = '/api/v1/namespaces/pb/configmaps';
    const created = (await post(s, path, encoder.encode({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'upd' }, data: { a: '1' } }))).json();
    const next = { ...created, data: { a: '2', b: '3' } };
    const put = await request(s, { method: 'PUT', path: `${path}/upd`, body: Buffer.from(encoder.encode(next)), headers: { 'content-type': PB } });
    assert.equal(put.code, 200, put.body.toString());
    assert.deepEqual(put.json().data, { a: '2', b: '3' });
    const stale = await request(s, { method: 'PUT', path: `${path}/upd`, body: Buffer.from(encoder.encode(next)), headers: { 'content-type': PB } });
    assertStatus(stale, 409, 'Conflict');
    const opts = encoder.encode({ apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: 'not-the-uid' } });
    const refused = await request(s, { method: 'DELETE', path: `${path}/upd`, body: Buffer.from(opts), headers: { 'content-type': PB } });
    assertStatus(refused, 409, 'Conflict');
    const ok = encoder.encode({ apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: created.metadata.uid }, propagationPolicy: 'Background' });
    const del = await request(s, { method: 'DELETE', path: `${path}/upd`, body: Buffer.from(ok), headers: { 'content-type': PB } });
    assert.equal(del.code, 200, del.body.toString());
    assert.equal((await request(s, { path: `${path}/upd` })).code, 404);
  });

  it('answers malformed protobuf with upstream\'s 400 BadRequest texts', async () => {
    const path = '/api/v1/namespaces/pb/configmaps';
    const notPb = await request(s, { method: 'POST', path, body: '{"kind":"ConfigMap"}', headers: { 'content-type': PB } });
    const st = assertStatus(notPb, 400, 'BadRequest');
    assert.equal(st.message, 'the object provided is unrecognized (must be of type ConfigMap): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({"kind":"ConfigMap"})');
    const good = encoder.encode({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'trunc' }, data: { key: 'value' } });
    // a broken envelope names no kind yet; a broken object inside a good envelope does
    const truncated = await post(s, path, good.subarray(0, good.length - 12));
    assert.match(assertStatus(truncated, 400, 'BadRequest').message, /^the object provided is unrecognized \(must be of type ConfigMap\): unexpected EOF \(6b387300[0-9a-f]+ \.\.\.\)$/);
    const raw = encoder.encodeMessage('io.k8s.api.core.v1.ConfigMap', { metadata: { name: 'trunc' }, data: { key: 'value' } });
    const inner = await post(s, path, encoder.envelope('v1', 'ConfigMap', raw.subarray(0, raw.length - 3)));
    assert.equal(assertStatus(inner, 400, 'BadRequest').message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: unexpected EOF');
    const wrongKind = await post(s, path, encoder.envelope('v1', 'Nope', raw));
    assert.equal(assertStatus(wrongKind, 400, 'BadRequest').message, 'Nope in version "v1" cannot be handled as a ConfigMap: no kind "Nope" is registered for version "v1"');
    const empty = await request(s, { method: 'POST', path, body: Buffer.alloc(0), headers: { 'content-type': PB } });
    assert.match(assertStatus(empty, 400, 'BadRequest').message, /\(<empty>\)$/);
    assert.equal((await request(s, { path: `${path}/trunc` })).code, 404, 'nothing stored from a refused body');
    await post(s, path, encoder.encode({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'patched' } }));
    const patch = await request(s, { method: 'PATCH', path: `${path}/patched`, body: Buffer.from(good), headers: { 'content-type': PB } });
    assertStatus(patch, 415, 'UnsupportedMediaType');
  });

  it('answers protobuf for custom resources with 415, as upstream does', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    assert.equal((await post(s, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).code, 201);
    const crPath = '/apis/example.com/v1/namespaces/pb/gadgets';
    const deadline = Date.now() + 20_000;
    while ((await request(s, { path: crPath })).code !== 200) {
      assert.ok(Date.now() < deadline, 'the CRD was never served');
      await new Promise((r) => setTimeout(r, 50));
    }
    const body = encoder.encode({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    const st = assertStatus(await post(s, crPath, body), 415, 'UnsupportedMediaType');
    assert.match(st.message, /accepted media types include: application\/json, application\/yaml/);
    // CRDs themselves are built-in objects with a protobuf form (test/integration/protobuf-subresource-bodies.test.ts)
    const wrongKind = await post(s, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body);
    assert.equal(wrongKind.code, 400, wrongKind.body.toString());
    assert.equal((await post(s, crPath, { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' } })).code, 201, 'JSON still works');
  });

  it(`survives ${FUZZ_REQUESTS} mutated protobuf bodies without a 5xx (PB_FUZZ_SEED=${SEED})`, async () => {
    let seed = SEED || 1;
    const rnd = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const bodies = supported.map((f) => ({ path: collectionPath(f, 'fz'), bytes: encoder.encode(renamed(f, 'fz')) }));
    const problems: string[] = [];
    const jobs = Array.from({ length: FUZZ_REQUESTS }, (_, i) => {
      const b = bodies[Math.floor(rnd() * bodies.length)]!;
      const bytes = Uint8Array.from(b.bytes);
      const mode = rnd();
      let out: Uint8Array = bytes;
      if (mode < 0.4) {
        for (let j = 0, n = 1 + Math.floor(rnd() * 6); j < n; j++) bytes[4 + Math.floor(rnd() * (bytes.length - 4))] = Math.floor(rnd() * 256);
      } else if (mode < 0.6) {
        out = bytes.subarray(0, Math.floor(rnd() * bytes.length));
      } else if (mode < 0.8) {
        const at = 4 + Math.floor(rnd() * (bytes.length - 4));
        const junk = Uint8Array.from({ length: 1 + Math.floor(rnd() * 16) }, () => Math.floor(rnd() * 256));
        out = Uint8Array.from([...bytes.subarray(0, at), ...junk, ...bytes.subarray(at)]);
      } else {
        out = Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256))]);
      }
      return { i, path: b.path, body: out };
    });
    const worker = async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const r = await post(s, job.path, job.body);
        const where = `request ${job.i} (${job.path}, ${Buffer.from(job.body).toString('hex').slice(0, 80)})`;
        if (r.code >= 500) problems.push(`${where}: ${r.code} ${r.body.toString().slice(0, 300)}`);
        else if (r.code >= 300) {
          let st: Obj | undefined;
          try {
            st = r.json();
          } catch {
            st = undefined;
          }
          if (st?.kind !== 'Status' || st.code !== r.code) problems.push(`${where}: ${r.code} without a Status: ${r.body.toString().slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    assert.deepEqual(problems.slice(0, 10), []);
    assert.equal((await request(s, { path: '/healthz' })).body.toString(), 'ok');
  });
});
