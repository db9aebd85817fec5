// The API server benchmark: starts `k8ts server` (durable SQLite by default, or
// --datastore-endpoint) on a fresh data dir, measures idle RSS, runs apibench.mjs (the team's
// shared workload: 5,000 ConfigMap creates from 32 clients, a list of 10,000 pods, 200 single
// gets, one write reaching 200 watchers), then a 1,000-watcher fan-out round, and the RSS with
// the 15,000 objects stored. With --rounds N it does all of that N times on fresh servers and
// prints each round, then the median of every figure across rounds.
// The server runs without its in-process scheduler unless --with-scheduler is given.
// Usage: node bench/api.mjs [--rounds 1] [--watchers2 1000] [--datastore-endpoint URL] [--with-scheduler]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, bin, freePort, machine, median, rssMb } from './lib/cluster-client.mjs';

const apibench = new URL('./apibench.mjs', import.meta.url).pathname;
const ready = (port) => new Promise((resolve) => {
  const req = https.get({ host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false, agent: false, timeout: 1000 }, (res) => { res.resume(); resolve(res.statusCode === 200); });
  req.on('timeout', () => req.destroy()); req.on('error', () => resolve(false));
});

const VALUE_FLAGS = ['--watchers2', '--datastore-endpoint', '--rounds'];
/** The arguments passed on to apibench.mjs: all but this script's own. */
const apibenchArgs = process.argv.slice(2).filter((a, i, all) => a !== '--with-scheduler' && !VALUE_FLAGS.includes(a) && !VALUE_FLAGS.includes(all[i - 1]));
const datastore = arg('datastore-endpoint') ?? 'sqlite (durable)';
const components = process.argv.includes('--with-scheduler') ? 'apiserver + store + scheduler' : 'apiserver + store';

async function round() {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-bench-'));
  const port = await freePort();
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  const extra = arg('datastore-endpoint') ? ['--datastore-endpoint', arg('datastore-endpoint')] : [];
  // Like upstream's figures (kube-apiserver + etcd), the API server and store alone by default.
  if (!process.argv.includes('--with-scheduler')) extra.push('--disable-scheduler', '--disable-controllers');
  const t0 = performance.now();
  const server = spawn(process.execPath, [bin, 'server', '--data-dir', dir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig, ...extra], { stdio: 'ignore' });
  while (!(await ready(port))) await new Promise((r) => setTimeout(r, 5));
  const startMs = Math.round(performance.now() - t0);
  await new Promise((r) => setTimeout(r, 2000));
  const idleRss = rssMb(server.pid);
  let result;
  try {
    const out = execFileSync(process.execPath, [apibench, '--kubeconfig', kubeconfig, ...apibenchArgs], { encoding: 'utf8', maxBuffer: 1 << 26 });
    result = JSON.parse(out.trim().split('\n').pop());
    const out2 = execFileSync(process.execPath, [apibench, '--kubeconfig', kubeconfig, '--creates', '1', '--pods', '1', '--watchers', arg('watchers2', '1000')], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const r2 = JSON.parse(out2.trim().split('\n').pop());
    result.watch1000_all_delivered_ms_p50 = r2.watch_all_delivered_ms_p50;
    result.watch1000_all_delivered_ms_p99 = r2.watch_all_delivered_ms_p99;
  } finally {
    result = { ...(result ?? {}), start_to_readyz_ms: startMs, idle_rss_mb: idleRss, rss_with_objects_mb: rssMb(server.pid) };
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

const rounds = Number(arg('rounds', '1'));
const results = [];
for (let i = 0; i < rounds; i++) {
  const r = await round();
  results.push(r);
  console.log(JSON.stringify({ machine, datastore, components, round: i + 1, ...r }));
}
if (rounds > 1) {
  const keys = Object.keys(results[0]).filter((k) => typeof results[0][k] === 'number');
  console.log(JSON.stringify({ machine, datastore, components, rounds, median: Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r[k]))])) }));
}
