// Registers the simulated Node objects and their Leases, then keeps them alive: one loop renews
// every lease each renew interval, another refreshes the node conditions less often (the
// kubelet's split between lease heartbeats and status reports); a node the server no longer
// reads as Ready is reported again at once (ready-watch.ts).
import { LEASES, NODES, apiMicroTime, isAlreadyExists, isNotFound, type Client } from '../client/index.js';
import type { Limiter } from './limiter.js';
import { leaseObject, nodeConditions, nodeObject, NODE_LEASE_NAMESPACE, type SimNode } from './node-object.js';
import type { ResolvedOptions } from './options.js';
import { ReadyWatch } from './ready-watch.js';
import { SpreadLoop } from './spread-loop.js';

export interface RegistrarStats {
  leaseRenewals: number;
  statusUpdates: number;
  /** Status reports sent because the server's node was not Ready (after a lapse the controller saw). */
  readyRepairs: number;
}

export class NodeRegistrar {
  readonly stats: RegistrarStats = { leaseRenewals: 0, statusUpdates: 0, readyRepairs: 0 };
  private readonly registeredAt = new Map<string, number>();
  private readonly uids = new Map<string, string>();
  /** Nodes whose kubelet is "down": no lease renewals, no status reports. */
  private readonly paused = new Set<string>();

  constructor(
    private readonly client: Client,
    private readonly nodes: readonly SimNode[],
    private readonly o: ResolvedOptions,
    private readonly limiter: Limiter,
    /** Lease renewals only (each kubelet renews on its own, so these are not held to `limiter`). */
    private readonly heartbeats: Limiter = limiter,
  ) {}

  /** Creates (or takes over) every node and its lease. */
  async register(signal: AbortSignal): Promise<void> {
    await this.limiter.each(this.nodes, async (n) => {
      if (signal.aborted) return;
      await this.registerNode(n, signal);
      await this.ensureLease(n, signal);
    });
  }

  /** Renews leases and refreshes node status until signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const leases = new SpreadLoop({ periodMs: this.o.leaseRenewIntervalMs, count: this.nodes.length, clock: this.o.clock, limiter: this.heartbeats, fn: (i, s) => this.renewLease(this.nodes[i]!, s) });
    const status = new SpreadLoop({ periodMs: this.o.statusUpdateIntervalMs, count: this.nodes.length, clock: this.o.clock, limiter: this.limiter, fn: (i, s) => this.refreshStatus(this.nodes[i]!, s) });
    const byName = new Map(this.nodes.map((n) => [n.name, n]));
    const ready = new ReadyWatch(
      this.client,
      {
        names: new Set(byName.keys()),
        isPaused: (name) => this.paused.has(name),
        // The node turns Ready again now: that is its condition's transition time.
        report: (name, s) =>
          this.limiter.run(async () => {
            this.stats.readyRepairs++;
            this.registeredAt.set(name, this.o.clock.now());
            await this.refreshStatus(byName.get(name)!, s);
          }),
        minIntervalMs: this.o.leaseRenewIntervalMs,
      },
      this.o,
    );
    await Promise.all([leases.run(signal), status.run(signal), ready.run(signal)]);
  }

  /** Stops heartbeating a node (its lease lapses and the node lifecycle controller notices). */
  pause(name: string): void {
    this.paused.add(name);
  }

  /** Heartbeats a paused node again, reporting Ready at once (as a kubelet coming back does). */
  async resume(name: string, signal: AbortSignal): Promise<void> {
    const n = this.nodes.find((x) => x.name === name);
    if (!n || !this.paused.delete(name)) return;
    this.registeredAt.set(name, this.o.clock.now());
    await this.renewLease(n, signal);
    await this.refreshStatus(n, signal);
  }

  isPaused(name: string): boolean {
    return this.paused.has(name);
  }

  private async registerNode(n: SimNode, signal: AbortSignal): Promise<void> {
    const now = this.o.clock.now();
    const nodes = this.client.resource(NODES);
    const desired = nodeObject(n, this.o, now);
    try {
      const created = await nodes.create(desired, { signal });
      this.uids.set(n.name, created.metadata?.uid ?? '');
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      // Registered before (an earlier run): take it over with this run's shape.
      const patched = await nodes.patch(n.name, { metadata: { labels: desired.metadata!.labels, annotations: desired.metadata!.annotations }, spec: { taints: desired.spec!.taints ?? null, unschedulable: null } }, 'merge', { signal });
      this.uids.set(n.name, patched.metadata?.uid ?? '');
      await nodes.patch(n.name, { status: desired.status }, 'merge', { subresource: 'status', signal });
    }
    this.registeredAt.set(n.name, now);
  }

  private async ensureLease(n: SimNode, signal: AbortSignal): Promise<void> {
    const leases = this.client.resource(LEASES, NODE_LEASE_NAMESPACE);
    const lease = leaseObject(n, this.o, this.uids.get(n.name), this.o.clock.now());
    try {
      await leases.create(lease, { signal });
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      await leases.patch(n.name, { metadata: { ownerReferences: lease.metadata!.ownerReferences ?? null }, spec: lease.spec }, 'merge', { signal });
    }
  }

  private async renewLease(n: SimNode, signal: AbortSignal): Promise<void> {
    if (this.paused.has(n.name)) return;
    const leases = this.client.resource(LEASES, NODE_LEASE_NAMESPACE);
    try {
      await leases.patch(n.name, { spec: { holderIdentity: n.name, renewTime: apiMicroTime(this.o.clock.now()) } }, 'merge', { signal });
      this.stats.leaseRenewals++;
    } catch (e) {
      if (signal.aborted) return;
      if (isNotFound(e)) {
        await this.ensureLease(n, signal).catch((err) => this.o.onError(err, `lease ${n.name}`));
        return;
      }
      this.o.onError(e, `renew lease ${n.name}`);
    }
  }

  private async refreshStatus(n: SimNode, signal: AbortSignal): Promise<void> {
    if (this.paused.has(n.name)) return;
    const now = this.o.clock.now();
    const since = this.registeredAt.get(n.name) ?? now;
    try {
      await this.client.resource(NODES).patch(n.name, { status: { conditions: nodeConditions(now, since) } }, 'merge', { subresource: 'status', signal });
      this.stats.statusUpdates++;
    } catch (e) {
      if (signal.aborted) return;
      if (isNotFound(e)) {
        // Someone deleted the node: register it again, as a kubelet does.
        await this.registerNode(n, signal).catch((err) => this.o.onError(err, `register ${n.name}`));
        return;
      }
      this.o.onError(e, `node status ${n.name}`);
    }
  }
}
