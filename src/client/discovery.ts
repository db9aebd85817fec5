// Discovery: the resources the API server serves (client-go's ServerPreferredResources), read
// from /api, /apis and each group version's resource list. Subresources ("pods/status") are left
// out; each group contributes its preferred version only.
import { resourceRef, type ResourceRef } from './resources.js';
import type { RestClient } from './rest-client.js';

export interface DiscoveredResource {
  readonly ref: ResourceRef;
  readonly kind: string;
  readonly verbs: readonly string[];
}

export interface DiscoveryResult {
  readonly resources: DiscoveredResource[];
  /** Group versions whose resource list could not be read ("group/version" → message). */
  readonly failed: ReadonlyMap<string, string>;
}

interface ApiResource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
}

interface GroupList {
  groups?: Array<{ name: string; preferredVersion?: { groupVersion: string; version: string }; versions?: Array<{ groupVersion: string; version: string }> }>;
}

/** Every served resource at its group's preferred version; failures per group version are reported, not thrown. */
export async function discoverResources(rest: RestClient, signal?: AbortSignal): Promise<DiscoveryResult> {
  const core = await rest.request<{ versions?: string[] }>('GET', '/api', undefined, { signal });
  const groups = await rest.request<GroupList>('GET', '/apis', undefined, { signal });
  const gvs: Array<{ group: string; version: string; path: string }> = (core.versions ?? ['v1']).slice(0, 1).map((v) => ({ group: '', version: v, path: `/api/${v}` }));
  for (const g of groups.groups ?? []) {
    const pv = g.preferredVersion ?? g.versions?.[0];
    if (pv) gvs.push({ group: g.name, version: pv.version, path: `/apis/${pv.groupVersion}` });
  }
  const failed = new Map<string, string>();
  const lists = await Promise.all(
    gvs.map(async (gv) => {
      try {
        const l = await rest.request<{ resources?: ApiResource[] }>('GET', gv.path, undefined, { signal });
        return { gv, resources: l.resources ?? [] };
      } catch (e) {
        failed.set(gv.group ? `${gv.group}/${gv.version}` : gv.version, e instanceof Error ? e.message : String(e));
        return { gv, resources: [] };
      }
    }),
  );
  const resources: DiscoveredResource[] = [];
  for (const { gv, resources: rs } of lists) {
    for (const r of rs) {
      if (r.name.includes('/')) continue;
      resources.push({ ref: resourceRef({ group: gv.group, version: gv.version, resource: r.name, namespaced: r.namespaced, kind: r.kind }), kind: r.kind, verbs: r.verbs ?? [] });
    }
  }
  return { resources, failed };
}

/** "apps/v1" + "ReplicaSet" → the discovered resource serving that kind (any version of the group when the exact one is not preferred). */
export function resourceForKind(resources: readonly DiscoveredResource[], apiVersion: string, kind: string): DiscoveredResource | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const same = resources.filter((r) => r.ref.group === group && r.kind === kind);
  return same.find((r) => r.ref.version === version) ?? same[0];
}
