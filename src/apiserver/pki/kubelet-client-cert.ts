// The API server's client certificate for kubelets (logs, exec, attach, port-forward): CN
// kube-apiserver-kubelet-client, O system:masters, signed by the cluster CA, as kubeadm names
// it. Kept in <tls>/apiserver-kubelet-client.crt/.key; reused while it is good.
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomicSync } from './atomic-write.js';
import { ThreadCertGenerator } from './cert-generator.js';
import type { CertAndKey } from './certs.js';
import { leafProblem, readPair, subjectIs } from './cluster-pki.js';
import { DEFAULT_PREFERRED_ADDRESS_TYPES, type KubeletClientConfig } from '../kubelet-client/kubelet-client-config.js';

export const KUBELET_CLIENT_USER = 'kube-apiserver-kubelet-client';
export const KUBELET_CLIENT_GROUPS: readonly string[] = ['system:masters'];
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** Loads the certificate from `tlsDir` or issues (and writes) a new one. */
export async function ensureKubeletClientCert(tlsDir: string, ca: CertAndKey): Promise<CertAndKey> {
  const certFile = join(tlsDir, 'apiserver-kubelet-client.crt');
  const keyFile = join(tlsDir, 'apiserver-kubelet-client.key');
  const r = readPair(certFile, keyFile);
  const caCert = new X509Certificate(ca.certPem);
  if (r.pair && !leafProblem(r.pair, caCert, Date.now(), CLIENT_AUTH) && subjectIs(r.pair.cert, KUBELET_CLIENT_USER, [...KUBELET_CLIENT_GROUPS])) {
    return r.pair.pair;
  }
  const generator = new ThreadCertGenerator();
  try {
    const made = await generator.issue({ ca: { existing: ca }, clients: [{ user: KUBELET_CLIENT_USER, groups: [...KUBELET_CLIENT_GROUPS] }] });
    const pair = made.clients[0]!;
    writeFileAtomicSync(keyFile, pair.keyPem, { mode: 0o600 });
    writeFileAtomicSync(certFile, pair.certPem, { mode: 0o644 });
    return pair;
  } finally {
    await generator.close();
  }
}

/**
 * The API server's kubelet client configuration, for ApiServerOptions.kubelet: the certificate
 * is loaded or issued on the first request that needs it.
 */
export function kubeletClientLoader(
  tlsDir: string,
  ca: CertAndKey,
  opts: { readonly preferredAddressTypes?: readonly string[]; readonly kubeletCa?: string } = {},
): () => Promise<KubeletClientConfig> {
  return async () => {
    const pair = await ensureKubeletClientCert(tlsDir, ca);
    return { cert: pair.certPem, key: pair.keyPem, ca: opts.kubeletCa, preferredAddressTypes: opts.preferredAddressTypes ?? DEFAULT_PREFERRED_ADDRESS_TYPES };
  };
}
