// Measures process start -> /readyz answering 200 for `k8ts server` on an empty data dir
// (first start: certificates generated) and on a warm one (certificates and store reused).
// Usage: node bench/startup.mjs [--runs 5]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, median } from './lib/cluster-client.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 5);
const bin = process.env.K8TS_BIN ?? new URL('../bin/k8ts', import.meta.url).pathname;

const ready = (port) => new Promise((resolve) => {
  const req = https.get({ host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false, agent: false, timeout: 1000 }, (res) => { res.resume(); resolve(res.statusCode === 200); });
  req.on('timeout', () => req.destroy());
  req.on('error', () => resolve(false));
});

async function once(dir) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'server', '--data-dir', dir, '--https-listen-port', String(port)], { stdio: 'ignore' });
  child.on("exit", (c) => process.env.DEBUG && console.error("child exit", c));
  while (!(await ready(port))) await new Promise((r) => setTimeout(r, 2));
  const ms = performance.now() - t0;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  return ms;
}

const cold = [], warm = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-startup-'));
  cold.push(await once(dir));
  warm.push(await once(dir));
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify({ runs, cold_start_to_readyz_ms_median: Math.round(median(cold)), warm_start_to_readyz_ms_median: Math.round(median(warm)), cold, warm: warm.map(Math.round) }));
