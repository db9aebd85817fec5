// How to get from a service's current EndpointSlices to the desired endpoints with few writes
// (upstream's reconciler, simplified): endpoints stay in the slice they are in, new ones fill
// slices with room and then new slices of at most maxEndpointsPerSlice, emptied slices go, and a
// service with no endpoints keeps one empty placeholder slice. Pure: the controller writes.
import type { Endpoint, EndpointSlice } from '../../api/types/discovery-v1.js';
import { canonicalJson } from '../deployment/hash.js';
import { endpointKey, portsKey, type EndpointGroup } from './desired.js';

export interface SlicePlan {
  /** New slices (metadata.generateName set by the caller's template). */
  readonly create: EndpointSlice[];
  readonly update: EndpointSlice[];
  readonly delete: EndpointSlice[];
}

export interface PlanInput {
  readonly groups: ReadonlyMap<string, EndpointGroup>;
  readonly existing: readonly Readonly<EndpointSlice>[];
  /** A new empty slice with the service's metadata (labels, owner, generateName). */
  readonly template: () => EndpointSlice;
  /** Applies the service's labels/annotations to a slice; true when that changed it. */
  readonly refreshMeta: (slice: EndpointSlice) => boolean;
  readonly maxEndpointsPerSlice: number;
  /** Keep one empty slice when there are no endpoints (default true; the mirroring controller keeps none). */
  readonly placeholder?: boolean;
}

const ipKey = (e: Readonly<Endpoint>) => (e.addresses?.[0] ?? '').split('.').map((o) => o.padStart(3, '0')).join('.');
const byIp = (a: Endpoint, b: Endpoint) => (ipKey(a) < ipKey(b) ? -1 : ipKey(a) > ipKey(b) ? 1 : 0);

export function planSlices(input: PlanInput): SlicePlan {
  const plan = { create: [] as EndpointSlice[], update: [] as EndpointSlice[], delete: [] as EndpointSlice[] };
  const max = Math.max(1, input.maxEndpointsPerSlice);
  const placed = new Set<string>();
  const kept = new Map<string, EndpointSlice[]>();
  const existing = [...input.existing].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const spare: Readonly<EndpointSlice>[] = [];
  for (const cur of existing) {
    const key = portsKey(cur.ports);
    const g = input.groups.get(key);
    const endpoints: Endpoint[] = [];
    for (const e of cur.endpoints ?? []) {
      const k = endpointKey(e);
      const want = g?.endpoints.get(k);
      if (!want || placed.has(k) || endpoints.length >= max) continue;
      placed.add(k);
      endpoints.push(want);
    }
    if (!endpoints.length) {
      spare.push(cur);
      continue;
    }
    const next = structuredClone(cur) as EndpointSlice;
    next.endpoints = endpoints;
    const metaChanged = input.refreshMeta(next);
    if (metaChanged || canonicalJson(cur.endpoints) !== canonicalJson(endpoints)) plan.update.push(next);
    kept.set(key, [...(kept.get(key) ?? []), next]);
  }
  for (const [key, g] of input.groups) {
    const rest = [...g.endpoints.entries()].filter(([k]) => !placed.has(k)).map(([, e]) => e).sort(byIp);
    if (!rest.length) continue;
    for (const s of kept.get(key) ?? []) {
      const room = max - (s.endpoints?.length ?? 0);
      if (room <= 0 || !rest.length) continue;
      s.endpoints = [...(s.endpoints ?? []), ...rest.splice(0, room)];
      if (!plan.update.includes(s)) plan.update.push(s);
    }
    while (rest.length) {
      const s = input.template();
      s.ports = g.ports.map((p) => ({ ...p }));
      s.endpoints = rest.splice(0, max);
      plan.create.push(s);
    }
  }
  const total = [...input.groups.values()].reduce((n, g) => n + g.endpoints.size, 0);
  if (total === 0 && input.placeholder !== false) {
    // One placeholder: reuse an existing slice (an empty one first) or create one.
    const reuse = spare.find((s) => !s.endpoints?.length) ?? spare[0];
    if (reuse) {
      spare.splice(spare.indexOf(reuse), 1);
      const next = structuredClone(reuse) as EndpointSlice;
      next.endpoints = [];
      delete next.ports;
      const metaChanged = input.refreshMeta(next);
      if (metaChanged || reuse.endpoints?.length || reuse.ports?.length) plan.update.push(next);
    } else if (!plan.update.length) {
      const s = input.template();
      s.endpoints = [];
      plan.create.push(s);
    }
  }
  for (const s of spare) plan.delete.push(s as EndpointSlice);
  return plan;
}
