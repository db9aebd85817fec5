// The `kubernetes` EndpointSlice in default, next to the Endpoints of the same name (upstream's
// endpoint reconciler writes both): the API server's advertised address and port. Written to the
// store directly, as the Endpoints are, since the address may be a loopback one.
import type { ApiRegistry } from './api-registry.js';

export interface KubernetesEndpointSliceOptions {
  readonly advertiseAddress: string;
  readonly port: number;
}

export async function reconcileKubernetesEndpointSlice(registry: ApiRegistry, opts: KubernetesEndpointSliceOptions): Promise<void> {
  const slices = registry.lookup('discovery.k8s.io', 'v1', 'endpointslices');
  if (!slices) return;
  const want = {
    addressType: /:/.test(opts.advertiseAddress) ? 'IPv6' : 'IPv4',
    endpoints: [{ addresses: [opts.advertiseAddress], conditions: { ready: true } }],
    ports: [{ name: 'https', port: opts.port, protocol: 'TCP' }],
  };
  const key = slices.key('default', 'kubernetes');
  const storage = slices.deps.storage;
  for (let attempt = 0; attempt < 5; attempt++) {
    const cur = await storage.get(key);
    if (!cur) {
      const obj = slices.prepareCreate('default', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } }, addressType: 'IPv4', endpoints: [] });
      Object.assign(obj, want);
      try {
        await storage.create(key, slices.encode(obj));
        return;
      } catch {
        continue;
      }
    }
    const obj = slices.decodeKv(cur);
    if (JSON.stringify([obj.addressType, obj.endpoints, obj.ports]) === JSON.stringify([want.addressType, want.endpoints, want.ports])) return;
    Object.assign(obj, want);
    try {
      await storage.update(key, slices.encode(obj), cur.modRevision);
      return;
    } catch {
      continue;
    }
  }
}
