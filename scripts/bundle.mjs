// Bundles the `k8ts` command into dist/bundle/ (one ES module plus lazily loaded chunks and the
// SQLite writer thread), so a start reads a few files instead of hundreds: `bin/k8ts` runs it.
// Native and heavy optional dependencies stay external and load from node_modules.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist/bundle', { recursive: true, force: true });

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'etcd3'],
  // CommonJS dependencies inside an ES module bundle need a real `require`.
  banner: { js: "import { createRequire as __k8tsCreateRequire } from 'node:module'; const require = __k8tsCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
};

await build({
  ...common,
  entryPoints: {
    main: 'dist/src/cmd/main.js',
    // Worker thread, at the path its parent loads it from (next to the importing chunk).
    'writer-thread': 'dist/src/storage/sqlite/writer-thread.js',
  },
  outdir: 'dist/bundle',
  splitting: true,
});

// The certificate thread (first start only) shares no code with the main thread, so it is one
// file of its own, built from its libraries' ES module builds ("module" before "main"): the
// @peculiar/asn1-* and asn1js ES builds are ~140 KB smaller than their CommonJS ones, which is
// less for the thread to parse before it makes the first certificate.
await build({
  ...common,
  entryPoints: { 'certs-thread': 'dist/src/apiserver/pki/certs-thread.js' },
  outdir: 'dist/bundle',
  mainFields: ['module', 'main'],
});
