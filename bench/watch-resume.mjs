// Watch resume under load (issue 4's lost pods): a `k8ts server` process, an informer in a worker
// thread with the simulated nodes' field selector (spec.nodeName!=) whose watch the server ends
// every --watch-timeout-s seconds, and bursts of pods created unbound then bound (pods/binding)
// from this thread, back to back. At the end it prints how many bound pods the informer's cache
// lacks (it must be 0: the informer lists once and then only resumes its watch), with the
// informer's list and watch counts. Large pods (--pad bytes of annotation each) keep the watch
// connection's writes queued, as on a busy cluster-wide watch, so a re-established watch often
// arrives before the server has seen the previous response on that keep-alive connection finish.
// K8TS_BIN=/path/to/other/bin/k8ts runs another build (its dist/ must hold the unbundled client).
// Usage: node bench/watch-resume.mjs [--bursts 60] [--per-burst 20] [--pad 30000] [--gap-ms 5] [--watch-timeout-s 1]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { arg, bin, machine, sleep, startServer } from './lib/cluster-client.mjs';

const BURSTS = Number(arg('bursts', 60));
const PER = Number(arg('per-burst', 20));
const PAD = Number(arg('pad', 30000));
const GAP_MS = Number(arg('gap-ms', 5));
const WATCH_TIMEOUT_S = Number(arg('watch-timeout-s', 1));
const NS = 'resume';
const clientModule = new URL('../dist/src/client/index.js', pathToFileURL(bin)).href;

const api = await startServer(['--disable-scheduler', '--disable-controllers']);
const cpuS = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
try {
  await api.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const informer = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
    (async () => {
      const { clientFromKubeconfig, PODS, SharedInformer } = await import(workerData.clientModule);
      const c = clientFromKubeconfig(workerData.kubeconfig);
      const inf = new SharedInformer(c.resource(PODS, workerData.ns), { fieldSelector: 'spec.nodeName!=', watchTimeoutSeconds: workerData.timeout, onError: (e) => parentPort.postMessage({ error: String(e) }) });
      const ac = new AbortController();
      const run = inf.run(ac.signal);
      await inf.waitForSync();
      parentPort.postMessage({ synced: true });
      parentPort.once('message', async () => {
        const report = { cached: inf.indexer.listKeys().length, lists: inf.stats.lists, watches: inf.stats.watches };
        ac.abort();
        await run;
        c.close();
        parentPort.postMessage(report);
      });
    })();`,
    { eval: true, workerData: { clientModule, kubeconfig: api.kubeconfig, ns: NS, timeout: WATCH_TIMEOUT_S } },
  );
  const errors = [];
  const reports = [];
  informer.on('message', (m) => (m.error ? errors.push(m.error) : reports.push(m)));
  while (!reports.length) await sleep(20);
  const pad = 'x'.repeat(PAD);
  const cpu0 = cpuS(api.proc.pid);
  const t0 = performance.now();
  let bound = 0;
  for (let b = 0; b < BURSTS; b++) {
    const names = Array.from({ length: PER }, (_, i) => `p-${b}-${i}`);
    const pod = (name) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, annotations: { pad } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    await Promise.all(names.map((n) => api.req('POST', `/api/v1/namespaces/${NS}/pods`, pod(n))));
    const binding = (n) => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name: n, namespace: NS }, target: { kind: 'Node', name: 'n1' } });
    await Promise.all(names.map((n) => api.req('POST', `/api/v1/namespaces/${NS}/pods/${n}/binding`, binding(n))));
    bound += names.length;
    await sleep(GAP_MS + (b % 4) * 10);
  }
  const seconds = (performance.now() - t0) / 1000;
  // Let the informer catch up with the last burst (a watch that stays correct needs well under this).
  await sleep(3000 + WATCH_TIMEOUT_S * 1000);
  informer.postMessage('report');
  while (reports.length < 2) await sleep(20);
  const r = reports[1];
  await informer.terminate();
  console.log(
    JSON.stringify({
      machine,
      bin,
      bursts: BURSTS,
      per_burst: PER,
      pad_bytes: PAD,
      bound,
      in_informer_cache: r.cached,
      missing: bound - r.cached,
      informer_lists: r.lists,
      informer_watches: r.watches,
      informer_errors: errors.length,
      seconds: Math.round(seconds * 10) / 10,
      server_cpu_s: Math.round((cpuS(api.proc.pid) - cpu0) * 100) / 100,
    }),
  );
} finally {
  await api.stop();
}
