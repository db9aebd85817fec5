// Scheduler throughput and latency in the style of upstream's scheduler_perf: N Ready nodes and
// P pending pods are written to a fresh `k8ts server` (run without its own scheduler and
// controllers), then `k8ts scheduler` is started as its own process and the pods' bindings are
// followed through a watch. Throughput is bound pods per second from the first binding to the
// last, with per-second samples (p50/p90/p99 as scheduler_perf's SchedulingThroughput); latency
// is measured afterwards on extra pods created one at a time at a steady rate while the
// scheduler runs (create acknowledged → binding seen in the watch).
// Usage: node bench/scheduler.mjs [--nodes 5000] [--pods 30000] [--latency-pods 500]
//          [--workloads basic,node-affinity,pod-anti-affinity,topology-spread] [--timeout-s 900]
import { spawn } from 'node:child_process';
import { arg, createNodes, machine, pct, pool, rssMb, sleep, startServer, bin } from './lib/cluster-client.mjs';

const NODES = Number(arg('nodes', 5000));
const PODS = Number(arg('pods', 30000));
const LATENCY_PODS = Number(arg('latency-pods', 500));
const TIMEOUT_MS = Number(arg('timeout-s', 900)) * 1000;
const WORKLOADS = arg('workloads', 'basic,node-affinity,pod-anti-affinity,topology-spread').split(',');
const ZONES = 10;
const ANTI_AFFINITY_GROUP = Math.min(NODES, 2500); // pods per mutually exclusive group: at most one per node

const container = { name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } };

/** The pod spec a workload uses for pod number i. */
function podFor(workload, i) {
  const metadata = { name: `p-${i}`, labels: { app: 'bench' } };
  const spec = { containers: [container], terminationGracePeriodSeconds: 0 };
  switch (workload) {
    case 'basic':
      break;
    case 'node-affinity':
      // Half of the zones qualify, as scheduler_perf's node-affinity case restricts to labelled nodes.
      spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: Array.from({ length: ZONES / 2 }, (_, z) => `zone-${z}`) }] }] } } };
      break;
    case 'pod-anti-affinity': {
      const group = `g${Math.floor(i / ANTI_AFFINITY_GROUP)}`;
      metadata.labels.group = group;
      spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { group } }, topologyKey: 'kubernetes.io/hostname' }] } };
      break;
    }
    case 'topology-spread':
      spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'bench' } } }];
      break;
    default:
      throw new Error(`unknown workload ${workload}`);
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

async function runWorkload(workload) {
  const api = await startServer(['--disable-scheduler', '--disable-controllers']);
  try {
    await createNodes(api, NODES, { zones: ZONES });
    const ns = 'bench';
    await api.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await pool(PODS, 32, (i) => api.req('POST', `/api/v1/namespaces/${ns}/pods`, podFor(workload, i)));
    const list = await api.req('GET', `/api/v1/namespaces/${ns}/pods?limit=1`);

    const boundAt = new Map();
    const created = new Map();
    const w = api.watch(`/api/v1/namespaces/${ns}/pods?watch=1&resourceVersion=${list.metadata.resourceVersion}`, (type, pod) => {
      const name = pod?.metadata?.name;
      if (type === 'MODIFIED' && pod.spec?.nodeName && !boundAt.has(name)) boundAt.set(name, performance.now());
    });
    await sleep(200);
    const t0 = performance.now();
    const sched = spawn(process.execPath, [bin, 'scheduler', '--kubeconfig', api.kubeconfig, '--leader-elect=false'], { stdio: ['ignore', 'ignore', 'inherit'] });
    let schedRss = 0;
    const samples = [];
    let last = 0;
    const deadline = t0 + TIMEOUT_MS;
    while (boundAt.size < PODS && performance.now() < deadline) {
      await sleep(1000);
      samples.push(boundAt.size - last);
      last = boundAt.size;
      schedRss = Math.max(schedRss, rssMb(sched.pid));
    }
    const times = [...boundAt.values()].sort((a, b) => a - b);
    const bound = times.length;
    const first = times[0] ?? t0;
    const lastBind = times[bound - 1] ?? t0;
    // Per-second samples while scheduling was under way (drop the start-up seconds before the first binding).
    const active = samples.filter((_, s) => t0 + (s + 1) * 1000 > first);

    // Latency: pods created one by one at ~50/s while the scheduler is idle otherwise.
    const lat = [];
    if (bound === PODS) {
      for (let i = 0; i < LATENCY_PODS; i++) {
        const pod = podFor(workload, PODS + i);
        await api.req('POST', `/api/v1/namespaces/${ns}/pods`, pod);
        created.set(pod.metadata.name, performance.now());
        await sleep(20);
      }
      const until = performance.now() + 30000;
      while ([...created.keys()].some((n) => !boundAt.has(n)) && performance.now() < until) await sleep(50);
      for (const [n, t] of created) if (boundAt.has(n)) lat.push(boundAt.get(n) - t);
    }
    w.close();
    sched.kill('SIGTERM');
    await new Promise((r) => (sched.exitCode !== null ? r() : sched.on('exit', r)));
    return {
      machine,
      workload,
      nodes: NODES,
      pods: PODS,
      bound,
      pods_per_s: bound > 1 ? Math.round((bound - 1) / ((lastBind - first) / 1000)) : 0,
      start_to_first_bind_ms: Math.round(first - t0),
      start_to_all_bound_ms: Math.round(lastBind - t0),
      throughput_per_s_p50: pct(active, 0.5),
      throughput_per_s_p90: pct(active, 0.9),
      throughput_per_s_p99: pct(active, 0.99),
      latency_pods: lat.length,
      latency_ms_p50: Math.round(pct(lat, 0.5)),
      latency_ms_p90: Math.round(pct(lat, 0.9)),
      latency_ms_p99: Math.round(pct(lat, 0.99)),
      scheduler_rss_mb_max: schedRss,
      apiserver_rss_mb: rssMb(api.proc.pid),
    };
  } finally {
    await api.stop();
  }
}

for (const wl of WORKLOADS) console.log(JSON.stringify(await runWorkload(wl)));
process.exit(0);
