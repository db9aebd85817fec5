// Server-side CPU per MiB through `kubectl port-forward` on a simulated node: this process serves
// the kubelet endpoint's port-forward handler (through test/support/stream-harness.js, built by
// tsc) with --port-forward-host 127.0.0.1, and a local TCP server stands in for the pod, sending
// N MiB to each connection. kubectl 1.33 forwards as SPDY inside WebSocket, 1.27 as SPDY/3.1.
// Reports this process's CPU time per MiB (the pod side's sends included), GC counts and wall
// time, interleaving the versions round by round.
// Usage: node bench/port-forward-stream.mjs [--mib 128] [--rounds 3]
import { spawn } from 'node:child_process';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { startStreamHarness } from '../dist/test/support/stream-harness.js';
import { handlePortForward } from '../dist/src/sim-nodes/kubelet-server/streaming.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MIB = arg('mib', 128);
const ROUNDS = arg('rounds', 3);
const POD = { metadata: { name: 'p1', namespace: 'default', uid: 'u' }, spec: { nodeName: 'n', containers: [{ name: 'c' }] } };
const chunk = Buffer.alloc(1 << 20, 7);

let gcs = 0;
new PerformanceObserver((l) => (gcs += l.getEntries().length)).observe({ entryTypes: ['gc'] });

const source = net.createServer((c) => {
  let left = MIB;
  const pump = () => {
    while (left > 0) {
      left--;
      if (!c.write(chunk)) return void c.once('drain', pump);
    }
    c.end();
  };
  c.on('error', () => c.destroy());
  pump();
});
await new Promise((r) => source.listen(0, '127.0.0.1', r));
const sourcePort = source.address().port;
const harness = await startStreamHarness((u) => {
  if (u.subresource === 'portforward') void handlePortForward({ ...u, namespace: 'default', pod: POD, container: '' }, { portForwardHost: '127.0.0.1' });
});

async function run(v) {
  const child = spawn(`/usr/lib/google-cloud-sdk/bin/kubectl.${v}`, ['--kubeconfig', harness.kubeconfig, 'port-forward', 'pod/p1', `:${sourcePort}`], { env: { ...process.env, HOME: tmpdir() } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const re = new RegExp(`127\\.0\\.0\\.1:(\\d+) -> ${sourcePort}`);
  while (!re.test(out)) await new Promise((r) => setTimeout(r, 20));
  const local = Number(re.exec(out)[1]);
  const cpu0 = process.cpuUsage();
  const gc0 = gcs;
  const t0 = performance.now();
  const bytes = await new Promise((resolve) => {
    let n = 0;
    const c = net.connect(local, '127.0.0.1');
    c.on('data', (d) => (n += d.length));
    c.on('close', () => resolve(n));
  });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  child.kill();
  if (bytes !== MIB << 20) throw new Error(`kubectl ${v}: ${bytes} bytes`);
  return { cpuMsPerMiB: (cpu.user + cpu.system) / 1000 / MIB, wallMs: wall, gcs: gcs - gc0 };
}

const results = { '1.33': [], '1.27': [] };
for (let r = 0; r < ROUNDS; r++) for (const v of r % 2 ? ['1.27', '1.33'] : ['1.33', '1.27']) results[v].push(await run(v));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [v, rs] of Object.entries(results)) {
  console.log(
    `kubectl ${v} (${v === '1.33' ? 'SPDY in WebSocket' : 'SPDY'}): ${MIB} MiB, server CPU ${median(rs.map((x) => x.cpuMsPerMiB)).toFixed(2)} ms/MiB (median of ${rs.length}), ` +
      `wall ${median(rs.map((x) => x.wallMs)).toFixed(0)} ms, GCs ${median(rs.map((x) => x.gcs))}`,
  );
}
await harness.close();
source.close();
