// Shared pieces of the cluster benchmarks: start a `k8ts server` on a fresh data dir, talk to it
// with the admin client certificate over a keep-alive agent, run requests with bounded
// concurrency, follow a watch stream, read a process's RSS, and percentiles.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export const bin = process.env.K8TS_BIN ?? new URL('../../bin/k8ts', import.meta.url).pathname;
export const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${cpus()[0].model}`;

export const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
export const flag = (name) => process.argv.includes(`--${name}`);

export const freePort = () =>
  new Promise((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });

export const rssMb = (pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);

export function pct(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}
export const median = (xs) => pct(xs, 0.5);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `k8ts server` with extra flags on a fresh data dir; resolves once /readyz answers.
 * nodeArgs go to node itself (e.g. --cpu-prof), before the k8ts entry point. With logFile the
 * server's stdout (its JSON log lines) goes to that file instead of nowhere.
 */
export async function startServer(extra = [], { nodeArgs = [], logFile } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-bench-'));
  const port = await freePort();
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  const proc = spawn(process.execPath, [...nodeArgs, bin, 'server', '--data-dir', dir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig, ...extra], { stdio: ['ignore', logFile ? openSync(logFile, 'a') : 'ignore', 'inherit'] });
  const api = { port, kubeconfig, proc, dir };
  for (;;) {
    try {
      const c = clientFor(kubeconfig);
      if ((await c.req('GET', '/readyz', undefined, { raw: true })).status === 200) {
        Object.assign(api, c);
        break;
      }
    } catch {
      /* not up yet */
    }
    await sleep(20);
  }
  api.stop = async () => {
    proc.kill('SIGTERM');
    await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  };
  return api;
}

/** A JSON client for the cluster in the kubeconfig: its user's client certificate, or its bearer token. */
export function clientFor(kubeconfig) {
  const kc = parse(readFileSync(kubeconfig, 'utf8'));
  const user = kc.users[0].user;
  const server = new URL(kc.clusters[0].cluster.server);
  const b64 = (s) => Buffer.from(s, 'base64');
  const tlsOpts = user.token ? { rejectUnauthorized: false } : { rejectUnauthorized: false, cert: b64(user['client-certificate-data']), key: b64(user['client-key-data']) };
  const auth = user.token ? { authorization: `Bearer ${user.token}` } : {};
  const agent = new https.Agent({ keepAlive: true, maxSockets: 256, ...tlsOpts });
  // 429s are retried after their Retry-After, as client-go does (up to 10 times); `stats.throttled` counts them.
  const stats = { throttled: 0 };
  const req = async (method, path, body, o = {}) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(method, path, body, o);
      } catch (e) {
        if (e.status !== 429 || attempt >= 10) throw e;
        stats.throttled++;
        await sleep(1000 * (e.retryAfter ?? 1));
      }
    }
  };
  const once = (method, path, body, o = {}) =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers = { accept: 'application/json', ...auth };
      if (data) headers['content-type'] = o.contentType ?? 'application/json';
      const r = https.request({ host: server.hostname, port: server.port, path, method, agent, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          // A body too large for one JS string (e.g. 150,000 pods unpaginated): its size only.
          if (o.sizeOnly) return resolve({ status: res.statusCode, bytes: chunks.reduce((n, c) => n + c.length, 0) });
          const text = Buffer.concat(chunks).toString('utf8');
          if (o.raw) return resolve({ status: res.statusCode, text, headers: res.headers });
          if (res.statusCode >= 300) return reject(Object.assign(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`), { status: res.statusCode, retryAfter: Number(res.headers['retry-after']) || undefined }));
          resolve(text ? JSON.parse(text) : undefined);
        });
      });
      r.on('error', reject);
      r.end(data);
    });
  /** Opens a watch; onEvent(type, object) per event. Returns { close }. */
  const watch = (path, onEvent) => {
    const r = https.request({ host: server.hostname, port: server.port, path, method: 'GET', agent: new https.Agent(tlsOpts), headers: { accept: 'application/json', ...auth } }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        buf += c;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line) {
            const e = JSON.parse(line);
            onEvent(e.type, e.object);
          }
        }
      });
    });
    r.on('error', () => {});
    r.end();
    return { close: () => r.destroy() };
  };
  return { req, watch, agent, stats };
}

/** Runs fn(i) for i in [0, n) with at most conc in flight. */
export async function pool(n, conc, fn) {
  let next = 0;
  const worker = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(conc, n) }, worker));
}

/** Registers n Ready nodes (cpu/memory/pods capacity, zone labels over `zones` zones). */
export async function createNodes(c, n, { cpu = '32', memory = '256Gi', pods = '110', zones = 10 } = {}) {
  await pool(n, 32, async (i) => {
    const name = `node-${i}`;
    const labels = { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': `zone-${i % zones}` };
    await c.req('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } });
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const resources = { cpu, memory, pods, 'ephemeral-storage': '100Gi' };
    const status = { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'benchmark node', lastHeartbeatTime: now, lastTransitionTime: now }] };
    await c.req('PATCH', `/api/v1/nodes/${name}/status`, { status }, { contentType: 'application/merge-patch+json' });
  });
}

export { rmSync };
