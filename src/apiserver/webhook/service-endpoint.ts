// Where the API server reaches a webhook given as a Service reference: one ready address of the
// Service's Endpoints (or EndpointSlices) for the referenced port, as upstream's aggregator-routing
// resolver picks one. k8ts has no service proxy, so a cluster IP would not be reachable.
import { newServiceUnavailable } from '../../api/errors.js';
import type { KObj } from '../../api/resource-info.js';
import type { ResourceStore } from '../registry/store.js';

type Obj = Record<string, any>;

export interface ServiceStores {
  readonly services: () => ResourceStore | undefined;
  readonly endpoints: () => ResourceStore | undefined;
  readonly endpointSlices: () => ResourceStore | undefined;
}

/** The stores of a registry's Services, Endpoints and EndpointSlices. */
export function serviceStoresOf(registry: { lookup(group: string, version: string, resource: string): ResourceStore | undefined }): ServiceStores {
  return {
    services: () => registry.lookup('', 'v1', 'services'),
    endpoints: () => registry.lookup('', 'v1', 'endpoints'),
    endpointSlices: () => registry.lookup('discovery.k8s.io', 'v1', 'endpointslices'),
  };
}

export interface ResolvedEndpoint {
  readonly host: string;
  readonly port: number;
}

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length) % list.length]!;

async function fromEndpoints(store: ResourceStore | undefined, namespace: string, name: string, portName: string, random: () => number): Promise<ResolvedEndpoint | undefined> {
  const kv = store ? await store.deps.storage.get(store.key(namespace, name)) : undefined;
  if (!store || !kv) return undefined;
  const eps = store.decodeKv(kv) as Obj;
  for (const ss of Array.isArray(eps.subsets) ? eps.subsets : []) {
    const addresses: Obj[] = Array.isArray(ss?.addresses) ? ss.addresses : [];
    for (const p of Array.isArray(ss?.ports) ? ss.ports : []) {
      if ((p?.name ?? '') !== portName || addresses.length === 0) continue;
      return { host: String(pick(addresses, random).ip), port: Number(p.port) };
    }
  }
  return undefined;
}

async function fromSlices(store: ResourceStore | undefined, namespace: string, name: string, portName: string, random: () => number): Promise<ResolvedEndpoint | undefined> {
  if (!store) return undefined;
  const page = await store.deps.storage.list(store.listPrefix(namespace));
  for (const kv of page.items) {
    const slice = store.decodeKv(kv) as Obj;
    if (slice.metadata?.labels?.['kubernetes.io/service-name'] !== name) continue;
    const ready: Obj[] = (Array.isArray(slice.endpoints) ? slice.endpoints : []).filter((e: Obj) => e?.conditions?.ready !== false && Array.isArray(e?.addresses) && e.addresses.length > 0);
    for (const p of Array.isArray(slice.ports) ? slice.ports : []) {
      if ((p?.name ?? '') !== portName || ready.length === 0 || typeof p.port !== 'number') continue;
      return { host: String(pick(ready, random).addresses[0]), port: p.port };
    }
  }
  return undefined;
}

/** The address of `namespace/name`'s port `port`; errors as upstream's resolver words them. */
export async function resolveServiceEndpoint(stores: ServiceStores, namespace: string, name: string, port: number, random: () => number = Math.random): Promise<ResolvedEndpoint> {
  const services = stores.services();
  if (!services) throw newServiceUnavailable(`no endpoints available for service "${name}"`);
  const svc = (await services.get(namespace, name)) as KObj & Obj;
  const type = svc.spec?.type ?? 'ClusterIP';
  if (type === 'ExternalName') {
    const host = String(svc.spec?.externalName ?? '');
    return { host, port };
  }
  if (type !== 'ClusterIP' && type !== 'NodePort' && type !== 'LoadBalancer') throw new Error(`unsupported service type "${type}"`);
  const svcPort = (Array.isArray(svc.spec?.ports) ? svc.spec.ports : []).find((p: Obj) => p?.port === port);
  if (!svcPort) throw newServiceUnavailable(`no service port ${port} found for service "${name}"`);
  const portName = String(svcPort.name ?? '');
  const found =
    (await fromEndpoints(stores.endpoints(), namespace, name, portName, random)) ?? (await fromSlices(stores.endpointSlices(), namespace, name, portName, random));
  if (!found) throw newServiceUnavailable(`no endpoints available for service "${name}"`);
  return found;
}
