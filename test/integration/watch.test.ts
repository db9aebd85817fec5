// Watches over HTTP: initial state, resuming from a resourceVersion, selector transitions,
// bookmarks, 410 after compaction, the real kubectl's `get -w`, and @kubernetes/client-node.
import assert from 'node:assert/strict';
import https from 'node:https';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { request, watch } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { spawn } from 'node:child_process';
import { kubectlPath } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
  await request(s, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'w' } } });
});
after(async () => {
  await s?.close();
});

const cm = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });
const create = (name: string, labels?: Record<string, string>) => request(s, { method: 'POST', path: '/api/v1/namespaces/w/configmaps', body: cm(name, labels) });
const patchLabels = (name: string, labels: Record<string, string | null>) =>
  request(s, { method: 'PATCH', path: `/api/v1/namespaces/w/configmaps/${name}`, headers: { 'content-type': 'application/merge-patch+json' }, body: { metadata: { labels } } });

describe('watch', () => {
  it('sends the current state first when no resourceVersion is given, then live events', async () => {
    await create('a0');
    const w = await watch(s, '/api/v1/namespaces/w/configmaps?watch=true&timeoutSeconds=10');
    await w.waitFor(1);
    assert.equal(w.events[0].type, 'ADDED');
    assert.equal(w.events[0].object.metadata.name, 'a0');
    await create('a1');
    await request(s, { method: 'DELETE', path: '/api/v1/namespaces/w/configmaps/a1' });
    await w.waitFor(3);
    assert.deepEqual(w.events.slice(1).map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED a1', 'DELETED a1']);
    // A DELETED event carries the deletion's revision.
    assert.ok(Number(w.events[2].object.metadata.resourceVersion) > Number(w.events[1].object.metadata.resourceVersion));
    w.close();
  });

  it('answers a HEAD watch with its headers and frees the keep-alive connection for the next request', async () => {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: s.ca, cert: s.adminCert, key: s.adminKey });
    const send = (method: string, path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = https.request(s.url + path, { method, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.setTimeout(5_000, () => req.destroy(new Error(`${method} ${path}: no answer within 5 s`)));
        req.on('error', reject);
        req.end();
      });
    try {
      assert.equal(await send('HEAD', '/api/v1/namespaces/w/configmaps?watch=1'), 200);
      // The same connection (one socket in the agent) serves the next request at once.
      assert.equal(await send('GET', '/api/v1/namespaces/w/configmaps'), 200);
    } finally {
      agent.destroy();
    }
  });

  it('resumes from a resourceVersion with exactly the events after it', async () => {
    const r1 = (await create('r1')).json();
    await create('r2');
    await patchLabels('r1', { x: 'y' });
    const w = await watch(s, `/api/v1/namespaces/w/configmaps?watch=1&resourceVersion=${r1.metadata.resourceVersion}&timeoutSeconds=10`);
    await w.waitFor(2);
    assert.deepEqual(w.events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED r2', 'MODIFIED r1']);
    w.close();
  });

  it('turns label-selector transitions into ADDED and DELETED', async () => {
    const list = (await request(s, { path: '/api/v1/namespaces/w/configmaps' })).json();
    const w = await watch(s, `/api/v1/namespaces/w/configmaps?watch=true&labelSelector=sel%3Dyes&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=10`);
    await create('t1');
    await patchLabels('t1', { sel: 'yes' });
    await patchLabels('t1', { sel: 'yes', other: '1' });
    await patchLabels('t1', { sel: null });
    await w.waitFor(3);
    assert.deepEqual(w.events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
    w.close();
  });

  it('filters by field selector', async () => {
    const list = (await request(s, { path: '/api/v1/namespaces/w/configmaps' })).json();
    const w = await watch(s, `/api/v1/namespaces/w/configmaps?watch=true&fieldSelector=metadata.name%3Df2&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=10`);
    await create('f1');
    await create('f2');
    await w.waitFor(1);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(w.events.map((e) => e.object.metadata.name), ['f2']);
    w.close();
  });

  it('sends bookmarks with the latest revision when asked', async () => {
    const list = (await request(s, { path: '/api/v1/namespaces/w/configmaps' })).json();
    const w = await watch(s, `/api/v1/namespaces/w/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=10`);
    const c = (await create('bm1')).json();
    await w.waitFor(2);
    assert.equal(w.events[0].type, 'ADDED');
    const bm = w.events.find((e) => e.type === 'BOOKMARK');
    assert.deepEqual(bm.object, { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: c.metadata.resourceVersion } });
    w.close();
  });

  it('ends the stream after timeoutSeconds', async () => {
    const w = await watch(s, '/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=1&timeoutSeconds=1');
    await w.ended;
  });

  it('answers a watch from a compacted revision with a 410 Expired ERROR event', async () => {
    const c = (await create('old')).json();
    await create('newer');
    const rev = await s.storage.currentRevision();
    await s.storage.compact(rev);
    const w = await watch(s, `/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=${c.metadata.resourceVersion}`);
    await w.waitFor(1);
    assert.equal(w.events[0].type, 'ERROR');
    assert.equal(w.events[0].object.code, 410);
    assert.equal(w.events[0].object.reason, 'Expired');
    assert.match(w.events[0].object.message, /^too old resource version: \d+ \(\d+\)$/);
    await w.ended;
  });

  it('drops a watcher whose client went away; the others each get every event', async () => {
    const watchers = () => (s.storage as unknown as { watcherCount: number }).watcherCount;
    const rv = (await request(s, { path: '/api/v1/namespaces/w/configmaps' })).json().metadata.resourceVersion;
    const before = watchers();
    const path = `/api/v1/namespaces/w/configmaps?watch=1&resourceVersion=${rv}&timeoutSeconds=10`;
    const [w1, w2, w3] = [await watch(s, path), await watch(s, path), await watch(s, path)];
    assert.equal(watchers(), before + 3);
    await create('gone1');
    await Promise.all([w1.waitFor(1), w2.waitFor(1), w3.waitFor(1)]);
    w2.close();
    for (let i = 0; watchers() !== before + 2; i++) {
      assert.ok(i < 250, `the closed watch is still subscribed (${watchers()} watchers)`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await create('gone2');
    await Promise.all([w1.waitFor(2), w3.waitFor(2)]);
    assert.deepEqual(w1.events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED gone1', 'ADDED gone2']);
    assert.deepEqual(w3.events, w1.events);
    assert.equal(w2.events.length, 1);
    w1.close();
    w3.close();
  });

  it('watches every namespace and the legacy /watch/ path', async () => {
    const list = (await request(s, { path: '/api/v1/configmaps' })).json();
    const w = await watch(s, `/api/v1/watch/configmaps?resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=10`);
    await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('everywhere') });
    await w.waitFor(1);
    assert.equal(w.events[0].object.metadata.namespace, 'default');
    w.close();
  });
});

describe('deletecollection', () => {
  it('deletes what the selector picks and nothing else', async () => {
    await request(s, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dc' } } });
    for (const [name, tier] of [['d1', 'a'], ['d2', 'a'], ['d3', 'b']]) {
      await request(s, { method: 'POST', path: '/api/v1/namespaces/dc/configmaps', body: cm(name!, { tier: tier! }) });
    }
    const r = await request(s, { method: 'DELETE', path: '/api/v1/namespaces/dc/configmaps?labelSelector=tier%3Da' });
    assert.equal(r.code, 200);
    assert.equal(r.json().kind, 'ConfigMapList');
    assert.deepEqual(r.json().items.map((i: any) => i.metadata.name).sort(), ['d1', 'd2']);
    const left = (await request(s, { path: '/api/v1/namespaces/dc/configmaps' })).json();
    assert.deepEqual(left.items.map((i: any) => i.metadata.name), ['d3']);
  });
});

describe('kubectl get -w', () => {
  it('prints the list, then each change as it happens (1.33 and 1.27)', async () => {
    for (const version of ['1.33', '1.27']) {
      const name = `kw-${version.replace('.', '')}`;
      const child = spawn(kubectlPath(version), ['--kubeconfig', s.kubeconfig, '-n', 'w', 'get', 'configmaps', '-w', '--output-watch-events'], { env: { ...process.env, HOME: s.dir } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const waitFor = async (re: RegExp) => {
        const deadline = Date.now() + 10_000;
        while (!re.test(out)) {
          if (Date.now() > deadline) throw new Error(`kubectl ${version} never printed ${re}; got:\n${out}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await waitFor(/^EVENT\s+NAME\s+DATA\s+AGE$/m);
      await waitFor(/^ADDED\s+a0\s/m);
      await create(name);
      await waitFor(new RegExp(`^ADDED\\s+${name}\\s`, 'm'));
      await request(s, { method: 'DELETE', path: `/api/v1/namespaces/w/configmaps/${name}` });
      await waitFor(new RegExp(`^DELETED\\s+${name}\\s`, 'm'));
      child.kill();
    }
  });
});

describe('@kubernetes/client-node', () => {
  it('lists, creates, reads, patches, deletes and watches', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(s.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const seen: string[] = [];
    const w = new k8s.Watch(kc);
    const list0 = await core.listNamespacedConfigMap({ namespace: 'w' });
    const req = await w.watch(
      '/api/v1/namespaces/w/configmaps',
      { resourceVersion: list0.metadata?.resourceVersion },
      (type: string, obj: any) => seen.push(`${type} ${obj.metadata.name}`),
      () => undefined,
    );
    const created = await core.createNamespacedConfigMap({ namespace: 'w', body: { metadata: { name: 'cn1' }, data: { a: 'b' } } });
    assert.equal(created.metadata?.name, 'cn1');
    const read = await core.readNamespacedConfigMap({ name: 'cn1', namespace: 'w' });
    assert.deepEqual(read.data, { a: 'b' });
    const dep = await apps.createNamespacedDeployment({
      namespace: 'w',
      body: { metadata: { name: 'cd' }, spec: { replicas: 2, selector: { matchLabels: { app: 'cd' } }, template: { metadata: { labels: { app: 'cd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
    });
    assert.equal(dep.spec?.strategy?.type ?? 'RollingUpdate', 'RollingUpdate');
    const deps = await apps.listNamespacedDeployment({ namespace: 'w' });
    assert.deepEqual(deps.items.map((d) => d.metadata?.name), ['cd']);
    const patched = await core.patchNamespacedConfigMap(
      { name: 'cn1', namespace: 'w', body: { data: { a: 'c' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    assert.deepEqual(patched.data, { a: 'c' });
    await core.deleteNamespacedConfigMap({ name: 'cn1', namespace: 'w' });
    const deadline = Date.now() + 5000;
    while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(seen, ['ADDED cn1', 'MODIFIED cn1', 'DELETED cn1']);
    req.abort();
  });
});
