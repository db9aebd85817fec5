// The taint eviction controller (upstream's taint-eviction-controller): pods on a node with
// NoExecute taints they do not tolerate are deleted, at once or after their tolerationSeconds,
// with a DisruptionTarget condition and a TaintManagerEviction event first. Keyed by node.
import type { Node, Pod } from '../../api/types/core-v1.js';
import { NODES, PODS, apiTime, isNotFound, type EventRecorder, type SharedInformer } from '../../client/index.js';
import { Controller, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';
import { NODE_NAME_INDEX, nodeNameIndex } from './node-lifecycle-controller.js';
import { evictionTime } from './taint-eviction.js';

export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';

export class TaintEvictionController implements Runnable {
  readonly name = TAINT_EVICTION_CONTROLLER;
  readonly controller: Controller;
  private readonly nodes: SharedInformer<Node>;
  private readonly pods: SharedInformer<Pod>;
  private readonly recorder: EventRecorder;

  constructor(private readonly ctx: ControllerContext) {
    this.nodes = ctx.informers.forResource(NODES);
    this.pods = ctx.informers.forResource(PODS, { indexers: { [NODE_NAME_INDEX]: nodeNameIndex } });
    this.recorder = ctx.recorder('taint-eviction-controller');
    this.controller = new Controller({ name: this.name, reconcile: (k, s) => this.sync(k, s), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    const c = this.controller;
    const hasNoExecute = (n: Readonly<Node> | undefined) => !!n?.spec?.taints?.some((t) => t.effect === 'NoExecute');
    this.nodes.addEventHandler({ onAdd: (n) => hasNoExecute(n) && c.enqueue(n), onUpdate: (o, n) => (hasNoExecute(o) || hasNoExecute(n)) && c.enqueue(n) });
    const onPod = (p: Readonly<Pod>) => {
      const n = p.spec?.nodeName;
      if (n && hasNoExecute(this.nodes.lister.get(n))) c.enqueueKey(n);
    };
    this.pods.addEventHandler({ onAdd: onPod, onUpdate: (_o, p) => onPod(p) });
  }

  async sync(name: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const node = this.nodes.lister.get(name);
    const taints = node?.spec?.taints ?? [];
    if (!node || !taints.some((t) => t.effect === 'NoExecute')) return;
    const now = this.ctx.clock.now();
    let next = Infinity;
    for (const pod of this.pods.indexer.byIndex(NODE_NAME_INDEX, name)) {
      if (pod.metadata?.deletionTimestamp) continue;
      const d = evictionTime(pod, taints, now);
      if (!d || 'never' in d) continue;
      if (d.evictAt > now) {
        next = Math.min(next, d.evictAt);
        continue;
      }
      await this.evict(pod, signal);
    }
    if (next !== Infinity) return { requeueAfterMs: next - now + 50 };
  }

  private async evict(pod: Readonly<Pod>, signal: AbortSignal): Promise<void> {
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const pods = this.ctx.client.resource(PODS, ns);
    this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`, { kind: 'Pod', apiVersion: 'v1' });
    try {
      const condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: apiTime(this.ctx.clock.now()) };
      await pods.patch(name, { status: { conditions: [condition] } }, 'strategic', { subresource: 'status', signal });
      await pods.delete(name, { signal, preconditions: { uid: pod.metadata?.uid } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }
}

export const newTaintEvictionController = (ctx: ControllerContext): Runnable => new TaintEvictionController(ctx);
