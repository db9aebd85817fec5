// Finds the resource behind an HPA's scaleTargetRef (apiVersion + kind) through discovery, so any
// kind with a scale subresource works, custom resources included. Discovery is cached and
// refreshed when a kind is not in it (a CRD added since), at most once per refreshMs.
import { discoverResources, resourceForKind, type Client, type Clock, type ResourceRef } from '../../client/index.js';

export class ScaleTargetResolver {
  private cache: { at: number; resources: Awaited<ReturnType<typeof discoverResources>>['resources'] } | undefined;

  constructor(private readonly client: Client, private readonly clock: Clock, private readonly refreshMs = 10_000) {}

  /** The resource serving kind in apiVersion, or an upstream-worded error. */
  async resolve(apiVersion: string, kind: string, signal: AbortSignal): Promise<{ ok: true; ref: ResourceRef } | { ok: false; error: string }> {
    let found = this.cache && this.lookup(apiVersion, kind);
    if (!found && (!this.cache || this.clock.now() - this.cache.at >= this.refreshMs || !this.cache.resources.length)) {
      this.cache = { at: this.clock.now(), resources: (await discoverResources(this.client.rest, signal)).resources };
      found = this.lookup(apiVersion, kind);
    }
    if (found) return { ok: true, ref: found };
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    return { ok: false, error: `no matches for kind "${kind}" in group "${group}"` };
  }

  private lookup(apiVersion: string, kind: string): ResourceRef | undefined {
    return resourceForKind(this.cache!.resources, apiVersion, kind)?.ref;
  }
}
