// Where apibench's single gets wait: runs apibench's sequence up to its gets (5,000 ConfigMap
// creates from 32 clients, 10,000 pod creates, 5 full lists, 5 `labelSelector=i=3` lists, 200
// sequential gets of different pods) with apibench's own client code against a fresh
// `k8ts server --disable-scheduler --disable-controllers`, which runs with
// bench/lib/server-timeline.mjs loaded (request start/finish, GC entries, event-loop lateness, all
// on the clock the client uses). Per round it prints the list and get figures, the server's CPU
// and GC per phase, and each of the slowest gets split into client → server start, the server's
// handling, server finish → client, with the GCs and loop stalls that overlap it.
// --node-args "..." passes V8/Node flags to the server (e.g. "--trace-gc"; its output goes to
// --gc-log FILE). K8TS_BIN selects the build, as in the other benchmarks.
// Usage: node bench/get-after-list.mjs [--rounds 3] [--creates 5000] [--pods 10000] [--slowest 3] [--node-args "--max-semi-space-size=16"] [--gc-log FILE]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import { parse } from 'yaml';
import { arg, bin, freePort, median, rssMb, sleep } from './lib/cluster-client.mjs';

const timelineModule = new URL('./lib/server-timeline.mjs', import.meta.url).pathname;
const rounds = Number(arg('rounds', '1'));
const creates = Number(arg('creates', '5000'));
const P = Number(arg('pods', '10000'));
const slowest = Number(arg('slowest', '3'));
const nodeArgs = (arg('node-args', '') ?? '').split(' ').filter(Boolean);
const gcLog = arg('gc-log');
const clock = () => performance.timeOrigin + performance.now();
const TICKS_PER_S = 100;
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_S;
};
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const r2 = (x) => Math.round(x * 100) / 100;
// This (client) process's own GCs, on the same clock: a slow get can also wait for the client.
const clientGc = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) clientGc.push({ kind: `client-${e.detail?.kind ?? ''}`, start: performance.timeOrigin + e.startTime, ms: e.duration }); }).observe({ entryTypes: ['gc'] });

async function round(n) {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-gal-'));
  const port = await freePort();
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  const timelineOut = join(dir, 'timeline.json');
  const stdout = gcLog ? openSync(`${gcLog}.${n}`, 'w') : 'ignore';
  const proc = spawn(process.execPath, ['--import', timelineModule, ...nodeArgs, bin, 'server', '--data-dir', dir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig, '--disable-scheduler', '--disable-controllers'], {
    stdio: ['ignore', stdout, 'inherit'],
    env: { ...process.env, K8TS_TIMELINE_OUT: timelineOut },
  });
  try {
    while (!existsSync(kubeconfig)) await sleep(20);
    await sleep(50);
    const kc = parse(readFileSync(kubeconfig, 'utf8'));
    const user = kc.users[0].user;
    const b64 = (s) => Buffer.from(s, 'base64');
    const agent = new https.Agent({ keepAlive: true, maxSockets: 256, rejectUnauthorized: false, cert: b64(user['client-certificate-data']), key: b64(user['client-key-data']) });
    // apibench's request function, unchanged apart from the server address.
    const req = (method, path, body) => new Promise((resolve, reject) => {
      const data = body ? JSON.stringify(body) : undefined;
      const r = https.request({ host: '127.0.0.1', port, path, method, agent, headers: { 'content-type': 'application/json', accept: 'application/json' } }, (res) => {
        const chunks = []; res.on('data', (c) => chunks.push(c)); res.on('end', () => resolve({ code: res.statusCode, body: Buffer.concat(chunks) }));
      });
      r.on('error', reject); if (data) r.write(data); r.end();
    });
    for (;;) {
      try { if ((await req('GET', '/readyz')).code === 200) break; } catch { /* not up yet */ }
      await sleep(20);
    }
    const pool = async (count, conc, fn) => { let i = 0; await Promise.all(Array.from({ length: conc }, async () => { while (i < count) await fn(i++); })); };
    for (const ns of ['cb', 'pb']) await req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await pool(creates, 32, (k) => req('POST', '/api/v1/namespaces/cb/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${k}` }, data: { k: 'v'.repeat(100) } }));
    await pool(P, 32, (k) => req('POST', '/api/v1/namespaces/pb/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${k}`, labels: { app: 'bench', i: String(k % 10) } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }));
    proc.kill('SIGUSR2'); // start a fresh timeline: only the lists and gets below
    await sleep(100);
    const cpu = [cpuMs(proc.pid)];
    const phase = [clock()];
    const lists = [];
    for (let i = 0; i < 5; i++) { const t = clock(); await req('GET', '/api/v1/namespaces/pb/pods'); lists.push(clock() - t); }
    cpu.push(cpuMs(proc.pid)); phase.push(clock());
    const sel = [];
    for (let i = 0; i < 5; i++) { const t = clock(); await req('GET', '/api/v1/namespaces/pb/pods?labelSelector=i%3D3'); sel.push(clock() - t); }
    cpu.push(cpuMs(proc.pid)); phase.push(clock());
    const gets = [];
    for (let i = 0; i < 200; i++) { const t = clock(); await req('GET', `/api/v1/namespaces/pb/pods/p-${i}`); gets.push({ i, start: t, end: clock() }); }
    cpu.push(cpuMs(proc.pid)); phase.push(clock());
    const rss = rssMb(proc.pid);
    rmSync(timelineOut, { force: true });
    proc.kill('SIGUSR2');
    while (!existsSync(timelineOut)) await sleep(10);
    await sleep(20);
    const tl = JSON.parse(readFileSync(timelineOut, 'utf8'));
    const ms = gets.map((g) => g.end - g.start);
    const gcIn = (from, to) => tl.gc.filter((g) => g.start < to && g.start + g.ms > from);
    const gcSum = (from, to) => {
      const s = {};
      for (const g of gcIn(from, to)) { s[g.kind] ??= { n: 0, ms: 0 }; s[g.kind].n++; s[g.kind].ms = r2(s[g.kind].ms + g.ms); }
      return s;
    };
    const byUrl = new Map(tl.requests.filter((r) => r.url.includes('/pods/p-')).map((r) => [r.url.split('/pods/')[1], r]));
    const slow = [...gets].sort((a, b) => (b.end - b.start) - (a.end - a.start)).slice(0, slowest).map((g) => {
      const s = byUrl.get(`p-${g.i}`);
      const around = (xs, key) => xs.filter((x) => x[key] < g.end && x[key] + x.ms > g.start - 20).map((x) => `${x.kind ?? 'late'} ${r2(x.ms)}ms @${r2(x[key] - g.start)}`);
      return {
        get: g.i, ms: r2(g.end - g.start),
        to_server: s ? r2(s.start - g.start) : null, in_server: s ? r2(s.finish - s.start) : null, from_server: s ? r2(g.end - s.finish) : null,
        gc: around(tl.gc, 'start'), late: around(tl.late, 'at'), client_gc: around(clientGc, 'start'),
      };
    });
    return {
      round: n,
      list_ms_median: Math.round(median(lists)), selector_ms_median: Math.round(median(sel)),
      get_ms_p50: r2(pct(ms, 0.5)), get_ms_p99: r2(pct(ms, 0.99)), first_gets_ms: ms.slice(0, 3).map(r2),
      server_cpu_ms: { lists: cpu[1] - cpu[0], selector_lists: cpu[2] - cpu[1], gets: cpu[3] - cpu[2] },
      gc: { lists: gcSum(phase[0], phase[1]), selector_lists: gcSum(phase[1], phase[2]), gets: gcSum(phase[2], phase[3]) },
      rss_mb: rss, slowest: slow,
      ...(process.env.K8TS_TIMELINE_HEAP && { heap_after_lists: tl.requests.filter((r) => r.heap).map((r) => ({ ...r.heap, external: r.external_mb })) }),
    };
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (let i = 1; i <= rounds; i++) {
  const r = await round(i);
  results.push(r);
  console.log(JSON.stringify(r));
}
if (rounds > 1) {
  const m = (k) => r2(median(results.map((r) => r[k])));
  console.log(JSON.stringify({ rounds, list_ms_median: m('list_ms_median'), selector_ms_median: m('selector_ms_median'), get_ms_p50: m('get_ms_p50'), get_ms_p99: m('get_ms_p99') }));
}
process.exit(0);
