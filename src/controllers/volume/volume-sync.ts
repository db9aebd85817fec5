// The binder's volume side: a volume's phase follows its claimRef (none: Available; a claim that
// exists and names it: Bound; a claim that is gone: Released), and a released volume is reclaimed as
// its persistentVolumeReclaimPolicy says. Retain keeps it Released for an administrator; Delete of a
// provisioned volume is its provisioner's job; Delete of a hand-made volume and Recycle have no
// plugin here, so the volume goes Failed with upstream's reason, as it would upstream.
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/types/core-v1.js';
import type { EventRecorder, Lister } from '../../client/index.js';
import type { ReconcileResult } from '../runtime/index.js';
import { ANN_PROVISIONED_BY, claimKey } from './annotations.js';
import { VOLUME_TARGET } from './event-targets.js';
import type { BindWrites } from './bind-writes.js';

export interface VolumeSyncDeps {
  readonly volumes: Lister<PersistentVolume>;
  readonly claims: Lister<PersistentVolumeClaim>;
  readonly writes: BindWrites;
  readonly recorder: EventRecorder;
  readonly enqueueClaim: (key: string) => void;
}

export class VolumeSync {
  constructor(private readonly d: VolumeSyncDeps) {}

  async sync(name: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const pv = this.d.volumes.get(name);
    if (!pv || pv.metadata?.deletionTimestamp) return;
    const ref = pv.spec?.claimRef;
    if (!ref) {
      await this.d.writes.setVolumePhase(pv, 'Available', '', signal);
      return;
    }
    const key = claimKey(ref.namespace, ref.name);
    if (!ref.uid) {
      // Pre-bound by the user to a claim by name: Available until that claim's sync binds it.
      await this.d.writes.setVolumePhase(pv, 'Available', '', signal);
      this.d.enqueueClaim(key);
      return;
    }
    let claim = this.d.claims.get(ref.name ?? '', ref.namespace);
    // The cache may lag behind a claim just created: ask the API server before releasing.
    if (!claim) claim = await this.d.writes.liveClaim(ref.namespace ?? '', ref.name ?? '', signal);
    if (claim && claim.metadata?.uid !== ref.uid) claim = undefined;
    if (!claim) return this.reclaim(pv, signal);
    const bound = claim.spec?.volumeName;
    if (!bound) {
      // Binding in progress (or the user unbound the claim): the claim's sync finishes it.
      this.d.enqueueClaim(key);
      return;
    }
    if (bound === name) {
      await this.d.writes.setVolumePhase(pv, 'Bound', '', signal);
      return;
    }
    // The claim is bound to another volume: this one is free again.
    await this.d.writes.unbindVolume(pv, signal);
  }

  private async reclaim(pv: Readonly<PersistentVolume>, signal: AbortSignal): Promise<void> {
    let cur = pv;
    if (cur.status?.phase !== 'Released' && cur.status?.phase !== 'Failed') cur = await this.d.writes.setVolumePhase(cur, 'Released', '', signal);
    if (cur.status?.phase === 'Failed') return;
    const policy = cur.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
    if (policy === 'Retain') return;
    if (policy === 'Delete') {
      // A provisioned volume is deleted by the provisioner that made it (it watches for Released).
      if (cur.metadata?.annotations?.[ANN_PROVISIONED_BY]) return;
      const message = `error getting deleter volume plugin for volume "${cur.metadata?.name}": no deletable volume plugin matched`;
      this.d.recorder.event(cur, 'Warning', 'VolumeFailedDelete', message, VOLUME_TARGET);
      await this.d.writes.failVolume(cur, message, signal);
      return;
    }
    const message = 'No recycler plugin found for the volume!';
    this.d.recorder.event(cur, 'Warning', 'VolumeFailedRecycle', message, VOLUME_TARGET);
    await this.d.writes.failVolume(cur, message, signal);
  }
}
