// Bundles the `k8ts` command into dist/bundle/ (one ES module plus lazily loaded chunks and the
// SQLite writer thread), so a start reads a few files instead of hundreds: `bin/k8ts` runs it.
// Native and heavy optional dependencies stay external and load from node_modules.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: {
    main: 'dist/src/cmd/main.js',
    // Worker threads, at the paths their parents load them from (next to the importing chunk).
    'writer-thread': 'dist/src/storage/sqlite/writer-thread.js',
    'certs-thread': 'dist/src/apiserver/pki/certs-thread.js',
  },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'etcd3'],
  // CommonJS dependencies inside an ES module bundle need a real `require`.
  banner: { js: "import { createRequire as __k8tsCreateRequire } from 'node:module'; const require = __k8tsCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
