// Discovery documents, computed from the registry: legacy (/api, /apis, group and
// group-version resource lists) and aggregated (apidiscovery.k8s.io v2 and v2beta1).
import { ALL_VERBS, apiVersionOf, type ResourceInfo } from '../api/resource-info.js';
import type { ApiRegistry } from './api-registry.js';

interface SubresourceDoc {
  readonly name: string;
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly verbs: readonly string[];
}

function subresourcesOf(info: ResourceInfo): SubresourceDoc[] {
  const out: SubresourceDoc[] = [];
  if (info.group === '' && info.resource === 'pods') {
    out.push({ name: 'binding', kind: 'Binding', verbs: ['create'] });
    out.push({ name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    out.push({ name: 'ephemeralcontainers', kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    out.push({ name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] });
    out.push({ name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] });
    out.push({ name: 'log', kind: 'Pod', verbs: ['get'] });
    out.push({ name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
  }
  if (info.group === 'certificates.k8s.io' && info.resource === 'certificatesigningrequests') {
    out.push({ name: 'approval', kind: 'CertificateSigningRequest', verbs: ['get', 'patch', 'update'] });
  }
  if (info.group === '' && info.resource === 'namespaces') out.push({ name: 'finalize', kind: 'Namespace', verbs: ['update'] });
  if (info.group === '' && info.resource === 'nodes') out.push({ name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] });
  if (info.group === '' && info.resource === 'serviceaccounts') out.push({ name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] });
  if (info.scale) out.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  if (info.status) out.push({ name: 'status', kind: info.kind, verbs: ['get', 'patch', 'update'] });
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function apiResourceList(registry: ApiRegistry, group: string, version: string): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  const stores = registry.resourcesOf(group, version).sort((a, b) => a.info.resource.localeCompare(b.info.resource));
  for (const s of stores) {
    const i = s.info;
    const r: Record<string, unknown> = {
      name: i.resource,
      singularName: i.singular,
      namespaced: i.namespaced,
      kind: i.kind,
      verbs: [...(i.verbs ?? ALL_VERBS)],
    };
    if (i.shortNames?.length) r.shortNames = [...i.shortNames];
    if (i.categories?.length) r.categories = [...i.categories];
    resources.push(r);
    for (const sub of subresourcesOf(i)) {
      const e: Record<string, unknown> = { name: `${i.resource}/${sub.name}`, singularName: '', namespaced: i.namespaced };
      if (sub.group !== undefined) e.group = sub.group;
      if (sub.version !== undefined) e.version = sub.version;
      e.kind = sub.kind;
      e.verbs = [...sub.verbs];
      resources.push(e);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
}

function groupDoc(registry: ApiRegistry, group: string): Record<string, unknown> {
  const versions = registry
    .groupVersions()
    .filter((gv) => gv.group === group)
    .map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(registry: ApiRegistry): Record<string, unknown> {
  const groups: string[] = [];
  for (const gv of registry.groupVersions()) if (gv.group && !groups.includes(gv.group)) groups.push(gv.group);
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => groupDoc(registry, g)) };
}

export function apiGroup(registry: ApiRegistry, group: string): Record<string, unknown> | undefined {
  if (!registry.groupVersions().some((gv) => gv.group === group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(registry, group) };
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function aggregatedVersion(registry: ApiRegistry, group: string, version: string): Record<string, unknown> {
  const stores = registry.resourcesOf(group, version).sort((a, b) => a.info.resource.localeCompare(b.info.resource));
  const resources = stores.map((s) => {
    const i = s.info;
    const r: Record<string, unknown> = {
      resource: i.resource,
      responseKind: { group, version, kind: i.kind },
      scope: i.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: i.singular,
      verbs: [...(i.verbs ?? ALL_VERBS)],
    };
    if (i.shortNames?.length) r.shortNames = [...i.shortNames];
    if (i.categories?.length) r.categories = [...i.categories];
    const subs = subresourcesOf(i).map((sub) => ({
      subresource: sub.name,
      responseKind: { group: sub.group ?? group, version: sub.version ?? version, kind: sub.kind },
      verbs: [...sub.verbs],
    }));
    if (subs.length) r.subresources = subs;
    return r;
  });
  return { version, resources, freshness: 'Current' };
}

/** The aggregated document for /api (core only) or /apis (every named group). */
export function aggregatedDiscovery(registry: ApiRegistry, core: boolean, apiVersion: 'v2' | 'v2beta1'): Record<string, unknown> {
  const items: Record<string, unknown>[] = [];
  if (core) {
    items.push({ metadata: { creationTimestamp: null }, versions: [aggregatedVersion(registry, '', 'v1')] });
  } else {
    const groups: string[] = [];
    for (const gv of registry.groupVersions()) if (gv.group && !groups.includes(gv.group)) groups.push(gv.group);
    for (const g of groups) {
      const versions = registry
        .groupVersions()
        .filter((gv) => gv.group === g)
        .map((gv) => aggregatedVersion(registry, g, gv.version));
      items.push({ metadata: { name: g, creationTimestamp: null }, versions });
    }
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${apiVersion}`, metadata: {}, items };
}

/** Which aggregated discovery version the Accept header asks for, if any. */
export function wantsAggregated(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept) return undefined;
  let best: 'v2' | 'v2beta1' | undefined;
  for (const part of accept.split(',')) {
    const params = new Map<string, string>();
    for (const p of part.split(';').slice(1)) {
      const [k, v] = p.split('=').map((x) => x.trim());
      if (k && v) params.set(k, v);
    }
    if (params.get('g') !== 'apidiscovery.k8s.io' || params.get('as') !== 'APIGroupDiscoveryList') continue;
    const v = params.get('v');
    if (v === 'v2') return 'v2';
    if (v === 'v2beta1') best ??= 'v2beta1';
  }
  return best;
}
