// The certificate thread of the bundled build (copied to dist/bundle/certs-thread.js by
// scripts/bundle.mjs): runs the certificate service from certs-service.cjs through the code
// cache, as bin/k8ts runs the command, and writes the cache after its first batch, before the
// reply, when it had none (a worker thread is stopped as soon as its parent has the reply, so it
// cannot wait for an exit of its own).
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { loadBundle } from './loader.js';

const bundle = loadBundle(fileURLToPath(new URL('./certs-service.cjs', import.meta.url)), { saveAtExit: false });
let saved = bundle.cacheUsed;
bundle.exports.serveCertRequests(parentPort, () => {
  if (saved) return;
  saved = true;
  bundle.saveCache();
});
