// Worker thread entry for certificate generation: a first start makes its CA and certificates
// here, so loading the X.509 library and signing overlap the rest of the start-up.
import { parentPort } from 'node:worker_threads';
import * as certs from './certs.js';
import type { CertRequest, CertReply } from './certs-protocol.js';

const port = parentPort!;
port.on('message', (req: CertRequest) => {
  const run = (): Promise<certs.CertAndKey> => {
    if (req.fn === 'createCA') return certs.createCA(req.commonName);
    if (req.fn === 'createServingCert') return certs.createServingCert(req.ca, req.opts);
    return certs.createClientCert(req.ca, req.opts);
  };
  run().then(
    (value) => port.postMessage({ id: req.id, ok: true, value } satisfies CertReply),
    (e: unknown) => port.postMessage({ id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies CertReply),
  );
});
