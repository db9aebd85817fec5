// How the API server reaches kubelets: its client certificate (CN kube-apiserver-kubelet-client,
// O system:masters, signed by the cluster CA), the CA that signs kubelets' serving
// certificates when one is given (upstream's --kubelet-certificate-authority; without it the
// serving certificate is not verified, upstream's default), and which node address to dial.

/**
 * The default --kubelet-preferred-address-types order: k3s's (InternalIP, ExternalIP, Hostname).
 * Upstream's kube-apiserver tries Hostname first, which only works where node names resolve;
 * simulated nodes advertise their kubelet endpoint as InternalIP.
 */
export const DEFAULT_PREFERRED_ADDRESS_TYPES: readonly string[] = ['InternalIP', 'ExternalIP', 'Hostname'];

/** Upstream's default kubelet port, used when a node does not report one. */
export const DEFAULT_KUBELET_PORT = 10250;

export interface KubeletClientConfig {
  /** PEM client certificate and key the API server presents to kubelets. */
  readonly cert: string;
  readonly key: string;
  /** PEM CA that must have signed kubelets' serving certificates; absent: not verified. */
  readonly ca?: string;
  readonly preferredAddressTypes: readonly string[];
}

export const KUBELET_CLIENT_CN = 'kube-apiserver-kubelet-client';
export const KUBELET_CLIENT_ORG = 'system:masters';

const KNOWN_ADDRESS_TYPES = new Set(['Hostname', 'InternalDNS', 'InternalIP', 'ExternalDNS', 'ExternalIP']);

/** Parses a --kubelet-preferred-address-types value; throws with upstream's wording on an unknown type. */
export function parsePreferredAddressTypes(value: string): string[] {
  const types = value.split(',').map((t) => t.trim()).filter(Boolean);
  for (const t of types) {
    if (!KNOWN_ADDRESS_TYPES.has(t)) throw new Error(`--kubelet-preferred-address-types: unknown address type ${JSON.stringify(t)}`);
  }
  if (types.length === 0) throw new Error('--kubelet-preferred-address-types: at least one address type is required');
  return types;
}
