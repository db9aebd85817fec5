// Writes a replica controller makes to pods (upstream's PodControl): create from the template,
// delete, adopt and release through ownerReference patches. One seam, so tests can swap it.
import type { Pod, PodTemplateSpec } from '../../api/types/core-v1.js';
import type { OwnerReference } from '../../api/types/meta-v1.js';
import { PODS, isNotFound, type Client } from '../../client/index.js';

export interface PodControl {
  createPod(namespace: string, pod: Pod, signal: AbortSignal): Promise<Pod>;
  deletePod(namespace: string, name: string, signal: AbortSignal): Promise<void>;
  /** Makes owner the pod's controller (strategic merge by uid). */
  adoptPod(namespace: string, name: string, ref: OwnerReference, signal: AbortSignal): Promise<void>;
  /** Drops the ownerReference with uid from the pod (NotFound is fine). */
  releasePod(namespace: string, name: string, ownerUid: string, signal: AbortSignal): Promise<void>;
}

export class ApiPodControl implements PodControl {
  constructor(private readonly client: Client) {}

  createPod(namespace: string, pod: Pod, signal: AbortSignal): Promise<Pod> {
    return this.client.resource(PODS, namespace).create(pod, { signal });
  }

  async deletePod(namespace: string, name: string, signal: AbortSignal): Promise<void> {
    await this.client.resource(PODS, namespace).delete(name, { signal });
  }

  async adoptPod(namespace: string, name: string, ref: OwnerReference, signal: AbortSignal): Promise<void> {
    await this.client.resource(PODS, namespace).patch(name, { metadata: { ownerReferences: [ref] } }, 'strategic', { signal });
  }

  async releasePod(namespace: string, name: string, ownerUid: string, signal: AbortSignal): Promise<void> {
    try {
      await this.client.resource(PODS, namespace).patch(name, { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }] } }, 'strategic', { signal });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/** The name prefix of a controller's pods ("web-"), as upstream's getPodsPrefix. */
export function podsPrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  return /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?-?$/.test(prefix) ? prefix : controllerName;
}

/** A pod from a template, controlled by ref (upstream's GetPodFromTemplate). */
export function podFromTemplate(template: Readonly<PodTemplateSpec> | undefined, namespace: string, controllerName: string, ref: OwnerReference): Pod {
  const t = structuredClone(template ?? {}) as PodTemplateSpec;
  const meta = t.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName: podsPrefix(controllerName), namespace, ownerReferences: [ref] },
    spec: t.spec ?? { containers: [] },
  };
  if (meta.labels && Object.keys(meta.labels).length) pod.metadata!.labels = meta.labels;
  if (meta.annotations && Object.keys(meta.annotations).length) pod.metadata!.annotations = meta.annotations;
  if (meta.finalizers?.length) pod.metadata!.finalizers = meta.finalizers;
  return pod;
}

/**
 * Runs fn count times in batches of 1, 2, 4, ... and stops after the first batch with an error
 * (upstream's slowStartBatch): a failing create (quota, admission) costs a few calls, not count.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<void>): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    let error: unknown;
    for (const r of results) {
      if (r.status === 'fulfilled') successes++;
      else error ??= r.reason;
    }
    if (error !== undefined) return { successes, error };
    remaining -= batch;
  }
  return { successes };
}
