// The floor under a watch fan-out: what Node's TLS costs to write one pre-framed watch event to W
// connections, with nothing of k8ts in the way. An https server holds W chunked responses open
// (headers flushed, as a watch does) and writes the same chunk to each response's socket, ROUNDS
// times; a child process reads them with apibench's watcher code. Prints the server's CPU per
// write (all threads, incl. the writes' completions and the kernel's loopback work) and the
// median wall time of one pass over the W sockets — compare with bench/watch-fanout.mjs --timeline
// (publish_ms) and its server_fanout_cpu_us_per_watcher — and, as apibench's watch figure does, the
// time until the last of the W readers has parsed the event: the floor under that figure.
// --pin (Linux, taskset) keeps this server on CPU 0 and the reader on CPU 1, which shows what the
// kernel's placement of the woken reader costs (docs/benchmarks.md, "the floor under the watch
// figure").
// Usage: node bench/tls-write-floor.mjs [--watchers 200] [--rounds 300] [--pin]
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, machine, median, pct } from './lib/cluster-client.mjs';

const W = Number(arg('watchers', '200'));
const ROUNDS = Number(arg('rounds', '300'));
const PIN = process.argv.includes('--pin');
/** Restricts every thread of this process to the CPUs given (taskset's list form). */
const pinTo = (cpus) => execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
const EVENT = {
  type: 'ADDED',
  object: {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { resourceVersion: '46', name: 'x', namespace: 'fan', uid: 'fd7c6663-bd9c-4473-b905-6afa7f1ca111', creationTimestamp: '2026-12-03T06:02:06Z' },
  },
};

if (process.env.TLS_FLOOR_PORT) {
  if (PIN) pinTo('1');
  // The reader: W watch connections, each event parsed as apibench does.
  let open = 0;
  // Per round: how many of the W connections have parsed it, and when the last one did (on the
  // clock both processes share), sent to the parent when it asks.
  const parsed = [];
  const lastAt = [];
  process.on('message', () => process.send({ lastAt }));
  for (let i = 0; i < W; i++) {
    const agent = new https.Agent({ rejectUnauthorized: false });
    const r = https.request({ host: '127.0.0.1', port: Number(process.env.TLS_FLOOR_PORT), path: '/w', agent }, (res) => {
      let buf = '';
      res.on('data', (c) => {
        buf += c;
        let at;
        while ((at = buf.indexOf('\n')) >= 0) {
          const round = JSON.parse(buf.slice(0, at)).round;
          buf = buf.slice(at + 1);
          parsed[round] = (parsed[round] ?? 0) + 1;
          if (parsed[round] === W) lastAt[round] = performance.timeOrigin + performance.now();
        }
      });
      if (++open === W) process.send('ready');
    });
    r.end();
  }
} else {
  if (PIN) pinTo('0');
  const { key, cert } = selfSigned();
  const responses = [];
  const server = https.createServer({ key, cert }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    responses.push(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const reader = fork(new URL(import.meta.url).pathname, process.argv.slice(2), { env: { ...process.env, TLS_FLOOR_PORT: String(server.address().port) } });
  await new Promise((r) => reader.once('message', r));
  await new Promise((r) => setTimeout(r, 300));
  // Each round's frame is built before the round (the same bytes for every socket, as the watch
  // hub's), numbered so the reader can tell when all W connections have parsed it.
  const frames = Array.from({ length: ROUNDS }, (_, round) => {
    const body = Buffer.from(JSON.stringify({ ...EVENT, round }) + '\n');
    return Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')]);
  });
  const passes = [];
  const startedAt = [];
  const c0 = process.cpuUsage();
  for (let r = 0; r < ROUNDS; r++) {
    startedAt.push(performance.timeOrigin + performance.now());
    const t = performance.now();
    for (const res of responses) res.socket.write(frames[r]);
    passes.push(performance.now() - t);
    await new Promise((done) => setTimeout(done, 20));
  }
  const c = process.cpuUsage(c0);
  reader.send('report');
  const { lastAt } = await new Promise((r) => reader.once('message', r));
  const delivered = startedAt.map((t, r) => (lastAt[r] === undefined ? Infinity : lastAt[r] - t));
  console.log(
    JSON.stringify({
      machine,
      watchers: W,
      rounds: ROUNDS,
      pinned: PIN,
      frame_bytes: frames[0].length,
      server_cpu_us_per_write: +((c.user + c.system) / ROUNDS / W).toFixed(2),
      pass_ms_p50: +median(passes).toFixed(2),
      // first write of the pass → the W-th reader has parsed the event
      all_delivered_ms_p50: +median(delivered).toFixed(2),
      all_delivered_ms_p95: +pct(delivered, 0.95).toFixed(2),
      all_delivered_ms_max: +Math.max(...delivered).toFixed(2),
    }),
  );
  reader.kill();
  server.close();
  process.exit(0);
}

/** A throwaway P-256 key and self-signed certificate (as k8ts serves with), made by openssl. */
function selfSigned() {
  const dir = mkdtempSync(join(tmpdir(), 'tls-floor-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
