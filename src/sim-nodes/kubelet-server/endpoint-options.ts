// How a sim-nodes process serves its kubelet endpoint, and what its nodes advertise.

export interface KubeletEndpointOptions {
  /** Listen port; 0 (the default in-process) picks a free one. */
  readonly port?: number;
  /** Listen address (default 127.0.0.1). */
  readonly bindAddress?: string;
  /** The address every node of this process advertises as its InternalIP (default: the bind address, or 127.0.0.1 for a wildcard). */
  readonly advertiseAddress?: string;
  /** PEM serving certificate and key; absent: a self-signed one is made at start. */
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** PEM CA bundle whose client certificates are accepted (the cluster CA from the kubeconfig). */
  readonly clientCa: string;
}

/** The port every node reports in status.daemonEndpoints.kubeletEndpoint (filled in once listening). */
export interface KubeletEndpointRef {
  port: number;
}

export function advertisedAddress(o: KubeletEndpointOptions): string {
  if (o.advertiseAddress) return o.advertiseAddress;
  const bind = o.bindAddress ?? '127.0.0.1';
  return bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind;
}
