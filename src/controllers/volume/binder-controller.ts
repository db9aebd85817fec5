// The PersistentVolume binder (upstream's persistentvolume-binder-controller): two queues, one of
// claims ("namespace/name") and one of volumes ("name"), fed by shared informers. A claim sync binds
// a Pending claim to the volume findMatchingVolume picks (or waits: for its first consumer, for a
// provisioner, for a volume to appear) and keeps a Bound claim's phase true to its volume. A volume
// sync keeps its phase (Available, Bound, Released, Failed) and reclaims it once its claim is gone.
import type { Node, PersistentVolume, PersistentVolumeClaim } from '../../api/types/core-v1.js';
import type { StorageClass } from '../../api/types/storage-v1.js';
import {
  NODES, PERSISTENTVOLUMECLAIMS, PERSISTENTVOLUMES, STORAGECLASSES, splitMetaNamespaceKey,
  type EventRecorder, type SharedInformer,
} from '../../client/index.js';
import { Controller, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';
import { ANN_BIND_COMPLETED, ANN_SELECTED_NODE, BINDING_WAIT_FOR_FIRST_CONSUMER, claimClass, claimKey } from './annotations.js';
import { CLAIM_TARGET } from './event-targets.js';
import { BindWrites } from './bind-writes.js';
import { claimLost, pendingClaimOutcome } from './claim-outcomes.js';
import { findMatchingVolume, isVolumeBoundToClaim, volumeMismatch } from './pv-matching.js';
import { VolumeSync } from './volume-sync.js';

/** Unbound claims are looked at again this often (upstream's --pvclaimbinder-sync-period). */
export const CLAIM_RESYNC_MS = 15_000;
export const PV_CONTROLLER_COMPONENT = 'persistentvolume-controller';

export class PersistentVolumeBinder implements Runnable {
  readonly name = 'persistentvolume-binder-controller';
  readonly claimController: Controller;
  readonly volumeController: Controller;
  private readonly claims: SharedInformer<PersistentVolumeClaim>;
  private readonly volumes: SharedInformer<PersistentVolume>;
  private readonly classes: SharedInformer<StorageClass>;
  private readonly nodes: SharedInformer<Node>;
  private readonly writes: BindWrites;
  private readonly recorder: EventRecorder;
  private readonly volumeSync: VolumeSync;

  constructor(ctx: ControllerContext) {
    this.claims = ctx.informers.forResource(PERSISTENTVOLUMECLAIMS);
    this.volumes = ctx.informers.forResource(PERSISTENTVOLUMES);
    this.classes = ctx.informers.forResource(STORAGECLASSES);
    this.nodes = ctx.informers.forResource(NODES);
    this.writes = new BindWrites(ctx.client);
    this.recorder = ctx.recorder(PV_CONTROLLER_COMPONENT);
    const workers = ctx.workers('persistentvolume-binder');
    this.claimController = new Controller({ name: 'persistentvolume-binder-claims', reconcile: (k, s) => this.syncClaim(k, s), workers, clock: ctx.clock, logger: ctx.logger });
    this.volumeController = new Controller({ name: 'persistentvolume-binder-volumes', reconcile: (k, s) => this.volumeSync.sync(k, s), workers, clock: ctx.clock, logger: ctx.logger });
    this.volumeSync = new VolumeSync({
      volumes: this.volumes.lister,
      claims: this.claims.lister,
      writes: this.writes,
      recorder: this.recorder,
      enqueueClaim: (key) => this.claimController.enqueueKey(key),
    });
    this.registerHandlers();
  }

  private registerHandlers(): void {
    const onClaim = (c: Readonly<PersistentVolumeClaim>) => this.claimController.enqueue(c);
    this.claims.addEventHandler({
      onAdd: onClaim,
      onUpdate: (_o, c) => onClaim(c),
      onDelete: (c) => {
        if (c.spec?.volumeName) this.volumeController.enqueueKey(c.spec.volumeName);
      },
    });
    const onVolume = (pv: Readonly<PersistentVolume>) => {
      this.volumeController.enqueueKey(pv.metadata?.name ?? '');
      const ref = pv.spec?.claimRef;
      if (ref?.name) this.claimController.enqueueKey(claimKey(ref.namespace, ref.name));
      else if (pv.status?.phase === 'Available') this.enqueuePendingClaims();
    };
    this.volumes.addEventHandler({ onAdd: onVolume, onUpdate: (_o, pv) => onVolume(pv), onDelete: onVolume });
    this.classes.addEventHandler({ onAdd: () => this.enqueuePendingClaims() });
  }

  /** A new Available volume or class may serve claims that waited. */
  private enqueuePendingClaims(): void {
    for (const c of this.claims.lister.list()) if (!c.spec?.volumeName) this.claimController.enqueue(c);
  }

  async run(signal: AbortSignal): Promise<void> {
    await Promise.all([this.claimController.run(signal), this.volumeController.run(signal)]);
  }

  async syncClaim(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const claim = this.claims.lister.get(name, namespace);
    if (!claim) return;
    if (claim.metadata?.annotations?.[ANN_BIND_COMPLETED]) return this.syncBoundClaim(claim, signal);
    return this.syncUnboundClaim(claim, signal);
  }

  private async syncUnboundClaim(claim: Readonly<PersistentVolumeClaim>, signal: AbortSignal): Promise<ReconcileResult | void> {
    const volumeName = claim.spec?.volumeName;
    if (volumeName) return this.syncPreboundClaim(claim, volumeName, signal);
    const className = claimClass(claim);
    const sc = className ? this.classes.lister.get(className) : undefined;
    const delayed = sc?.volumeBindingMode === BINDING_WAIT_FOR_FIRST_CONSUMER;
    const selectedNode = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
    if (delayed && !selectedNode) {
      this.recorder.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', CLAIM_TARGET);
      await this.writes.setClaimPhase(claim, 'Pending', signal);
      return;
    }
    const node = selectedNode ? this.nodes.lister.get(selectedNode) : undefined;
    const pv = findMatchingVolume(claim, this.volumes.lister.list(), { delayed, node });
    if (pv) {
      await this.writes.bind(pv, claim, signal);
      return;
    }
    const outcome = pendingClaimOutcome(claim, className, sc);
    if (outcome.event) this.recorder.event(claim, outcome.event.type, outcome.event.reason, outcome.event.message, CLAIM_TARGET);
    let current = claim;
    if (outcome.annotate) current = await this.writes.annotateProvisioner(claim, outcome.annotate, signal);
    await this.writes.setClaimPhase(current, 'Pending', signal);
    return { requeueAfterMs: CLAIM_RESYNC_MS };
  }

  /** The user named the volume (spec.volumeName): bind to it once it exists and fits. */
  private async syncPreboundClaim(claim: Readonly<PersistentVolumeClaim>, volumeName: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const pv = this.volumes.lister.get(volumeName);
    if (!pv) {
      await this.writes.setClaimPhase(claim, 'Pending', signal);
      return { requeueAfterMs: CLAIM_RESYNC_MS };
    }
    if (!pv.spec?.claimRef) {
      const why = volumeMismatch(pv, claim);
      if (why) {
        this.recorder.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volumeName}": ${why}`, CLAIM_TARGET);
        await this.writes.setClaimPhase(claim, 'Pending', signal);
        return { requeueAfterMs: CLAIM_RESYNC_MS };
      }
      await this.writes.bind(pv, claim, signal);
      return;
    }
    if (isVolumeBoundToClaim(pv, claim)) {
      await this.writes.bind(pv, claim, signal);
      return;
    }
    this.recorder.event(claim, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`, CLAIM_TARGET);
    await this.writes.setClaimPhase(claim, 'Pending', signal);
    return { requeueAfterMs: CLAIM_RESYNC_MS };
  }

  private async syncBoundClaim(claim: Readonly<PersistentVolumeClaim>, signal: AbortSignal): Promise<void> {
    const volumeName = claim.spec?.volumeName;
    const pv = volumeName ? this.volumes.lister.get(volumeName) : undefined;
    if (!volumeName || !pv) {
      // A bound claim whose volume went away: read the volume live before declaring it lost.
      const lost = claimLost(claim, volumeName);
      if (volumeName && (await this.writes.volumeExists(volumeName, signal))) return;
      this.recorder.event(claim, 'Warning', 'ClaimLost', lost, CLAIM_TARGET);
      await this.writes.setClaimPhase(claim, 'Lost', signal);
      return;
    }
    if (!pv.spec?.claimRef || isVolumeBoundToClaim(pv, claim)) {
      await this.writes.bind(pv, claim, signal);
      return;
    }
    this.recorder.event(claim, 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly', CLAIM_TARGET);
    await this.writes.setClaimPhase(claim, 'Lost', signal);
  }
}

export const newPersistentVolumeBinder = (ctx: ControllerContext): Runnable => new PersistentVolumeBinder(ctx);
