// Client certificates and kubeconfigs for the control plane's own components, so each talks to
// the API server under upstream's identity (and priority and fairness classifies it as upstream
// does) instead of the admin's system:masters, which is exempt from flow control:
//
//   scheduler           CN=system:kube-scheduler
//   controller-manager  CN=system:kube-controller-manager
//   sim-nodes           CN=system:node:sim-nodes, O=system:nodes  (one identity for the whole simulated fleet)
//
// Certificates live next to the cluster PKI (<tls>/<name>.crt, .key); kubeconfigs are written to
// <cred>/<name>.kubeconfig, as k3s writes DATA_DIR/cred/*.kubeconfig.
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomicSync } from './atomic-write.js';
import { ThreadCertGenerator } from './cert-generator.js';
import type { CertAndKey } from './certs.js';
import { leafProblem, readPair, subjectIs } from './cluster-pki.js';
import { renderKubeconfig, writeKubeconfig } from './kubeconfig.js';

export type Component = 'scheduler' | 'controller-manager' | 'sim-nodes';

export const COMPONENT_IDENTITIES: Record<Component, { readonly user: string; readonly groups: readonly string[] }> = {
  scheduler: { user: 'system:kube-scheduler', groups: [] },
  'controller-manager': { user: 'system:kube-controller-manager', groups: [] },
  'sim-nodes': { user: 'system:node:sim-nodes', groups: ['system:nodes'] },
};

export interface ComponentCredentialsOptions {
  readonly tlsDir: string;
  readonly credDir: string;
  readonly server: string;
  readonly ca: CertAndKey;
}

/** Loads or issues each component's certificate and writes its kubeconfig; returns the kubeconfig paths. */
export async function ensureComponentKubeconfigs(opts: ComponentCredentialsOptions): Promise<Record<Component, string>> {
  const caCert = new X509Certificate(opts.ca.certPem);
  const now = Date.now();
  const components = Object.keys(COMPONENT_IDENTITIES) as Component[];
  const files = (c: Component) => ({ certFile: join(opts.tlsDir, `${c}.crt`), keyFile: join(opts.tlsDir, `${c}.key`) });
  const pairs = new Map<Component, CertAndKey>();
  for (const component of components) {
    const id = COMPONENT_IDENTITIES[component];
    const { certFile, keyFile } = files(component);
    const r = readPair(certFile, keyFile);
    if (r.pair && !leafProblem(r.pair, caCert, now, '1.3.6.1.5.5.7.3.2') && subjectIs(r.pair.cert, id.user, [...id.groups])) pairs.set(component, r.pair.pair);
  }
  const missing = components.filter((c) => !pairs.has(c));
  if (missing.length) {
    // One request to a worker thread for every certificate that is missing or no longer good.
    const generator = new ThreadCertGenerator();
    try {
      const made = await generator.issue({
        ca: { existing: opts.ca },
        clients: missing.map((c) => ({ user: COMPONENT_IDENTITIES[c].user, groups: [...COMPONENT_IDENTITIES[c].groups] })),
      });
      missing.forEach((component, i) => {
        const pair = made.clients[i]!;
        const { certFile, keyFile } = files(component);
        writeFileAtomicSync(keyFile, pair.keyPem, { mode: 0o600 });
        writeFileAtomicSync(certFile, pair.certPem, { mode: 0o644 });
        pairs.set(component, pair);
      });
    } finally {
      await generator.close();
    }
  }
  const out = {} as Record<Component, string>;
  for (const component of components) {
    const pair = pairs.get(component)!;
    const file = join(opts.credDir, `${component}.kubeconfig`);
    writeKubeconfig(file, renderKubeconfig({ server: opts.server, caPem: opts.ca.certPem, clientCertPem: pair.certPem, clientKeyPem: pair.keyPem, userName: component }));
    out[component] = file;
  }
  return out;
}
