// Bundles the `k8ts` command into dist/bundle/: the command as one CommonJS file (k8ts.cjs) that
// `bin/k8ts` runs through V8's code cache (dist/src/cmd/bundle-loader.ts), the loader itself, the
// SQLite writer thread as an ES module, and the certificate thread's service as a CommonJS file
// run through the code cache too. Native and heavy optional dependencies stay
// external and load from node_modules. Last, one server start on a temporary data dir, with a few
// requests of the common kinds, writes the code cache, so the first real start already has it.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

rmSync('dist/bundle', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // CEL (@bufbuild) loads only once a CRD with validation rules is written.
  external: ['better-sqlite3', 'etcd3', '@bufbuild/*'],
  logLevel: 'warning',
  legalComments: 'none',
  outdir: 'dist/bundle',
};
// CommonJS dependencies inside an ES module bundle need a real `require`.
const esmRequire = { js: "import { createRequire as __k8tsCreateRequire } from 'node:module'; const require = __k8tsCreateRequire(import.meta.url);" };

// The command. Its lazily loaded parts (controllers, scheduler, OpenAPI, protobuf, ...) stay
// lazy: esbuild turns each dynamic import into a module initialised on first use. The worker
// threads are found next to the bundle, through the URL of the bundle file.
await build({
  ...common,
  format: 'cjs',
  entryPoints: { k8ts: 'dist/src/cmd/main.js' },
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__k8tsBundleUrl' },
  banner: { js: "const __k8tsBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

asciiOnly('dist/bundle/k8ts.cjs');

await build({
  ...common,
  format: 'esm',
  banner: esmRequire,
  entryPoints: {
    loader: 'dist/src/cmd/bundle-loader.js',
    // Worker thread, at the path its parent loads it from (next to the bundle).
    'writer-thread': 'dist/src/storage/sqlite/writer-thread.js',
  },
});

// The certificate thread (first start only) shares no code with the main thread, so its service
// is a CommonJS bundle of its own, run through the code cache by a small thread entry. It is built
// from its libraries' ES module builds ("module" before "main"): the @peculiar/asn1-* and asn1js
// ES builds are ~140 KB smaller than their CommonJS ones, which is less for the thread to parse
// before it makes the first certificate.
await build({
  ...common,
  format: 'cjs',
  entryPoints: { 'certs-service': 'dist/src/apiserver/pki/cert-service.js' },
  outExtension: { '.js': '.cjs' },
  mainFields: ['module', 'main'],
});
asciiOnly('dist/bundle/certs-service.cjs');
copyFileSync('scripts/certs-thread-entry.mjs', 'dist/bundle/certs-thread.js');

await writeCodeCache();

/**
 * esbuild escapes non-ASCII characters in strings but leaves them in comments and regular
 * expression literals. An all-ASCII bundle is read as latin1, several times faster than
 * decoding UTF-8, so each such character becomes a \u escape, which means the same character in a
 * string, a template or a regular expression (with or without the u flag) and nothing in a
 * comment. (It would not in a String.raw template or an identifier; the bundle has neither with
 * such characters.)
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  const escaped = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped !== text) writeFileSync(file, escaped);
}

/** Starts `k8ts server` once on a temporary data dir, has it serve a few requests once ready, then stops it: its exit writes the code cache. */
async function writeCodeCache() {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-build-'));
  try {
    const port = await freePort();
    const child = spawn(process.execPath, ['bin/k8ts', 'server', '--data-dir', dir, '--https-listen-port', String(port)], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 30_000;
    let ready = false;
    while (!ready && Date.now() < deadline && child.exitCode === null) {
      ready = await readyz(port);
      if (!ready) await new Promise((r) => setTimeout(r, 20));
    }
    // Bounded: a build never waits on a request that does not answer.
    if (ready) await Promise.race([exercise(port, readFileSync(join(dir, 'kubeconfig.yaml'), 'utf8')).catch(() => undefined), new Promise((r) => setTimeout(r, 15_000).unref())]);
    child.kill('SIGTERM');
    await exited;
    const caches = readdirSync('dist/bundle').filter((f) => f.endsWith('.cache'));
    if (!ready) console.warn('bundle: the server did not start, so no code cache was written; starts compile from source until one is');
    else if (caches.length < 2) console.warn(`bundle: only ${caches.join(', ') || 'no code cache'} written; the rest is written by the first start`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A few requests of the kinds every cluster serves first (writes, reads, lists, tables, patches,
 * a watch, a delete), so the cache also holds the bytecode of their paths and a new server's
 * first requests skip compiling it.
 */
async function exercise(port, kubeconfig) {
  const data = (field) => Buffer.from(kubeconfig.match(new RegExp(`${field}: (\\S+)`))[1], 'base64');
  const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false, cert: data('client-certificate-data'), key: data('client-key-data') });
  const call = (method, path, body, headers = {}) =>
    new Promise((resolve) => {
      const req = https.request({ host: '127.0.0.1', port, path, method, agent, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        if (path.includes('watch=1')) {
          res.once('data', () => req.destroy());
          res.on('close', resolve);
        } else res.resume().on('end', resolve);
      });
      req.on('error', resolve);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  const table = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' };
  const cms = '/api/v1/namespaces/default/configmaps';
  const pods = '/api/v1/namespaces/default/pods';
  for (let i = 0; i < 3; i++) {
    await call('POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `warm-${i}`, labels: { app: 'warm' } }, data: { k: 'v' } });
    await call('POST', pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: `warm-${i}`, labels: { app: 'warm' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    await call('GET', `${cms}/warm-${i}`);
    await call('GET', `${pods}/warm-${i}`, undefined, table);
    await call('GET', `${cms}?labelSelector=app%3Dwarm`);
    await call('GET', pods, undefined, table);
    await call('PATCH', `${cms}/warm-${i}`, { data: { k: 'w' } }, { 'content-type': 'application/merge-patch+json' });
    await call('PATCH', `${pods}/warm-${i}`, { metadata: { labels: { tier: 'x' } } }, { 'content-type': 'application/strategic-merge-patch+json' });
  }
  await call('GET', `${cms}?watch=1&resourceVersion=0`);
  for (let i = 0; i < 3; i++) {
    await call('DELETE', `${cms}/warm-${i}`);
    await call('DELETE', `${pods}/warm-${i}?gracePeriodSeconds=0`);
  }
  agent.destroy();
}

function readyz(port) {
  return new Promise((resolve) => {
    const req = https.get({ host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false, agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
