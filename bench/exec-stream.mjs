// Server-side CPU per MiB of `kubectl exec` output on a simulated node: this process serves the
// kubelet endpoint's handlers (through test/support/stream-harness.js, built by tsc) and runs
// `head -c N /dev/zero` in an exec directory; the real kubectl 1.33 (WebSocket, v5.channel.k8s.io)
// and 1.27 (SPDY/3.1) read the output into /dev/null. Reports this process's CPU time (user +
// system, process.cpuUsage: the transport, the pipes from the child, TLS) per MiB, GC counts
// and wall time, interleaving the versions round by round. CPU per MiB does not depend on what
// else the machine runs, unlike wall time.
// Usage: node bench/exec-stream.mjs [--mib 256] [--rounds 3]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { startStreamHarness } from '../dist/test/support/stream-harness.js';
import { handleExec } from '../dist/src/sim-nodes/kubelet-server/streaming.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MIB = arg('mib', 256);
const ROUNDS = arg('rounds', 3);
const POD = { metadata: { name: 'p1', namespace: 'default', uid: 'u' }, spec: { nodeName: 'n', containers: [{ name: 'c' }] } };

let gcs = 0;
new PerformanceObserver((l) => (gcs += l.getEntries().length)).observe({ entryTypes: ['gc'] });

const execDir = mkdtempSync(join(tmpdir(), 'k8ts-bench-exec-'));
const harness = await startStreamHarness((u) => {
  if (u.subresource === 'exec') void handleExec({ ...u, namespace: 'default', pod: POD, container: 'c' }, { execDir });
});

function run(v) {
  return new Promise((resolve, reject) => {
    const child = spawn(`/usr/lib/google-cloud-sdk/bin/kubectl.${v}`, ['--kubeconfig', harness.kubeconfig, 'exec', 'p1', '--', 'head', '-c', String(MIB << 20), '/dev/zero'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, HOME: tmpdir() },
    });
    let bytes = 0;
    child.stdout.on('data', (d) => (bytes += d.length));
    child.on('exit', (code) => (code === 0 && bytes === MIB << 20 ? resolve() : reject(new Error(`kubectl ${v}: exit ${code}, ${bytes} bytes`))));
  });
}

const results = { '1.33': [], '1.27': [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const v of r % 2 ? ['1.27', '1.33'] : ['1.33', '1.27']) {
    const cpu0 = process.cpuUsage();
    const gc0 = gcs;
    const t0 = performance.now();
    await run(v);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    results[v].push({ cpuMsPerMiB: (cpu.user + cpu.system) / 1000 / MIB, wallMs: wall, gcs: gcs - gc0 });
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [v, rs] of Object.entries(results)) {
  console.log(
    `kubectl ${v} (${v === '1.33' ? 'WebSocket' : 'SPDY'}): ${MIB} MiB, server CPU ${median(rs.map((x) => x.cpuMsPerMiB)).toFixed(2)} ms/MiB (median of ${rs.length}), ` +
      `wall ${median(rs.map((x) => x.wallMs)).toFixed(0)} ms, GCs ${median(rs.map((x) => x.gcs))}`,
  );
}
await harness.close();
rmSync(execDir, { recursive: true, force: true });
