// Copied from the team's shared API benchmark so the project can run it on its own.
// API server side-by-side benchmark: the same HTTP workload against any Kubernetes-compatible
// API server. Usage: node apibench.mjs --kubeconfig FILE [--creates 5000] [--conc 32] [--pods 10000] [--watchers 200]
// Reads server/auth from the kubeconfig via kubectl (works for token or client-cert kubeconfigs).
import https from 'node:https';
import { execFileSync } from 'node:child_process';
const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, arr) => (v.startsWith('--') ? [...a, [v.slice(2), arr[i + 1]]] : a), []));
const KUBECTL = args.kubectl || '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const kc = args.kubeconfig;
const view = (jp) => { try { return execFileSync(KUBECTL, ['--kubeconfig', kc, 'config', 'view', '--raw', '--minify', '-o', `jsonpath=${jp}`]).toString(); } catch { return ''; } };
const server = new URL(view('{.clusters[0].cluster.server}'));
const token = view('{.users[0].user.token}');
const b64 = (s) => (s ? Buffer.from(s, 'base64') : undefined);
const agent = new https.Agent({ keepAlive: true, maxSockets: 256, rejectUnauthorized: false,
  cert: b64(view('{.users[0].user.client-certificate-data}')), key: b64(view('{.users[0].user.client-key-data}')) });
function req(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body ? JSON.stringify(body) : undefined;
    const r = https.request({ host: server.hostname, port: server.port, path, method, agent,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      const chunks = []; res.on('data', (c) => chunks.push(c)); res.on('end', () => resolve({ code: res.statusCode, body: Buffer.concat(chunks) }));
    });
    r.on('error', reject); if (data) r.write(data); r.end();
  });
}
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
async function pool(n, conc, fn) { let i = 0, errs = 0; await Promise.all(Array.from({ length: conc }, async () => { while (i < n) { const k = i++; const r = await fn(k); if (r.code >= 300) errs++; } })); return errs; }
const run = Date.now().toString(36);
const out = {};
const ns = (n) => req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } });
await ns(`cb-${run}`); await ns(`pb-${run}`); await ns(`wb-${run}`);
// 1. create throughput
const N = +(args.creates || 5000), C = +(args.conc || 32);
let t = process.hrtime.bigint();
let errs = await pool(N, C, (k) => req('POST', `/api/v1/namespaces/cb-${run}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${k}` }, data: { k: 'v'.repeat(100) } }));
out.create_per_s = Math.round(N / (ms(t) / 1000)); out.create_errors = errs;
// 2. list latency over P pods
const P = +(args.pods || 10000);
errs = await pool(P, C, (k) => req('POST', `/api/v1/namespaces/pb-${run}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${k}`, labels: { app: 'bench', i: String(k % 10) } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }));
out.pod_create_errors = errs;
const lt = []; for (let i = 0; i < 5; i++) { t = process.hrtime.bigint(); const r = await req('GET', `/api/v1/namespaces/pb-${run}/pods`); lt.push(ms(t)); if (i === 0) out.list_bytes = r.body.length; }
out.list_pods_ms_median = Math.round(pct(lt, 0.5));
const st = []; for (let i = 0; i < 5; i++) { t = process.hrtime.bigint(); await req('GET', `/api/v1/namespaces/pb-${run}/pods?labelSelector=i%3D3`); st.push(ms(t)); }
out.list_selector_ms_median = Math.round(pct(st, 0.5));
const gt = []; for (let i = 0; i < 200; i++) { t = process.hrtime.bigint(); await req('GET', `/api/v1/namespaces/pb-${run}/pods/p-${i}`); gt.push(ms(t)); }
out.get_ms_p50 = +pct(gt, 0.5).toFixed(2); out.get_ms_p99 = +pct(gt, 0.99).toFixed(2);
// 3. watch fan-out latency
const W = +(args.watchers || 200);
const watchers = [];
const arrivals = new Map();
for (let w = 0; w < W; w++) {
  await new Promise((resolve) => {
    const r = https.request({ host: server.hostname, port: server.port, path: `/api/v1/namespaces/wb-${run}/configmaps?watch=1`, method: 'GET', agent: new https.Agent({ rejectUnauthorized: false, cert: agent.options.cert, key: agent.options.key }),
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      let buf = ''; res.on('data', (c) => { buf += c; let i; while ((i = buf.indexOf('\n')) >= 0) { const line = buf.slice(0, i); buf = buf.slice(i + 1); try { const e = JSON.parse(line); const name = e.object?.metadata?.name; if (e.type === 'ADDED' && name) { const a = arrivals.get(name); if (a) a.push(process.hrtime.bigint()); } } catch {} } });
      resolve();
    });
    r.end(); watchers.push(r);
  });
}
await new Promise((r) => setTimeout(r, 500));
const fan = [];
for (let i = 0; i < 20; i++) {
  const name = `w-${i}`; arrivals.set(name, []);
  const t0 = process.hrtime.bigint();
  await req('POST', `/api/v1/namespaces/wb-${run}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  const deadline = Date.now() + 5000;
  while (arrivals.get(name).length < W && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  const a = arrivals.get(name); fan.push(a.length < W ? 5000 : Number(a[a.length - 1] - t0) / 1e6);
}
out.watch_all_delivered_ms_p50 = Math.round(pct(fan, 0.5)); out.watch_all_delivered_ms_p99 = Math.round(pct(fan, 0.99)); out.watchers = W;
for (const w of watchers) w.destroy();
console.log(JSON.stringify(out));
process.exit(0);
