// Full-scale run through the whole control plane: `k8ts server` (API server, store, scheduler and
// controller manager in one process), `k8ts sim-nodes` with N nodes as a separate process, and
// Deployments of 1,000 replicas each until P pods are Running. Upstream's API call latency SLOs
// (p99 over 5-minute windows: ≤ 1 s for single-object calls, ≤ 5 s for namespace lists, ≤ 30 s for
// cluster-wide lists) are evaluated on the server side as upstream's clusterloader2 does: the
// API server's /metrics is scraped at the start, every --slo-window-s seconds and at the end, and
// the p99 of each call kind in each window comes from the histogram buckets
// (apiserver_request_sli_duration_seconds, without flow-control queue wait; and the whole
// apiserver_request_duration_seconds); call kinds with fewer than --slo-min-samples observations
// in a window are left out of the verdict (and listed if over the SLO anyway). A client-side
// probe, running as an ordinary user (slo-probe: a bearer token, no groups, so flow control
// treats it as any user), also times single-object calls (get a pod, create a ConfigMap) every
// second and cluster-wide pod lists (paginated by 500 as kubectl does) every 15 s: the client
// view, including its 429 retries. At the end: the API server's RSS, one unpaginated
// cluster-wide list, and the time to all Running.
// With --split the scheduler and the controller manager run as their own processes
// (`k8ts server --disable-scheduler --disable-controllers`, `k8ts scheduler`, `k8ts controller-manager`),
// so the control plane can use more than one core. --cpu-prof DIR writes a V8 CPU profile of every
// k8ts process into DIR when it stops (open them in Chrome DevTools or speedscope). --logs DIR keeps
// every k8ts process's log (stdout) as DIR/NAME.log (apiserver, sim-nodes, scheduler, controller-manager).
// Usage: node bench/scale.mjs [--nodes 5000] [--pods 150000] [--per-deployment 1000] [--timeout-s 1800] [--split] [--cpu-prof DIR] [--logs DIR]
//        [--slo-window-s 300] [--slo-min-samples 50] [--stall-s 120]
// Needs a build (`npx tsc -p tsconfig.json`): the SLO arithmetic is bench/lib/api-slo.ts.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSloScrapes } from './lib/api-slo-scrapes.mjs';
import { arg, bin, clientFor, flag, machine, pct, pool, rssMb, sleep, startServer } from './lib/cluster-client.mjs';
import { applyProbeRbac, PROBE_USER, priorityLevelOf, probeUserToken, writeProbeKubeconfig } from './lib/probe-user.mjs';

const NODES = Number(arg('nodes', 5000));
const PODS = Number(arg('pods', 150000));
const PER = Number(arg('per-deployment', 1000));
const TIMEOUT_MS = Number(arg('timeout-s', 1800)) * 1000;
// Stop waiting once the Running count has not changed for this long (and say so).
const STALL_MS = Number(arg('stall-s', 120)) * 1000;
const DEPLOYMENTS = Math.ceil(PODS / PER);
const NS_COUNT = Math.min(DEPLOYMENTS, 50);
const SPLIT = flag('split');
const SLO_WINDOW_S = Number(arg('slo-window-s', 300));
const SLO_MIN_SAMPLES = Number(arg('slo-min-samples', 50));
const PROF_DIR = arg('cpu-prof', undefined);
if (PROF_DIR) mkdirSync(PROF_DIR, { recursive: true });
// Node's own flags for every k8ts process (--cpu-prof is not allowed in NODE_OPTIONS).
const nodeArgs = PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROF_DIR)}`] : [];
const LOG_DIR = arg('logs', undefined);
if (LOG_DIR) mkdirSync(LOG_DIR, { recursive: true });
const logTo = (name) => (LOG_DIR ? openSync(join(LOG_DIR, `${name}.log`), 'a') : 'ignore');

const probeId = probeUserToken();
const api = await startServer([...(SPLIT ? ['--disable-scheduler', '--disable-controllers'] : []), '--token-auth-file', probeId.tokenFile], { nodeArgs, logFile: LOG_DIR && join(LOG_DIR, 'apiserver.log') });
// Each component runs under its own identity (the kubeconfigs the server writes to DATA_DIR/cred
// after it is ready), so priority and fairness classifies it as upstream's would.
const credential = async (name) => {
  const file = join(api.dir, 'cred', `${name}.kubeconfig`);
  for (let i = 0; !existsSync(file); i++) {
    if (i > 600) throw new Error(`${file} was not written`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return file;
};
const component = async (name, ...args) =>
  spawn(process.execPath, [...nodeArgs, bin, name, ...args, '--kubeconfig', await credential(name)], { stdio: ['ignore', logTo(name), 'inherit'] });
const sim = await component('sim-nodes', '--count', String(NODES), '--start-delay', '500', '--zones', '10');
const split = SPLIT ? { scheduler: await component('scheduler'), controllers: await component('controller-manager') } : undefined;
const children = [sim, ...(split ? [split.scheduler, split.controllers] : [])];
const procs = { apiserver: api.proc, sim_nodes: sim, ...(split ?? {}) };
// A process that exits during the run (e.g. a component that lost its leader election) ends the
// wait, and the summary says which one and how.
const exited = {};
for (const [k, p] of Object.entries(procs)) p.on('exit', (code, signal) => (exited[k] = { code, signal }));
// CPU seconds (user + system) each process has used, from /proc/PID/stat (clock ticks of 10 ms);
// an exited process keeps its last reading.
const lastCpuS = {};
const cpuS = () => Object.fromEntries(Object.entries(procs).map(([k, p]) => {
  try {
    const f = readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    lastCpuS[k] = (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    /* exited */
  }
  return [k, lastCpuS[k] ?? 0];
}));
const rssOf = (p) => (p.exitCode === null && p.signalCode === null ? rssMb(p.pid) : null);
const log = (o) => console.error(JSON.stringify({ t_s: Math.round((performance.now() - t0) / 1000), ...o }));
let t0 = performance.now();
try {
  for (;;) {
    const nodes = await api.req('GET', '/api/v1/nodes?limit=1');
    const total = (nodes.metadata.remainingItemCount ?? 0) + nodes.items.length;
    if (total >= NODES) break;
    await sleep(500);
  }
  log({ nodes_registered: NODES, ms: Math.round(performance.now() - t0) });
  await pool(NS_COUNT, 8, (i) => api.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `scale-${i}` } }));
  // The probe's own identity and permissions; check that flow control does not treat it as exempt.
  await applyProbeRbac(api);
  const probeClient = clientFor(writeProbeKubeconfig(api.kubeconfig, probeId.token, join(api.dir, `${PROBE_USER}.kubeconfig`)));
  const probeLevel = await priorityLevelOf(api, await probeClient.req('GET', '/api/v1/namespaces/default/services/kubernetes', undefined, { raw: true }));
  log({ probe_user: PROBE_USER, probe_priority_level: probeLevel });

  const running = new Set();
  const podWatch = api.watch('/api/v1/pods?watch=1&allowWatchBookmarks=false', (type, pod) => {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (type === 'DELETED') running.delete(key);
    else if (pod.status?.phase === 'Running') running.add(key);
  });
  await sleep(300);

  t0 = performance.now();
  const cpuStart = cpuS();
  const PROBE_CALLS = ['GET services (resource)', 'GET pods (resource)', 'POST configmaps (resource)', 'LIST pods (cluster)'];
  const sloScrapes = await startSloScrapes(api, { windowS: SLO_WINDOW_S, minSamples: SLO_MIN_SAMPLES, t0, probeCalls: PROBE_CALLS });
  await pool(DEPLOYMENTS, 8, (i) => {
    const replicas = Math.min(PER, PODS - i * PER);
    const labels = { app: `d-${i}` };
    return api.req('POST', `/apis/apps/v1/namespaces/scale-${i % NS_COUNT}/deployments`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `d-${i}` },
      spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } } },
    });
  });

  // The probe: single-object calls every second, cluster-wide paginated lists every 15 s.
  const getMs = [], createMs = [], listPageMs = [], listFullMs = [];
  let probing = true, probeN = 0;
  const timed = async (into, fn) => {
    const t = performance.now();
    await fn();
    into.push(performance.now() - t);
  };
  const probe = (async () => {
    let lastList = -Infinity;
    while (probing) {
      await timed(getMs, () => probeClient.req('GET', '/api/v1/namespaces/default/services/kubernetes'));
      await timed(createMs, () => probeClient.req('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `probe-${probeN++}` }, data: { k: 'v' } }));
      const anyPod = [...running].at(-1);
      if (anyPod) {
        const [ns, name] = anyPod.split('/');
        await timed(getMs, () => probeClient.req('GET', `/api/v1/namespaces/${ns}/pods/${name}`));
      }
      if (performance.now() - lastList > 15000) {
        lastList = performance.now();
        const t = performance.now();
        let cont = '';
        do {
          const page = await (async () => {
            const tp = performance.now();
            const p = await probeClient.req('GET', `/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
            listPageMs.push(performance.now() - tp);
            return p;
          })();
          cont = page.metadata.continue ?? '';
        } while (cont);
        listFullMs.push(performance.now() - t);
      }
      await sleep(1000);
    }
  })();

  let lastLog = 0;
  let lastCount = -1;
  let lastChange = performance.now();
  let stalled = false;
  while (running.size < PODS && performance.now() - t0 < TIMEOUT_MS && !Object.keys(exited).length) {
    await sleep(1000);
    if (running.size !== lastCount) {
      lastCount = running.size;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > STALL_MS) {
      stalled = true;
      break;
    }
    if (performance.now() - lastLog > 10000) {
      lastLog = performance.now();
      log({ running: running.size, apiserver_rss_mb: rssMb(api.proc.pid), cpu_s: cpuS() });
    }
  }
  const allRunningMs = performance.now() - t0;
  const cpuEnd = cpuS();
  const cpuRun = Object.fromEntries(Object.keys(cpuEnd).map((k) => [k, +(cpuEnd[k] - cpuStart[k]).toFixed(1)]));
  const cpuTotal = Object.values(cpuRun).reduce((a, b) => a + b, 0);
  probing = false;
  await probe;
  const slo = await sloScrapes.stop();
  podWatch.close();
  const rssEnd = rssMb(api.proc.pid);
  const r = (x) => Math.round(x);
  const summary = {
    machine,
    components: SPLIT ? 'apiserver + store; scheduler; controller-manager; sim-nodes: four processes' : 'apiserver + store + scheduler + controller-manager in one process; sim-nodes in another',
    nodes: NODES,
    deployments: DEPLOYMENTS,
    pods: PODS,
    running: running.size,
    ...(stalled ? { stalled_s: STALL_MS / 1000, stalled_at_running: running.size } : {}),
    ...(Object.keys(exited).length ? { exited_during_run: exited } : {}),
    all_running_s: +(allRunningMs / 1000).toFixed(1),
    cpu_s_during_run: cpuRun,
    cpu_ms_per_running_pod: +((cpuTotal * 1000) / Math.max(1, running.size)).toFixed(2),
    apiserver_rss_mb_end: rssEnd,
    sim_nodes_rss_mb_end: rssOf(sim),
    ...(split ? { scheduler_rss_mb_end: rssOf(split.scheduler), controller_manager_rss_mb_end: rssOf(split.controllers) } : {}),
    api_call_latency_slo: slo.summary,
    client_view_incl_retries: {
      user: PROBE_USER,
      priority_level: probeLevel,
      single_object_get_ms_p50: +pct(getMs, 0.5).toFixed(1),
      single_object_get_ms_p99: +pct(getMs, 0.99).toFixed(1),
      create_ms_p50: +pct(createMs, 0.5).toFixed(1),
      create_ms_p99: +pct(createMs, 0.99).toFixed(1),
      list_page_500_ms_p50: r(pct(listPageMs, 0.5)),
      list_page_500_ms_p99: r(pct(listPageMs, 0.99)),
      list_all_pods_paginated_ms_max: r(Math.max(...listFullMs)),
      samples: { get: getMs.length, create: createMs.length, cluster_lists: listFullMs.length },
      throttled_429_retried: probeClient.stats.throttled,
    },
    bench_admin_client_429_retried: api.stats.throttled,
  };
  for (const line of slo.lines) console.error(line);
  console.log(JSON.stringify(summary));
  // Last, as its own line: one unpaginated list of every pod (its size only; at 150,000 pods the
  // body is larger than a JavaScript string can hold).
  const tl = performance.now();
  const all = await api.req('GET', '/api/v1/pods', undefined, { sizeOnly: true });
  console.log(JSON.stringify({ list_all_pods_unpaginated_ms_end: r(performance.now() - tl), list_all_pods_unpaginated_mb: +(all.bytes / 1048576).toFixed(1) }));
} finally {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r)))));
  await api.stop();
  probeId.remove();
}
process.exit(0);
