// Watches the simulated Node objects and tells when one of them does not read Ready=True on the
// API server any more (the node lifecycle controller set its conditions to Unknown after a late
// lease, or someone patched them): the kubelet compares the server's node with its own view on
// every status check and reports again at once, so a node recovers in one check, not at the next
// five-minute status report.
import { readyCondition } from '../api/node-conditions.js';
import type { Node } from '../api/types/core-v1.js';
import { NODES, SharedInformer, stripManagedFields, wait, type Client } from '../client/index.js';
import type { ResolvedOptions } from './options.js';

export interface ReadyWatchOptions {
  readonly names: ReadonlySet<string>;
  /** Reports one node again; called at most once per minIntervalMs for a node. */
  readonly report: (name: string, signal: AbortSignal) => Promise<void>;
  /** Whether the node's kubelet is down (its status is left as the controller set it). */
  readonly isPaused: (name: string) => boolean;
  readonly minIntervalMs: number;
}

export class ReadyWatch {
  private readonly informer: SharedInformer<Node>;
  private readonly lastReport = new Map<string, number>();
  /** The repair under way per node (one at a time). */
  private readonly running = new Map<string, Promise<void>>();
  private signal: AbortSignal | undefined;

  constructor(client: Client, private readonly o: ReadyWatchOptions, private readonly opts: Pick<ResolvedOptions, 'clock' | 'onError'>) {
    this.informer = new SharedInformer<Node>(client.resource(NODES), { transform: stripManagedFields, clock: opts.clock, onError: (e) => opts.onError(e, 'node informer') });
    this.informer.addEventHandler({ onAdd: (n) => this.check(n), onUpdate: (_old, n) => this.check(n) });
  }

  async run(signal: AbortSignal): Promise<void> {
    this.signal = signal;
    await this.informer.run(signal);
    await Promise.all(this.running.values());
  }

  private check(n: Readonly<Node>): void {
    const name = n.metadata?.name ?? '';
    const signal = this.signal;
    if (!signal || signal.aborted || !this.o.names.has(name) || this.running.has(name) || this.o.isPaused(name)) return;
    if (!n.status?.conditions?.length || readyCondition(n)?.status === 'True') return;
    this.running.set(
      name,
      this.repair(name, signal).finally(() => this.running.delete(name)),
    );
  }

  private async repair(name: string, signal: AbortSignal): Promise<void> {
    const clock = this.opts.clock;
    const dueIn = (this.lastReport.get(name) ?? -Infinity) + this.o.minIntervalMs - clock.now();
    if (dueIn > 0 && !(await wait(clock, dueIn, signal))) return;
    // Still not Ready in the cache (a report from elsewhere may have fixed it meanwhile)?
    const current = this.informer.lister.get(name);
    if (signal.aborted || !current || readyCondition(current)?.status === 'True' || this.o.isPaused(name)) return;
    this.lastReport.set(name, clock.now());
    try {
      await this.o.report(name, signal);
    } catch (e) {
      if (!signal.aborted) this.opts.onError(e, `node status ${name}`);
    }
  }
}
