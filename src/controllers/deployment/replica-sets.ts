// The Deployment controller's writes and lookups around ReplicaSets: finding and creating the new
// ReplicaSet, syncing revisions, scaling with ScalingReplicaSet events, and writing the
// Deployment's annotations and status. One DeploymentSync lives for one sync of one Deployment;
// d is its own copy (never the cached object).
import type { Deployment, DeploymentStatus, ReplicaSet } from '../../api/types/apps-v1.js';
import { DEPLOYMENTS, REPLICASETS, isAlreadyExists, type Client, type Clock, type EventRecorder, type Lister } from '../../client/index.js';
import { controllerRefOf, newControllerRef } from '../pod-util.js';
import { errorMessage } from '../runtime/index.js';
import { FAILED_RS_CREATE, FOUND_NEW_RS, NEW_RS_CREATED, PROGRESSING, getCondition, hasProgressDeadline, newCondition, setCondition, statusEqual } from './conditions.js';
import { computeHash, equalIgnoreHash } from './hash.js';
import {
  POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION, byCreation, maxRevision, maxSurge, newRSNewReplicas, replicasAnnotationsNeedUpdate, replicasOf,
  setNewReplicaSetAnnotations, setReplicasAnnotations, specReplicas,
} from './util.js';

export interface SyncDeps {
  readonly client: Client;
  readonly recorder: EventRecorder;
  readonly clock: Clock;
  readonly replicaSets: Lister<ReplicaSet>;
  readonly signal: AbortSignal;
}

const DEPLOYMENT_TARGET = { kind: 'Deployment', apiVersion: 'apps/v1' } as const;

export class DeploymentSync {
  constructor(readonly deps: SyncDeps, public d: Deployment) {}

  get now(): number {
    return this.deps.clock.now();
  }

  event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.recorder.event(this.d, type, reason, message, DEPLOYMENT_TARGET);
  }

  /** The new ReplicaSet (its template equals the Deployment's, ignoring the hash), oldest first if several. */
  findNewReplicaSet(rsList: readonly ReplicaSet[]): ReplicaSet | undefined {
    return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, this.d.spec?.template));
  }

  /**
   * The new ReplicaSet (created when asked and missing) and the old ones, with the revision
   * annotations brought up to date (upstream's getAllReplicaSetsAndSyncRevision).
   */
  async getAllReplicaSetsAndSyncRevision(rsList: readonly ReplicaSet[], create: boolean): Promise<{ newRS?: ReplicaSet; oldRSs: ReplicaSet[] }> {
    const existing = this.findNewReplicaSet(rsList);
    const oldRSs = rsList.filter((rs) => rs !== existing);
    const newRS = await this.getNewReplicaSet(existing, oldRSs, create);
    return { newRS, oldRSs };
  }

  private async getNewReplicaSet(existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
    const d = this.d;
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const copy = structuredClone(existing);
      const annotationsChanged = setNewReplicaSetAnnotations(d, copy, newRevision, true);
      const minReadyChanged = (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
      let rs = existing;
      if (annotationsChanged || minReadyChanged) {
        copy.spec!.minReadySeconds = d.spec?.minReadySeconds ?? 0;
        rs = await this.updateReplicaSet(copy);
      }
      const revisionChanged = this.setDeploymentRevision(rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? '');
      const status = this.statusCopy();
      if (hasProgressDeadline(d) && !getCondition(status, PROGRESSING)) {
        setCondition(status, newCondition(PROGRESSING, 'True', FOUND_NEW_RS, `Found new replica set "${rs.metadata?.name}"`, this.now));
      }
      await this.writeDeployment(revisionChanged, status);
      return rs;
    }
    if (!create) return undefined;
    return this.createNewReplicaSet(oldRSs, newRevision);
  }

  private async createNewReplicaSet(oldRSs: ReplicaSet[], newRevision: number): Promise<ReplicaSet> {
    const d = this.d;
    const hash = computeHash(d.spec?.template, d.status?.collisionCount);
    const template = structuredClone(d.spec?.template ?? {});
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const fresh: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${d.metadata!.name}-${hash}`, namespace: d.metadata!.namespace, ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')], labels: template.metadata.labels },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    const count = newRSNewReplicas(d, [...oldRSs, fresh], fresh);
    fresh.spec!.replicas = count;
    setNewReplicaSetAnnotations(d, fresh, newRevision, false);
    let created: ReplicaSet;
    let alreadyExists = false;
    try {
      created = await this.deps.client.resource(REPLICASETS, d.metadata!.namespace).create(fresh, { signal: this.deps.signal });
    } catch (e) {
      if (!isAlreadyExists(e)) {
        const msg = `Failed to create new replica set "${fresh.metadata!.name}": ${errorMessage(e)}`;
        if (hasProgressDeadline(d)) {
          const status = this.statusCopy();
          setCondition(status, newCondition(PROGRESSING, 'False', FAILED_RS_CREATE, msg, this.now));
          await this.writeDeployment(false, status);
        }
        this.event('Warning', FAILED_RS_CREATE, msg);
        throw e;
      }
      const rs = this.deps.replicaSets.get(fresh.metadata!.name!, d.metadata!.namespace);
      const ours = rs && controllerRefOf(rs)?.uid === d.metadata?.uid && equalIgnoreHash(rs.spec?.template, d.spec?.template);
      if (!ours) {
        // A hash collision: another template owns the name; the next hash uses a higher count.
        const status = this.statusCopy();
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        await this.writeDeployment(false, status);
        throw new Error(`found a hash collision for deployment "${d.metadata!.name}" - bumping collisionCount to ${status.collisionCount} to resolve it`);
      }
      created = structuredClone(rs) as ReplicaSet;
      alreadyExists = true;
    }
    if (!alreadyExists && count > 0) this.event('Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata!.name} to ${count} from 0`);
    const revisionChanged = this.setDeploymentRevision(String(newRevision));
    const status = this.statusCopy();
    if (!alreadyExists && hasProgressDeadline(d)) {
      setCondition(status, newCondition(PROGRESSING, 'True', NEW_RS_CREATED, `Created new replica set "${created.metadata!.name}"`, this.now));
    }
    await this.writeDeployment(revisionChanged, status);
    return created;
  }

  /** Sets the Deployment's revision annotation (on the copy); true when it changed. */
  private setDeploymentRevision(revision: string): boolean {
    const a = (this.d.metadata!.annotations ??= {});
    if (a[REVISION_ANNOTATION] === revision) return false;
    a[REVISION_ANNOTATION] = revision;
    return true;
  }

  statusCopy(): DeploymentStatus {
    return structuredClone(this.d.status ?? {});
  }

  /** Writes the revision annotation (when changed) and the status (when different). */
  async writeDeployment(revisionChanged: boolean, status: DeploymentStatus): Promise<void> {
    const d = this.d;
    const api = this.deps.client.resource(DEPLOYMENTS, d.metadata!.namespace);
    if (revisionChanged) {
      const updated = await api.patch(d.metadata!.name!, { metadata: { annotations: { [REVISION_ANNOTATION]: d.metadata!.annotations![REVISION_ANNOTATION] } } }, 'merge', { signal: this.deps.signal });
      d.metadata!.resourceVersion = updated.metadata?.resourceVersion;
    }
    if (statusEqual(d.status, status)) return;
    const updated = await api.patch(d.metadata!.name!, { status }, 'merge', { subresource: 'status', signal: this.deps.signal });
    d.metadata!.resourceVersion = updated.metadata?.resourceVersion;
    d.status = status;
  }

  async updateReplicaSet(rs: ReplicaSet): Promise<ReplicaSet> {
    return this.deps.client.resource(REPLICASETS, rs.metadata!.namespace).update(rs, { signal: this.deps.signal });
  }

  /** Scales rs (and refreshes its replicas annotations); records ScalingReplicaSet when the size changed. */
  async scaleReplicaSet(rs: ReplicaSet, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    const d = this.d;
    const old = specReplicas(rs);
    const sizeChanged = old !== newScale;
    const desired = replicasOf(d);
    const max = desired + maxSurge(d);
    if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
    const copy = structuredClone(rs);
    copy.spec!.replicas = newScale;
    setReplicasAnnotations(copy, desired, max);
    const updated = await this.updateReplicaSet(copy);
    if (sizeChanged) this.event('Normal', 'ScalingReplicaSet', `Scaled ${newScale > old ? 'up' : 'down'} replica set ${rs.metadata!.name} to ${newScale} from ${old}`);
    return { scaled: sizeChanged, rs: updated };
  }

  /** Scales only when the size differs (upstream's scaleReplicaSetAndRecordEvent). */
  async scaleAndRecord(rs: ReplicaSet, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    if (specReplicas(rs) === newScale) return { scaled: false, rs };
    return this.scaleReplicaSet(rs, newScale);
  }
}
