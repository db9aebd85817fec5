// Watches resumed from a resourceVersion while pods are created and bound in bursts (issue 4: 35
// bound pods never reached the simulated nodes after their pods watch was re-established). A
// field-selector watch (spec.nodeName!=) and a label-selector watch are ended (timeoutSeconds,
// or closed by the client) and re-opened from the last revision seen, over many rounds; every
// bound pod must arrive exactly once as ADDED (MODIFIED only after it), and a pod that stops
// matching as DELETED. An informer with the simulated nodes' field selector and a one-second
// watch must end with every bound pod in its cache. The first case pins the defect itself: a
// watch whose response waits behind the connection's previous response (the server had not yet
// seen that one finish when the client, on the same keep-alive connection, asked again) lost
// the events it was given before the connection was handed to it.
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/api/types/core-v1.js';
import { NAMESPACES, PODS, SharedInformer, clientFromKubeconfig, type Client, type WatchEvent } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const NS = 'watch-resume';
const NODE_SELECTOR = 'spec.nodeName!=';

let s: TestServer;
let c: Client;

before(async () => {
  s = await startTestServer();
  c = clientFromKubeconfig(s.kubeconfig);
  await c.resource(NAMESPACES).create({ metadata: { name: NS } });
});
after(async () => {
  c?.close();
  await s?.close();
});

const pods = () => c.resource(PODS, NS);
const podOf = (name: string, labels: Record<string, string> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});
const bind = (name: string) =>
  pods().createSubresource(name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace: NS }, target: { kind: 'Node', name: 'n1' } });
const relabel = (name: string, labels: Record<string, string | null>) => pods().patch(name, { metadata: { labels } }, 'merge');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function currentRevision(): Promise<string> {
  const l = await pods().list({ limit: 1 });
  return l.metadata.resourceVersion ?? '';
}

/** Creates each pod unbound, then binds it: the binding is the pod's first match of spec.nodeName!=. */
async function createAndBind(names: string[]): Promise<void> {
  await Promise.all(names.map((n) => pods().create(podOf(n))));
  await Promise.all(names.map((n) => bind(n)));
}

/** Per pod, the event types in arrival order; fails on an event seen twice (same pod and revision). */
class EventLog {
  readonly byPod = new Map<string, string[]>();
  private readonly seen = new Set<string>();
  lastRevision = '';

  add(ev: WatchEvent<Pod>): void {
    const rv = ev.object?.metadata?.resourceVersion ?? '';
    if (rv) this.lastRevision = rv;
    if (ev.type === 'BOOKMARK') return;
    const name = ev.object.metadata?.name ?? '';
    const id = `${name}@${rv}`;
    assert.ok(!this.seen.has(id), `event for ${id} delivered twice`);
    this.seen.add(id);
    const list = this.byPod.get(name) ?? [];
    list.push(ev.type);
    this.byPod.set(name, list);
  }

  /** Every name arrived first as ADDED, exactly once, and then (if at all) only as MODIFIED, optionally ending DELETED. */
  assertAddedOnce(names: readonly string[], endsDeleted = false): void {
    for (const n of names) {
      const types = this.byPod.get(n);
      assert.ok(types, `no event for ${n}`);
      assert.equal(types[0], 'ADDED', `${n}: ${types.join(',')}`);
      const rest = endsDeleted ? types.slice(1, -1) : types.slice(1);
      assert.ok(rest.every((t) => t === 'MODIFIED'), `${n}: ${types.join(',')}`);
      if (endsDeleted) assert.equal(types.at(-1), 'DELETED', `${n}: ${types.join(',')}`);
    }
  }

  count(): number {
    return [...this.byPod.values()].reduce((n, t) => n + t.length, 0);
  }
}

/**
 * Watches from `from` over and over until `stop()` is true and everything up to the writes'
 * end is delivered: each stream ends on timeoutSeconds, or is closed by this side after closeAfterMs.
 */
async function resumingWatch(o: {
  from: string;
  query: { fieldSelector?: string; labelSelector?: string };
  log: EventLog;
  done: () => boolean;
  closeAfterMs?: (round: number) => number | undefined;
}): Promise<number> {
  let round = 0;
  let rv = o.from;
  while (!o.done()) {
    round++;
    const ac = new AbortController();
    const closeAfter = o.closeAfterMs?.(round);
    const timer = closeAfter !== undefined ? setTimeout(() => ac.abort(), closeAfter) : undefined;
    try {
      for await (const ev of pods().watch({ ...o.query, resourceVersion: rv, timeoutSeconds: 1, allowWatchBookmarks: true, signal: ac.signal })) {
        assert.notEqual(ev.type, 'ERROR', JSON.stringify(ev.object));
        o.log.add(ev);
        rv = o.log.lastRevision;
        if (o.done()) break;
      }
    } catch (e) {
      if (!ac.signal.aborted) throw e;
    } finally {
      clearTimeout(timer);
    }
  }
  return round;
}

/** Reads HTTP/1.1 responses off one TLS connection: for each, its status line and the lines of its chunked body. */
function readPipelined(raw: Buffer): Array<{ status: string; lines: string[] }> {
  const out: Array<{ status: string; lines: string[] }> = [];
  let at = 0;
  while (at < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', at);
    assert.ok(headEnd > 0, `no header end after byte ${at}: ${JSON.stringify(raw.subarray(at, at + 200).toString())}`);
    const head = raw.subarray(at, headEnd).toString('latin1');
    assert.match(head, /transfer-encoding: chunked/i);
    at = headEnd + 4;
    const body: Buffer[] = [];
    for (;;) {
      const lineEnd = raw.indexOf('\r\n', at);
      const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
      assert.ok(Number.isFinite(size), `bad chunk size at byte ${at}`);
      at = lineEnd + 2;
      if (size === 0) {
        at += 2;
        break;
      }
      body.push(raw.subarray(at, at + size));
      at += size + 2;
    }
    const lines = Buffer.concat(body).toString('utf8').split('\n').filter((l) => l.trim());
    out.push({ status: head.split('\r\n')[0]!, lines });
  }
  return out;
}

describe('watch resumed from a resourceVersion', () => {
  it('a watch queued behind the connection\'s previous response still gets its history (HTTP/1.1 pipelining)', async () => {
    const from = await currentRevision();
    const names = Array.from({ length: 20 }, (_, i) => `piped-${i}`);
    await createAndBind(names);
    const url = new URL(s.url);
    const watchPath = (rv: string, timeout: number) =>
      `/api/v1/namespaces/${NS}/pods?watch=1&fieldSelector=${encodeURIComponent(NODE_SELECTOR)}&resourceVersion=${rv}&timeoutSeconds=${timeout}`;
    const now = await currentRevision();
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const sock = tls.connect({ host: url.hostname, port: Number(url.port), ca: s.ca, cert: s.adminCert, key: s.adminKey, servername: 'localhost' }, () => {
        // The second watch is answered only once the first (a watch from now, ending after a
        // second) has finished: its history events are produced while it waits for the connection.
        sock.write(`GET ${watchPath(now, 1)} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: application/json\r\n\r\n`);
        sock.write(`GET ${watchPath(from, 1)} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: application/json\r\nConnection: close\r\n\r\n`);
      });
      const chunks: Buffer[] = [];
      sock.on('data', (d: Buffer) => chunks.push(d));
      sock.on('end', () => resolve(Buffer.concat(chunks)));
      sock.on('error', reject);
    });
    const [first, second] = readPipelined(raw);
    assert.ok(first && second, 'two responses');
    assert.match(first.status, / 200 /);
    assert.deepEqual(first.lines, []);
    assert.match(second.status, / 200 /);
    const events = second.lines.map((l) => JSON.parse(l) as WatchEvent<Pod>);
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.object.metadata?.name}`),
      names.map((n) => `ADDED ${n}`),
    );
  });

  it('a spec.nodeName!= watch re-established (timeout or close) during create+bind bursts gets every bound pod once, as ADDED', async () => {
    const from = await currentRevision();
    const log = new EventLog();
    const all: string[] = [];
    let writing = true;
    const bursts = (async () => {
      for (let b = 0; b < 8; b++) {
        const names = Array.from({ length: 25 }, (_, i) => `fs-${b}-${i}`);
        all.push(...names);
        await createAndBind(names);
        await sleep(b % 2 ? 100 : 500);
      }
      writing = false;
    })();
    const rounds = await resumingWatch({
      from,
      query: { fieldSelector: NODE_SELECTOR },
      log,
      done: () => !writing && all.every((n) => log.byPod.has(n)),
      // Every third stream is closed by this side after a moment instead of running to its timeout.
      closeAfterMs: (r) => (r % 3 === 0 ? 150 : undefined),
    });
    await bursts;
    assert.ok(rounds >= 3, `only ${rounds} watch rounds`);
    log.assertAddedOnce(all);
    // Only bound pods match: an unbound pod never reached this watch.
    assert.equal(log.count(), all.length);
  });

  it('a label-selector watch re-established during bursts gets each pod once as ADDED when it starts matching, and DELETED when it stops', async () => {
    const from = await currentRevision();
    const log = new EventLog();
    const all: string[] = [];
    let writing = true;
    const bursts = (async () => {
      for (let b = 0; b < 6; b++) {
        const names = Array.from({ length: 20 }, (_, i) => `ls-${b}-${i}`);
        all.push(...names);
        await Promise.all(names.map((n) => pods().create(podOf(n, { suite: 'ls' }))));
        await Promise.all(names.map((n) => relabel(n, { picked: 'yes' })));
        await Promise.all(names.map((n) => relabel(n, { note: 'x' })));
        await Promise.all(names.map((n) => relabel(n, { picked: null })));
        await sleep(b % 2 ? 150 : 600);
      }
      writing = false;
    })();
    const complete = (n: string) => log.byPod.get(n)?.at(-1) === 'DELETED';
    const rounds = await resumingWatch({
      from,
      query: { labelSelector: 'suite=ls,picked=yes' },
      log,
      done: () => !writing && all.every(complete),
      closeAfterMs: (r) => (r % 3 === 0 ? 150 : undefined),
    });
    await bursts;
    assert.ok(rounds >= 3, `only ${rounds} watch rounds`);
    log.assertAddedOnce(all, true);
    for (const n of all) assert.deepEqual(log.byPod.get(n), ['ADDED', 'MODIFIED', 'DELETED'], n);
  });

  it('an informer with spec.nodeName!= whose watch ends every second during bursts ends with every bound pod in its cache', async () => {
    const informer = new SharedInformer<Pod>(pods(), { fieldSelector: NODE_SELECTOR, watchTimeoutSeconds: 1 });
    const adds = new Map<string, number>();
    informer.addEventHandler({ onAdd: (p) => adds.set(p.metadata!.name!, (adds.get(p.metadata!.name!) ?? 0) + 1) });
    const ac = new AbortController();
    const running = informer.run(ac.signal);
    try {
      assert.ok(await informer.waitForSync());
      const before = new Set(informer.indexer.listKeys());
      const all: string[] = [];
      for (let b = 0; b < 10; b++) {
        const names = Array.from({ length: 20 }, (_, i) => `inf-${b}-${i}`);
        all.push(...names);
        await createAndBind(names);
        await sleep(b % 3 === 0 ? 700 : 100);
      }
      const deadline = Date.now() + 15_000;
      while (!all.every((n) => informer.lister.get(n, NS)) && Date.now() < deadline) await sleep(50);
      const missing = all.filter((n) => !informer.lister.get(n, NS));
      assert.deepEqual(missing, [], `missing from the informer's cache after ${informer.stats.watches} watches`);
      for (const n of all) assert.equal(adds.get(n), 1, `${n} added ${adds.get(n)} times`);
      assert.equal(informer.indexer.listKeys().length, before.size + all.length);
      assert.ok(informer.stats.watches >= 3, `only ${informer.stats.watches} watches`);
      assert.equal(informer.stats.lists, 1);
    } finally {
      ac.abort();
      await running;
    }
  });
});
