// Upstream's CertificateSubjectRestriction admission plugin (on by default): a new
// CertificateSigningRequest for kubernetes.io/kube-apiserver-client may not ask for the
// system:masters group, whose members bypass authorization; 403 Forbidden otherwise.
import { newForbidden } from '../../api/errors.js';
import type { KObj } from '../../api/resource-info.js';
import type { ResourceStore } from '../registry/store.js';

const SIGNER = 'kubernetes.io/kube-apiserver-client';
const MASTERS = 'system:masters';

/** The request's parser is loaded on the first request for the client signer (not at start-up). */
export async function admitCertificateSubject(store: ResourceStore, obj: KObj): Promise<void> {
  if (store.info.group !== 'certificates.k8s.io' || store.info.resource !== 'certificatesigningrequests') return;
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  if (spec.signerName !== SIGNER) return;
  const name = String((obj.metadata as Record<string, unknown> | undefined)?.name ?? '');
  const { CertificateRequestError, parseCertificateRequest } = await import('../../pki/certificate-request.js');
  let organizations: readonly string[];
  try {
    organizations = parseCertificateRequest(Buffer.from(String(spec.request ?? ''), 'base64').toString('latin1')).organizations;
  } catch (e) {
    if (e instanceof CertificateRequestError) throw newForbidden(store.gr, name, `failed to parse CSR: ${e.message}`);
    throw e;
  }
  if (organizations.includes(MASTERS)) throw newForbidden(store.gr, name, `use of ${SIGNER} signer with ${MASTERS} group is not allowed`);
}
