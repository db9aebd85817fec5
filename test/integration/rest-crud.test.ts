// The REST verbs against a real server, once on a real SQLite file and once on a real etcd:
// create, get, list, update, patch, delete, and the upstream Status errors for each failure.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import { startEtcd } from '../../src/storage/testing/etcd-server.js';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;

for (const backend of ['sqlite', 'etcd'] as const) {
describe(`on ${backend}`, () => {
let etcd: Awaited<ReturnType<typeof startEtcd>> | undefined;
before(async () => {
  if (backend === 'etcd') etcd = await startEtcd();
  s = await startTestServer(etcd ? { datastore: etcd.endpoint.replace(/^http:/, 'etcd:') } : {});
});
after(async () => {
  await s?.close();
  await etcd?.stop();
});

const cm = (name: string, data: Record<string, string> = { a: '1' }, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(labels ? { labels } : {}) },
  data,
});

describe('authentication', () => {
  it('lets anonymous clients reach only the health and version endpoints', async () => {
    for (const path of ['/healthz', '/livez', '/readyz']) {
      const r = await request(s, { path, auth: 'none' });
      assert.equal(r.code, 200, path);
      assert.equal(r.body.toString(), 'ok');
    }
    const v = await request(s, { path: '/version', auth: 'none' });
    assert.equal(v.code, 200);
    assert.equal(v.json().major, '1');
    const denied = await request(s, { path: '/api/v1/namespaces', auth: 'none' });
    assert.equal(denied.code, 401);
    assert.deepEqual(denied.json(), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });
});

describe('create, get, update, delete', () => {
  it('creates with server-set metadata and reads it back', async () => {
    const r = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('c1') });
    assert.equal(r.code, 201);
    const o = r.json();
    assert.equal(o.metadata.namespace, 'default');
    assert.match(o.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(o.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(o.metadata.resourceVersion, /^\d+$/);
    const g = await request(s, { path: '/api/v1/namespaces/default/configmaps/c1' });
    assert.equal(g.code, 200);
    assert.deepEqual(g.json(), o);
  });

  it('answers 409 AlreadyExists for a duplicate name', async () => {
    await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('dup') });
    const r = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('dup') });
    assert.equal(r.code, 409);
    assert.deepEqual(r.json(), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'configmaps "dup" already exists', reason: 'AlreadyExists', details: { name: 'dup', kind: 'configmaps' }, code: 409,
    });
  });

  it('answers 404 NotFound with upstream details, including the group', async () => {
    const r = await request(s, { path: '/apis/apps/v1/namespaces/default/deployments/nope' });
    assert.equal(r.code, 404);
    assert.deepEqual(r.json(), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'deployments.apps "nope" not found', reason: 'NotFound', details: { name: 'nope', group: 'apps', kind: 'deployments' }, code: 404,
    });
  });

  it('honours generateName', async () => {
    const r = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } } });
    assert.equal(r.code, 201);
    assert.match(r.json().metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('updates with optimistic concurrency: a stale resourceVersion is a 409 Conflict', async () => {
    const c = (await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('occ') })).json();
    const u1 = await request(s, { method: 'PUT', path: '/api/v1/namespaces/default/configmaps/occ', body: { ...c, data: { a: '2' } } });
    assert.equal(u1.code, 200);
    assert.ok(Number(u1.json().metadata.resourceVersion) > Number(c.metadata.resourceVersion));
    const stale = await request(s, { method: 'PUT', path: '/api/v1/namespaces/default/configmaps/occ', body: { ...c, data: { a: '3' } } });
    assert.equal(stale.code, 409);
    assert.equal(stale.json().reason, 'Conflict');
    assert.equal(
      stale.json().message,
      'Operation cannot be fulfilled on configmaps "occ": the object has been modified; please apply your changes to the latest version and try again',
    );
    // Without a resourceVersion the update is unconditional.
    const { resourceVersion: _rv, ...meta } = c.metadata;
    const u2 = await request(s, { method: 'PUT', path: '/api/v1/namespaces/default/configmaps/occ', body: { ...c, metadata: meta, data: { a: '4' } } });
    assert.equal(u2.code, 200);
    assert.equal(u2.json().data.a, '4');
    assert.equal(u2.json().metadata.uid, c.metadata.uid);
  });

  it('does not bump resourceVersion for a no-op update', async () => {
    const c = (await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('noop') })).json();
    const u = await request(s, { method: 'PUT', path: '/api/v1/namespaces/default/configmaps/noop', body: c });
    assert.equal(u.code, 200);
    assert.equal(u.json().metadata.resourceVersion, c.metadata.resourceVersion);
  });

  it('patches with merge patch and JSON patch', async () => {
    await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('p1', { a: '1', b: '2' }) });
    const m = await request(s, {
      method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/p1',
      headers: { 'content-type': 'application/merge-patch+json' }, body: { metadata: { labels: { x: 'y' } }, data: { a: null, c: '3' } },
    });
    assert.equal(m.code, 200);
    assert.deepEqual(m.json().data, { b: '2', c: '3' });
    assert.deepEqual(m.json().metadata.labels, { x: 'y' });
    const j = await request(s, {
      method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/p1',
      headers: { 'content-type': 'application/json-patch+json' }, body: [{ op: 'replace', path: '/data/b', value: 'B' }, { op: 'remove', path: '/metadata/labels/x' }],
    });
    assert.equal(j.code, 200);
    assert.deepEqual(j.json().data, { b: 'B', c: '3' });
    const bad = await request(s, {
      method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/p1',
      headers: { 'content-type': 'application/json-patch+json' }, body: [{ op: 'test', path: '/data/b', value: 'nope' }],
    });
    assert.equal(bad.code, 422);
    const stale = await request(s, {
      method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/p1',
      headers: { 'content-type': 'application/merge-patch+json' }, body: { metadata: { resourceVersion: '1' }, data: { z: '1' } },
    });
    assert.equal(stale.code, 409);
    const unsupported = await request(s, {
      method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/p1', headers: { 'content-type': 'text/plain' }, body: 'x',
    });
    assert.equal(unsupported.code, 415);
  });

  it('deletes and returns a Success Status; a second delete is 404', async () => {
    const c = (await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('del') })).json();
    const d = await request(s, { method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/del' });
    assert.equal(d.code, 200);
    assert.deepEqual(d.json(), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'del', kind: 'configmaps', uid: c.metadata.uid }, code: 200 });
    const again = await request(s, { method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/del' });
    assert.equal(again.code, 404);
  });

  it('checks delete preconditions', async () => {
    await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('pre') });
    const r = await request(s, { method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/pre', body: { preconditions: { uid: 'nope' } } });
    assert.equal(r.code, 409);
    assert.match(r.json().message, /Precondition failed: UID in precondition: nope/);
  });
});

describe('bad input', () => {
  it('gives 400 for malformed JSON and YAML', async () => {
    const j = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: '{"apiVersion": "v1", ' });
    assert.equal(j.code, 400);
    assert.equal(j.json().reason, 'BadRequest');
    const y = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', headers: { 'content-type': 'application/yaml' }, body: 'a: [b\n' });
    assert.equal(y.code, 400);
  });

  it('gives 413 for bodies over 3 MiB', async () => {
    const big = cm('big', { a: 'x'.repeat(3 * 1024 * 1024 + 10) });
    const r = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: big });
    assert.equal(r.code, 413);
    assert.equal(r.json().reason, 'RequestEntityTooLarge');
  });

  it('answers a request line Node cannot parse with a 400 Status, and reads the body the client is still sending', async () => {
    // A raw non-ASCII byte in the URL: the HTTP parser refuses the request at its first line.
    // The client keeps writing its 2 MB body after the answer; closing the connection at once
    // would reset it and the client would see ECONNRESET instead of the Status (seen in the fuzz test).
    const url = new URL(s.url);
    const socket = tls.connect({ host: url.hostname, port: Number(url.port), ca: s.ca, cert: s.adminCert, key: s.adminKey, servername: 'localhost' });
    await once(socket, 'secureConnect');
    const received: Buffer[] = [];
    let failure: Error | undefined;
    socket.on('data', (c: Buffer) => received.push(c));
    socket.on('error', (e) => (failure = e));
    const closed = once(socket, 'close');
    const chunk = Buffer.alloc(256 * 1024, 'a');
    socket.write(Buffer.from(`PATCH /api/v1/namespaces/\xfc/secrets/k HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${8 * chunk.length}\r\n\r\n`, 'latin1'));
    for (let i = 0; i < 8 && !failure; i++) {
      await new Promise<void>((resolve) => socket.write(chunk, () => resolve()));
      await sleep(10);
    }
    assert.equal(failure, undefined, 'the server reset the connection while the client was still sending');
    await closed;
    const answer = Buffer.concat(received).toString('utf8');
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(answer, /Connection: close/);
    const status = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    assert.deepEqual({ kind: status.kind, code: status.code, reason: status.reason, message: status.message }, { kind: 'Status', code: 400, reason: 'BadRequest', message: 'malformed HTTP request' });
  });

  it('gives 415 for an unknown media type', async () => {
    const r = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', headers: { 'content-type': 'text/csv' }, body: 'a,b' });
    assert.equal(r.code, 415);
    assert.equal(r.json().reason, 'UnsupportedMediaType');
  });

  it('gives 422 Invalid naming the field for a bad name', async () => {
    const r = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('x.com^2') });
    assert.equal(r.code, 422);
    const st = r.json();
    assert.equal(st.reason, 'Invalid');
    assert.equal(st.details.kind, 'ConfigMap');
    assert.equal(st.details.causes[0].field, 'metadata.name');
    assert.equal(st.details.causes[0].reason, 'FieldValueInvalid');
    assert.match(st.message, /^ConfigMap "x.com\^2" is invalid: metadata.name: Invalid value: "x.com\^2": a lowercase RFC 1123 subdomain/);
  });

  it('gives 404 for unknown paths and resources', async () => {
    for (const path of ['/apis/nope/v1/things', '/api/v2/pods', '/api/v1/frobs', '/whatever']) {
      const r = await request(s, { path });
      assert.equal(r.code, 404, path);
      assert.equal(r.json().kind, 'Status');
    }
  });

  it('refuses objects in a missing namespace', async () => {
    const r = await request(s, { method: 'POST', path: '/api/v1/namespaces/missing/configmaps', body: cm('x') });
    assert.equal(r.code, 404);
    assert.equal(r.json().message, 'namespaces "missing" not found');
  });

  it('refuses a namespace in the body that differs from the URL', async () => {
    const r = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { ...cm('x'), metadata: { name: 'x', namespace: 'kube-system' } } });
    assert.equal(r.code, 400);
    assert.equal(r.json().message, 'the namespace of the provided object does not match the namespace sent on the request');
  });
});

describe('lists', () => {
  it('filters by label and field selectors and pages with limit/continue', async () => {
    await request(s, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lists' } } });
    for (let i = 0; i < 7; i++) {
      const r = await request(s, { method: 'POST', path: '/api/v1/namespaces/lists/configmaps', body: cm(`l${i}`, { i: String(i) }, { app: i % 2 ? 'odd' : 'even', i: String(i) }) });
      assert.equal(r.code, 201);
    }
    const all = (await request(s, { path: '/api/v1/namespaces/lists/configmaps' })).json();
    assert.equal(all.kind, 'ConfigMapList');
    assert.equal(all.apiVersion, 'v1');
    assert.equal(all.items.length, 7);
    assert.match(all.metadata.resourceVersion, /^\d+$/);
    const odd = (await request(s, { path: '/api/v1/namespaces/lists/configmaps?labelSelector=app%3Dodd' })).json();
    assert.deepEqual(odd.items.map((o: any) => o.metadata.name), ['l1', 'l3', 'l5']);
    const setBased = (await request(s, { path: `/api/v1/namespaces/lists/configmaps?labelSelector=${encodeURIComponent('i in (1,2),app!=odd')}` })).json();
    assert.deepEqual(setBased.items.map((o: any) => o.metadata.name), ['l2']);
    const byName = (await request(s, { path: '/api/v1/namespaces/lists/configmaps?fieldSelector=metadata.name%3Dl4' })).json();
    assert.deepEqual(byName.items.map((o: any) => o.metadata.name), ['l4']);
    const notName = (await request(s, { path: '/api/v1/configmaps?fieldSelector=metadata.namespace%3Dlists,metadata.name!%3Dl4' })).json();
    assert.equal(notName.items.length, 6);
    const badField = await request(s, { path: '/api/v1/namespaces/lists/configmaps?fieldSelector=spec.nope%3Dx' });
    assert.equal(badField.code, 400);
    const badLabel = await request(s, { path: `/api/v1/namespaces/lists/configmaps?labelSelector=${encodeURIComponent('a in (')}` });
    assert.equal(badLabel.code, 400);

    const p1 = (await request(s, { path: '/api/v1/namespaces/lists/configmaps?limit=3' })).json();
    assert.equal(p1.items.length, 3);
    assert.equal(p1.metadata.remainingItemCount, 4);
    assert.ok(p1.metadata.continue);
    // A write between pages does not show up: the continuation reads at the first page's revision.
    await request(s, { method: 'POST', path: '/api/v1/namespaces/lists/configmaps', body: cm('l9') });
    const p2 = (await request(s, { path: `/api/v1/namespaces/lists/configmaps?limit=3&continue=${p1.metadata.continue}` })).json();
    assert.deepEqual(p2.items.map((o: any) => o.metadata.name), ['l3', 'l4', 'l5']);
    const p3 = (await request(s, { path: `/api/v1/namespaces/lists/configmaps?limit=3&continue=${p2.metadata.continue}` })).json();
    assert.deepEqual(p3.items.map((o: any) => o.metadata.name), ['l6']);
    assert.equal(p3.metadata.continue, undefined);
    const badToken = await request(s, { path: '/api/v1/namespaces/lists/configmaps?limit=3&continue=garbage' });
    assert.equal(badToken.code, 400);
  });
});

describe('namespaces, finalizers and graceful deletion', () => {
  it('keeps a namespace Terminating while it has finalizers and refuses new content in it', async () => {
    await request(s, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } } });
    const d = await request(s, { method: 'DELETE', path: '/api/v1/namespaces/doomed' });
    assert.equal(d.code, 200);
    assert.equal(d.json().status.phase, 'Terminating');
    assert.ok(d.json().metadata.deletionTimestamp);
    const r = await request(s, { method: 'POST', path: '/api/v1/namespaces/doomed/configmaps', body: cm('late') });
    assert.equal(r.code, 403);
    assert.equal(r.json().message, 'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated');
    // Finalizing removes it.
    const ns = (await request(s, { path: '/api/v1/namespaces/doomed' })).json();
    const f = await request(s, { method: 'PUT', path: '/api/v1/namespaces/doomed/finalize', body: { ...ns, spec: { finalizers: [] } } });
    assert.equal(f.code, 200);
    assert.equal((await request(s, { path: '/api/v1/namespaces/doomed' })).code, 404);
  });

  it('keeps an object with finalizers until they are removed', async () => {
    await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { ...cm('fin'), metadata: { name: 'fin', finalizers: ['example.com/hold'] } } });
    const d = await request(s, { method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/fin' });
    assert.equal(d.code, 200);
    assert.ok(d.json().metadata.deletionTimestamp);
    assert.equal((await request(s, { path: '/api/v1/namespaces/default/configmaps/fin' })).code, 200);
    const p = await request(s, {
      method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/fin', headers: { 'content-type': 'application/merge-patch+json' }, body: { metadata: { finalizers: null } },
    });
    assert.equal(p.code, 200);
    assert.equal((await request(s, { path: '/api/v1/namespaces/default/configmaps/fin' })).code, 404);
  });

  it('records the propagation policy as finalizers', async () => {
    await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('fg') });
    const d = await request(s, { method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/fg', body: { propagationPolicy: 'Foreground' } });
    assert.deepEqual(d.json().metadata.finalizers, ['foregroundDeletion']);
    const bad = await request(s, { method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/fg', body: { propagationPolicy: 'Sideways' } });
    assert.equal(bad.code, 400);
  });

  it('deletes a scheduled pod gracefully and an unscheduled one at once', async () => {
    const pod = (name: string, nodeName?: string) => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'busybox' }] },
    });
    const created = (await request(s, { method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod('bound', 'node-1') })).json();
    assert.equal(created.status.phase, 'Pending');
    assert.equal(created.spec.terminationGracePeriodSeconds, 30);
    assert.equal(created.spec.containers[0].imagePullPolicy, 'Always');
    const d = await request(s, { method: 'DELETE', path: '/api/v1/namespaces/default/pods/bound' });
    assert.equal(d.code, 200);
    assert.equal(d.json().metadata.deletionGracePeriodSeconds, 30);
    assert.equal((await request(s, { path: '/api/v1/namespaces/default/pods/bound' })).code, 200);
    // The node agent confirms with a zero grace period.
    const d0 = await request(s, { method: 'DELETE', path: '/api/v1/namespaces/default/pods/bound', body: { gracePeriodSeconds: 0 } });
    assert.equal(d0.code, 200);
    assert.equal((await request(s, { path: '/api/v1/namespaces/default/pods/bound' })).code, 404);

    await request(s, { method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod('floating') });
    await request(s, { method: 'DELETE', path: '/api/v1/namespaces/default/pods/floating' });
    assert.equal((await request(s, { path: '/api/v1/namespaces/default/pods/floating' })).code, 404);
  });
});

describe('subresources', () => {
  it('status changes only status; main updates keep status; generation bumps on spec changes only', async () => {
    const dep = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      status: { replicas: 99 },
    };
    const c = (await request(s, { method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', body: dep })).json();
    assert.equal(c.metadata.generation, 1);
    assert.deepEqual(c.status ?? {}, {});
    const st = await request(s, { method: 'PUT', path: '/apis/apps/v1/namespaces/default/deployments/web/status', body: { ...c, spec: { ...c.spec, replicas: 5 }, status: { replicas: 1 } } });
    assert.equal(st.code, 200);
    assert.equal(st.json().spec.replicas, 1);
    assert.equal(st.json().status.replicas, 1);
    assert.equal(st.json().metadata.generation, 1);
    const lab = await request(s, { method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/web', headers: { 'content-type': 'application/merge-patch+json' }, body: { metadata: { labels: { a: 'b' } }, status: { replicas: 7 } } });
    assert.equal(lab.json().metadata.generation, 1);
    assert.equal(lab.json().status.replicas, 1);
    const spec = await request(s, { method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/web', headers: { 'content-type': 'application/merge-patch+json' }, body: { spec: { paused: true } } });
    assert.equal(spec.json().metadata.generation, 2);
  });

  it('scales through the scale subresource', async () => {
    const sc = await request(s, { path: '/apis/apps/v1/namespaces/default/deployments/web/scale' });
    assert.equal(sc.code, 200);
    assert.equal(sc.json().kind, 'Scale');
    assert.equal(sc.json().apiVersion, 'autoscaling/v1');
    assert.equal(sc.json().spec.replicas, 1);
    assert.equal(sc.json().status.selector, 'app=web');
    const p = await request(s, { method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/web/scale', headers: { 'content-type': 'application/merge-patch+json' }, body: { spec: { replicas: 4 } } });
    assert.equal(p.code, 200);
    assert.equal(p.json().spec.replicas, 4);
    assert.equal((await request(s, { path: '/apis/apps/v1/namespaces/default/deployments/web' })).json().spec.replicas, 4);
    const neg = await request(s, { method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/web/scale', headers: { 'content-type': 'application/merge-patch+json' }, body: { spec: { replicas: -1 } } });
    assert.equal(neg.code, 422);
    assert.equal(neg.json().message, 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  it('binds a pod to a node once', async () => {
    await request(s, { method: 'POST', path: '/api/v1/namespaces/default/pods', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tobind' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } });
    const b = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/pods/tobind/binding', body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'tobind' }, target: { kind: 'Node', name: 'n1' } } });
    assert.equal(b.code, 201);
    const p = (await request(s, { path: '/api/v1/namespaces/default/pods/tobind' })).json();
    assert.equal(p.spec.nodeName, 'n1');
    assert.equal(p.status.conditions.find((c: any) => c.type === 'PodScheduled').status, 'True');
    const again = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/pods/tobind/binding', body: { target: { name: 'n2' } } });
    assert.equal(again.code, 409);
  });
});

describe('decoding against the schema', () => {
  const dep = (spec: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'typed' }, spec });
  it('answers a type error with 400 and the upstream decoding message', async () => {
    const r = await request(s, { method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', body: dep({ replicas: 'three' }) });
    assert.equal(r.code, 400);
    assert.equal(r.json().reason, 'BadRequest');
    assert.equal(
      r.json().message,
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('rejects unknown fields with fieldValidation=Strict, warns by default, drops with Ignore', async () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unk' }, data: { a: 'b' }, bogus: 1 };
    const strict = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body });
    assert.equal(strict.code, 400);
    assert.equal(strict.json().message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"');
    const warn = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body });
    assert.equal(warn.code, 201);
    assert.equal(warn.headers.warning, '299 - "unknown field \\"bogus\\""');
    assert.equal(warn.json().bogus, undefined);
    const ignore = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps?fieldValidation=Ignore', body: { ...body, metadata: { name: 'unk2' } } });
    assert.equal(ignore.code, 201);
    assert.equal(ignore.headers.warning, undefined);
    assert.equal(ignore.json().bogus, undefined);
  });
});
});
}
