// Worker thread entry for certificate generation: a first start makes its CA and certificates
// here, so loading the ASN.1 libraries and signing overlap the rest of the start-up.
import { parentPort } from 'node:worker_threads';
import { issueCertBatch } from './cert-batch.js';
import type { CertReply, CertRequest } from './certs-protocol.js';

const port = parentPort!;
port.on('message', (req: CertRequest) => {
  issueCertBatch(req.batch).then(
    (value) => port.postMessage({ id: req.id, ok: true, value } satisfies CertReply),
    (e: unknown) => port.postMessage({ id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies CertReply),
  );
});
