// Full-scale run through the whole control plane: `k8ts server` (API server, store, scheduler and
// controller manager in one process), `k8ts sim-nodes` with N nodes as a separate process, and
// Deployments of 1,000 replicas each until P pods are Running. While it runs a probe measures the
// latency of single-object calls (get a pod, create a ConfigMap) every second and of cluster-wide
// pod lists (paginated by 500 as kubectl does) every 15 s, to compare with upstream's SLOs
// (p99 ≤ 1 s for single-object calls, ≤ 30 s for cluster-wide lists). At the end: the API
// server's RSS, one unpaginated cluster-wide list, and the time to all Running.
// Usage: node bench/scale.mjs [--nodes 5000] [--pods 150000] [--per-deployment 1000] [--timeout-s 1800]
import { spawn } from 'node:child_process';
import { arg, bin, machine, pct, pool, rssMb, sleep, startServer } from './lib/cluster-client.mjs';

const NODES = Number(arg('nodes', 5000));
const PODS = Number(arg('pods', 150000));
const PER = Number(arg('per-deployment', 1000));
const TIMEOUT_MS = Number(arg('timeout-s', 1800)) * 1000;
const DEPLOYMENTS = Math.ceil(PODS / PER);
const NS_COUNT = Math.min(DEPLOYMENTS, 50);

const api = await startServer();
const sim = spawn(process.execPath, [bin, 'sim-nodes', '--kubeconfig', api.kubeconfig, '--count', String(NODES), '--start-delay', '500', '--zones', '10'], { stdio: ['ignore', 'ignore', 'inherit'] });
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

  const running = new Set();
  const podWatch = api.watch('/api/v1/pods?watch=1&allowWatchBookmarks=false', (type, pod) => {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (type === 'DELETED') running.delete(key);
    else if (pod.status?.phase === 'Running') running.add(key);
  });
  await sleep(300);

  t0 = performance.now();
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
      await timed(getMs, () => api.req('GET', '/api/v1/namespaces/default/services/kubernetes'));
      await timed(createMs, () => api.req('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `probe-${probeN++}` }, data: { k: 'v' } }));
      const anyPod = [...running].at(-1);
      if (anyPod) {
        const [ns, name] = anyPod.split('/');
        await timed(getMs, () => api.req('GET', `/api/v1/namespaces/${ns}/pods/${name}`));
      }
      if (performance.now() - lastList > 15000) {
        lastList = performance.now();
        const t = performance.now();
        let cont = '';
        do {
          const page = await (async () => {
            const tp = performance.now();
            const p = await api.req('GET', `/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
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
  while (running.size < PODS && performance.now() - t0 < TIMEOUT_MS) {
    await sleep(1000);
    if (performance.now() - lastLog > 10000) {
      lastLog = performance.now();
      log({ running: running.size, apiserver_rss_mb: rssMb(api.proc.pid) });
    }
  }
  const allRunningMs = performance.now() - t0;
  probing = false;
  await probe;
  podWatch.close();
  const rssEnd = rssMb(api.proc.pid);
  const tl = performance.now();
  const all = await api.req('GET', '/api/v1/pods');
  const unpaginatedMs = performance.now() - tl;
  const r = (x) => Math.round(x);
  console.log(JSON.stringify({
    machine,
    components: 'apiserver + store + scheduler + controller-manager in one process; sim-nodes in another',
    nodes: NODES,
    deployments: DEPLOYMENTS,
    pods: PODS,
    running: running.size,
    all_running_s: +(allRunningMs / 1000).toFixed(1),
    apiserver_rss_mb_end: rssEnd,
    sim_nodes_rss_mb_end: rssMb(sim.pid),
    single_object_get_ms_p50: +pct(getMs, 0.5).toFixed(1),
    single_object_get_ms_p99: +pct(getMs, 0.99).toFixed(1),
    create_ms_p50: +pct(createMs, 0.5).toFixed(1),
    create_ms_p99: +pct(createMs, 0.99).toFixed(1),
    list_page_500_ms_p50: r(pct(listPageMs, 0.5)),
    list_page_500_ms_p99: r(pct(listPageMs, 0.99)),
    list_all_pods_paginated_ms_max: r(Math.max(...listFullMs)),
    list_all_pods_unpaginated_ms_end: r(unpaginatedMs),
    list_all_pods_items_end: all.items.length,
    probe_samples: { get: getMs.length, create: createMs.length, cluster_lists: listFullMs.length },
    throttled_429_retried: api.stats.throttled,
  }));
} finally {
  sim.kill('SIGTERM');
  await new Promise((r) => (sim.exitCode !== null ? r() : sim.on('exit', r)));
  await api.stop();
}
process.exit(0);
