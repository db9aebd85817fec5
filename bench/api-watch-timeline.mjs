// apibench (bench/apibench.mjs, unchanged) against a `k8ts server` that records the fan-out
// timeline (bench/lib/fanout-timeline.mjs), then, for each create of apibench's watch phase, the
// server's side of it in ms since the request reached the server: when the batch went to the
// writer thread, how long the durable commit took (batch posted → reply), when the watch-hub
// publish started and ended (the last watcher's write), when the create's response finished, and
// the GCs that overlapped it. apibench's own output line comes first.
// Usage: node bench/api-watch-timeline.mjs [apibench flags, e.g. --creates 5000 --pods 10000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, startServer } from './lib/cluster-client.mjs';

const dir = mkdtempSync(join(tmpdir(), 'k8ts-api-timeline-'));
const file = join(dir, 'timeline.json');
process.env.K8TS_FANOUT_TIMELINE = file;
const timeline = new URL('./lib/fanout-timeline.mjs', import.meta.url).pathname;
const api = await startServer(['--disable-scheduler', '--disable-controllers'], { nodeArgs: ['--import', timeline] });
try {
  const apibench = new URL('./apibench.mjs', import.meta.url).pathname;
  console.log(execFileSync(process.execPath, [apibench, '--kubeconfig', api.kubeconfig, ...process.argv.slice(2)]).toString().trim());
  api.proc.kill('SIGUSR2');
  let rec;
  for (let i = 0; i < 500 && !rec; i++) {
    await sleep(20);
    try {
      rec = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      /* not written yet */
    }
  }
  const creates = rec.requests.filter((r) => r.method === 'POST' && /\/namespaces\/wb-[^/]+\/configmaps$/.test(r.url));
  for (const c of creates) {
    const posted = rec.posted.find((x) => x.at >= c.start);
    const reply = posted && rec.replies.find((x) => x.id === posted.id);
    const pub = rec.publishes.find((x) => x.start >= c.start);
    const until = Math.max(pub?.end ?? 0, c.finish);
    const gcs = rec.gc.filter((g) => g.start + g.ms >= c.start && g.start <= until);
    const at = (x) => (x === undefined ? null : +(x - c.start).toFixed(2));
    console.log(
      JSON.stringify({
        posted: at(posted?.at),
        commit_ms: reply && posted ? +(reply.at - posted.at).toFixed(2) : null,
        publish_start: at(pub?.start),
        publish_end: at(pub?.end),
        watchers: pub?.watchers ?? null,
        response_finish: at(c.finish),
        gc: gcs.map((g) => `${g.kind} ${g.ms.toFixed(1)} ms at ${(g.start - c.start).toFixed(1)}`),
      }),
    );
  }
} finally {
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
