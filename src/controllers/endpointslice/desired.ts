// What a service's EndpointSlices should hold (upstream's endpointslice reconciler inputs): one
// endpoint per pod with an IP (terminating pods included, with their conditions), grouped by the
// set of ports the pod resolves. Pure.
import type { Node, Pod, Service } from '../../api/types/core-v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from '../../api/types/discovery-v1.js';
import { isPodReady } from '../pod-util.js';
import { podHostname, podReference, resolvePorts, shouldPodBeInEndpoints } from '../endpoints/pod-endpoints.js';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface EndpointGroup {
  readonly ports: EndpointPort[];
  /** By target pod uid. */
  readonly endpoints: Map<string, Endpoint>;
}

/** A stable key of a port list (order does not matter). */
export const portsKey = (ports: readonly EndpointPort[] | undefined): string =>
  JSON.stringify((ports ?? []).map((p) => [p.name ?? '', p.port ?? 0, p.protocol ?? 'TCP', p.appProtocol ?? '']).sort());

/** The key an endpoint is tracked by: its pod's uid (or its first address). */
export const endpointKey = (e: Readonly<Endpoint>): string => e.targetRef?.uid || e.addresses?.[0] || '';

export function endpointFor(svc: Readonly<Service>, pod: Readonly<Pod>, node: Readonly<Node> | undefined): Endpoint {
  const terminating = !!pod.metadata?.deletionTimestamp;
  const publish = !!svc.spec?.publishNotReadyAddresses;
  const serving = publish || isPodReady(pod);
  const e: Endpoint = { addresses: [pod.status!.podIP!], conditions: { ready: publish || (serving && !terminating), serving, terminating } };
  const host = podHostname(svc, pod);
  if (host) e.hostname = host;
  if (pod.spec?.nodeName) e.nodeName = pod.spec.nodeName;
  e.targetRef = podReference(pod);
  const zone = node?.metadata?.labels?.[ZONE_LABEL];
  if (zone) e.zone = zone;
  return e;
}

export function desiredGroups(svc: Readonly<Service>, pods: readonly Readonly<Pod>[], nodeOf: (name: string) => Readonly<Node> | undefined): Map<string, EndpointGroup> {
  const groups = new Map<string, EndpointGroup>();
  const hasPorts = (svc.spec?.ports ?? []).length > 0;
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports: EndpointPort[] = resolvePorts(svc, pod).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }));
    if (hasPorts && !ports.length) continue;
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: new Map() }));
    const e = endpointFor(svc, pod, nodeOf(pod.spec?.nodeName ?? ''));
    g.endpoints.set(endpointKey(e), e);
  }
  return groups;
}

export const sliceSize = (s: Readonly<EndpointSlice>): number => s.endpoints?.length ?? 0;
