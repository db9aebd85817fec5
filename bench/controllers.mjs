// Controllers keeping up: D Deployments created at 0 replicas, then all scaled to R at once on
// simulated nodes (`k8ts sim-nodes`, a separate process); reports the time from the scale
// requests to every Deployment reporting R ready replicas, with the control plane (API server,
// store, scheduler, controller manager) in one `k8ts server` process.
// Usage: node bench/controllers.mjs [--deployments 100] [--replicas 100] [--nodes 200] [--timeout-s 900]
import { spawn } from 'node:child_process';
import { arg, bin, machine, pool, rssMb, sleep, startServer } from './lib/cluster-client.mjs';

const D = Number(arg('deployments', 100));
const R = Number(arg('replicas', 100));
const NODES = Number(arg('nodes', 200));
const TIMEOUT_MS = Number(arg('timeout-s', 900)) * 1000;

const api = await startServer();
const sim = spawn(process.execPath, [bin, 'sim-nodes', '--kubeconfig', api.kubeconfig, '--count', String(NODES), '--start-delay', '500'], { stdio: ['ignore', 'ignore', 'inherit'] });
try {
  for (;;) {
    const nodes = await api.req('GET', '/api/v1/nodes');
    if (nodes.items.length >= NODES) break;
    await sleep(200);
  }
  const ns = 'scale';
  await api.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await pool(D, 8, (i) => {
    const labels = { app: `d-${i}` };
    return api.req('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `d-${i}` },
      spec: { replicas: 0, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] } } },
    });
  });
  const ready = new Map();
  const list = await api.req('GET', `/apis/apps/v1/namespaces/${ns}/deployments`);
  const w = api.watch(`/apis/apps/v1/namespaces/${ns}/deployments?watch=1&resourceVersion=${list.metadata.resourceVersion}`, (_type, d) => ready.set(d.metadata.name, d.status?.readyReplicas ?? 0));
  await sleep(200);
  const t0 = performance.now();
  await pool(D, 16, (i) => api.req('PATCH', `/apis/apps/v1/namespaces/${ns}/deployments/d-${i}/scale`, { spec: { replicas: R } }, { contentType: 'application/merge-patch+json' }));
  const scaledMs = performance.now() - t0;
  const done = () => ready.size >= D && [...ready.values()].every((n) => n >= R);
  while (!done() && performance.now() - t0 < TIMEOUT_MS) await sleep(100);
  const allReadyMs = performance.now() - t0;
  w.close();
  const readyPods = [...ready.values()].reduce((a, b) => a + Math.min(b, R), 0);
  console.log(JSON.stringify({
    machine,
    components: 'apiserver + store + scheduler + controller-manager in one process; sim-nodes in another',
    deployments: D,
    replicas_each: R,
    nodes: NODES,
    ready_pods: readyPods,
    scale_requests_ms: Math.round(scaledMs),
    all_ready_s: +(allReadyMs / 1000).toFixed(1),
    pods_ready_per_s: Math.round(readyPods / (allReadyMs / 1000)),
    apiserver_rss_mb_end: rssMb(api.proc.pid),
  }));
} finally {
  sim.kill('SIGTERM');
  await new Promise((r) => (sim.exitCode !== null ? r() : sim.on('exit', r)));
  await api.stop();
}
process.exit(0);
