// CPU per list of many pods: starts `k8ts server --disable-scheduler --disable-controllers` on a
// fresh durable data dir, creates apibench's pods from 32 clients, then lists them all (JSON, no
// limit) sequentially and reads the server process's CPU time (all threads, /proc) around the
// lists. Like bench/cpu-per-request.mjs, the CPU figure holds up on a busy machine; the wall
// times do not. --cpu-prof DIR writes a V8 CPU profile of the server there.
// --selector SEL lists with ?labelSelector=SEL (apibench uses i=3).
// Usage: node bench/list-cpu.mjs [--pods 10000] [--lists 15] [--selector i=3] [--cpu-prof DIR]
import { arg, median, pool, startServer } from './lib/cluster-client.mjs';
import { cpuMs } from './lib/proc-cpu.mjs';


const pods = Number(arg('pods', '10000'));
const lists = Number(arg('lists', '15'));
const prof = arg('cpu-prof');
const selector = arg('selector');
const path = `/api/v1/namespaces/pb/pods${selector ? `?labelSelector=${encodeURIComponent(selector)}` : ''}`;
const api = await startServer(['--disable-scheduler', '--disable-controllers'], { nodeArgs: prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : [] });
try {
  await api.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pb' } });
  await pool(pods, 32, (k) => api.req('POST', '/api/v1/namespaces/pb/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${k}`, labels: { app: 'bench', i: String(k % 10) } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }));
  await new Promise((r) => setTimeout(r, 1500)); // let the last commits and their GC settle
  const wall = [];
  let bytes = 0;
  const cpu0 = cpuMs(api.proc.pid);
  for (let i = 0; i < lists; i++) {
    const t = performance.now();
    const r = await api.req('GET', path, undefined, { sizeOnly: true });
    wall.push(performance.now() - t);
    bytes = r.bytes;
  }
  const cpu = (cpuMs(api.proc.pid) - cpu0) / lists;
  console.log(JSON.stringify({ pods, lists, selector, bytes, server_cpu_ms_per_list: +cpu.toFixed(1), wall_ms_median: Math.round(median(wall)), wall_ms_min: Math.round(Math.min(...wall)) }));
} finally {
  await api.stop();
}
process.exit(0);
