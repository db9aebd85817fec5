// Deleting everything in a namespace (upstream's namespacedResourcesDeleter.deleteAllContent):
// discovery finds every namespaced resource that can be deleted; each is emptied with one
// deletecollection call (or list and delete one by one when the resource has no deletecollection),
// with background propagation, and then listed again to count what is left and the finalizers
// that hold it.
import { discoverResources, type Client, type DiscoveredResource, type KubeObject } from '../../client/index.js';
import type { DeletionReport } from './conditions.js';

/** Upstream's estimate for content held by finalizers: look again after this long. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

export interface ContentResult {
  readonly report: DeletionReport;
  /** Seconds until the remaining content is expected to be gone (0: nothing remains). */
  readonly estimateSeconds: number;
}

const deletable = (r: DiscoveredResource) => r.ref.namespaced && r.verbs.includes('delete') && r.verbs.includes('list');
export const groupResourceName = (r: DiscoveredResource): string => `${r.ref.resource}.${r.ref.group}`;

export async function deleteAllContent(client: Client, namespace: string, now: number, signal: AbortSignal): Promise<ContentResult> {
  const found = await discoverResources(client.rest, signal);
  const contentErrors: string[] = [];
  const remaining = new Map<string, number>();
  const finalizers = new Map<string, number>();
  let estimate = 0;
  // Events go last so the record of the deletion outlives the rest for as long as possible.
  const resources = found.resources.filter(deletable).sort((a, b) => Number(a.ref.resource === 'events') - Number(b.ref.resource === 'events'));
  for (const r of resources) {
    try {
      const left = await emptyResource(client, r, namespace, signal);
      if (left.length === 0) continue;
      remaining.set(groupResourceName(r), left.length);
      for (const o of left) {
        for (const f of o.metadata?.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
        estimate = Math.max(estimate, remainingGraceSeconds(o, now), o.metadata?.finalizers?.length ? FINALIZER_ESTIMATE_SECONDS : 0);
      }
      estimate = Math.max(estimate, 1);
    } catch (e) {
      if (signal.aborted) throw e;
      contentErrors.push(`${r.ref.group ? `${r.ref.group}/${r.ref.version}` : r.ref.version}, Resource=${r.ref.resource}: ${errorMessage(e)}`);
    }
  }
  return { report: { discoveryFailures: found.failed, contentErrors, remaining, finalizers }, estimateSeconds: estimate };
}

/** Deletes a resource's objects in the namespace and returns those still there. */
async function emptyResource(client: Client, r: DiscoveredResource, namespace: string, signal: AbortSignal): Promise<KubeObject[]> {
  const api = client.resource(r.ref, namespace);
  const before = await api.list({ signal });
  if (before.items.length === 0) return [];
  if (r.verbs.includes('deletecollection')) {
    await api.deleteCollection({ propagationPolicy: 'Background', signal });
  } else {
    for (const o of before.items) {
      if (o.metadata?.deletionTimestamp) continue;
      await api.delete(o.metadata!.name!, { propagationPolicy: 'Background', signal }).catch((e: unknown) => {
        if ((e as { code?: number }).code !== 404) throw e;
      });
    }
  }
  return (await api.list({ signal })).items;
}

/** A gracefully deleted object's seconds until its deletionTimestamp (pods). */
function remainingGraceSeconds(o: KubeObject, now: number): number {
  const t = o.metadata?.deletionTimestamp ? Date.parse(o.metadata.deletionTimestamp) : NaN;
  return Number.isNaN(t) ? 0 : Math.max(0, Math.ceil((t - now) / 1000));
}

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
