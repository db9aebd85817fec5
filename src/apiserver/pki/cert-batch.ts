// Issues a batch of certificates: the CA first (created, or read once), then every leaf at once,
// so their key generation overlaps on libuv's thread pool.
import { loadCertificateAuthority, newCertificateAuthority } from './certs.js';
import type { CertBatch, CertBatchRequest } from './certs-protocol.js';

export async function issueCertBatch(req: CertBatchRequest): Promise<CertBatch> {
  const ca = 'create' in req.ca ? await newCertificateAuthority(req.ca.create) : loadCertificateAuthority(req.ca.existing);
  const [serving, ...clients] = await Promise.all([
    req.serving ? ca.issueServingCert(req.serving) : undefined,
    ...req.clients.map((c) => ca.issueClientCert(c)),
  ]);
  return { ca: ca.pair, serving, clients: clients as NonNullable<(typeof clients)[number]>[] };
}
