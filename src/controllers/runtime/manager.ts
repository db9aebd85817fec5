// The controller manager: builds the selected controllers over one set of shared informers, starts
// the informers, waits for their caches, then runs the controllers; everything stops when the
// signal aborts. With leader election the controllers run only while this instance holds the
// Lease (kube-system/kube-controller-manager by default).
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { EventRecorder, LeaderElectionLostError, LeaderElector, SharedInformerFactory, realClock, stripManagedFields, type Client, type Clock, type LeaderElectionOptions } from '../../client/index.js';
import { errorMessage, silentLogger, type Logger } from './logger.js';
import type { CsrSigningConfig } from './csr-signing-config.js';
import type { ControllerContext, ControllerRegistry } from './registry.js';

export interface ControllerManagerOptions {
  readonly client: Client;
  readonly registry: ControllerRegistry;
  /** --controllers (default ["*"]). */
  readonly controllers?: readonly string[];
  readonly leaderElection?: LeaderElectionOptions | false;
  readonly identity?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly workers?: Readonly<Record<string, number>>;
  readonly defaultWorkers?: number;
  /** PEM key for the token controller (upstream's --service-account-private-key-file). */
  readonly serviceAccountPrivateKey?: string;
  /** The CSR signer's CA and maximum duration (upstream's --cluster-signing-* flags). */
  readonly csrSigning?: CsrSigningConfig;
}

export class ControllerManager {
  readonly identity: string;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(private readonly opts: ControllerManagerOptions) {
    this.identity = opts.identity ?? `${hostname()}_${randomUUID()}`;
    this.clock = opts.clock ?? realClock;
    this.log = opts.logger ?? silentLogger;
    opts.registry.select(opts.controllers ?? ['*']);
  }

  /** Runs until signal aborts (or, with exitOnLoss, until leadership is lost). */
  async run(signal: AbortSignal): Promise<void> {
    const le = this.opts.leaderElection;
    if (!le) return this.runControllers(signal);
    const elector = new LeaderElector({
      client: le.client ?? this.opts.client,
      namespace: le.namespace ?? 'kube-system',
      name: le.name ?? 'kube-controller-manager',
      identity: this.identity,
      leaseDurationMs: le.leaseDurationMs,
      renewDeadlineMs: le.renewDeadlineMs,
      retryPeriodMs: le.retryPeriodMs,
      clock: this.clock,
      onError: (e) => this.log.warn({ err: errorMessage(e) }, 'leader election'),
      onSlowRenewal: (t) => this.log.warn(t, 'leader election: slow lease renewal'),
      callbacks: {
        onStartedLeading: (s) => this.runControllers(s),
        onNewLeader: (id) => this.log.info({ leader: id }, 'new leader elected'),
      },
    });
    while (!signal.aborted) {
      await elector.run(signal);
      if (signal.aborted) break;
      this.log.error({ identity: this.identity }, 'leaderelection lost');
      if (le.exitOnLoss) throw new LeaderElectionLostError('leader election lost');
    }
  }

  private async runControllers(signal: AbortSignal): Promise<void> {
    const { client } = this.opts;
    const informers = new SharedInformerFactory(client, { transform: stripManagedFields, onError: (e) => this.log.warn({ err: errorMessage(e) }, 'informer') });
    const recorders = new Map<string, EventRecorder>();
    const ctx: ControllerContext = {
      client,
      informers,
      clock: this.clock,
      logger: this.log,
      recorder: (component) => {
        let r = recorders.get(component);
        if (!r) recorders.set(component, (r = new EventRecorder({ client, component, clock: this.clock, onError: (e) => this.log.warn({ err: errorMessage(e) }, 'event') })));
        return r;
      },
      workers: (name) => this.opts.workers?.[name] ?? this.opts.defaultWorkers ?? 5,
      serviceAccountPrivateKey: this.opts.serviceAccountPrivateKey,
      ...(this.opts.csrSigning ? { csrSigning: this.opts.csrSigning } : {}),
    };
    const selected = this.opts.registry.select(this.opts.controllers ?? ['*']);
    const controllers = selected.map((d) => d.create(ctx));
    // Every informer's list and every controller's workers listen on this one signal.
    setMaxListeners(0, signal);
    informers.start(signal);
    if (await informers.waitForCacheSync(signal)) {
      this.log.info({ controllers: controllers.map((c) => c.name) }, 'caches synced; starting controllers');
      await Promise.all(
        controllers.map((c) => c.run(signal).catch((e: unknown) => this.log.error({ controller: c.name, err: errorMessage(e) }, 'controller stopped'))),
      );
    }
    await informers.shutdown();
    await Promise.all([...recorders.values()].map((r) => r.close()));
  }
}
