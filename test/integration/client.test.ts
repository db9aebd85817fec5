// src/client against a real in-process API server: CRUD and Status errors, watch, informers
// (sync, updates, deletes, resume after the server ends a watch, relist after 410), leader
// election with two candidates, and the event recorder's de-duplication.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap, Pod } from '../../src/api/types/core-v1.js';
import {
  CONFIGMAPS,
  EVENTS,
  LEASES,
  NAMESPACES,
  PODS,
  EventRecorder,
  HttpsTransport,
  LeaderElector,
  SharedInformerFactory,
  StatusError,
  clientFromKubeconfig,
  createClient,
  isNotFound,
  loadKubeconfig,
  type Client,
  type RenewalTiming,
  type Transport,
  type TransportRequest,
  type WatchEvent,
} from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
let c: Client;
const NS = 'client-it';

before(async () => {
  s = await startTestServer();
  c = clientFromKubeconfig(s.kubeconfig);
  await c.resource(NAMESPACES).create({ metadata: { name: NS } });
});
after(async () => {
  c?.close();
  await s?.close();
});

const cm = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });
const pod = (name: string, extra: Partial<Pod['spec']> = {}): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...extra } });

async function until(what: string, fn: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function statusErrorOf(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof StatusError, `expected a StatusError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

describe('REST and typed resource clients', () => {
  it('creates, gets, lists with selectors and pages, updates and deletes', async () => {
    const cms = c.resource(CONFIGMAPS, NS);
    const created = await cms.create(cm('a', { app: 'web' }, { k: 'v' }));
    assert.ok(created.metadata?.uid);
    assert.equal((await cms.get('a')).data?.k, 'v');
    await cms.create(cm('b', { app: 'db' }));
    await cms.create(cm('c', { app: 'web' }));
    const web = await cms.list({ labelSelector: 'app=web' });
    assert.deepEqual(web.items.map((x) => x.metadata?.name).sort(), ['a', 'c']);
    const byName = await cms.list({ fieldSelector: 'metadata.name=b' });
    assert.deepEqual(byName.items.map((x) => x.metadata?.name), ['b']);
    const page1 = await cms.list({ limit: 2 });
    assert.equal(page1.items.length, 2);
    assert.ok(page1.metadata.continue);
    const page2 = await cms.list({ limit: 2, continue: page1.metadata.continue });
    assert.equal(page2.items.length, 1);
    const all = await cms.listAll({ limit: 1 });
    assert.equal(all.items.length, 3);
    assert.equal(all.metadata.continue, undefined);
    assert.ok(all.metadata.resourceVersion);
    const across = await c.resource(CONFIGMAPS).list({ fieldSelector: `metadata.namespace=${NS}` });
    assert.equal(across.items.length, 3);

    const updated = await cms.update({ ...created, data: { k: 'v2' } });
    assert.equal(updated.data?.k, 'v2');
    // An update with a stale resourceVersion is a Conflict.
    const conflict = await statusErrorOf(cms.update({ ...created, data: { k: 'stale' } }));
    assert.equal(conflict.code, 409);
    assert.equal(conflict.reason, 'Conflict');

    const deleted = await cms.delete('b');
    assert.ok(deleted);
    const gone = await statusErrorOf(cms.get('b'));
    assert.equal(gone.code, 404);
    assert.equal(gone.reason, 'NotFound');
    assert.equal(gone.details?.name, 'b');
    assert.equal(isNotFound(gone), true);
    // Preconditions are sent as DeleteOptions.
    const pre = await statusErrorOf(cms.delete('c', { preconditions: { uid: 'not-the-uid' } }));
    assert.equal(pre.code, 409);
    await cms.deleteCollection({ labelSelector: 'app=web' });
    assert.equal((await cms.list()).items.length, 0);
  });

  it('turns error responses into StatusError with the upstream Status', async () => {
    const cms = c.resource(CONFIGMAPS, NS);
    await cms.create(cm('dup'));
    const exists = await statusErrorOf(cms.create(cm('dup')));
    assert.equal(exists.code, 409);
    assert.equal(exists.reason, 'AlreadyExists');
    assert.match(exists.message, /configmaps "dup" already exists/);
    const invalid = await statusErrorOf(cms.create(cm('Not_Valid')));
    assert.equal(invalid.code, 422);
    assert.equal(invalid.reason, 'Invalid');
    assert.equal(invalid.details?.causes?.[0]?.field, 'metadata.name');
    const badPatch = await statusErrorOf(cms.patch('dup', 'not json', 'merge'));
    assert.equal(badPatch.code, 400);
    const noNs = await statusErrorOf(c.rest.request('GET', '/api/v1/namespaces/nope-nope/configmaps/x'));
    assert.equal(noNs.code, 404);
    assert.throws(() => c.resource(CONFIGMAPS).get('x'), { name: 'ClientUsageError' });
  });

  it('patches with merge, JSON and strategic content types', async () => {
    const cms = c.resource(CONFIGMAPS, NS);
    await cms.create(cm('p', {}, { a: '1', b: '2' }));
    const merged = await cms.patch('p', { data: { a: 'x', b: null } }, 'merge');
    assert.deepEqual(merged.data, { a: 'x' });
    const jsonPatched = await cms.patch('p', [{ op: 'add', path: '/data/c', value: '3' }], 'json');
    assert.deepEqual(jsonPatched.data, { a: 'x', c: '3' });
    const smp = await cms.patch('p', { data: { d: '4' } }, 'strategic');
    assert.deepEqual(smp.data, { a: 'x', c: '3', d: '4' });
  });

  it('writes status, creates pods/binding and deletes pods gracefully', async () => {
    const pods = c.resource(PODS, NS);
    const p = await pods.create(pod('bind-me'));
    assert.equal(p.spec?.nodeName, undefined);
    await pods.createSubresource('bind-me', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bind-me', namespace: NS }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-x' } });
    const bound = await pods.get('bind-me');
    assert.equal(bound.spec?.nodeName, 'node-x');
    const withStatus = await pods.updateStatus({ ...bound, status: { ...bound.status, phase: 'Running', podIP: '10.42.0.9' } });
    assert.equal(withStatus.status?.phase, 'Running');
    assert.equal(withStatus.status?.podIP, '10.42.0.9');
    const patchedStatus = await pods.patch('bind-me', { status: { message: 'hi' } }, 'merge', { subresource: 'status' });
    assert.equal(patchedStatus.status?.message, 'hi');
    // A bound pod is deleted gracefully, then removed when grace 0 confirms.
    const terminating = (await pods.delete('bind-me', { gracePeriodSeconds: 30 })) as Pod;
    assert.ok(terminating.metadata?.deletionTimestamp);
    await pods.delete('bind-me', { gracePeriodSeconds: 0 });
    assert.equal(isNotFound(await pods.get('bind-me').catch((e) => e)), true);
  });

  it('honours an abort signal on a request', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await assert.rejects(c.resource(CONFIGMAPS, NS).list({ signal: ac.signal }), /stop/);
  });

  it('authenticates with a bearer token from the kubeconfig (none: 401 Unauthorized)', async () => {
    const cfg = loadKubeconfig(s.kubeconfig);
    const anon = createClient({ server: cfg.server, ca: cfg.ca, namespace: 'default' });
    try {
      const e = await statusErrorOf(anon.resource(NAMESPACES).list());
      assert.equal(e.code, 401);
    } finally {
      anon.close();
    }
  });
});

describe('watch', () => {
  it('streams ADDED/MODIFIED/DELETED and bookmarks from a resourceVersion until aborted', async () => {
    const cms = c.resource(CONFIGMAPS, NS);
    const start = await cms.list();
    const ac = new AbortController();
    const events: WatchEvent<ConfigMap>[] = [];
    const done = (async () => {
      for await (const ev of cms.watch({ resourceVersion: start.metadata.resourceVersion, allowWatchBookmarks: true, signal: ac.signal })) events.push(ev);
    })();
    await cms.create(cm('w1'));
    await cms.patch('w1', { data: { x: 'y' } });
    await cms.delete('w1');
    await until('three events and a bookmark', () => events.filter((e) => e.type !== 'BOOKMARK').length >= 3 && events.some((e) => e.type === 'BOOKMARK'));
    assert.deepEqual(events.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.object.metadata?.name}`), ['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
    ac.abort();
    await done;
  });

  it('ends when the server closes the stream after timeoutSeconds', async () => {
    const t0 = Date.now();
    const seen: string[] = [];
    for await (const ev of c.resource(CONFIGMAPS, NS).watch({ timeoutSeconds: 1 })) seen.push(ev.type);
    assert.ok(Date.now() - t0 >= 900);
  });

  it('yields an ERROR event with 410 Expired for a compacted revision', async () => {
    const cms = c.resource(CONFIGMAPS, NS);
    const old = (await cms.create(cm('old'))).metadata!.resourceVersion!;
    await cms.create(cm('newer'));
    await s.storage.compact(await s.storage.currentRevision());
    let first: WatchEvent<unknown> | undefined;
    try {
      for await (const ev of cms.watch({ resourceVersion: old, timeoutSeconds: 5 })) {
        first = ev;
        break;
      }
      assert.equal(first?.type, 'ERROR');
      assert.equal((first?.object as { code?: number }).code, 410);
    } catch (e) {
      assert.ok(e instanceof StatusError && e.code === 410, String(e));
    }
  });
});

/** A real HTTPS transport whose new watch requests can be held back (to make a watch resume late). */
class GatedTransport implements Transport {
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  watchesStarted = 0;
  constructor(private readonly inner: Transport) {}
  hold(): void {
    this.gate = new Promise((r) => (this.open = r));
  }
  release(): void {
    this.open?.();
    this.gate = undefined;
  }
  async send(req: TransportRequest) {
    if (/[?&]watch=1/.test(req.path)) {
      if (this.gate) await this.gate;
      this.watchesStarted++;
    }
    return this.inner.send(req);
  }
  close(): void {
    this.inner.close();
  }
}

describe('shared informer', () => {
  it('syncs, then delivers adds, updates and deletes, and keeps the lister current', async () => {
    const ns = 'inf-a';
    await c.resource(NAMESPACES).create({ metadata: { name: ns } });
    const cms = c.resource(CONFIGMAPS, ns);
    await cms.create(cm('pre1', { app: 'x' }));
    await cms.create(cm('pre2'));
    const factory = new SharedInformerFactory(c, { namespace: ns });
    const inf = factory.forResource(CONFIGMAPS, { indexers: { app: (o) => (o.metadata?.labels?.app ? [o.metadata.labels.app] : []) } });
    assert.equal(factory.forResource(CONFIGMAPS), inf, 'one informer per resource');
    const log: string[] = [];
    const reg = inf.addEventHandler({
      onAdd: (o, initial) => log.push(`add ${o.metadata?.name}${initial ? ' (initial)' : ''}`),
      onUpdate: (o, n) => log.push(`update ${o.metadata?.name} ${o.data?.v ?? '-'}->${n.data?.v ?? '-'}`),
      onDelete: (o, unknown) => log.push(`delete ${o.metadata?.name}${unknown ? ' (unknown)' : ''}`),
    });
    const ac = new AbortController();
    factory.start(ac.signal);
    assert.equal(await factory.waitForCacheSync(ac.signal), true);
    assert.equal(inf.hasSynced(), true);
    assert.equal(reg.hasSynced(), true);
    assert.deepEqual(log.slice().sort(), ['add pre1 (initial)', 'add pre2 (initial)']);
    assert.equal(inf.lister.get('pre1', ns)?.metadata?.labels?.app, 'x');
    assert.equal(inf.indexer.byIndex('app', 'x').length, 1);

    log.length = 0;
    await cms.create(cm('live'));
    await cms.patch('live', { data: { v: '1' } });
    await cms.delete('pre2');
    await until('three events', () => log.length >= 3);
    assert.deepEqual(log, ['add live', 'update live -->1', 'delete pre2']);
    assert.equal(inf.lister.get('pre2', ns), undefined);
    assert.equal(inf.lister.get('live', ns)?.data?.v, '1');

    // A handler added late first sees the cache as initial adds.
    const late: string[] = [];
    const lateReg = inf.addEventHandler({ onAdd: (o, initial) => late.push(`${o.metadata?.name}:${initial}`) });
    assert.deepEqual(late.sort(), ['live:true', 'pre1:true']);
    assert.equal(lateReg.hasSynced(), true);
    lateReg.remove();

    // Periodic resync redelivers the cache as updates with old === new.
    const resynced: string[] = [];
    const resyncReg = inf.addEventHandler({ onUpdate: (o, n) => o === n && resynced.push(o.metadata!.name!) }, { resyncPeriodMs: 200 });
    await until('two resyncs', () => resynced.length >= 4);
    assert.deepEqual([...new Set(resynced)].sort(), ['live', 'pre1']);
    resyncReg.remove();
    ac.abort();
    await factory.shutdown();
    assert.equal(inf.isRunning(), false);
  });

  it('resumes from the last resourceVersion when the server ends the watch, without relisting', async () => {
    const ns = 'inf-b';
    await c.resource(NAMESPACES).create({ metadata: { name: ns } });
    const cms = c.resource(CONFIGMAPS, ns);
    const factory = new SharedInformerFactory(c, { namespace: ns, watchTimeoutSeconds: 1 });
    const inf = factory.forResource(CONFIGMAPS);
    const adds: string[] = [];
    inf.addEventHandler({ onAdd: (o) => adds.push(o.metadata!.name!) });
    const ac = new AbortController();
    factory.start(ac.signal);
    await factory.waitForCacheSync(ac.signal);
    await cms.create(cm('before'));
    await until('two watches', () => inf.stats.watches >= 3, 15_000);
    await cms.create(cm('after'));
    await until('the later add', () => adds.includes('after'));
    assert.deepEqual(adds, ['before', 'after'], 'each object delivered once');
    assert.equal(inf.stats.lists, 1);
    assert.equal(inf.stats.expired, 0);
    ac.abort();
    await factory.shutdown();
  });

  it('relists after 410 Expired and reconciles the cache (adds and final-state-unknown deletes)', async () => {
    const ns = 'inf-c';
    await c.resource(NAMESPACES).create({ metadata: { name: ns } });
    const gated = new GatedTransport(new HttpsTransport(loadKubeconfig(s.kubeconfig)));
    const gc = createClient(loadKubeconfig(s.kubeconfig), { transport: gated });
    const cms = c.resource(CONFIGMAPS, ns);
    await cms.create(cm('keep'));
    await cms.create(cm('drop'));
    const factory = new SharedInformerFactory(gc, { namespace: ns, watchTimeoutSeconds: 1 });
    const inf = factory.forResource(CONFIGMAPS);
    const log: string[] = [];
    inf.addEventHandler({ onAdd: (o) => log.push(`add ${o.metadata?.name}`), onDelete: (o, unknown) => log.push(`delete ${o.metadata?.name} ${unknown}`) });
    const ac = new AbortController();
    factory.start(ac.signal);
    await factory.waitForCacheSync(ac.signal);
    await until('the first watch', () => gated.watchesStarted >= 1);
    // Hold the next watch back while the world moves on and history is compacted away.
    gated.hold();
    const watchesBefore = gated.watchesStarted;
    await new Promise((r) => setTimeout(r, 1500));
    await cms.delete('drop');
    await cms.create(cm('fresh'));
    await s.storage.compact(await s.storage.currentRevision());
    gated.release();
    await until('the relist', () => inf.stats.expired >= 1 && inf.stats.lists >= 2);
    await until('reconciled cache', () => inf.lister.get('fresh', ns) !== undefined && inf.lister.get('drop', ns) === undefined);
    assert.ok(gated.watchesStarted > watchesBefore);
    assert.ok(log.includes('add fresh'));
    assert.ok(log.includes('delete drop true'), log.join(', '));
    assert.deepEqual(inf.lister.listNamespace(ns).map((o) => o.metadata?.name).sort(), ['fresh', 'keep']);
    ac.abort();
    await factory.shutdown();
    gc.close();
  });
});

describe('leader election', () => {
  const elector = (identity: string, leading: Set<string>, log: string[], release = true) =>
    new LeaderElector({
      client: c,
      namespace: NS,
      name: 'test-lock',
      identity,
      leaseDurationMs: 3000,
      renewDeadlineMs: 2000,
      retryPeriodMs: 200,
      releaseOnCancel: release,
      callbacks: {
        onStartedLeading: () => {
          leading.add(identity);
          log.push(`start ${identity}`);
        },
        onStoppedLeading: () => {
          leading.delete(identity);
          log.push(`stop ${identity}`);
        },
      },
    });

  it('lets one of two candidates lead; the other takes over when the leader stops', async () => {
    const leading = new Set<string>();
    const log: string[] = [];
    const a = elector('a', leading, log);
    const b = elector('b', leading, log);
    const acA = new AbortController();
    const acB = new AbortController();
    const runA = a.run(acA.signal);
    await until('a leads', () => a.isLeader());
    const runB = b.run(acB.signal);
    let maxLeaders = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < 1500) {
      maxLeaders = Math.max(maxLeaders, leading.size);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(maxLeaders, 1);
    assert.equal(b.isLeader(), false);
    assert.equal(b.getLeader(), 'a');
    const lease = await c.resource(LEASES, NS).get('test-lock');
    assert.equal(lease.spec?.holderIdentity, 'a');
    assert.equal(lease.spec?.leaseDurationSeconds, 3);
    // a renews while it leads.
    const renew1 = lease.spec?.renewTime;
    await until('a renewal', async () => (await c.resource(LEASES, NS).get('test-lock')).spec?.renewTime !== renew1);

    acA.abort();
    await runA;
    await until('b leads', () => b.isLeader(), 5000);
    assert.deepEqual(log, ['start a', 'stop a', 'start b']);
    const after = await c.resource(LEASES, NS).get('test-lock');
    assert.equal(after.spec?.holderIdentity, 'b');
    assert.equal(after.spec?.leaseTransitions, 1, 'one change of holder: a to b');
    acB.abort();
    await runB;
  });

  it('releases the lease on stop even when it was written since the elector last saw it (a renewal cut short by the stop)', async () => {
    const leading = new Set<string>();
    const a = elector('a3', leading, []);
    const ac = new AbortController();
    await c.resource(LEASES, NS).delete('test-lock').catch(() => undefined);
    const run = a.run(ac.signal);
    await until('a3 leads', () => a.isLeader());
    // What an aborted renewal the server still applied looks like: the same holder, a newer resourceVersion.
    // (The elector may renew between this get and update: then the update is a 409 and is tried again.)
    for (let attempt = 0; ; attempt++) {
      const held = await c.resource(LEASES, NS).get('test-lock');
      try {
        await c.resource(LEASES, NS).update({ ...held, spec: { ...held.spec, renewTime: new Date().toISOString().replace('Z', '000Z') } });
        break;
      } catch (e) {
        if ((e as { code?: number }).code !== 409 || attempt >= 20) throw e;
      }
    }
    ac.abort();
    await run;
    assert.equal((await c.resource(LEASES, NS).get('test-lock')).spec?.holderIdentity, '');
  });

  it('takes over an expired lease when the leader vanishes without releasing it', async () => {
    const leading = new Set<string>();
    const log: string[] = [];
    await c.resource(LEASES, NS).delete('test-lock');
    const a = elector('a2', leading, log, false);
    const b = elector('b2', leading, log, false);
    const acA = new AbortController();
    const acB = new AbortController();
    const runA = a.run(acA.signal);
    await until('a2 leads', () => a.isLeader());
    const runB = b.run(acB.signal);
    await new Promise((r) => setTimeout(r, 500));
    acA.abort();
    await runA;
    const stopped = Date.now();
    await until('b2 leads', () => b.isLeader(), 8000);
    assert.ok(Date.now() - stopped >= 1500, 'b2 waited for the lease to expire');
    assert.equal(leading.size, 1);
    acB.abort();
    await runB;
  });

  it('renews through the client it is given and reports a renewal held up by a busy event loop', async () => {
    const own = clientFromKubeconfig(s.kubeconfig, { userAgent: 'election-test/v0 (linux/amd64) k8ts/leader-election' });
    const slow: RenewalTiming[] = [];
    const e = new LeaderElector({
      client: own,
      namespace: NS,
      name: 'slow-lock',
      identity: 'busy',
      leaseDurationMs: 3000,
      renewDeadlineMs: 2000,
      retryPeriodMs: 200,
      callbacks: { onStartedLeading: () => undefined },
      onSlowRenewal: (t) => slow.push(t),
    });
    const ac = new AbortController();
    const run = e.run(ac.signal);
    try {
      await until('busy leads', () => e.isLeader());
      const lease = await c.resource(LEASES, NS).get('slow-lock');
      assert.deepEqual(lease.metadata?.managedFields?.map((m) => m.manager), ['election-test'], 'the lease was written by the elector’s own client');
      // Hold this process's event loop for 700 ms. It falls in a wait (the next renewal's timer
      // fires that late) or in a renewal (whose answer is read that late): either is reported.
      const end = Date.now() + 700;
      while (Date.now() < end) {
        /* busy */
      }
      await until('the held-up renewal reported', () => slow.some((t) => Math.max(t.timerLateMs, t.tookMs) >= 400), 5000);
      await until('a renewal after it', async () => (await c.resource(LEASES, NS).get('slow-lock')).spec?.renewTime !== lease.spec?.renewTime);
      assert.ok(e.isLeader(), 'a 700 ms stall is well inside the 2 s renew deadline');
    } finally {
      ac.abort();
      await run;
      own.close();
    }
  });
});

describe('event recorder', () => {
  it('writes Events and aggregates repeats by bumping count', async () => {
    const pods = c.resource(PODS, NS);
    const p = await pods.create(pod('evented'));
    const rec = new EventRecorder({ client: c, component: 'test-component', host: 'node-1' });
    rec.event(p, 'Warning', 'FailedScheduling', '0/3 nodes are available');
    rec.event(p, 'Warning', 'FailedScheduling', '0/3 nodes are available');
    rec.event(p, 'Warning', 'FailedScheduling', '0/3 nodes are available');
    rec.event(p, 'Normal', 'Scheduled', 'assigned', { kind: 'Pod', apiVersion: 'v1' });
    await rec.close();
    const evs = (await c.resource(EVENTS, NS).list({ fieldSelector: 'involvedObject.name=evented' })).items;
    assert.equal(evs.length, 2);
    const failed = evs.find((e) => e.reason === 'FailedScheduling')!;
    assert.equal(failed.count, 3);
    assert.equal(failed.type, 'Warning');
    assert.equal(failed.source?.component, 'test-component');
    assert.equal(failed.source?.host, 'node-1');
    assert.equal(failed.involvedObject?.kind, 'Pod');
    assert.equal(failed.involvedObject?.uid, p.metadata?.uid);
    assert.ok(failed.firstTimestamp && failed.lastTimestamp);
    assert.match(failed.metadata!.name!, /^evented\.[0-9a-f]+$/);
    const scheduled = evs.find((e) => e.reason === 'Scheduled')!;
    assert.equal(scheduled.count, 1);
    assert.equal(scheduled.message, 'assigned');
    const desc = await s.kubectl(['describe', 'pod', '-n', NS, 'evented']);
    assert.match(desc.stdout, /Warning\s+FailedScheduling\s+.*\(x3 over/);
  });
});
