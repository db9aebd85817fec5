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

/** Upstream's maxCapacity: an Endpoints object lists at most this many addresses. */
export const MAX_ENDPOINT_ADDRESSES = 1000;
/** Set to "truncated" on an Endpoints object whose addresses were cut to the maximum. */
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

/** Keeps n of each subset's list, shared in proportion to the lists' sizes. */
function cut(subsets: EndpointSubset[], field: 'addresses' | 'notReadyAddresses', n: number): void {
  const total = subsets.reduce((s, x) => s + (x[field]?.length ?? 0), 0);
  if (total <= n) return;
  let left = n;
  const shares = subsets.map((s) => {
    const k = Math.floor(((s[field]?.length ?? 0) * n) / total);
    left -= k;
    return k;
  });
  for (let i = 0; left > 0 && i < subsets.length; i++) {
    if ((subsets[i]![field]?.length ?? 0) > shares[i]!) {
      shares[i]!++;
      left--;
    }
  }
  subsets.forEach((s, i) => {
    if (!s[field]) return;
    s[field] = s[field]!.slice(0, shares[i]);
    if (!s[field]!.length) delete s[field];
  });
}

/**
 * Upstream's truncation past maxCapacity: ready addresses are kept first (not-ready ones fill what
 * room is left), each list cut in proportion across subsets. Mutates subsets.
 */
export function truncateSubsets(subsets: EndpointSubset[], max = MAX_ENDPOINT_ADDRESSES): { subsets: EndpointSubset[]; truncated: boolean } {
  const ready = subsets.reduce((s, x) => s + (x.addresses?.length ?? 0), 0);
  const notReady = subsets.reduce((s, x) => s + (x.notReadyAddresses?.length ?? 0), 0);
  if (ready + notReady <= max) return { subsets, truncated: false };
  cut(subsets, 'addresses', max);
  cut(subsets, 'notReadyAddresses', Math.max(0, max - Math.min(ready, max)));
  return { subsets: subsets.filter((s) => s.addresses?.length || s.notReadyAddresses?.length), truncated: true };
}
