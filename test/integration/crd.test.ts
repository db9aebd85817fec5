// CustomResourceDefinitions register new kinds at run time: discovery, CRUD with schema
// validation, pruning and defaults, status and scale subresources, several versions, kubectl,
// and cleanup of every custom resource when the CRD goes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request, watch } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { pollUntil } from '../support/poll.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'], categories: ['all'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', maximum: 10 },
                  color: { type: 'string', enum: ['red', 'blue'], default: 'red' },
                  replicas: { type: 'integer' },
                },
              },
              status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' } } },
            },
          },
        },
      },
      { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
    ],
  },
};

describe('CustomResourceDefinitions', () => {
  it('establishes a CRD and serves its kind', async () => {
    const r = await request(s, { method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: crd });
    assert.equal(r.code, 201, r.body.toString());
    await pollUntil(async () => {
      const c = (await request(s, { path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com' })).json();
      return (c.status?.conditions ?? []).some((x: any) => x.type === 'Established' && x.status === 'True');
    }, 'Established');
    const got = (await request(s, { path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com' })).json();
    assert.deepEqual(got.status.acceptedNames.shortNames, ['wd']);
    assert.deepEqual(got.status.storedVersions, ['v1']);
    assert.ok(got.metadata.finalizers.includes('customresourcecleanup.apiextensions.k8s.io'));
    const disco = (await request(s, { path: '/apis/example.com/v1' })).json();
    assert.deepEqual(disco.resources.map((x: any) => x.name).sort(), ['widgets', 'widgets/scale', 'widgets/status']);
  });

  it('validates, prunes and defaults custom resources', async () => {
    const ok = await request(s, {
      method: 'POST', path: '/apis/example.com/v1/namespaces/default/widgets',
      body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3, extra: 'dropped' } },
    });
    assert.equal(ok.code, 201, ok.body.toString());
    assert.equal(ok.json().spec.color, 'red');
    assert.equal(ok.json().spec.extra, undefined);
    assert.equal(ok.headers.warning, '299 - "unknown field \\"spec.extra\\""');
    assert.equal(ok.json().metadata.generation, 1);
    const bad = await request(s, {
      method: 'POST', path: '/apis/example.com/v1/namespaces/default/widgets',
      body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w2' }, spec: { size: 'big', color: 'pink' } },
    });
    assert.equal(bad.code, 422);
    const st = bad.json();
    assert.equal(st.details.kind, 'Widget');
    assert.equal(st.details.group, 'example.com');
    assert.match(st.message, /^Widget\.example\.com "w2" is invalid: /);
    const fields = st.details.causes.map((c: any) => `${c.field}: ${c.message}`);
    assert.ok(fields.includes('spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"'), fields.join('\n'));
    assert.ok(fields.includes('spec.color: Unsupported value: "pink": supported values: "red", "blue"'), fields.join('\n'));
    const strict = await request(s, {
      method: 'POST', path: '/apis/example.com/v1/namespaces/default/widgets?fieldValidation=Strict',
      body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w3' }, spec: { size: 1, nope: true } },
    });
    assert.equal(strict.code, 400);
    assert.equal(strict.json().message, 'Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.nope"');
  });

  it('serves the status and scale subresources', async () => {
    const w = (await request(s, { path: '/apis/example.com/v1/namespaces/default/widgets/w1' })).json();
    const st = await request(s, { method: 'PUT', path: '/apis/example.com/v1/namespaces/default/widgets/w1/status', body: { ...w, status: { replicas: 2, selector: 'app=w' } } });
    assert.equal(st.code, 200, st.body.toString());
    const sc = (await request(s, { path: '/apis/example.com/v1/namespaces/default/widgets/w1/scale' })).json();
    assert.deepEqual(sc.status, { replicas: 2, selector: 'app=w' }, 'the string at labelSelectorPath');
    const p = await request(s, { method: 'PATCH', path: '/apis/example.com/v1/namespaces/default/widgets/w1/scale', headers: { 'content-type': 'application/merge-patch+json' }, body: { spec: { replicas: 5 } } });
    assert.equal(p.code, 200, p.body.toString());
    const after = (await request(s, { path: '/apis/example.com/v1/namespaces/default/widgets/w1' })).json();
    assert.equal(after.spec.replicas, 5);
    assert.equal(after.metadata.generation, 2);
  });

  it('serves every version of one stored object', async () => {
    const b = (await request(s, { path: '/apis/example.com/v1beta1/namespaces/default/widgets/w1' })).json();
    assert.equal(b.apiVersion, 'example.com/v1beta1');
    assert.equal(b.spec.size, 3);
  });

  it('works with kubectl: get by short name, -o yaml, label, delete', async () => {
    const g = await s.kubectl(['get', 'wd', 'w1', '-o', 'jsonpath={.spec.color}']);
    assert.equal(g.code, 0, g.stderr);
    assert.equal(g.stdout, 'red');
    const l = await s.kubectl(['label', 'widgets.example.com', 'w1', 'a=b']);
    assert.equal(l.code, 0, l.stderr);
    assert.equal(l.stdout.trim(), 'widget.example.com/w1 labeled');
  });

  it('keeps serving objects stored in the old version after the storage version changes', async () => {
    const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com';
    const cur = (await request(s, { path })).json();
    cur.spec.versions = cur.spec.versions.map((v: any) => ({ ...v, storage: v.name === 'v1beta1' }));
    const u = await request(s, { method: 'PUT', path, body: cur });
    assert.equal(u.code, 200, u.body.toString());
    await pollUntil(async () => (await request(s, { path })).json().status.storedVersions.includes('v1beta1'), 'storedVersions');
    assert.deepEqual((await request(s, { path })).json().status.storedVersions, ['v1', 'v1beta1']);
    // w1 is still stored as v1; the new storage version's endpoint serves it as v1beta1.
    const w1 = (await request(s, { path: '/apis/example.com/v1beta1/namespaces/default/widgets/w1' })).json();
    assert.equal(w1.apiVersion, 'example.com/v1beta1');
    const list = (await request(s, { path: '/apis/example.com/v1beta1/namespaces/default/widgets' })).json();
    assert.ok(list.items.length > 0);
    assert.deepEqual([...new Set(list.items.map((i: any) => i.apiVersion))], ['example.com/v1beta1']);
    const c = await request(s, { method: 'POST', path: '/apis/example.com/v1beta1/namespaces/default/widgets', body: { apiVersion: 'example.com/v1beta1', kind: 'Widget', metadata: { name: 'w9' }, spec: { size: 1 } } });
    assert.equal(c.code, 201, c.body.toString());
    assert.equal((await request(s, { path: '/apis/example.com/v1/namespaces/default/widgets/w9' })).json().apiVersion, 'example.com/v1');
  });

  it('removes every custom resource, then the CRD, when the CRD is deleted', async () => {
    const list = (await request(s, { path: '/apis/example.com/v1/namespaces/default/widgets' })).json();
    const w = await watch(s, `/apis/example.com/v1/namespaces/default/widgets?watch=1&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=5`);
    const d = await request(s, { method: 'DELETE', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com' });
    assert.equal(d.code, 200);
    await w.waitFor(1);
    assert.equal(w.events[0].type, 'DELETED');
    await pollUntil(async () => (await request(s, { path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com' })).code === 404, 'CRD gone');
    await pollUntil(async () => (await request(s, { path: '/apis/example.com/v1/namespaces/default/widgets' })).code === 404, 'resource gone from the API');
    w.close();
  });
});
