// The local-path provisioner (k3s's rancher.io/local-path, as a controller): for a claim the binder
// handed to it (volume.kubernetes.io/storage-provisioner) it creates a hostPath PersistentVolume on
// the claim's selected node, prebound to the claim; when such a volume is Released and its policy
// is Delete it removes the directory (when it manages directories) and deletes the volume.
import type { Node, PersistentVolume, PersistentVolumeClaim } from '../../api/types/core-v1.js';
import type { StorageClass } from '../../api/types/storage-v1.js';
import {
  isAlreadyExists, isNotFound, NODES, PERSISTENTVOLUMECLAIMS, PERSISTENTVOLUMES, splitMetaNamespaceKey, STORAGECLASSES,
  type Client, type EventRecorder, type SharedInformer,
} from '../../client/index.js';
import { Controller, errorMessage, type ControllerContext, type Runnable } from '../runtime/index.js';
import { ANN_PROVISIONED_BY, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, BINDING_WAIT_FOR_FIRST_CONSUMER, claimClass } from './annotations.js';
import { CLAIM_TARGET, VOLUME_TARGET } from './event-targets.js';
import { buildLocalPathVolume, isInside, LOCAL_PATH_PROVISIONER, provisionedVolumeName } from './local-path-volume.js';
import type { VolumeDirectories } from './volume-directories.js';

export interface LocalPathOptions {
  /** Absolute directory the volumes' directories go under. */
  readonly baseDir: string;
  /** Creates and removes the directories (absent: left to the node's kubelet, hostPath DirectoryOrCreate). */
  readonly directories?: VolumeDirectories;
}

export const DEFAULT_LOCAL_PATH_BASE_DIR = '/var/lib/k8ts/storage';

export class LocalPathProvisioner implements Runnable {
  readonly name = 'local-path-provisioner';
  readonly claimController: Controller;
  readonly volumeController: Controller;
  private readonly claims: SharedInformer<PersistentVolumeClaim>;
  private readonly volumes: SharedInformer<PersistentVolume>;
  private readonly classes: SharedInformer<StorageClass>;
  private readonly nodes: SharedInformer<Node>;
  private readonly client: Client;
  private readonly recorder: EventRecorder;

  constructor(ctx: ControllerContext, private readonly o: LocalPathOptions) {
    this.client = ctx.client;
    this.claims = ctx.informers.forResource(PERSISTENTVOLUMECLAIMS);
    this.volumes = ctx.informers.forResource(PERSISTENTVOLUMES);
    this.classes = ctx.informers.forResource(STORAGECLASSES);
    this.nodes = ctx.informers.forResource(NODES);
    this.recorder = ctx.recorder(LOCAL_PATH_PROVISIONER);
    const workers = ctx.workers('local-path-provisioner');
    this.claimController = new Controller({ name: 'local-path-provisioner-claims', reconcile: (k, s) => this.provision(k, s), workers, clock: ctx.clock, logger: ctx.logger });
    this.volumeController = new Controller({ name: 'local-path-provisioner-volumes', reconcile: (k, s) => this.reclaim(k, s), workers, clock: ctx.clock, logger: ctx.logger });
    const onClaim = (c: Readonly<PersistentVolumeClaim>) => {
      if (!c.spec?.volumeName && c.metadata?.annotations?.[ANN_STORAGE_PROVISIONER] === LOCAL_PATH_PROVISIONER) this.claimController.enqueue(c);
    };
    this.claims.addEventHandler({ onAdd: onClaim, onUpdate: (_o, c) => onClaim(c) });
    const onVolume = (pv: Readonly<PersistentVolume>) => {
      if (pv.metadata?.annotations?.[ANN_PROVISIONED_BY] === LOCAL_PATH_PROVISIONER && pv.status?.phase === 'Released') this.volumeController.enqueueKey(pv.metadata?.name ?? '');
    };
    this.volumes.addEventHandler({ onAdd: onVolume, onUpdate: (_o, pv) => onVolume(pv) });
  }

  async run(signal: AbortSignal): Promise<void> {
    await Promise.all([this.claimController.run(signal), this.volumeController.run(signal)]);
  }

  /** Creates the claim's volume once it is this provisioner's turn. */
  async provision(key: string, signal: AbortSignal): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const claim = this.claims.lister.get(name, namespace);
    if (!claim || claim.spec?.volumeName || claim.metadata?.deletionTimestamp) return;
    if (claim.metadata?.annotations?.[ANN_STORAGE_PROVISIONER] !== LOCAL_PATH_PROVISIONER) return;
    const sc = this.classes.lister.get(claimClass(claim));
    if (!sc || sc.provisioner !== LOCAL_PATH_PROVISIONER) return;
    const pvName = provisionedVolumeName(claim);
    if (this.volumes.lister.get(pvName)) return;
    const nodeName = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
    if (!nodeName) {
      const why = sc.volumeBindingMode === BINDING_WAIT_FOR_FIRST_CONSUMER ? 'waiting for the scheduler to select a node' : 'configuration error, no node was specified';
      this.recorder.event(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata?.name}": ${why}`, CLAIM_TARGET);
      return;
    }
    this.recorder.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${namespace}/${name}"`, CLAIM_TARGET);
    const pv = buildLocalPathVolume(claim, sc, this.nodes.lister.get(nodeName) ?? nodeName, this.o.baseDir);
    try {
      await this.o.directories?.create(pv.spec!.hostPath!.path!);
      await this.client.resource(PERSISTENTVOLUMES).create(pv, { signal });
    } catch (e) {
      if (isAlreadyExists(e)) return;
      this.recorder.event(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata?.name}": ${errorMessage(e)}`, CLAIM_TARGET);
      throw e;
    }
    this.recorder.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, CLAIM_TARGET);
  }

  /** Deletes a Released volume of this provisioner whose policy is Delete (its directory first). */
  async reclaim(name: string, signal: AbortSignal): Promise<void> {
    const pv = this.volumes.lister.get(name);
    if (!pv || pv.metadata?.deletionTimestamp || pv.status?.phase !== 'Released') return;
    if (pv.metadata?.annotations?.[ANN_PROVISIONED_BY] !== LOCAL_PATH_PROVISIONER) return;
    if ((pv.spec?.persistentVolumeReclaimPolicy ?? 'Delete') !== 'Delete') return;
    const path = pv.spec?.hostPath?.path ?? '';
    try {
      if (this.o.directories && isInside(this.o.baseDir, path)) await this.o.directories.remove(path);
      await this.client.resource(PERSISTENTVOLUMES).delete(name, { preconditions: { uid: pv.metadata?.uid }, signal });
    } catch (e) {
      if (isNotFound(e)) return;
      this.recorder.event(pv, 'Warning', 'VolumeFailedDelete', errorMessage(e), VOLUME_TARGET);
      throw e;
    }
  }
}

export const newLocalPathProvisioner =
  (o: LocalPathOptions) =>
  (ctx: ControllerContext): Runnable =>
    new LocalPathProvisioner(ctx, o);
