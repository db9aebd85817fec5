// The subsets of a service's Endpoints from its pods (upstream's syncService + RepackSubsets):
// one address per pod with an IP, ready ones in addresses and the rest in notReadyAddresses,
// grouped by the ports they resolve to; sorted, so equal inputs give equal objects. Pure.
import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service } from '../../api/types/core-v1.js';
import { isHeadless, podHostname, podReadyFor, podReference, resolvePorts, shouldPodBeInEndpoints, type ResolvedPort } from './pod-endpoints.js';

const portKey = (ports: readonly ResolvedPort[]) => JSON.stringify(ports.map((p) => [p.name ?? '', p.port, p.protocol, p.appProtocol ?? '']).sort());

const ipKey = (ip: string) => ip.split('.').map((o) => o.padStart(3, '0')).join('.');

const byAddress = (a: EndpointAddress, b: EndpointAddress) => {
  const x = ipKey(a.ip ?? '');
  const y = ipKey(b.ip ?? '');
  if (x !== y) return x < y ? -1 : 1;
  const u = a.targetRef?.uid ?? '';
  const v = b.targetRef?.uid ?? '';
  return u < v ? -1 : u > v ? 1 : 0;
};

const byPort = (a: EndpointPort, b: EndpointPort) => (a.name ?? '').localeCompare(b.name ?? '') || (a.port ?? 0) - (b.port ?? 0) || (a.protocol ?? '').localeCompare(b.protocol ?? '');

function addressOf(svc: Readonly<Service>, pod: Readonly<Pod>): EndpointAddress {
  const a: EndpointAddress = { ip: pod.status!.podIP! };
  const host = podHostname(svc, pod);
  if (host) a.hostname = host;
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  a.targetRef = podReference(pod);
  return a;
}

export function computeSubsets(svc: Readonly<Service>, pods: readonly Readonly<Pod>[]): EndpointSubset[] {
  const tolerateUnready = !!svc.spec?.publishNotReadyAddresses;
  const groups = new Map<string, { ports: ResolvedPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  const hasPorts = (svc.spec?.ports ?? []).length > 0;
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const ports = resolvePorts(svc, pod);
    // A pod that resolves none of the service's ports is left out, unless the service is a
    // headless one without ports (then addresses alone are published).
    if (!ports.length && (hasPorts || !isHeadless(svc))) continue;
    const key = portKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
    (podReadyFor(svc, pod) ? g.ready : g.notReady).push(addressOf(svc, pod));
  }
  const subsets: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const s: EndpointSubset = {};
    if (g.ready.length) s.addresses = g.ready.sort(byAddress);
    if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(byAddress);
    if (g.ports.length) s.ports = g.ports.map((p) => ({ ...p })).sort(byPort);
    subsets.push(s);
  }
  const first = (s: EndpointSubset) => ipKey((s.addresses ?? s.notReadyAddresses ?? [])[0]?.ip ?? '');
  return subsets.sort((a, b) => (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0));
}
