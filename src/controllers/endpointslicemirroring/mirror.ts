// What the EndpointSlice mirroring controller derives from a hand-written Endpoints object
// (upstream's endpointslicemirroring utils): which Endpoints are mirrored, and the endpoints of
// each port set with their ready condition, labels and annotations for the slices. Pure.
import type { Endpoints, Service } from '../../api/types/core-v1.js';
import type { Endpoint, EndpointPort } from '../../api/types/discovery-v1.js';
import { TRIGGER_TIME_ANNOTATION } from '../endpoints/pod-endpoints.js';
import { endpointKey, portsKey, type EndpointGroup } from '../endpointslice/desired.js';

export const MIRRORING_MANAGED_BY = 'endpointslicemirroring-controller.k8s.io';
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
export const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Upstream's --mirroring-max-endpoints-per-subset. */
export const MAX_MIRRORED_PER_SUBSET = 1000;

/** Mirrored: the service exists without a selector, and the Endpoints is neither marked skip-mirror nor a leader-election lock. */
export function shouldMirror(svc: Readonly<Service> | undefined, ep: Readonly<Endpoints> | undefined): boolean {
  if (!svc || !ep) return false;
  if (svc.spec?.selector && Object.keys(svc.spec.selector).length) return false;
  if (ep.metadata?.labels?.[SKIP_MIRROR_LABEL] === 'true') return false;
  return !(ep.metadata?.annotations && LEADER_ANNOTATION in ep.metadata.annotations);
}

const isIPv4 = (ip: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(ip);

export function mirroredGroups(ep: Readonly<Endpoints>): Map<string, EndpointGroup> {
  const groups = new Map<string, EndpointGroup>();
  for (const subset of ep.subsets ?? []) {
    const ports: EndpointPort[] = (subset.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP', ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }));
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: new Map() }));
    const add = (ready: boolean) => (a: NonNullable<typeof subset.addresses>[number]) => {
      if (!a.ip || !isIPv4(a.ip) || g!.endpoints.size >= MAX_MIRRORED_PER_SUBSET) return;
      const e: Endpoint = { addresses: [a.ip], conditions: { ready } };
      if (a.targetRef) e.targetRef = { ...a.targetRef };
      if (a.nodeName) e.nodeName = a.nodeName;
      if (a.hostname) e.hostname = a.hostname;
      const k = endpointKey(e);
      if (!g!.endpoints.has(k)) g!.endpoints.set(k, e);
    };
    (subset.addresses ?? []).forEach(add(true));
    (subset.notReadyAddresses ?? []).forEach(add(false));
  }
  for (const [k, g] of groups) if (!g.endpoints.size) groups.delete(k);
  return groups;
}

export function mirroredAnnotations(ep: Readonly<Endpoints>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ep.metadata?.annotations ?? {})) if (k !== TRIGGER_TIME_ANNOTATION && k !== LAST_APPLIED) out[k] = v;
  return out;
}
