// The floor under a watch fan-out: what Node's TLS costs to write one pre-framed watch event to W
// connections, with nothing of k8ts in the way. An https server holds W chunked responses open
// (headers flushed, as a watch does) and writes the same chunk to each response's socket, ROUNDS
// times; a child process reads them with apibench's watcher code. Prints the server's CPU per
// write (all threads, incl. the writes' completions and the kernel's loopback work) and the
// median wall time of one pass over the W sockets — compare with bench/watch-fanout.mjs --timeline
// (publish_ms) and its server_fanout_cpu_us_per_watcher.
// Usage: node bench/tls-write-floor.mjs [--watchers 200] [--rounds 300]
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, machine, median } from './lib/cluster-client.mjs';

const W = Number(arg('watchers', '200'));
const ROUNDS = Number(arg('rounds', '300'));
const EVENT = {
  type: 'ADDED',
  object: {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { resourceVersion: '46', name: 'x', namespace: 'fan', uid: 'fd7c6663-bd9c-4473-b905-6afa7f1ca111', creationTimestamp: '2026-12-03T06:02:06Z' },
  },
};

if (process.env.TLS_FLOOR_PORT) {
  // The reader: W watch connections, each event parsed as apibench does.
  let open = 0;
  for (let i = 0; i < W; i++) {
    const agent = new https.Agent({ rejectUnauthorized: false });
    const r = https.request({ host: '127.0.0.1', port: Number(process.env.TLS_FLOOR_PORT), path: '/w', agent }, (res) => {
      let buf = '';
      res.on('data', (c) => {
        buf += c;
        let at;
        while ((at = buf.indexOf('\n')) >= 0) {
          JSON.parse(buf.slice(0, at));
          buf = buf.slice(at + 1);
        }
      });
      if (++open === W) process.send('ready');
    });
    r.end();
  }
} else {
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
  const body = Buffer.from(JSON.stringify(EVENT) + '\n');
  const frame = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')]);
  const passes = [];
  const c0 = process.cpuUsage();
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    for (const res of responses) res.socket.write(frame);
    passes.push(performance.now() - t);
    await new Promise((done) => setTimeout(done, 5));
  }
  const c = process.cpuUsage(c0);
  console.log(
    JSON.stringify({
      machine,
      watchers: W,
      rounds: ROUNDS,
      frame_bytes: frame.length,
      server_cpu_us_per_write: +((c.user + c.system) / ROUNDS / W).toFixed(2),
      pass_ms_p50: +median(passes).toFixed(2),
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
