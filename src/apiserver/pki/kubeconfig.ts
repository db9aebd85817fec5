// kubeconfig files for clients of the cluster (kubectl, client libraries).
import { stringify } from 'yaml';
import { writeFileAtomicSync } from './atomic-write.js';

export interface KubeconfigParams {
  /** API server URL, e.g. https://127.0.0.1:6443 */
  server: string;
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  clusterName?: string;
  userName?: string;
  contextName?: string;
  /** Default namespace of the context (omitted when not set). */
  namespace?: string;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Renders a kubeconfig (v1 Config) with the CA, client certificate and key embedded as base64 data. */
export function renderKubeconfig(p: KubeconfigParams): string {
  const clusterName = p.clusterName ?? 'default';
  const userName = p.userName ?? 'default';
  const contextName = p.contextName ?? 'default';
  const context: Record<string, string> = { cluster: clusterName, user: userName };
  if (p.namespace) context.namespace = p.namespace;
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster: { server: p.server, 'certificate-authority-data': b64(p.caPem) } }],
    contexts: [{ name: contextName, context }],
    'current-context': contextName,
    preferences: {},
    users: [{ name: userName, user: { 'client-certificate-data': b64(p.clientCertPem), 'client-key-data': b64(p.clientKeyPem) } }],
  };
  // lineWidth 0: never fold the long base64 strings.
  return stringify(doc, { lineWidth: 0 });
}

/** Writes a kubeconfig atomically (temp file + rename) with mode 0600, creating the parent directory. */
export function writeKubeconfig(file: string, text: string): void {
  writeFileAtomicSync(file, text, { mode: 0o600, dirMode: 0o700 });
}
