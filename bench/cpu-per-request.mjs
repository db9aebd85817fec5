// CPU per request of the API server: starts `k8ts server --disable-scheduler
// --disable-controllers` on a fresh durable data dir, runs apibench's request shapes in phases
// (ConfigMap creates and pod creates from 32 clients, then sequential gets, then node lease
// renewals: merge patches of spec.renewTime from 32 clients) and reads the server
// process's CPU time (user + system, all threads, from /proc) before and after each phase, split
// into the JavaScript main thread and the other threads (the SQLite writer, V8's GC and compiler
// helpers, libuv's pool), and this client's own CPU per request (it shares the machine's cores).
// CPU per request does not depend on what else the machine runs, unlike wall-clock rates, so it
// compares two builds on a busy machine. --cpu-prof DIR also writes a V8 CPU profile of the
// server there (open it in Chrome DevTools, or summarise it with bench/lib/profile-summary.mjs).
// Usage: node bench/cpu-per-request.mjs [--creates 8000] [--pods 2000] [--gets 2000] [--leases 500] [--renewals 5000] [--warm-up 300] [--rounds 1] [--cpu-prof DIR]
// A phase of 0 requests is skipped; `--warm-up 0 --creates 5000 --pods 0 --gets 0` is apibench's create phase on a fresh server.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, bin, clientFor, freePort, median, sleep } from './lib/cluster-client.mjs';
import { cpuMs, threadCpuMs } from './lib/proc-cpu.mjs';

const clientCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function pool(n, conc, fn) {
  let i = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (i < n) await fn(i++); }));
}

async function round(r) {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-cpu-'));
  const port = await freePort();
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  const prof = arg('cpu-prof');
  const nodeArgs = prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : [];
  const proc = spawn(process.execPath, [...nodeArgs, bin, 'server', '--data-dir', dir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig, '--disable-scheduler', '--disable-controllers'], { stdio: ['ignore', 'ignore', 'inherit'] });
  let c;
  for (;;) {
    try {
      c = clientFor(kubeconfig);
      if ((await c.req('GET', '/readyz', undefined, { raw: true })).status === 200) break;
    } catch { /* not up yet */ }
    await sleep(20);
  }
  const out = { round: r };
  try {
    const run = Date.now().toString(36);
    for (const n of [`cb-${run}`, `pb-${run}`]) await c.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } });
    // Warm-up, not measured: the JIT and the first-use loads (--warm-up 0 measures a fresh server, as apibench does).
    await pool(Number(arg('warm-up', '300')), 32, (k) => c.req('POST', `/api/v1/namespaces/cb-${run}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `warm-${k}` }, data: { k: 'v'.repeat(100) } }));
    const phase = async (name, n, fn) => {
      if (n === 0) return;
      const cpu0 = cpuMs(proc.pid);
      const threads0 = threadCpuMs(proc.pid);
      const client0 = clientCpuMs();
      const t0 = performance.now();
      await fn();
      const perReq = (ms) => Math.round((ms * 1000) / n);
      const threads1 = threadCpuMs(proc.pid);
      out[`${name}_cpu_us_per_req`] = perReq(cpuMs(proc.pid) - cpu0);
      // Threads that ended during the phase drop out of the per-thread sum, so "other" is a floor.
      out[`${name}_main_thread_us_per_req`] = perReq(threads1.main - threads0.main);
      out[`${name}_other_threads_us_per_req`] = Math.max(0, perReq(threads1.all - threads1.main - (threads0.all - threads0.main)));
      out[`${name}_client_us_per_req`] = perReq(clientCpuMs() - client0);
      out[`${name}_wall_per_s`] = Math.round(n / ((performance.now() - t0) / 1000));
    };
    const creates = Number(arg('creates', '8000'));
    const pods = Number(arg('pods', '2000'));
    const gets = Number(arg('gets', '2000'));
    await phase('configmap_create', creates, () => pool(creates, 32, (k) => c.req('POST', `/api/v1/namespaces/cb-${run}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${k}` }, data: { k: 'v'.repeat(100) } })));
    await phase('pod_create', pods, () => pool(pods, 32, (k) => c.req('POST', `/api/v1/namespaces/pb-${run}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${k}`, labels: { app: 'bench', i: String(k % 10) } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } })));
    await phase('get', gets, () => pool(gets, 1, (k) => c.req('GET', `/api/v1/namespaces/pb-${run}/pods/p-${k % pods}`)));
    // Node lease renewals as the kubelet (and k8ts sim-nodes) sends them: a merge patch of
    // spec.renewTime on leases in kube-node-lease, by the field manager "kubelet".
    const leases = Number(arg('leases', '500'));
    const renewals = Number(arg('renewals', '5000'));
    if (leases > 0 && renewals > 0) {
      const microTime = () => new Date().toISOString().replace('Z', '000Z');
      await pool(leases, 32, (k) => c.req('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases?fieldManager=kubelet', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: `node-${k}` }, spec: { holderIdentity: `node-${k}`, leaseDurationSeconds: 40, renewTime: microTime() } }));
      await phase('lease_renew', renewals, () => pool(renewals, 32, (k) => c.req('PATCH', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-${k % leases}?fieldManager=kubelet`, { spec: { holderIdentity: `node-${k % leases}`, renewTime: microTime() } }, { contentType: 'application/merge-patch+json' })));
    }
  } finally {
    proc.kill('SIGTERM');
    await new Promise((res) => (proc.exitCode !== null ? res() : proc.on('exit', res)));
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

const rounds = Number(arg('rounds', '1'));
const results = [];
for (let i = 1; i <= rounds; i++) {
  results.push(await round(i));
  console.log(JSON.stringify(results.at(-1)));
}
if (rounds > 1) {
  const keys = Object.keys(results[0]).filter((k) => k !== 'round');
  console.log(JSON.stringify({ rounds, median: Object.fromEntries(keys.map((k) => [k, median(results.map((x) => x[k]))])) }));
}
process.exit(0);
