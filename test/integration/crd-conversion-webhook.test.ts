// CustomResourceDefinition conversion webhooks (spec.conversion.strategy Webhook), as the
// conformance tests "CustomResourceConversionWebhook ... convert from CR v1 to CR v2" and "...
// convert a non homogeneous list of CRs" use them: a real HTTPS webhook (test CA, caBundle)
// converting v1's spec.hostPort to v2's spec.host and spec.port and back, reached through kubectl
// 1.33 and 1.27 and raw requests for get, list, watch, create, patch and delete in either
// version; a storage version switch that leaves a mixed list; the answers upstream refuses; and
// ConversionReview v1beta1.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KUBECTL_VERSIONS, kubectlSession } from '../support/kubectl-session.js';
import { request, watch } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { startWebhookServer, type TestWebhookServer } from '../support/webhook-server.js';
import { pollUntil } from '../support/poll.js';

type Obj = Record<string, any>;

let s: TestServer;
let hook: TestWebhookServer;
before(async () => {
  s = await startTestServer();
  hook = await startWebhookServer();
});
after(async () => {
  await hook?.close();
  await s?.close();
});

const CRD = 'gadgets.stable.example.com';
const crdPath = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD}`;
const base = (version: string) => `/apis/stable.example.com/${version}/namespaces/default/gadgets`;

const stringProps = (...names: string[]) => Object.fromEntries(names.map((n) => [n, { type: 'string' }]));
const crd = (storage: 'v1' | 'v2', clientConfig: Obj, reviewVersions = ['v1', 'v1beta1']) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: CRD },
  spec: {
    group: 'stable.example.com',
    scope: 'Namespaced',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
    versions: [
      { name: 'v1', served: true, storage: storage === 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: stringProps('hostPort') } } } } },
      { name: 'v2', served: true, storage: storage === 'v2', schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: stringProps('host', 'port') } } } } },
    ],
    conversion: { strategy: 'Webhook', webhook: { clientConfig, conversionReviewVersions: reviewVersions } },
  },
});

/** The converter the conformance test's webhook implements. */
function convert(o: Obj, to: string): Obj {
  const spec = { ...(o.spec ?? {}) };
  if (to.endsWith('/v2') && 'hostPort' in spec) {
    const [host, port] = String(spec.hostPort).split(':');
    delete spec.hostPort;
    Object.assign(spec, { host, port });
  } else if (to.endsWith('/v1') && ('host' in spec || 'port' in spec)) {
    spec.hostPort = `${spec.host}:${spec.port}`;
    delete spec.host;
    delete spec.port;
  }
  return { ...o, apiVersion: to, spec };
}

/** What the webhook does to each object; tests swap it for a broken one. */
let convertOne: (o: Obj, to: string) => Obj = convert;
let failure: string | undefined;
const reviews = () => hook.received.get('/convert') ?? [];
const clientConfig = () => ({ url: hook.url('/convert'), caBundle: hook.caBundle });

/** Replaces the CRD's spec with `next`'s and waits until a read shows `ready`. */
async function updateCrd(next: Obj, ready: () => Promise<boolean>, what: string): Promise<void> {
  const cur = (await request(s, { path: crdPath })).json();
  const r = await request(s, { method: 'PUT', path: crdPath, body: { ...cur, spec: next.spec } });
  assert.equal(r.code, 200, r.body.toString());
  await pollUntil(ready, what);
}

const gadget = (version: 'v1' | 'v2', name: string, spec: Obj) => ({ apiVersion: `stable.example.com/${version}`, kind: 'Gadget', metadata: { name, labels: { app: 'gadget' } }, spec });

describe('CRD conversion webhooks', () => {
  before(async () => {
    hook.handle('/convert', (req) =>
      failure !== undefined
        ? { result: { status: 'Failure', message: failure } }
        : { result: { status: 'Success' }, convertedObjects: (req.objects as Obj[]).map((o) => convertOne(o, req.desiredAPIVersion)) },
    );
    const r = await request(s, { method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: crd('v1', clientConfig()) });
    assert.equal(r.code, 201, r.body.toString());
    await pollUntil(async () => (await request(s, { path: base('v2') })).code === 200, 'the CRD to be served');
  });

  it('serves a v1-stored object as v2 through the webhook (kubectl 1.33 and 1.27)', async () => {
    const k = kubectlSession(s, '1.33', 'default');
    await k.ok(['create', '-f', '-'], { input: JSON.stringify(gadget('v1', 'g1', { hostPort: 'localhost:8080' })) });
    const before = reviews().length;
    // Reading the storage version calls nothing.
    const v1 = await k.json(['gadgets.v1.stable.example.com', 'g1']);
    assert.deepEqual([v1.apiVersion, v1.spec], ['stable.example.com/v1', { hostPort: 'localhost:8080' }]);
    assert.equal(reviews().length, before);
    for (const version of KUBECTL_VERSIONS) {
      const kv = kubectlSession(s, version, 'default');
      const v2 = await kv.json(['gadgets.v2.stable.example.com', 'g1']);
      assert.equal(v2.apiVersion, 'stable.example.com/v2');
      assert.deepEqual(v2.spec, { host: 'localhost', port: '8080' });
      assert.equal(v2.metadata.uid, v1.metadata.uid);
      assert.equal(v2.metadata.resourceVersion, v1.metadata.resourceVersion);
      // The preferred version is v2, so a plain `get gadgets` converts too.
      assert.match(await kv.ok(['get', 'gadgets']), /^NAME\s+AGE\ng1\s+\S+\n$/);
    }
    const review = reviews().at(-1)!;
    assert.equal(review.apiVersion, 'apiextensions.k8s.io/v1');
    assert.equal(review.kind, 'ConversionReview');
    assert.match(review.request.uid, /^[0-9a-f-]{36}$/);
    assert.equal(review.request.desiredAPIVersion, 'stable.example.com/v2');
    assert.deepEqual(review.request.objects.map((o: Obj) => [o.apiVersion, o.metadata.name, o.spec]), [['stable.example.com/v1', 'g1', { hostPort: 'localhost:8080' }]]);
  });

  it('writes through the other version: create, merge patch, kubectl label and delete in v2 store v1', async () => {
    const created = await request(s, { method: 'POST', path: base('v2'), body: gadget('v2', 'g2', { host: 'example.org', port: '443' }) });
    assert.equal(created.code, 201, created.body.toString());
    assert.deepEqual([created.json().apiVersion, created.json().spec], ['stable.example.com/v2', { host: 'example.org', port: '443' }]);
    const stored = (await request(s, { path: `${base('v1')}/g2` })).json();
    assert.deepEqual(stored.spec, { hostPort: 'example.org:443' });
    const toStorage = reviews().find((r) => r.request.desiredAPIVersion === 'stable.example.com/v1' && r.request.objects[0]?.metadata?.name === 'g2')!;
    assert.equal(toStorage.request.objects[0].apiVersion, 'stable.example.com/v2');
    // The response is the stored object read back through the webhook, as upstream's: a lossy
    // round trip shows (this converter turns a missing port into "undefined").
    assert.deepEqual(created.json(), (await request(s, { path: `${base('v2')}/g2` })).json());
    const lossy = await request(s, { method: 'POST', path: base('v2'), body: gadget('v2', 'solo', { host: 'alone' }) });
    assert.equal(lossy.code, 201, lossy.body.toString());
    assert.deepEqual(lossy.json().spec, { host: 'alone', port: 'undefined' });
    assert.equal(lossy.json().metadata.resourceVersion, (await request(s, { path: `${base('v2')}/solo` })).json().metadata.resourceVersion);
    assert.equal((await request(s, { method: 'DELETE', path: `${base('v2')}/solo` })).code, 200);

    const patched = await request(s, { method: 'PATCH', path: `${base('v2')}/g2`, headers: { 'content-type': 'application/merge-patch+json' }, body: { spec: { port: '8443' } } });
    assert.equal(patched.code, 200, patched.body.toString());
    assert.deepEqual(patched.json().spec, { host: 'example.org', port: '8443' });
    assert.deepEqual((await request(s, { path: `${base('v1')}/g2` })).json().spec, { hostPort: 'example.org:8443' });

    const k = kubectlSession(s, '1.27', 'default');
    await k.ok(['label', 'gadgets.v2.stable.example.com', 'g2', 'tier=edge']);
    const labelled = (await request(s, { path: `${base('v1')}/g2` })).json();
    assert.equal(labelled.metadata.labels.tier, 'edge');
    assert.deepEqual(labelled.spec, { hostPort: 'example.org:8443' });

    // As upstream, a custom resource's delete answers with a Status.
    const del = await request(s, { method: 'DELETE', path: `${base('v2')}/g2` });
    assert.equal(del.code, 200, del.body.toString());
    assert.deepEqual([del.json().kind, del.json().status, del.json().details?.name], ['Status', 'Success', 'g2']);
    assert.equal((await request(s, { path: `${base('v1')}/g2` })).code, 404);
  });

  it('lists a mixed list after the storage version changes, and watches in order, converting only what is not yet in the version', async () => {
    await updateCrd(crd('v2', clientConfig()), async () => (await request(s, { path: crdPath })).json().status?.storedVersions?.includes('v2'), 'storedVersions to add v2');
    assert.deepEqual((await request(s, { path: crdPath })).json().status.storedVersions, ['v1', 'v2']);
    const created = await request(s, { method: 'POST', path: base('v2'), body: gadget('v2', 'g3', { host: 'db', port: '5432' }) });
    assert.equal(created.code, 201, created.body.toString());
    // Stored as v2 now: reading v2 calls nothing for it.
    const n = reviews().length;
    assert.deepEqual((await request(s, { path: `${base('v2')}/g3` })).json().spec, { host: 'db', port: '5432' });
    assert.equal(reviews().length, n);

    for (const [version, sent] of [['v1', ['g3']], ['v2', ['g1']]] as const) {
      const before = reviews().length;
      const list = (await request(s, { path: base(version) })).json();
      assert.equal(list.apiVersion, `stable.example.com/${version}`);
      assert.deepEqual(list.items.map((i: Obj) => [i.metadata.name, i.apiVersion]), [['g1', `stable.example.com/${version}`], ['g3', `stable.example.com/${version}`]]);
      assert.deepEqual(list.items.map((i: Obj) => i.spec), version === 'v1' ? [{ hostPort: 'localhost:8080' }, { hostPort: 'db:5432' }] : [{ host: 'localhost', port: '8080' }, { host: 'db', port: '5432' }]);
      // One review for the list, holding only the items stored in the other version.
      assert.equal(reviews().length, before + 1);
      assert.deepEqual(reviews().at(-1)!.request.objects.map((o: Obj) => o.metadata.name), sent);
    }
    // A label selector on the mixed list, and kubectl's table of it.
    const selected = (await request(s, { path: `${base('v1')}?labelSelector=app%3Dgadget` })).json();
    assert.deepEqual(selected.items.map((i: Obj) => i.metadata.name), ['g1', 'g3']);
    assert.match(await kubectlSession(s, '1.33', 'default').ok(['get', 'gadgets.v1.stable.example.com', '-l', 'app=gadget']), /^NAME\s+AGE\ng1\s+\S+\ng3\s+\S+\n$/);

    // A watch in v1 from now, and one with the initial state, see v2 writes converted and in order.
    const start = (await request(s, { path: base('v1') })).json().metadata.resourceVersion;
    const w = await watch(s, `${base('v1')}?watch=1&resourceVersion=${start}`);
    const initial = await watch(s, `${base('v1')}?watch=1`);
    try {
      const g4 = await request(s, { method: 'POST', path: base('v2'), body: gadget('v2', 'g4', { host: 'cache', port: '6379' }) });
      assert.equal(g4.code, 201, g4.body.toString());
      for (const port of ['1', '2', '3']) {
        const r = await request(s, { method: 'PATCH', path: `${base('v2')}/g4`, headers: { 'content-type': 'application/merge-patch+json' }, body: { spec: { port } } });
        assert.equal(r.code, 200, r.body.toString());
      }
      const events = await w.waitFor(4);
      assert.deepEqual(
        events.map((e) => [e.type, e.object.apiVersion, e.object.metadata.name, e.object.spec.hostPort]),
        [['ADDED', 'stable.example.com/v1', 'g4', 'cache:6379'], ['MODIFIED', 'stable.example.com/v1', 'g4', 'cache:1'], ['MODIFIED', 'stable.example.com/v1', 'g4', 'cache:2'], ['MODIFIED', 'stable.example.com/v1', 'g4', 'cache:3']],
      );
      const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
      assert.deepEqual(rvs, [...rvs].sort((a, b) => a - b));
      const all = await initial.waitFor(6);
      assert.deepEqual(all.slice(0, 2).map((e) => [e.type, e.object.metadata.name, e.object.spec.hostPort]), [['ADDED', 'g1', 'localhost:8080'], ['ADDED', 'g3', 'db:5432']]);
      assert.deepEqual(all.slice(2).map((e) => [e.type, e.object.spec.hostPort]), [['ADDED', 'cache:6379'], ['MODIFIED', 'cache:1'], ['MODIFIED', 'cache:2'], ['MODIFIED', 'cache:3']]);
    } finally {
      w.close();
      initial.close();
    }
  });

  it('answers 500 InternalError for a failed conversion and for answers upstream refuses', async () => {
    const get = () => request(s, { path: `${base('v1')}/g3` });
    failure = 'cannot convert today';
    try {
      const r = await get();
      assert.equal(r.code, 500);
      assert.deepEqual({ reason: r.json().reason, message: r.json().message }, { reason: 'InternalError', message: 'Internal error occurred: conversion webhook for stable.example.com/v2, Kind=Gadget failed: cannot convert today' });
      const err = await kubectlSession(s, '1.33', 'default').fail(['get', 'gadgets.v1.stable.example.com', 'g3']);
      assert.match(err, /Error from server \(InternalError\): Internal error occurred: conversion webhook for stable.example.com\/v2, Kind=Gadget failed: cannot convert today/);
      // A list that needs a conversion fails whole, naming the list kind.
      const list = await request(s, { path: base('v1') });
      assert.equal(list.code, 500);
      assert.equal(list.json().message, 'Internal error occurred: conversion webhook for stable.example.com/v2, Kind=GadgetList failed: cannot convert today');
      // A write that needs one stores nothing.
      const write = await request(s, { method: 'POST', path: base('v1'), body: gadget('v1', 'g5', { hostPort: 'a:1' }) });
      assert.equal(write.code, 500);
      assert.equal((await request(s, { path: `${base('v2')}/g5` })).code, 404);
    } finally {
      failure = undefined;
    }
    const broken: Array<[string, (o: Obj, to: string) => Obj, string]> = [
      ['renamed', (o, to) => ({ ...convert(o, to), metadata: { ...o.metadata, name: 'other' } }), 'returned invalid object: must have the same name: g3 != other'],
      ['wrong version', (o) => ({ ...o }), 'returned invalid object at index 0: invalid groupVersion (expected stable.example.com/v1, received stable.example.com/v2)'],
      ['bad label', (o, to) => ({ ...convert(o, to), metadata: { ...o.metadata, labels: { 'bad key!': 'x' } } }), 'returned invalid metadata: metadata.labels: Invalid value: "bad key!"'],
    ];
    try {
      for (const [what, fn, message] of broken) {
        convertOne = fn;
        const r = await get();
        assert.equal(r.code, 500, what);
        assert.ok(r.json().message.startsWith(`Internal error occurred: conversion webhook for stable.example.com/v2, Kind=Gadget ${message}`), `${what}: ${r.json().message}`);
      }
    } finally {
      convertOne = convert;
    }
    // Labels and annotations the webhook adds are kept; other metadata comes from the stored object.
    convertOne = (o, to) => ({ ...convert(o, to), metadata: { ...o.metadata, labels: { ...o.metadata.labels, converted: 'yes' }, generation: 99 } });
    try {
      const r = (await get()).json();
      assert.equal(r.metadata.labels.converted, 'yes');
      assert.notEqual(r.metadata.generation, 99);
    } finally {
      convertOne = convert;
    }
    // An unreachable webhook.
    await updateCrd(crd('v2', { url: 'https://127.0.0.1:1/convert', caBundle: hook.caBundle }), async () => (await get()).code === 500, 'the new clientConfig');
    assert.equal((await get()).json().message, 'Internal error occurred: conversion webhook for stable.example.com/v2, Kind=Gadget failed: Post "https://127.0.0.1:1/convert": dial tcp 127.0.0.1:1: connect: connection refused');
  });

  it('sends ConversionReview v1beta1 when the CRD lists only that', async () => {
    await updateCrd(crd('v2', clientConfig(), ['v1beta1']), async () => (await request(s, { path: `${base('v1')}/g3` })).code === 200, 'the webhook again');
    const before = reviews().length;
    const r = await request(s, { path: `${base('v1')}/g1` });
    assert.equal(r.code, 200, r.body.toString());
    assert.equal(r.json().spec.hostPort, 'localhost:8080');
    const got = (await request(s, { path: `${base('v1')}/g4` })).json();
    assert.equal(got.spec.hostPort, 'cache:3');
    assert.equal(reviews().length, before + 1);
    assert.equal(reviews().at(-1)!.apiVersion, 'apiextensions.k8s.io/v1beta1');
  });
});
