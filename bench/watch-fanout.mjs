// Watch fan-out benchmark: one ConfigMap create reaching W watchers, as apibench.mjs's watch
// phase measures it (client request sent → the W-th watcher has parsed its copy of the event),
// over more events, with the CPU time each fanned-out event costs the server and the client.
// A first pass of the same creates with no watchers gives the create's own CPU cost, so the
// fan-out's share is the difference.
// --node-args passes flags to the server's node (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
// --timeline loads bench/lib/fanout-timeline.mjs into the server and adds, per round, the median
// and worst wall time of each step of the fan-out phase's events (t0 = the client's request):
// request at the server, batch to the writer thread, its reply, publish start and end (the last
// watcher's write), the create's response, the client's first and last watcher; and the GCs.
// Usage: node bench/watch-fanout.mjs [--watchers 200] [--events 100] [--rounds 1] [--server-args "..."] [--node-args "..."] [--timeline]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, bin, clientFor, flag, freePort, machine, median, pct, sleep } from './lib/cluster-client.mjs';

const W = Number(arg('watchers', '200'));
const EVENTS = Number(arg('events', '100'));
const rounds = Number(arg('rounds', '1'));
const serverArgs = (arg('server-args', '') || '').split(' ').filter(Boolean);
const nodeArgs = (arg('node-args', '') || '').split(' ').filter(Boolean);
const timeline = flag('timeline');
const timelineModule = new URL('./lib/fanout-timeline.mjs', import.meta.url).pathname;
/** Wall clock (ms since the epoch) shared with the server's timeline. */
const wall = () => performance.timeOrigin + performance.now();
const wallOf = (hr, base) => base.wall + Number(hr - base.hr) / 1e6;

async function startServer(extra) {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-fanout-'));
  const port = await freePort();
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  const timelineFile = join(dir, 'timeline.json');
  const traceArgs = timeline ? ['--import', timelineModule] : [];
  const args = [...traceArgs, ...nodeArgs, bin, 'server', '--data-dir', dir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig, ...extra];
  const env = { ...process.env, K8TS_FANOUT_TIMELINE: timelineFile };
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  for (;;) {
    await sleep(20);
    try {
      const c = clientFor(kubeconfig);
      if ((await c.req('GET', '/readyz', undefined, { raw: true })).status === 200) {
        const stop = async () => {
          proc.kill('SIGTERM');
          await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
          rmSync(dir, { recursive: true, force: true });
        };
        return { ...c, port, kubeconfig, proc, stop, timelineFile };
      }
    } catch {
      /* not up yet */
    }
  }
}

/** User+system CPU milliseconds of a process, all threads (clock ticks are 10 ms). */
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const clientCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function openWatcher(api, path, tls, onAdded) {
  return new Promise((resolve) => {
    const r = https.request({ host: '127.0.0.1', port: api.port, path, method: 'GET', agent: new https.Agent(tls), headers: { accept: 'application/json' } }, (res) => {
      let buf = '';
      res.on('data', (c) => {
        buf += c;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          const e = JSON.parse(line);
          if (e.type === 'ADDED') onAdded(e.object.metadata.name);
        }
      });
      resolve(r);
    });
    r.on('error', () => {});
    r.end();
  });
}

async function createAll(api, ns, prefix, arrivals, trace) {
  const lat = [];
  for (let i = 0; i < EVENTS; i++) {
    const name = `${prefix}-${i}`;
    if (arrivals) arrivals.set(name, []);
    const base = { wall: wall(), hr: process.hrtime.bigint() };
    const t0 = process.hrtime.bigint();
    await api.req('POST', `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    const replied = process.hrtime.bigint();
    if (!arrivals) continue;
    const deadline = Date.now() + 5000;
    while (arrivals.get(name).length < W && Date.now() < deadline) await sleep(2);
    const a = arrivals.get(name);
    lat.push(a.length < W ? 5000 : Number(a[a.length - 1] - t0) / 1e6);
    if (trace && a.length === W) trace.push({ t0: wallOf(t0, base), replied: wallOf(replied, base), first: wallOf(a[0], base), last: wallOf(a[W - 1], base) });
    if (process.env.FANOUT_TRACE) console.error('CLI', name, 't0', t0.toString(), 'first', (Number(a[0] - t0) / 1e6).toFixed(2), 'last', (Number(a[a.length - 1] - t0) / 1e6).toFixed(2));
  }
  return lat;
}

async function round() {
  const api = await startServer(['--disable-scheduler', '--disable-controllers', ...serverArgs]);
  try {
    const tls = { rejectUnauthorized: false, cert: api.agent.options.cert, key: api.agent.options.key };
    for (const ns of ['fan-base', 'fan']) await api.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await createAll(api, 'fan-base', 'warm', undefined);
    let s0 = cpuMs(api.proc.pid);
    let c0 = clientCpuMs();
    await createAll(api, 'fan-base', 'base', undefined);
    const baseServer = (cpuMs(api.proc.pid) - s0) / EVENTS;
    const baseClient = (clientCpuMs() - c0) / EVENTS;

    const arrivals = new Map();
    const watchers = [];
    for (let w = 0; w < W; w++) {
      watchers.push(await openWatcher(api, '/api/v1/namespaces/fan/configmaps?watch=1', tls, (name) => arrivals.get(name)?.push(process.hrtime.bigint())));
    }
    await sleep(500);
    if (process.env.FANOUT_ANNOUNCE) console.error(`fan-out phase: server pid ${api.proc.pid}`);
    const trace = timeline ? [] : undefined;
    if (timeline) await signalTimeline(api);
    s0 = cpuMs(api.proc.pid);
    c0 = clientCpuMs();
    const lat = await createAll(api, 'fan', 'w', arrivals, trace);
    const server = (cpuMs(api.proc.pid) - s0) / EVENTS;
    const client = (clientCpuMs() - c0) / EVENTS;
    const steps = timeline ? stepsOf(trace, JSON.parse(await signalTimeline(api))) : undefined;
    for (const w of watchers) w.destroy();
    return {
      watchers: W,
      events: EVENTS,
      delivered_ms_p50: +pct(lat, 0.5).toFixed(2),
      delivered_ms_p90: +pct(lat, 0.9).toFixed(2),
      delivered_ms_p99: +pct(lat, 0.99).toFixed(2),
      server_cpu_ms_per_event: +server.toFixed(2),
      server_cpu_ms_per_create_without_watchers: +baseServer.toFixed(2),
      server_fanout_cpu_us_per_watcher: +(((server - baseServer) * 1000) / W).toFixed(1),
      client_cpu_ms_per_event: +client.toFixed(2),
      client_cpu_ms_per_create_without_watchers: +baseClient.toFixed(2),
      ...(steps ? { timeline: steps } : {}),
    };
  } finally {
    await api.stop();
  }
}

/** Asks the server to write its timeline (and start a new one); resolves with the file's text. */
async function signalTimeline(api) {
  rmSync(api.timelineFile, { force: true });
  api.proc.kill('SIGUSR2');
  for (let i = 0; i < 500; i++) {
    await sleep(10);
    try {
      return readFileSync(api.timelineFile, 'utf8');
    } catch {
      /* not written yet */
    }
  }
  throw new Error('the server wrote no timeline');
}

/**
 * Per fan-out event, the wall time of each step since t0 (the client's request): the server's
 * request start, the batch posted to the writer thread, its reply, the publish's start and end,
 * the create's response finish, the client's create reply, first and last watcher. Medians and
 * worst, plus the GCs that overlapped an event (count and total ms).
 */
function stepsOf(trace, rec) {
  const after = (list, at, key = 'at') => list.find((x) => x[key] >= at);
  const rows = [];
  let gcCount = 0;
  let gcMs = 0;
  const gcKinds = {};
  for (const ev of trace) {
    const req = rec.requests.find((r) => r.method === 'POST' && r.start >= ev.t0 - 1 && r.start <= ev.last);
    if (!req) continue;
    const posted = after(rec.posted, req.start);
    const reply = posted && rec.replies.find((r) => r.id === posted.id);
    const pub = reply && after(rec.publishes, reply.at, 'start');
    const gcs = rec.gc.filter((g) => g.start + g.ms >= ev.t0 && g.start <= ev.last);
    gcCount += gcs.length;
    gcMs += gcs.reduce((s, g) => s + g.ms, 0);
    for (const g of gcs) {
      const k = (gcKinds[g.kind] ??= { n: 0, ms: 0 });
      k.n++;
      k.ms = +(k.ms + g.ms).toFixed(1);
    }
    const d = (x) => (x === undefined ? NaN : x - ev.t0);
    rows.push({
      request: d(req.start),
      posted: d(posted?.at),
      reply: d(reply?.at),
      publish_start: d(pub?.start),
      publish_end: d(pub?.end),
      response_finish: d(req.finish),
      client_reply: d(ev.replied),
      client_first: d(ev.first),
      client_last: d(ev.last),
    });
  }
  const keys = rows.length ? Object.keys(rows[0]) : [];
  const pick = (f) => Object.fromEntries(keys.map((k) => [k, +f(rows.map((r) => r[k]).filter((v) => !Number.isNaN(v))).toFixed(2)]));
  return {
    events: rows.length,
    median_ms: pick(median),
    worst_ms: pick((xs) => Math.max(...xs)),
    ...Object.fromEntries(
      Object.entries({
        commit_ms: (r) => r.reply - r.posted,
        publish_ms: (r) => r.publish_end - r.publish_start,
        first_read_after_publish_ms: (r) => r.client_first - r.publish_start,
        client_read_ms: (r) => r.client_last - r.client_first,
        last_read_after_publish_end_ms: (r) => r.client_last - r.publish_end,
      }).map(([k, f]) => {
        const xs = rows.map(f).filter((v) => !Number.isNaN(v));
        return [k, { p50: +median(xs).toFixed(2), p90: +pct(xs, 0.9).toFixed(2), max: +Math.max(...xs).toFixed(2) }];
      }),
    ),
    gc_during_events: gcCount,
    gc_ms_during_events: +gcMs.toFixed(1),
    gc_kinds_during_events: gcKinds,
    gc_in_phase: rec.gc.length,
  };
}

const results = [];
for (let i = 0; i < rounds; i++) {
  const r = await round();
  results.push(r);
  console.log(JSON.stringify({ machine, round: i + 1, ...r }));
}
if (rounds > 1) {
  const keys = Object.keys(results[0]).filter((k) => typeof results[0][k] === 'number');
  console.log(JSON.stringify({ rounds, median: Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r[k]))])) }));
}
process.exit(0);
