// The disruption controller (upstream's disruption-controller): keeps every PodDisruptionBudget's
// status (currentHealthy, desiredHealthy, disruptionsAllowed, expectedPods, observedGeneration,
// disruptedPods, DisruptionAllowed condition) up to date from the pods it selects and the scale of
// their controllers. The eviction subresource of the API server spends the disruptions.
import type { Deployment, ReplicaSet, StatefulSet } from '../../api/types/apps-v1.js';
import { labelSelectorFromObject } from '../../api/meta/labels.js';
import type { Pod, ReplicationController } from '../../api/types/core-v1.js';
import type { PodDisruptionBudget } from '../../api/types/policy-v1.js';
import {
  DEPLOYMENTS, PODDISRUPTIONBUDGETS, PODS, REPLICASETS, REPLICATIONCONTROLLERS, STATEFULSETS, isConflict, isNotFound, splitMetaNamespaceKey,
  type EventRecorder, type SharedInformer,
} from '../../client/index.js';
import { canonicalJson } from '../deployment/hash.js';
import { controllerRefOf } from '../pod-util.js';
import { Controller, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';
import { ScaleError, computeStatus } from './budget.js';

export const DISRUPTION_CONTROLLER = 'disruption-controller';

export class DisruptionController implements Runnable {
  readonly name = DISRUPTION_CONTROLLER;
  readonly controller: Controller;
  private readonly pdbs: SharedInformer<PodDisruptionBudget>;
  private readonly pods: SharedInformer<Pod>;
  private readonly rss: SharedInformer<ReplicaSet>;
  private readonly deployments: SharedInformer<Deployment>;
  private readonly statefulsets: SharedInformer<StatefulSet>;
  private readonly rcs: SharedInformer<ReplicationController>;
  private readonly recorder: EventRecorder;

  constructor(private readonly ctx: ControllerContext) {
    this.pdbs = ctx.informers.forResource(PODDISRUPTIONBUDGETS);
    this.pods = ctx.informers.forResource(PODS);
    this.rss = ctx.informers.forResource(REPLICASETS);
    this.deployments = ctx.informers.forResource(DEPLOYMENTS);
    this.statefulsets = ctx.informers.forResource(STATEFULSETS);
    this.rcs = ctx.informers.forResource(REPLICATIONCONTROLLERS);
    this.recorder = ctx.recorder('controllermanager');
    this.controller = new Controller({ name: this.name, reconcile: (k, s) => this.sync(k, s), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    const c = this.controller;
    this.pdbs.addEventHandler({ onAdd: (p) => c.enqueue(p), onUpdate: (_o, p) => c.enqueue(p) });
    const onPod = (p: Readonly<Pod>) => {
      for (const pdb of this.pdbs.lister.listNamespace(p.metadata?.namespace ?? '')) if (this.selects(pdb, p)) c.enqueue(pdb);
    };
    this.pods.addEventHandler({ onAdd: onPod, onUpdate: (o, p) => { onPod(o); onPod(p); }, onDelete: onPod });
  }

  private selects(pdb: Readonly<PodDisruptionBudget>, pod: Readonly<Pod>): boolean {
    try {
      return labelSelectorFromObject(pdb.spec?.selector as Parameters<typeof labelSelectorFromObject>[0]).matches(pod.metadata?.labels);
    } catch {
      return false;
    }
  }

  /** The summed scale of the controllers of pods (upstream's finders: Deployment via ReplicaSet, ReplicaSet, StatefulSet, RC). */
  private expectedScale(pdb: Readonly<PodDisruptionBudget>, pods: readonly Readonly<Pod>[]): number {
    const scales = new Map<string, number>();
    for (const pod of pods) {
      const ref = controllerRefOf(pod);
      if (!ref) continue;
      if (scales.has(ref.uid ?? '')) continue;
      const found = this.controllerScale(ref.kind ?? '', ref.name ?? '', ref.uid ?? '', pod.metadata?.namespace ?? '');
      if (!found) {
        const message = `found no controllers for pod "${pod.metadata?.name}"`;
        this.recorder.event(pdb, 'Warning', 'NoControllers', message, { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1' });
        throw new ScaleError(message);
      }
      scales.set(found.uid, found.scale);
    }
    let total = 0;
    for (const s of scales.values()) total += s;
    return total;
  }

  private controllerScale(kind: string, name: string, uid: string, ns: string): { uid: string; scale: number } | undefined {
    if (kind === 'ReplicaSet') {
      const rs = this.rss.lister.get(name, ns);
      if (!rs || rs.metadata?.uid !== uid) return undefined;
      const parent = controllerRefOf(rs);
      if (parent?.kind === 'Deployment') {
        const d = this.deployments.lister.get(parent.name ?? '', ns);
        return d && d.metadata?.uid === parent.uid ? { uid: parent.uid ?? '', scale: d.spec?.replicas ?? 1 } : undefined;
      }
      return { uid, scale: rs.spec?.replicas ?? 1 };
    }
    if (kind === 'StatefulSet') {
      const s = this.statefulsets.lister.get(name, ns);
      return s && s.metadata?.uid === uid ? { uid, scale: s.spec?.replicas ?? 1 } : undefined;
    }
    if (kind === 'ReplicationController') {
      const rc = this.rcs.lister.get(name, ns);
      return rc && rc.metadata?.uid === uid ? { uid, scale: rc.spec?.replicas ?? 1 } : undefined;
    }
    return undefined;
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pdb = this.pdbs.lister.get(name, namespace);
    if (!pdb) return;
    const pods = this.pods.lister.listNamespace(namespace).filter((p) => this.selects(pdb, p));
    const now = this.ctx.clock.now();
    const { status, recheckAt } = computeStatus(pdb, pods, () => this.expectedScale(pdb, pods), now);
    if (canonicalJson(status) !== canonicalJson(pdb.status ?? {})) {
      const next = structuredClone(pdb) as PodDisruptionBudget;
      next.status = status;
      try {
        await this.ctx.client.resource(PODDISRUPTIONBUDGETS, namespace).updateStatus(next, { signal });
      } catch (e) {
        if (isNotFound(e)) return;
        // An eviction changed the budget meanwhile: retry on the fresh object.
        if (isConflict(e)) return { requeueAfterMs: 50 };
        throw e;
      }
    }
    if (recheckAt !== undefined) return { requeueAfterMs: Math.max(0, recheckAt - now) + 100 };
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }
}

export const newDisruptionController = (ctx: ControllerContext): Runnable => new DisruptionController(ctx);
