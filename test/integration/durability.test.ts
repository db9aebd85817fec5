// Crash durability of the real `k8ts server` binary on its SQLite store. Several HTTPS clients
// stream creates, updates and deletes of ConfigMaps and record every acknowledged (2xx) write
// with its resourceVersion, while a watcher records the event stream. The server is killed with
// SIGKILL at a random moment in the middle of the stream, restarted on the same data dir, and:
//   - every acknowledged create/update is there with its content and resourceVersion (or the
//     result of the one write per client that was in flight), acknowledged deletes stay deleted;
//   - every object is complete and its payload intact;
//   - the revision continues: new writes get larger resourceVersions than anything seen before;
//   - a watch from the last resourceVersion the watcher saw resumes with exactly the missed
//     events (checked per key against the acknowledged writes), then live events.
// Three crash cycles; then the store is compacted offline (openSqliteStorage while the server is
// stopped) and a watch from below the compacted revision gets a 410 ERROR event.
//
//   DURABILITY_SEED=1234 node --test dist/test/integration/durability.test.js
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { seededRandom } from '../../src/api/testing/seeded-random.js';

const SEED = process.env.DURABILITY_SEED ? Number(process.env.DURABILITY_SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
const CYCLES = 3;
const WORKERS = 6;
const KEYS_PER_WORKER = 6;
const NS = 'dur';
const CM_PATH = `/api/v1/namespaces/${NS}/configmaps`;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

function rngOf(seed: number) {
  const next = seededRandom(seed);
  return {
    float: next,
    int: (n: number) => Math.floor(next() * n),
    range: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}
type Rng = ReturnType<typeof rngOf>;

// ---------------------------------------------------------------------------------------------
// The server process

const BIN = fileURLToPath(new URL('../../../bin/k8ts', import.meta.url));
const LIVE = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of LIVE) c.kill('SIGKILL');
});

interface Creds {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly creds: Creds;
  readonly log: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function readKubeconfig(file: string): Creds {
  const kc = parseYaml(readFileSync(file, 'utf8')) as { clusters: Array<{ cluster: Record<string, string> }>; users: Array<{ user: Record<string, string> }> };
  const b = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');
  return { ca: b(kc.clusters[0]!.cluster['certificate-authority-data']), cert: b(kc.users[0]!.user['client-certificate-data']), key: b(kc.users[0]!.user['client-key-data']) };
}

async function startServerProcess(dataDir: string, deadlineMs = 30_000): Promise<ServerProcess> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const kubeconfig = join(dataDir, 'kubeconfig.yaml');
    // API server and store only: the controllers' own writes (kube-root-ca.crt ConfigMaps in every
    // namespace, default ServiceAccounts) would mix with the writes whose fate the test checks.
    const child = spawn(process.execPath, [BIN, 'server', '--data-dir', dataDir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig, '--disable-controllers', '--disable-scheduler'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    LIVE.add(child);
    const log: string[] = [];
    let signalReady!: () => void;
    const readyLine = new Promise<'ready'>((r) => (signalReady = () => r('ready')));
    const onLines = (stream: NodeJS.ReadableStream) => {
      let buf = '';
      stream.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          log.push(line);
          if (log.length > 5000) log.splice(0, 1000);
          if (line.includes('k8ts server ready')) signalReady();
        }
      });
    };
    onLines(child.stdout!);
    onLines(child.stderr!);
    let isAlive = true;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => {
        isAlive = false;
        LIVE.delete(child);
        resolve({ code, signal });
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([readyLine, exited.then(() => 'exited' as const), new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), deadlineMs)))]);
    clearTimeout(timer);
    if (outcome === 'exited') {
      if (attempt < 5 && log.some((l) => l.includes('EADDRINUSE'))) continue;
      throw new Error(`k8ts server exited before it was ready:\n${log.slice(-30).join('\n')}`);
    }
    if (outcome === 'timeout') {
      child.kill('SIGKILL');
      throw new Error(`k8ts server not ready after ${deadlineMs} ms:\n${log.slice(-30).join('\n')}`);
    }
    const creds = readKubeconfig(kubeconfig);
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const r = await call({ port, creds, agent: false }, 'GET', '/readyz').catch(() => undefined);
      if (r?.code === 200) break;
      if (!isAlive) throw new Error(`k8ts server exited while waiting for /readyz:\n${log.slice(-30).join('\n')}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`/readyz did not answer 200 within ${deadlineMs} ms (last: ${r?.code} ${r?.text})`);
      }
      await sleep(50);
    }
    return { child, port, creds, log, exited, alive: () => isAlive };
  }
}

// ---------------------------------------------------------------------------------------------
// HTTPS

interface Conn {
  readonly port: number;
  readonly creds: Creds;
  readonly agent: https.Agent | false;
}

interface Reply {
  readonly code: number;
  readonly text: string;
  json(): any;
}

function call(c: Conn, method: string, path: string, body?: unknown, contentType = 'application/json', timeoutMs = 15_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (data) {
      headers['content-type'] = contentType;
      headers['content-length'] = String(data.length);
    }
    const opts = { host: '127.0.0.1', port: c.port, method, path, headers, agent: c.agent, ...(c.agent ? {} : { ca: c.creds.ca, cert: c.creds.cert, key: c.creds.key }) };
    const req = https.request(opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (x: Buffer) => chunks.push(x));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ code: res.statusCode ?? 0, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

const agentFor = (srv: ServerProcess) => new https.Agent({ keepAlive: true, maxSockets: 1, ca: srv.creds.ca, cert: srv.creds.cert, key: srv.creds.key });

interface WatchEvent {
  readonly type: string;
  readonly name: string;
  readonly rv: number;
  readonly token: string;
  readonly object: any;
}

interface WatchHandle {
  readonly events: WatchEvent[];
  /** Error events and unparsable lines. */
  readonly problems: string[];
  /** Resolves once the stream is established (headers received) or rejects. */
  readonly started: Promise<void>;
  readonly ended: Promise<void>;
  waitFor(pred: (e: WatchEvent) => boolean, timeoutMs?: number): Promise<void>;
  /** Stop recording: from now on this watcher has "seen" nothing more (a lagging watcher). */
  freeze(): void;
  close(): void;
}

/** A raw watch stream; every event is recorded with its parsed object. */
function openWatch(srv: ServerProcess, path: string): WatchHandle {
  const events: WatchEvent[] = [];
  const problems: string[] = [];
  const waiters = new Set<() => void>();
  let frozen = false;
  let endResolve!: () => void;
  const ended = new Promise<void>((r) => (endResolve = r));
  let req!: ReturnType<typeof https.request>;
  const started = new Promise<void>((resolve, reject) => {
    req = https.request({ host: '127.0.0.1', port: srv.port, path, method: 'GET', ca: srv.creds.ca, cert: srv.creds.cert, key: srv.creds.key, agent: false, headers: { accept: 'application/json' } }, (res) => {
      if (res.statusCode !== 200) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          endResolve();
          reject(new Error(`watch ${path}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`));
        });
        return;
      }
      resolve();
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (!line.trim() || frozen) continue;
          let ev: any;
          try {
            ev = JSON.parse(line);
          } catch {
            problems.push(`unparsable watch line: ${line.slice(0, 200)}`);
            continue;
          }
          const o = ev.object ?? {};
          events.push({ type: ev.type, name: o.metadata?.name ?? '', rv: Number(o.metadata?.resourceVersion), token: o.data?.token ?? '', object: o });
          if (ev.type === 'ERROR') problems.push(`ERROR event: ${line.slice(0, 300)}`);
        }
        for (const w of [...waiters]) w();
      });
      res.on('end', endResolve);
      res.on('close', endResolve);
      res.on('error', endResolve);
    });
    req.on('error', (e) => {
      endResolve();
      reject(e);
    });
    req.end();
  });
  started.catch(() => undefined);
  return {
    events,
    problems,
    started,
    ended,
    close: () => req.destroy(),
    freeze: () => (frozen = true),
    waitFor(pred, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.some(pred)) {
            waiters.delete(check);
            clearTimeout(t);
            resolve();
          }
        };
        const t = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`watch ${path}: timed out; got ${JSON.stringify(events.map((e) => [e.type, e.name, e.rv]).slice(-20))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The write model

type OpKind = 'create' | 'update' | 'delete';

interface Op {
  readonly kind: OpKind;
  readonly key: string;
  /** The content token written (for delete: the token of the content deleted). */
  readonly token: string;
  /** The resourceVersion the server acknowledged (create/update only). */
  rv?: number;
}

interface KeyState {
  exists: boolean;
  token: string;
  rv: number;
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex');

function configMap(key: string, token: string, rng: Rng, rv?: number) {
  const payload = `${token}:` + 'p'.repeat(rng.range(10, 3000));
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: key, labels: { owner: key.split('-')[0]! }, ...(rv ? { resourceVersion: String(rv) } : {}) },
    data: { token, payload, sum: digest(payload) },
  };
}

/** Whether a stored ConfigMap of ours is complete and its payload intact. */
function tornness(o: any): string | undefined {
  const m = o?.metadata ?? {};
  if (o?.kind !== 'ConfigMap' || o?.apiVersion !== 'v1') return `kind/apiVersion ${o?.kind}/${o?.apiVersion}`;
  if (typeof m.name !== 'string' || typeof m.uid !== 'string' || typeof m.creationTimestamp !== 'string' || !/^\d+$/.test(String(m.resourceVersion))) return `incomplete metadata ${JSON.stringify(m)}`;
  if (m.namespace !== NS) return `namespace ${m.namespace}`;
  const d = o.data ?? {};
  if (m.name.startsWith('probe-')) return undefined;
  if (typeof d.token !== 'string' || typeof d.payload !== 'string' || d.sum !== digest(d.payload) || !d.payload.startsWith(`${d.token}:`)) return `torn data ${JSON.stringify(d).slice(0, 200)}`;
  return undefined;
}

const TYPE_OF: Record<OpKind, string> = { create: 'ADDED', update: 'MODIFIED', delete: 'DELETED' };

// ---------------------------------------------------------------------------------------------
// The test

describe(`durability across kill -9 (DURABILITY_SEED=${SEED})`, () => {
  let dir: string;
  let srv: ServerProcess | undefined;
  const rng = rngOf(SEED);
  const model = new Map<string, KeyState>();
  /** Every event of the namespace since it was created, in revision order, across restarts. */
  const history: WatchEvent[] = [];
  /** The highest resourceVersion any client has seen so far. */
  let highestSeen = 0;
  const openWatches = new Set<WatchHandle>();

  const keys: string[][] = Array.from({ length: WORKERS }, (_, w) => Array.from({ length: KEYS_PER_WORKER }, (_, k) => `w${w}-k${k}`));
  for (const k of keys.flat()) model.set(k, { exists: false, token: '', rv: 0 });

  before(async () => {
    console.log(`# durability seed: ${SEED} (rerun with DURABILITY_SEED=${SEED})`);
    dir = mkdtempSync(join(tmpdir(), 'k8ts-durability-'));
    srv = await startServerProcess(dir);
  });

  after(async () => {
    for (const w of openWatches) w.close();
    if (srv?.alive()) {
      srv.child.kill('SIGKILL');
      await srv.exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const conn = (): Conn => ({ port: srv!.port, creds: srv!.creds, agent: false });

  it('creates the namespace', async () => {
    const r = await call(conn(), 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    assert.equal(r.code, 201, r.text);
    highestSeen = Number(r.json().metadata.resourceVersion);
    // The namespace's own revision is where the history of its ConfigMaps starts.
    history.push({ type: 'START', name: '', rv: highestSeen, token: '', object: undefined });
  });

  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    it(`crash cycle ${cycle}: acknowledged writes survive kill -9 and watches resume`, async () => {
      const t0 = Date.now();
      // Record the stream from the end of the known history.
      const fromRv = history[history.length - 1]!.rv;
      const watcher = openWatch(srv!, `${CM_PATH}?watch=1&resourceVersion=${fromRv}&timeoutSeconds=600`);
      openWatches.add(watcher);
      await watcher.started;

      const acked = new Map<string, Op[]>();
      const inflight = new Map<string, Op>();
      const unexpected: string[] = [];
      const killAt = rng.range(200, 800);
      // The watcher stops reading a little before the kill, so the resumed watch has a backlog.
      const freezeAt = killAt - rng.range(0, 150);
      let acks = 0;
      let killed = false;
      const startModel = new Map([...model].map(([k, v]) => [k, { ...v }]));

      const worker = async (w: number) => {
        const agent = agentFor(srv!);
        const c: Conn = { port: srv!.port, creds: srv!.creds, agent };
        const wr = rngOf(SEED ^ (cycle * 7919 + w * 104729));
        let seq = 0;
        try {
          while (!killed) {
            const key = keys[w]![wr.int(KEYS_PER_WORKER)]!;
            const st = model.get(key)!;
            const token = `c${cycle}-w${w}-${seq++}`;
            let op: Op;
            let send: () => Promise<Reply>;
            if (!st.exists) {
              op = { kind: 'create', key, token };
              send = () => call(c, 'POST', CM_PATH, configMap(key, token, wr));
            } else {
              const x = wr.float();
              if (x < 0.3) {
                op = { kind: 'update', key, token };
                send = () => call(c, 'PUT', `${CM_PATH}/${key}`, configMap(key, token, wr, st.rv));
              } else if (x < 0.5) {
                op = { kind: 'update', key, token };
                send = () => call(c, 'PUT', `${CM_PATH}/${key}`, configMap(key, token, wr));
              } else if (x < 0.75) {
                op = { kind: 'update', key, token };
                const cm = configMap(key, token, wr);
                send = () => call(c, 'PATCH', `${CM_PATH}/${key}`, { data: cm.data }, 'application/merge-patch+json');
              } else {
                op = { kind: 'delete', key, token: st.token };
                const pre = wr.float() < 0.5 ? { preconditions: { resourceVersion: String(st.rv) } } : undefined;
                send = () => call(c, 'DELETE', `${CM_PATH}/${key}`, pre);
              }
            }
            let reply: Reply;
            try {
              reply = await send();
            } catch (e) {
              if (killed) inflight.set(key, op);
              else unexpected.push(`${op.kind} ${key}: ${(e as Error).message}`);
              return;
            }
            if (reply.code < 200 || reply.code >= 300) {
              unexpected.push(`${op.kind} ${key}: ${reply.code} ${reply.text.slice(0, 300)}`);
              return;
            }
            if (op.kind !== 'delete') {
              const o = reply.json();
              op.rv = Number(o.metadata?.resourceVersion);
              if (!(op.rv > st.rv)) unexpected.push(`${op.kind} ${key}: resourceVersion ${op.rv} is not above the previous ${st.rv}`);
              if (o.data?.token !== token) unexpected.push(`${op.kind} ${key}: answered token ${o.data?.token}, sent ${token}`);
              model.set(key, { exists: true, token, rv: op.rv });
              highestSeen = Math.max(highestSeen, op.rv);
            } else {
              model.set(key, { exists: false, token: '', rv: 0 });
            }
            acked.set(key, [...(acked.get(key) ?? []), op]);
            if (++acks === freezeAt) watcher.freeze();
            if (acks >= killAt && !killed) {
              killed = true;
              srv!.child.kill('SIGKILL');
            }
          }
        } finally {
          agent.destroy();
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
      if (!killed) {
        killed = true;
        srv!.child.kill('SIGKILL');
      }
      const exit = await srv!.exited;
      assert.equal(exit.signal, 'SIGKILL', `the server exited on its own before the kill: ${JSON.stringify(exit)}\n${srv!.log.slice(-20).join('\n')}`);
      assert.deepEqual(unexpected, [], 'writes before the crash must all succeed');
      await watcher.ended;
      openWatches.delete(watcher);
      assert.deepEqual(watcher.problems, [], 'the watch before the crash');
      const preCrash = watcher.events;
      const lastSeen = preCrash.length ? preCrash[preCrash.length - 1]!.rv : fromRv;
      for (const e of preCrash) highestSeen = Math.max(highestSeen, e.rv);
      const tCrash = Date.now();

      // Restart on the same data dir.
      srv = await startServerProcess(dir);
      const tReady = Date.now();

      // Resume the watch where the watcher left off, then write a probe: the watch must replay
      // exactly the missed events and then deliver the probe live.
      const resumed = openWatch(srv, `${CM_PATH}?watch=1&resourceVersion=${lastSeen}&timeoutSeconds=30`);
      openWatches.add(resumed);
      await resumed.started;
      const probe = await call(conn(), 'POST', CM_PATH, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `probe-${cycle}` }, data: { cycle: String(cycle) } });
      assert.equal(probe.code, 201, probe.text);
      const probeRv = Number(probe.json().metadata.resourceVersion);
      const failures: string[] = [];
      if (!(probeRv > highestSeen)) failures.push(`a write after the restart got resourceVersion ${probeRv}, not above ${highestSeen} seen before the crash`);
      await resumed.waitFor((e) => e.name === `probe-${cycle}`);
      resumed.close();
      openWatches.delete(resumed);
      failures.push(...resumed.problems.map((p) => `resumed watch: ${p}`));
      const resumedEvents = resumed.events;
      const last = resumedEvents[resumedEvents.length - 1]!;
      if (last.name !== `probe-${cycle}` || last.rv !== probeRv) failures.push(`the resumed watch's last event is ${last.type} ${last.name}@${last.rv}, not the probe @${probeRv}`);
      const replayed = resumedEvents.slice(0, -1);

      // Revision order, and nothing at or below the resume point.
      const cycleEvents = [...preCrash, ...replayed];
      for (let i = 0; i < cycleEvents.length; i++) {
        const e = cycleEvents[i]!;
        if (i > 0 && !(e.rv > cycleEvents[i - 1]!.rv)) failures.push(`event ${e.type} ${e.name}@${e.rv} does not follow ${cycleEvents[i - 1]!.rv}`);
        const torn = tornness(e.object);
        if (torn) failures.push(`event ${e.type} ${e.name}@${e.rv}: ${torn}`);
      }
      if (replayed.length && !(replayed[0]!.rv > lastSeen)) failures.push(`the resumed watch started at ${replayed[0]!.rv}, not after ${lastSeen}`);

      // The current state, read back.
      const list = await call(conn(), 'GET', CM_PATH);
      assert.equal(list.code, 200, list.text);
      const listed = list.json();
      const listRv = Number(listed.metadata.resourceVersion);
      if (!(listRv >= probeRv)) failures.push(`list resourceVersion ${listRv} is below the probe's ${probeRv}`);
      const actual = new Map<string, any>();
      for (const o of listed.items) {
        const torn = tornness(o);
        if (torn) failures.push(`stored ${o?.metadata?.name}: ${torn}`);
        actual.set(o.metadata.name, o);
      }

      // Per key: the state is the acknowledged one or the in-flight write's result, and the
      // events are exactly the acknowledged writes (plus the in-flight one if it landed).
      let landed = 0;
      for (const key of keys.flat()) {
        const want = model.get(key)!;
        const start = startModel.get(key)!;
        const ops = acked.get(key) ?? [];
        const f = inflight.get(key);
        const got = actual.get(key);
        const isAcked = want.exists ? got?.data?.token === want.token && Number(got.metadata.resourceVersion) === want.rv : got === undefined;
        let isInflight = false;
        if (f && !isAcked) {
          if (f.kind === 'delete') isInflight = got === undefined;
          else isInflight = got?.data?.token === f.token && Number(got.metadata.resourceVersion) > want.rv;
        }
        if (!isAcked && !isInflight) {
          failures.push(`${key}: want ${want.exists ? `token ${want.token}@${want.rv}` : 'deleted'}${f ? ` or in-flight ${f.kind} ${f.token}` : ''}; got ${got ? `token ${got.data?.token}@${got.metadata?.resourceVersion}` : 'nothing'}`);
        }
        if (isInflight) {
          landed++;
          if (f!.kind !== 'delete') f!.rv = Number(got.metadata.resourceVersion);
        }
        const expected = [...ops, ...(isInflight ? [f!] : [])].map((o) => `${TYPE_OF[o.kind]} ${o.token}${o.rv ? '@' + o.rv : ''}`);
        const seen = cycleEvents.filter((e) => e.name === key).map((e) => `${e.type} ${e.token}${e.type === 'DELETED' ? '' : '@' + e.rv}`);
        if (JSON.stringify(seen) !== JSON.stringify(expected)) failures.push(`${key}: events ${JSON.stringify(seen)}, want ${JSON.stringify(expected)} (start ${JSON.stringify(start)})`);
        // Carry the real state into the next cycle.
        model.set(key, got ? { exists: true, token: got.data.token, rv: Number(got.metadata.resourceVersion) } : { exists: false, token: '', rv: 0 });
      }
      const names = new Set([...keys.flat(), ...Array.from({ length: cycle }, (_, i) => `probe-${i + 1}`)]);
      for (const name of actual.keys()) if (!names.has(name)) failures.push(`unexpected object ${name}`);
      for (const e of cycleEvents) if (!names.has(e.name)) failures.push(`unexpected event ${e.type} ${e.name}@${e.rv}`);

      history.push(...cycleEvents, resumedEvents[resumedEvents.length - 1]!);
      highestSeen = Math.max(highestSeen, probeRv);
      console.log(
        `# cycle ${cycle}: ${acks} acks (kill after ${killAt}), ${inflight.size} in flight (${landed} landed), ${preCrash.length} events before the crash, ` +
          `${replayed.length} replayed from ${lastSeen}; write phase ${((tCrash - t0) / 1000).toFixed(1)} s, restart ${((tReady - tCrash) / 1000).toFixed(1)} s`,
      );
      assert.deepEqual(failures, []);
    });
  }

  it('answers 410 Expired to a watch from below an offline compaction, and replays from it', async () => {
    // Compact in the middle of the last cycle's history, with the server stopped.
    const events = history.filter((e) => e.type !== 'START');
    const compactRev = events[Math.floor(events.length * 0.75)]!.rv;
    srv!.child.kill('SIGTERM');
    const exit = await srv!.exited;
    assert.equal(exit.code, 0, `clean stop on SIGTERM: ${JSON.stringify(exit)}`);
    const storage = openSqliteStorage({ path: join(dir, 'db', 'state.db') });
    try {
      const current = await storage.currentRevision();
      assert.ok(current >= highestSeen, `store revision ${current} is below ${highestSeen}`);
      await storage.compact(compactRev);
      assert.equal(await storage.compactedRevision(), compactRev);
      // Every stored object is complete.
      for (const kv of (await storage.list('/registry/')).items) {
        const o = JSON.parse(kv.value.toString('utf8'));
        assert.ok(typeof o.kind === 'string' && typeof o.metadata?.name === 'string' && typeof o.metadata?.uid === 'string', kv.key);
      }
    } finally {
      await storage.close();
    }
    srv = await startServerProcess(dir);

    // From below the compacted revision: one ERROR event with a 410 Status, then the end.
    const gone = openWatch(srv, `${CM_PATH}?watch=1&resourceVersion=${compactRev - 1}&timeoutSeconds=5`);
    openWatches.add(gone);
    await gone.started;
    await gone.ended;
    openWatches.delete(gone);
    assert.equal(gone.events.length, 1, JSON.stringify(gone.events));
    const err = gone.events[0]!;
    assert.equal(err.type, 'ERROR');
    assert.equal(err.object.kind, 'Status');
    assert.equal(err.object.status, 'Failure');
    assert.equal(err.object.code, 410);
    assert.ok(['Expired', 'Gone'].includes(err.object.reason), err.object.reason);
    const list = await call(conn(), 'GET', `${CM_PATH}?resourceVersion=${compactRev - 1}&resourceVersionMatch=Exact`);
    assert.equal(list.code, 410, list.text);
    assert.equal(list.json().kind, 'Status');

    // From the compacted revision itself: exactly the later history, then live events.
    const replay = openWatch(srv, `${CM_PATH}?watch=1&resourceVersion=${compactRev}&timeoutSeconds=30`);
    openWatches.add(replay);
    await replay.started;
    const probe = await call(conn(), 'POST', CM_PATH, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe-compacted' }, data: {} });
    assert.equal(probe.code, 201, probe.text);
    await replay.waitFor((e) => e.name === 'probe-compacted');
    replay.close();
    openWatches.delete(replay);
    const got = replay.events.slice(0, -1).map((e) => `${e.type} ${e.name} ${e.token}@${e.rv}`);
    const want = events.filter((e) => e.rv > compactRev).map((e) => `${e.type} ${e.name} ${e.token}@${e.rv}`);
    assert.deepEqual(got, want);
    assert.ok(Number(probe.json().metadata.resourceVersion) > highestSeen);

    // The state itself is untouched by compaction.
    const listed = (await call(conn(), 'GET', CM_PATH)).json();
    for (const key of keys.flat()) {
      const o = listed.items.find((x: any) => x.metadata.name === key);
      const want = model.get(key)!;
      assert.equal(o ? `${o.data.token}@${o.metadata.resourceVersion}` : 'absent', want.exists ? `${want.token}@${want.rv}` : 'absent', key);
    }
  });
});
