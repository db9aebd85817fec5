// apibench's create phase with the server's CPU read around it: a fresh `k8ts server`
// (--disable-scheduler --disable-controllers, durable SQLite), three namespaces, then 5,000
// ConfigMap creates from 32 clients with apibench's own client code (node:https, one keep-alive
// agent, no retries), as `bench/apibench.mjs` runs them. Prints the rate and the CPU per create
// of the server's main thread, its other threads (SQLite writer, V8 compiler and GC helpers, the
// certificate thread) and this client, from /proc. CPU per create compares builds on a busy
// machine; interleave runs of the builds being compared. K8TS_BIN picks the build (bin/k8ts).
// Usage: node bench/create-phase-cpu.mjs [--creates 5000] [--runs 1] [--slice 1000] [--node-args "--cpu-prof --cpu-prof-dir DIR"]
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { parse } from 'yaml';
import { arg, median, startServer } from './lib/cluster-client.mjs';
import { threadCpuMs } from './lib/proc-cpu.mjs';


async function run() {
  const nodeArgs = (arg('node-args', '') ?? '').split(' ').filter(Boolean);
  const api = await startServer(['--disable-scheduler', '--disable-controllers'], { nodeArgs });
  try {
    const kc = parse(readFileSync(api.kubeconfig, 'utf8'));
    const user = kc.users[0].user;
    const b64 = (s) => Buffer.from(s, 'base64');
    // apibench.mjs's client, as it is there.
    const agent = new https.Agent({ keepAlive: true, maxSockets: 256, rejectUnauthorized: false, cert: b64(user['client-certificate-data']), key: b64(user['client-key-data']) });
    const req = (method, path, body) =>
      new Promise((resolve, reject) => {
        const data = body ? JSON.stringify(body) : undefined;
        const r = https.request({ host: '127.0.0.1', port: api.port, path, method, agent, headers: { 'content-type': 'application/json', accept: 'application/json' } }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ code: res.statusCode, body: Buffer.concat(chunks) }));
        });
        r.on('error', reject);
        if (data) r.write(data);
        r.end();
      });
    const pool = async (n, conc, fn) => {
      let i = 0;
      let errs = 0;
      await Promise.all(Array.from({ length: conc }, async () => { while (i < n) { const k = i++; if ((await fn(k)).code >= 300) errs++; } }));
      return errs;
    };
    const run = Date.now().toString(36);
    for (const p of ['cb', 'pb', 'wb']) await req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `${p}-${run}` } });
    const n = Number(arg('creates', '5000'));
    const t0 = threadCpuMs(api.proc.pid);
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    // With --slice K: the wall time and the three CPU figures of every K responses, read as the
    // K-th, 2K-th ... response arrives (the phase's warm-up shows in the first slices).
    const sliceSize = Number(arg('slice', '0'));
    const marks = [{ at: w0, server: t0, client: { user: 0, system: 0 } }];
    let responses = 0;
    const create = (k) => req('POST', `/api/v1/namespaces/cb-${run}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${k}` }, data: { k: 'v'.repeat(100) } });
    const errors = await pool(n, 32, async (k) => {
      const r = await create(k);
      if (sliceSize && ++responses % sliceSize === 0) marks.push({ at: performance.now(), server: threadCpuMs(api.proc.pid), client: process.cpuUsage(c0) });
      return r;
    });
    const wallMs = performance.now() - w0;
    const t1 = threadCpuMs(api.proc.pid);
    const c1 = process.cpuUsage(c0);
    const per = (ms) => Math.round((ms * 1000) / n);
    const slices = marks.slice(1).map((m, i) => {
      const p = marks[i];
      const us = (ms) => Math.round((ms * 1000) / sliceSize);
      return {
        per_s: Math.round(sliceSize / ((m.at - p.at) / 1000)),
        main_us: us(m.server.main - p.server.main),
        other_us: us(m.server.all - m.server.main - (p.server.all - p.server.main)),
        client_us: Math.round((m.client.user + m.client.system - p.client.user - p.client.system) / sliceSize),
      };
    });
    return {
      ...(sliceSize ? { slices } : {}),
      create_per_s: Math.round(n / (wallMs / 1000)),
      errors,
      server_main_thread_us_per_create: per(t1.main - t0.main),
      server_other_threads_us_per_create: per(t1.all - t1.main - (t0.all - t0.main)),
      server_us_per_create: per(t1.all - t0.all),
      client_us_per_create: Math.round((c1.user + c1.system) / n),
    };
  } finally {
    await api.stop();
  }
}

const runs = Number(arg('runs', '1'));
const results = [];
for (let i = 0; i < runs; i++) {
  results.push(await run());
  console.log(JSON.stringify(results.at(-1)));
}
if (runs > 1) console.log(JSON.stringify({ runs, median: Object.fromEntries(Object.keys(results[0]).filter((k) => k !== 'slices').map((k) => [k, median(results.map((r) => r[k]))])) }));
process.exit(0);
