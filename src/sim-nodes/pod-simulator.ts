// The pod side of the simulated nodes: one informer over every bound pod, a rate-limited work
// queue of pod keys, and a bounded pool of workers that carry out planPod's decisions (status
// writes, deletes) and requeue each pod for its next stage.
import type { Pod } from '../api/types/core-v1.js';
import {
  PODS,
  RateLimitingWorkQueue,
  SharedInformer,
  isConflict,
  isNotFound,
  metaNamespaceKey,
  parseApiTime,
  stripManagedFields,
  type Client,
} from '../client/index.js';
import type { IpAllocator } from './addresses.js';
import type { SimNode } from './node-object.js';
import type { ResolvedOptions } from './options.js';
import { planPod, statusDrifted, type PodRecord } from './pod-plan.js';

export interface NodeRuntime {
  readonly node: SimNode;
  readonly ips: IpAllocator;
}

export interface PodSimulatorStats {
  statusWrites: number;
  deletes: number;
}

export class PodSimulator {
  readonly informer: SharedInformer<Pod>;
  readonly stats: PodSimulatorStats = { statusWrites: 0, deletes: 0 };
  private readonly queue: RateLimitingWorkQueue<string>;
  private readonly records = new Map<string, PodRecord>();
  /** Nodes whose pods are left as they are (their kubelet is down). */
  private readonly paused = new Set<string>();

  constructor(
    private readonly client: Client,
    private readonly nodes: ReadonlyMap<string, NodeRuntime>,
    private readonly o: ResolvedOptions,
  ) {
    this.queue = new RateLimitingWorkQueue<string>({ clock: o.clock });
    this.informer = new SharedInformer<Pod>(client.resource(PODS), {
      fieldSelector: 'spec.nodeName!=',
      transform: stripManagedFields,
      clock: o.clock,
      onError: (e) => o.onError(e, 'pod informer'),
    });
    this.informer.addEventHandler({
      onAdd: (p) => this.enqueue(p),
      onUpdate: (_old, p) => this.enqueue(p),
      onDelete: (p) => this.forget(p),
    });
  }

  /** Pods this simulator is tracking. */
  get tracked(): number {
    return this.records.size;
  }

  /** Watches pods and works the queue until signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const stop = () => this.queue.shutDown();
    signal.addEventListener('abort', stop, { once: true });
    const informer = this.informer.run(signal);
    const workers = Array.from({ length: this.o.concurrency }, () => this.work());
    await Promise.all([informer, ...workers]);
    signal.removeEventListener('abort', stop);
  }

  private enqueue(p: Readonly<Pod>): void {
    const node = p.spec?.nodeName ?? '';
    if (this.nodes.has(node) && !this.paused.has(node)) this.queue.add(metaNamespaceKey(p));
  }

  /** Stops acting on the pods of a node until resume(). */
  pause(node: string): void {
    this.paused.add(node);
  }

  /** Acts on a node's pods again, catching up with what happened meanwhile. */
  resume(node: string): void {
    if (!this.paused.delete(node)) return;
    for (const p of this.informer.lister.list()) if (p.spec?.nodeName === node) this.enqueue(p);
  }

  private forget(p: Readonly<Pod>): void {
    const key = metaNamespaceKey(p);
    const rec = this.records.get(key);
    if (rec && rec.uid === p.metadata?.uid) {
      if (rec.podIP) this.nodes.get(p.spec?.nodeName ?? '')?.ips.release(rec.podIP);
      this.records.delete(key);
    }
    this.queue.forget(key);
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.sync(key);
        this.queue.forget(key);
      } catch (e) {
        if (!isConflict(e)) this.o.onError(e, `pod ${key}`);
        if (!this.queue.shuttingDown()) this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  private async sync(key: string): Promise<void> {
    const [ns, name] = key.split('/') as [string, string];
    const pod = this.informer.lister.get(name, ns);
    const rt = pod ? this.nodes.get(pod.spec?.nodeName ?? '') : undefined;
    if (!pod || !rt || this.paused.has(rt.node.name)) return;
    const rec = this.recordFor(key, pod, rt);
    const now = this.o.clock.now();
    const action = planPod(pod, rec, now, {
      hostIP: rt.node.ip,
      startDelayMs: this.o.startDelayMs,
      runTimeMs: this.o.runTimeMs,
      crashBackoffMs: this.o.crashBackoffMs,
      allocateIp: () => rt.ips.allocate(),
    });
    const pods = this.client.resource(PODS, ns);
    try {
      if (action.kind === 'delete') {
        if (action.status && rec.written !== 'terminated') {
          await pods.patch(name, { status: action.status }, 'merge', { subresource: 'status' });
          rec.written = 'terminated';
          this.stats.statusWrites++;
        }
        await pods.delete(name, { gracePeriodSeconds: 0, preconditions: { uid: rec.uid } });
        this.stats.deletes++;
        return;
      }
      if (action.kind === 'status' && (rec.written !== action.stage || statusDrifted(pod, rec, action.status))) {
        const written = await pods.patch(name, { status: action.status }, 'merge', { subresource: 'status' });
        rec.written = action.stage;
        rec.writtenVersion = written.metadata?.resourceVersion;
        this.stats.statusWrites++;
      }
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (action.nextAt !== undefined) this.queue.addAfter(key, action.nextAt - now);
  }

  private recordFor(key: string, pod: Readonly<Pod>, rt: NodeRuntime): PodRecord {
    const uid = pod.metadata?.uid ?? '';
    const known = this.records.get(key);
    if (known && known.uid === uid) return known;
    if (known?.podIP) rt.ips.release(known.podIP);
    // A pod this node already reported on (before a restart) keeps its start time and IP.
    const ours = pod.status?.hostIP === rt.node.ip;
    const started = ours ? parseApiTime(pod.status?.startTime) : NaN;
    const rec: PodRecord = { uid, seenAt: Number.isFinite(started) ? started : this.o.clock.now() };
    if (ours && pod.status?.podIP && rt.ips.claim(pod.status.podIP)) rec.podIP = pod.status.podIP;
    this.records.set(key, rec);
    return rec;
  }
}
