// The node lifecycle controller (upstream's node-lifecycle-controller): watches node Leases in
// kube-node-lease and Ready heartbeats; a node not heard from for the grace period gets its
// kubelet conditions set to Unknown and its pods marked not ready; the not-ready / unreachable
// NoSchedule and NoExecute taints follow the Ready condition (removed when the node is back).
import { readyCondition } from '../../api/node-conditions.js';
import type { Lease } from '../../api/types/coordination-v1.js';
import type { Node, Pod } from '../../api/types/core-v1.js';
import { LEASES, NODES, PODS, apiTime, isConflict, isNotFound, type EventRecorder, type SharedInformer } from '../../client/index.js';
import { isPodReady } from '../pod-util.js';
import { Controller, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';
import { NODE_MONITOR_GRACE_PERIOD_MS, reconcileTaints, unknownConditions } from './node-health.js';

export const NODE_LIFECYCLE_CONTROLLER = 'node-lifecycle-controller';
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const NODE_NAME_INDEX = 'spec.nodeName';
export const nodeNameIndex = (p: Readonly<Pod>): string[] => (p.spec?.nodeName ? [p.spec.nodeName] : []);

export interface NodeLifecycleOptions {
  /** --node-monitor-grace-period (default 40 s). */
  readonly gracePeriodMs?: number;
}

interface Probe {
  readonly renew: string;
  readonly heartbeat: string;
  readonly at: number;
}

export class NodeLifecycleController implements Runnable {
  readonly name = NODE_LIFECYCLE_CONTROLLER;
  readonly controller: Controller;
  private readonly nodes: SharedInformer<Node>;
  private readonly leases: SharedInformer<Lease>;
  private readonly pods: SharedInformer<Pod>;
  private readonly recorder: EventRecorder;
  private readonly grace: number;
  /** When this controller last saw each node's lease or Ready heartbeat change (local clock). */
  private readonly probes = new Map<string, Probe>();

  constructor(private readonly ctx: ControllerContext, o: NodeLifecycleOptions = {}) {
    this.grace = o.gracePeriodMs ?? NODE_MONITOR_GRACE_PERIOD_MS;
    this.nodes = ctx.informers.forResource(NODES);
    this.leases = ctx.informers.forResource(LEASES, { namespace: NODE_LEASE_NAMESPACE });
    this.pods = ctx.informers.forResource(PODS, { indexers: { [NODE_NAME_INDEX]: nodeNameIndex } });
    this.recorder = ctx.recorder('node-controller');
    this.controller = new Controller({ name: this.name, reconcile: (k, s) => this.sync(k, s), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    const c = this.controller;
    this.nodes.addEventHandler({
      onAdd: (n) => c.enqueue(n),
      onUpdate: (_o, n) => c.enqueue(n),
      onDelete: (n) => {
        this.probes.delete(n.metadata?.name ?? '');
        c.enqueue(n);
      },
    });
    this.leases.addEventHandler({ onAdd: (l) => c.enqueueKey(l.metadata?.name ?? ''), onUpdate: (_o, l) => c.enqueueKey(l.metadata?.name ?? '') });
  }

  async sync(name: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const node = this.nodes.lister.get(name);
    if (!node) return;
    const now = this.ctx.clock.now();
    const lease = this.leases.lister.get(name, NODE_LEASE_NAMESPACE);
    const renew = lease?.spec?.renewTime ?? '';
    const heartbeat = readyCondition(node)?.lastHeartbeatTime ?? '';
    let probe = this.probes.get(name);
    if (!probe || probe.renew !== renew || probe.heartbeat !== heartbeat) {
      probe = { renew, heartbeat, at: now };
      this.probes.set(name, probe);
    }
    let current: Readonly<Node> = node;
    const silentFor = now - probe.at;
    if (silentFor > this.grace) {
      const conditions = unknownConditions(node, now);
      if (conditions) {
        current = await this.nodes_().patch(name, { status: { conditions } }, 'merge', { subresource: 'status', signal });
        this.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, { kind: 'Node', apiVersion: 'v1' });
        await this.markPodsNotReady(name, signal);
      }
    }
    const taints = reconcileTaints(current, now);
    if (taints) await this.updateTaints(name, signal);
    if (silentFor <= this.grace) return { requeueAfterMs: this.grace - silentFor + 100 };
  }

  private nodes_() {
    return this.ctx.client.resource(NODES);
  }

  /** Re-reads the node and writes the managed taints for its Ready condition (conflicts retried once). */
  private async updateTaints(name: string, signal: AbortSignal): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const fresh = await this.nodes_().get(name, { signal });
      const taints = reconcileTaints(fresh, this.ctx.clock.now());
      if (!taints) return;
      fresh.spec = { ...(fresh.spec ?? {}), taints };
      try {
        await this.nodes_().update(fresh, { signal });
        return;
      } catch (e) {
        if (!isConflict(e) || attempt >= 2) throw e;
      }
    }
  }

  /** Upstream's MarkPodsNotReady: the pods of a lost node are not ready any more (endpoints drop them). */
  private async markPodsNotReady(node: string, signal: AbortSignal): Promise<void> {
    const now = apiTime(this.ctx.clock.now());
    for (const pod of this.pods.indexer.byIndex(NODE_NAME_INDEX, node)) {
      if (!isPodReady(pod) || pod.metadata?.deletionTimestamp) continue;
      const conditions = (pod.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: now } : c));
      try {
        await this.ctx.client.resource(PODS, pod.metadata?.namespace).patch(pod.metadata!.name!, { status: { conditions } }, 'strategic', { subresource: 'status', signal });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }
}

export const newNodeLifecycleController = (o: NodeLifecycleOptions = {}) => (ctx: ControllerContext): Runnable => new NodeLifecycleController(ctx, o);
