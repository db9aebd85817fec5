// Watch fan-out benchmark: one ConfigMap create reaching W watchers, as apibench.mjs's watch
// phase measures it (client request sent → the W-th watcher has parsed its copy of the event),
// over more events, with the CPU time each fanned-out event costs the server and the client.
// A first pass of the same creates with no watchers gives the create's own CPU cost, so the
// fan-out's share is the difference.
// --node-args passes flags to the server's node (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
// Usage: node bench/watch-fanout.mjs [--watchers 200] [--events 100] [--rounds 1] [--server-args "..."] [--node-args "..."]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, bin, clientFor, freePort, machine, median, pct, sleep } from './lib/cluster-client.mjs';

const W = Number(arg('watchers', '200'));
const EVENTS = Number(arg('events', '100'));
const rounds = Number(arg('rounds', '1'));
const serverArgs = (arg('server-args', '') || '').split(' ').filter(Boolean);
const nodeArgs = (arg('node-args', '') || '').split(' ').filter(Boolean);

async function startServer(extra) {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-fanout-'));
  const port = await freePort();
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  const args = [...nodeArgs, bin, 'server', '--data-dir', dir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig, ...extra];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
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
        return { ...c, port, kubeconfig, proc, stop };
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

async function createAll(api, ns, prefix, arrivals) {
  const lat = [];
  for (let i = 0; i < EVENTS; i++) {
    const name = `${prefix}-${i}`;
    if (arrivals) arrivals.set(name, []);
    const t0 = process.hrtime.bigint();
    await api.req('POST', `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    if (!arrivals) continue;
    const deadline = Date.now() + 5000;
    while (arrivals.get(name).length < W && Date.now() < deadline) await sleep(2);
    const a = arrivals.get(name);
    lat.push(a.length < W ? 5000 : Number(a[a.length - 1] - t0) / 1e6);
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
    s0 = cpuMs(api.proc.pid);
    c0 = clientCpuMs();
    const lat = await createAll(api, 'fan', 'w', arrivals);
    const server = (cpuMs(api.proc.pid) - s0) / EVENTS;
    const client = (clientCpuMs() - c0) / EVENTS;
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
    };
  } finally {
    await api.stop();
  }
}

const results = [];
for (let i = 0; i < rounds; i++) {
  const r = await round();
  results.push(r);
  console.log(JSON.stringify({ machine, round: i + 1, ...r }));
}
if (rounds > 1) {
  const keys = Object.keys(results[0]);
  console.log(JSON.stringify({ rounds, median: Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r[k]))])) }));
}
process.exit(0);
