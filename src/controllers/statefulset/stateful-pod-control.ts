// The writes a StatefulSet makes to its pods and claims (upstream's StatefulPodControl), each
// reported as an event on the set in upstream's words.
import type { StatefulSet } from '../../api/types/apps-v1.js';
import type { PersistentVolumeClaim, Pod } from '../../api/types/core-v1.js';
import { PERSISTENTVOLUMECLAIMS, PODS, isAlreadyExists, isNotFound, type Client, type EventRecorder, type Lister } from '../../client/index.js';
import { errorMessage } from '../runtime/index.js';
import { claimOwnerRef } from './claim-retention.js';
import { claimsFor, ordinalOf } from './identity.js';

const TARGET = { kind: 'StatefulSet', apiVersion: 'apps/v1' } as const;
const title = (verb: string) => verb[0]!.toUpperCase() + verb.slice(1);

export class StatefulPodControl {
  constructor(
    private readonly client: Client,
    private readonly recorder: EventRecorder,
    private readonly claims: Lister<PersistentVolumeClaim>,
  ) {}

  private podEvent(verb: string, set: Readonly<StatefulSet>, pod: string, err?: unknown): void {
    if (err === undefined) this.recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Pod ${pod} in StatefulSet ${set.metadata?.name} successful`, TARGET);
    else this.recorder.event(set, 'Warning', `Failed${title(verb)}`, `${verb} Pod ${pod} in StatefulSet ${set.metadata?.name} failed error: ${errorMessage(err)}`, TARGET);
  }

  /** Creates the pod's missing claims (upstream's createPersistentVolumeClaims). */
  async createClaims(set: Readonly<StatefulSet>, ordinal: number, signal: AbortSignal): Promise<void> {
    const ns = set.metadata?.namespace ?? '';
    const whenDeleted = set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain';
    for (const claim of claimsFor(set, ordinal).values()) {
      const name = claim.metadata!.name!;
      if (this.claims.get(name, ns)) continue;
      if (whenDeleted === 'Delete') claim.metadata!.ownerReferences = [claimOwnerRef(set)];
      const pod = `${set.metadata?.name}-${ordinal}`;
      try {
        await this.client.resource(PERSISTENTVOLUMECLAIMS, ns).create(claim, { signal });
        this.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${pod} in StatefulSet ${set.metadata?.name} success`, TARGET);
      } catch (e) {
        if (isAlreadyExists(e)) continue;
        this.recorder.event(set, 'Warning', 'FailedCreate', `create Claim ${name} for Pod ${pod} in StatefulSet ${set.metadata?.name} failed error: ${errorMessage(e)}`, TARGET);
        throw e;
      }
    }
  }

  /** Claims first, then the pod; a pod that already exists (a stale cache) is not an error. */
  async createPod(set: Readonly<StatefulSet>, pod: Pod, signal: AbortSignal): Promise<void> {
    await this.createClaims(set, ordinalOf(pod), signal);
    try {
      await this.client.resource(PODS, pod.metadata?.namespace).create(pod, { signal });
      this.podEvent('create', set, pod.metadata!.name!);
    } catch (e) {
      if (isAlreadyExists(e)) return;
      this.podEvent('create', set, pod.metadata!.name!, e);
      throw e;
    }
  }

  async deletePod(set: Readonly<StatefulSet>, pod: Readonly<Pod>, signal: AbortSignal): Promise<void> {
    try {
      await this.client.resource(PODS, pod.metadata?.namespace).delete(pod.metadata!.name!, { signal, preconditions: { uid: pod.metadata?.uid } });
      this.podEvent('delete', set, pod.metadata!.name!);
    } catch (e) {
      if (isNotFound(e)) return;
      this.podEvent('delete', set, pod.metadata!.name!, e);
      throw e;
    }
  }

  async updatePodLabels(set: Readonly<StatefulSet>, pod: Readonly<Pod>, labels: Readonly<Record<string, string>>, signal: AbortSignal): Promise<void> {
    try {
      await this.client.resource(PODS, pod.metadata?.namespace).patch(pod.metadata!.name!, { metadata: { labels } }, 'strategic', { signal });
      this.podEvent('update', set, pod.metadata!.name!);
    } catch (e) {
      if (isNotFound(e)) return;
      this.podEvent('update', set, pod.metadata!.name!, e);
      throw e;
    }
  }

  async deleteClaim(set: Readonly<StatefulSet>, claim: Readonly<PersistentVolumeClaim>, signal: AbortSignal): Promise<void> {
    try {
      await this.client.resource(PERSISTENTVOLUMECLAIMS, claim.metadata?.namespace).delete(claim.metadata!.name!, { signal });
      this.recorder.event(set, 'Normal', 'SuccessfulDelete', `delete Claim ${claim.metadata?.name} in StatefulSet ${set.metadata?.name} success`, TARGET);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
