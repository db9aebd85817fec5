// certificates.k8s.io printers: CertificateSigningRequests with upstream's columns, the
// CONDITION column summing up the approval, failure and issuance ("Approved,Issued").
import { humanDuration } from './duration.js';
import { AGE, ageOf, arr, col, NAME, nameOf, str } from './columns.js';
import type { Printer } from './types.js';

type Obj = Record<string, any>;

/** Pending, Approved or Denied (Denied wins), then ",Failed" and ",Issued" when they apply. */
export function certificateSigningRequestCondition(csr: Obj): string {
  const types = new Set(arr(csr.status?.conditions).map((c) => str(c?.type)));
  let condition = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) condition += ',Failed';
  if (str(csr.status?.certificate) !== '') condition += ',Issued';
  return condition;
}

export const certificateSigningRequestPrinter: Printer = {
  columns: [
    NAME,
    AGE,
    col('SignerName', 'The signer the request is addressed to.'),
    col('Requestor', 'The user who created the request.'),
    col('RequestedDuration', 'The validity the request asks of the certificate.'),
    col('Condition', 'Whether the request is pending, approved or denied, failed, and issued.'),
  ],
  row(csr, now) {
    const spec = csr.spec ?? {};
    const signerName = str(spec.signerName) || '<none>';
    const seconds = spec.expirationSeconds;
    const requested = typeof seconds === 'number' ? humanDuration(seconds * 1000) : '<none>';
    return { cells: [nameOf(csr), ageOf(csr, now), signerName, str(spec.username), requested, certificateSigningRequestCondition(csr)] };
  },
};
