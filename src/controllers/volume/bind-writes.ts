// The API writes of binding (upstream's bind/unbind steps, in its order): the volume's claimRef,
// the volume's phase, the claim's volumeName and annotations, the claim's phase with capacity and
// access modes. Each step is skipped when already done, so a binding interrupted by a conflict
// resumes where it stopped on the next sync.
import type { ObjectReference, PersistentVolume, PersistentVolumeClaim } from '../../api/types/core-v1.js';
import { isNotFound, PERSISTENTVOLUMECLAIMS, PERSISTENTVOLUMES, type Client } from '../../client/index.js';
import { ANN_BETA_STORAGE_PROVISIONER, ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_STORAGE_PROVISIONER } from './annotations.js';

const YES = 'yes';

export function claimReference(claim: Readonly<PersistentVolumeClaim>): ObjectReference {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata?.namespace,
    name: claim.metadata?.name,
    uid: claim.metadata?.uid,
    apiVersion: 'v1',
    resourceVersion: claim.metadata?.resourceVersion,
  };
}

const sameModes = (a: readonly string[] | undefined, b: readonly string[] | undefined) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

export class BindWrites {
  constructor(private readonly client: Client) {}

  private volumes() {
    return this.client.resource(PERSISTENTVOLUMES);
  }

  private claims(ns: string | undefined) {
    return this.client.resource(PERSISTENTVOLUMECLAIMS, ns);
  }

  /** Binds both sides; returns the written objects. */
  async bind(pv: Readonly<PersistentVolume>, claim: Readonly<PersistentVolumeClaim>, signal: AbortSignal): Promise<{ pv: PersistentVolume; claim: PersistentVolumeClaim }> {
    const bound = await this.bindVolumeToClaim(pv, claim, signal);
    const volume = await this.setVolumePhase(bound, 'Bound', '', signal);
    const named = await this.bindClaimToVolume(claim, volume, signal);
    const done = await this.setClaimBound(named, volume, signal);
    return { pv: volume, claim: done };
  }

  async bindVolumeToClaim(pv: Readonly<PersistentVolume>, claim: Readonly<PersistentVolumeClaim>, signal: AbortSignal): Promise<PersistentVolume> {
    const ref = pv.spec?.claimRef;
    if (ref?.uid && ref.uid === claim.metadata?.uid) return pv as PersistentVolume;
    const next = structuredClone(pv) as PersistentVolume;
    next.spec = { ...next.spec, claimRef: claimReference(claim) };
    // A volume the user pre-bound (claimRef by name) keeps saying so: no bound-by-controller.
    if (!ref) next.metadata = { ...next.metadata, annotations: { ...next.metadata?.annotations, [ANN_BOUND_BY_CONTROLLER]: YES } };
    return this.volumes().update(next, { signal });
  }

  async setVolumePhase(pv: Readonly<PersistentVolume>, phase: string, message: string, signal: AbortSignal): Promise<PersistentVolume> {
    if (pv.status?.phase === phase && (pv.status?.message ?? '') === message) return pv as PersistentVolume;
    const next = structuredClone(pv) as PersistentVolume;
    next.status = { ...next.status, phase };
    if (message) next.status.message = message;
    else delete next.status.message;
    return this.volumes().updateStatus(next, { signal });
  }

  async bindClaimToVolume(claim: Readonly<PersistentVolumeClaim>, pv: Readonly<PersistentVolume>, signal: AbortSignal): Promise<PersistentVolumeClaim> {
    const name = pv.metadata?.name ?? '';
    const ann = claim.metadata?.annotations ?? {};
    if (claim.spec?.volumeName === name && ann[ANN_BIND_COMPLETED] === YES) return claim as PersistentVolumeClaim;
    const next = structuredClone(claim) as PersistentVolumeClaim;
    const annotations: Record<string, string> = { ...next.metadata?.annotations, [ANN_BIND_COMPLETED]: YES };
    if (!claim.spec?.volumeName) annotations[ANN_BOUND_BY_CONTROLLER] = YES;
    next.metadata = { ...next.metadata, annotations };
    next.spec = { ...next.spec, volumeName: name };
    return this.claims(claim.metadata?.namespace).update(next, { signal });
  }

  async setClaimBound(claim: Readonly<PersistentVolumeClaim>, pv: Readonly<PersistentVolume>, signal: AbortSignal): Promise<PersistentVolumeClaim> {
    const capacity = pv.spec?.capacity ?? {};
    const st = claim.status ?? {};
    if (st.phase === 'Bound' && sameModes(st.accessModes, pv.spec?.accessModes) && JSON.stringify(st.capacity ?? {}) === JSON.stringify(capacity)) return claim as PersistentVolumeClaim;
    const next = structuredClone(claim) as PersistentVolumeClaim;
    next.status = { ...next.status, phase: 'Bound', accessModes: [...(pv.spec?.accessModes ?? [])], capacity: { ...capacity } };
    return this.claims(claim.metadata?.namespace).updateStatus(next, { signal });
  }

  async setClaimPhase(claim: Readonly<PersistentVolumeClaim>, phase: 'Pending' | 'Lost', signal: AbortSignal): Promise<PersistentVolumeClaim> {
    if (claim.status?.phase === phase) return claim as PersistentVolumeClaim;
    const next = structuredClone(claim) as PersistentVolumeClaim;
    next.status = { ...next.status, phase };
    if (phase === 'Lost') {
      delete next.status.capacity;
      delete next.status.accessModes;
    }
    return this.claims(claim.metadata?.namespace).updateStatus(next, { signal });
  }

  /** Frees a volume from a claim that is bound elsewhere: the controller's binding is removed, a user's pre-binding keeps its name. */
  async unbindVolume(pv: Readonly<PersistentVolume>, signal: AbortSignal): Promise<PersistentVolume> {
    const next = structuredClone(pv) as PersistentVolume;
    const annotations = { ...next.metadata?.annotations };
    if (annotations[ANN_BOUND_BY_CONTROLLER]) {
      delete next.spec!.claimRef;
      delete annotations[ANN_BOUND_BY_CONTROLLER];
    } else if (next.spec?.claimRef) {
      next.spec.claimRef = { ...next.spec.claimRef };
      delete next.spec.claimRef.uid;
      delete next.spec.claimRef.resourceVersion;
    }
    next.metadata = { ...next.metadata, annotations };
    const written = await this.volumes().update(next, { signal });
    return this.setVolumePhase(written, 'Available', '', signal);
  }

  /** Records why a volume cannot be reclaimed (phase and message only: upstream leaves status.reason alone). */
  failVolume(pv: Readonly<PersistentVolume>, message: string, signal: AbortSignal): Promise<PersistentVolume> {
    return this.setVolumePhase(pv, 'Failed', message, signal);
  }

  /** Names the provisioner expected to create the claim's volume (both spellings, as upstream). */
  async annotateProvisioner(claim: Readonly<PersistentVolumeClaim>, provisioner: string, signal: AbortSignal): Promise<PersistentVolumeClaim> {
    const next = structuredClone(claim) as PersistentVolumeClaim;
    next.metadata = { ...next.metadata, annotations: { ...next.metadata?.annotations, [ANN_STORAGE_PROVISIONER]: provisioner, [ANN_BETA_STORAGE_PROVISIONER]: provisioner } };
    return this.claims(claim.metadata?.namespace).update(next, { signal });
  }

  /** The claim as the API server has it now (undefined: gone). */
  async liveClaim(namespace: string, name: string, signal: AbortSignal): Promise<PersistentVolumeClaim | undefined> {
    try {
      return await this.claims(namespace).get(name, { signal });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async volumeExists(name: string, signal: AbortSignal): Promise<boolean> {
    try {
      await this.volumes().get(name, { signal });
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }
}
