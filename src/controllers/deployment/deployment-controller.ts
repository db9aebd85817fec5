// The Deployment controller (upstream's DeploymentController): each sync claims the Deployment's
// ReplicaSets, then scales (paused or replicas changed) or rolls out with its strategy, and
// writes status. ReplicaSet and pod events map back to the owning Deployment's key.
import type { LabelSelectorMatcher } from '../../api/meta/labels.js';
import { labelSelectorFromObject } from '../../api/meta/labels.js';
import type { Deployment, ReplicaSet } from '../../api/types/apps-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import {
  DEPLOYMENTS, PODS, REPLICASETS, isNotFound, splitMetaNamespaceKey,
  type EventRecorder, type KubeObject, type SharedInformer,
} from '../../client/index.js';
import { ignoreNotFound } from '../ignore-not-found.js';
import { controllerRefOf, newControllerRef } from '../pod-util.js';
import { CONTROLLER_UID_INDEX, controllerUidIndex } from '../replicaset/replica-controller.js';
import { Controller, errorMessage, type ControllerContext, type Logger, type ReconcileResult } from '../runtime/index.js';
import { DeploymentSync } from './replica-sets.js';
import { checkPausedConditions, isScalingEvent, rolloutRecreate, rolloutRolling, syncDeploymentStatus, syncScale } from './rollout.js';

export class DeploymentController {
  readonly controller: Controller;
  private readonly deployments: SharedInformer<Deployment>;
  private readonly replicaSets: SharedInformer<ReplicaSet>;
  private readonly pods: SharedInformer<Pod>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;

  constructor(private readonly ctx: ControllerContext) {
    this.log = ctx.logger;
    this.recorder = ctx.recorder('deployment-controller');
    this.deployments = ctx.informers.forResource(DEPLOYMENTS);
    this.replicaSets = ctx.informers.forResource(REPLICASETS, { indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndex } });
    this.pods = ctx.informers.forResource(PODS, { indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndex } });
    this.controller = new Controller({ name: 'deployment', reconcile: (k, s) => this.sync(k, s), workers: ctx.workers('deployment'), clock: ctx.clock, logger: ctx.logger });
    this.registerHandlers();
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  private selectorOf(d: Readonly<Deployment>): LabelSelectorMatcher | undefined {
    try {
      return labelSelectorFromObject(d.spec?.selector as Parameters<typeof labelSelectorFromObject>[0]);
    } catch {
      return undefined;
    }
  }

  private deploymentFor(obj: Readonly<KubeObject>): Readonly<Deployment> | undefined {
    const ref = controllerRefOf(obj);
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.deployments.lister.get(ref.name ?? '', obj.metadata?.namespace);
    return d && d.metadata?.uid === ref.uid ? d : undefined;
  }

  private registerHandlers(): void {
    const c = this.controller;
    const matching = (rs: Readonly<ReplicaSet>) =>
      this.deployments.lister.listNamespace(rs.metadata?.namespace ?? '').filter((d) => {
        const sel = this.selectorOf(d);
        return sel && !sel.empty() && sel.matches(rs.metadata?.labels);
      });
    const onRS = (rs: Readonly<ReplicaSet>) => {
      const d = this.deploymentFor(rs);
      if (d) return c.enqueue(d);
      if (!controllerRefOf(rs)) for (const m of matching(rs)) c.enqueue(m);
    };
    this.deployments.addEventHandler({ onAdd: (d) => c.enqueue(d), onUpdate: (_o, d) => c.enqueue(d), onDelete: (d) => c.enqueue(d) });
    this.replicaSets.addEventHandler({
      onAdd: onRS,
      onUpdate: (old, cur) => {
        if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
        const oldRef = controllerRefOf(old);
        if (oldRef && oldRef.uid !== controllerRefOf(cur)?.uid) {
          const d = this.deploymentFor(old);
          if (d) c.enqueue(d);
        }
        onRS(cur);
      },
      onDelete: (rs) => {
        const d = this.deploymentFor(rs);
        if (d) c.enqueue(d);
      },
    });
    this.pods.addEventHandler({
      onDelete: (pod) => {
        const rs = this.replicaSetFor(pod);
        const d = rs && this.deploymentFor(rs);
        if (d && d.spec?.strategy?.type === 'Recreate') c.enqueue(d);
      },
    });
  }

  private replicaSetFor(pod: Readonly<Pod>): Readonly<ReplicaSet> | undefined {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.replicaSets.lister.get(ref.name ?? '', pod.metadata?.namespace);
    return rs && rs.metadata?.uid === ref.uid ? rs : undefined;
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = this.deployments.lister.get(name, namespace);
    if (!cached) return;
    const d = structuredClone(cached) as Deployment;
    const s = new DeploymentSync({ client: this.ctx.client, recorder: this.recorder, clock: this.ctx.clock, replicaSets: this.replicaSets.lister, signal }, d);
    const selector = this.selectorOf(d);
    if (!selector || selector.empty()) {
      this.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.', { kind: 'Deployment', apiVersion: 'apps/v1' });
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) await s.writeDeployment(false, { ...s.statusCopy(), observedGeneration: d.metadata?.generation });
      return;
    }
    const rsList = await this.claimReplicaSets(d, selector, signal);
    if (d.metadata?.deletionTimestamp) return syncStatusOnly(s, rsList);
    await checkPausedConditions(s);
    if (d.spec?.paused) return syncScale(s, rsList);
    if (await isScalingEvent(s, rsList)) return syncScale(s, rsList);
    if (d.spec?.strategy?.type === 'Recreate') return rolloutRecreate(s, rsList, this.podsByReplicaSet(rsList));
    return rolloutRolling(s, rsList);
  }

  private podsByReplicaSet(rsList: readonly ReplicaSet[]): Map<string, Readonly<Pod>[]> {
    const out = new Map<string, Readonly<Pod>[]>();
    for (const rs of rsList) out.set(rs.metadata!.uid!, this.pods.indexer.byIndex(CONTROLLER_UID_INDEX, rs.metadata!.uid!));
    return out;
  }

  /** Adopts matching orphan ReplicaSets and releases owned ones that stop matching (upstream's ClaimReplicaSets). */
  private async claimReplicaSets(d: Deployment, selector: LabelSelectorMatcher, signal: AbortSignal): Promise<ReplicaSet[]> {
    const ns = d.metadata!.namespace!;
    const api = this.ctx.client.resource(REPLICASETS, ns);
    const out: ReplicaSet[] = [];
    let canAdopt: boolean | undefined;
    for (const cached of this.replicaSets.lister.listNamespace(ns)) {
      const rs = structuredClone(cached) as ReplicaSet;
      const ref = controllerRefOf(rs);
      const matches = selector.matches(rs.metadata?.labels);
      if (ref) {
        if (ref.uid !== d.metadata?.uid) continue;
        if (matches) out.push(rs);
        else if (!d.metadata?.deletionTimestamp) await ignoreNotFound(api.patch(rs.metadata!.name!, { metadata: { ownerReferences: [{ $patch: 'delete', uid: d.metadata!.uid }] } }, 'strategic', { signal }));
        continue;
      }
      if (!matches || d.metadata?.deletionTimestamp || rs.metadata?.deletionTimestamp) continue;
      canAdopt ??= await this.freshIs(d, signal);
      if (!canAdopt) continue;
      try {
        const adopted = await api.patch(rs.metadata!.name!, { metadata: { ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')] } }, 'strategic', { signal });
        out.push(adopted);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return out;
  }

  private async freshIs(d: Deployment, signal: AbortSignal): Promise<boolean> {
    try {
      const fresh = await this.ctx.client.resource(DEPLOYMENTS, d.metadata!.namespace).get(d.metadata!.name!, { signal });
      return fresh.metadata?.uid === d.metadata?.uid && !fresh.metadata?.deletionTimestamp;
    } catch (e) {
      if (isNotFound(e)) return false;
      this.log.warn({ err: errorMessage(e) }, 'adoption check');
      throw e;
    }
  }
}

async function syncStatusOnly(s: DeploymentSync, rsList: ReplicaSet[]): Promise<ReconcileResult> {
  const { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, false);
  return syncDeploymentStatus(s, newRS ? [...oldRSs, newRS] : oldRSs, newRS);
}

export const newDeploymentController = (ctx: ControllerContext) => {
  const c = new DeploymentController(ctx);
  return { name: 'deployment', run: (s: AbortSignal) => c.run(s) };
};
