// The scheduler component: informers feed the cache and the queue; while this instance leads (a
// Lease in kube-system named kube-scheduler, when leader election is on) the loop schedules pods
// and binds them through the API server.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ReplicaSet, StatefulSet } from '../api/types/apps-v1.js';
import type { Namespace, Node, Pod, ReplicationController, Service } from '../api/types/core-v1.js';
import type { PodDisruptionBudget } from '../api/types/policy-v1.js';
import {
  EventRecorder, LeaderElectionLostError, LeaderElector, NAMESPACES, newStopController, NODES, PODDISRUPTIONBUDGETS, PODS, realClock, REPLICASETS, REPLICATIONCONTROLLERS, SERVICES,
  SharedInformerFactory, STATEFULSETS, stripManagedFields,
  type Client, type Clock, type HandlerRegistration, type LeaderElectionOptions,
} from '../client/index.js';
import { ApiCalls } from './api-calls.js';
import { SchedulerCache } from './cache/scheduler-cache.js';
import { registerEventHandlers } from './event-handlers.js';
import type { NamespaceLister } from './framework/interfaces.js';
import { Framework, type Profile } from './framework/runtime.js';
import { silentLogger, type Logger } from './logger.js';
import { DEFAULT_SCHEDULER_NAME, defaultProfile, inTreeRegistry } from './plugins/registry.js';
import type { BackoffPolicy } from './queue/backoff.js';
import { Nominator } from './queue/nominator.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';
import { SchedulingAlgorithm } from './schedule-pod.js';
import { SchedulingLoop, type SchedulingStats } from './scheduling-loop.js';
import { schedulerVolumes } from './volume-informers.js';
import { InformerWorkloads } from './workloads.js';

export interface SchedulerOptions {
  readonly client: Client;
  /** The profile (default: upstream's default profile for schedulerName). */
  readonly profile?: Profile;
  readonly schedulerName?: string;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** 0 (default): adaptive, as upstream. */
  readonly percentageOfNodesToScore?: number;
  readonly backoff?: BackoffPolicy;
  /** false/absent: schedule without a lease. */
  readonly leaderElection?: LeaderElectionOptions | false;
  /** Leader election identity (default: hostname_uuid, as upstream). */
  readonly identity?: string;
  readonly maxInFlightBindings?: number;
  readonly recordScheduledEvents?: boolean;
  /** Share informers with other in-process components (default: the scheduler's own). */
  readonly informers?: SharedInformerFactory;
}

export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly nominator = new Nominator();
  readonly framework: Framework;
  readonly queue: SchedulingQueue;
  readonly identity: string;
  private readonly loop: SchedulingLoop;
  private readonly recorder: EventRecorder;
  private readonly informers: SharedInformerFactory;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private registrations: HandlerRegistration[] = [];
  private elector: LeaderElector | undefined;
  private readonly schedulerName: string;

  constructor(private readonly opts: SchedulerOptions) {
    const profile = opts.profile ?? defaultProfile(opts.schedulerName ?? DEFAULT_SCHEDULER_NAME);
    this.schedulerName = profile.schedulerName;
    this.logger = opts.logger ?? silentLogger;
    this.clock = opts.clock ?? opts.client.clock ?? realClock;
    this.identity = opts.identity ?? `${hostname()}_${randomUUID()}`;
    const random = opts.random ?? Math.random;
    this.informers = opts.informers ?? new SharedInformerFactory(opts.client, { transform: stripManagedFields, onError: (e) => this.onInformerError(e) });
    const pods = this.informers.forResource<Pod>(PODS, { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' });
    const nodes = this.informers.forResource<Node>(NODES);
    const namespaces = this.informers.forResource<Namespace>(NAMESPACES);
    const pdbs = this.informers.forResource<PodDisruptionBudget>(PODDISRUPTIONBUDGETS);
    const workloads = new InformerWorkloads({
      services: this.informers.forResource<Service>(SERVICES).lister,
      replicationControllers: this.informers.forResource<ReplicationController>(REPLICATIONCONTROLLERS).lister,
      replicaSets: this.informers.forResource<ReplicaSet>(REPLICASETS).lister,
      statefulSets: this.informers.forResource<StatefulSet>(STATEFULSETS).lister,
    });
    const storage = schedulerVolumes(this.informers);
    this.recorder = new EventRecorder({ client: opts.client, component: this.schedulerName, clock: this.clock, maxConcurrency: 16, onError: (e) => this.onApiError(e, 'event') });
    const api = new ApiCalls({ client: opts.client, recorder: this.recorder, clock: this.clock, schedulerName: this.schedulerName });
    const nsLister: NamespaceLister = {
      labels: (name) => {
        const ns = namespaces.lister.get(name);
        return ns ? (ns.metadata?.labels ?? {}) : undefined;
      },
      matching: (matches) => namespaces.lister.list().filter((n) => matches(n.metadata?.labels ?? {})).map((n) => n.metadata?.name ?? ''),
    };
    this.framework = new Framework(inTreeRegistry(), profile, {
      snapshot: () => this.cache.snapshot,
      namespaces: nsLister,
      pdbs: { list: () => pdbs.lister.list() },
      volumes: storage.lister,
      workloads,
      nominator: this.nominator,
      api,
      random,
    });
    this.queue = new SchedulingQueue({
      less: (a, b) => this.framework.queueSort.less(a, b),
      clock: this.clock,
      nominator: this.nominator,
      preEnqueue: (pi) => this.framework.runPreEnqueuePlugins(pi),
      pluginEvents: this.framework.eventsToRegister(),
      backoff: opts.backoff,
    });
    this.loop = new SchedulingLoop({
      framework: this.framework,
      algorithm: new SchedulingAlgorithm({ percentageOfNodesToScore: opts.percentageOfNodesToScore, random }),
      cache: this.cache,
      queue: this.queue,
      nominator: this.nominator,
      api,
      recorder: this.recorder,
      pods: pods.lister,
      logger: this.logger,
      maxInFlightBindings: opts.maxInFlightBindings,
      recordScheduledEvents: opts.recordScheduledEvents,
    });
    this.registrations = registerEventHandlers({ cache: this.cache, queue: this.queue, schedulerName: this.schedulerName, logger: this.logger, pods, nodes, namespaces });
    this.registrations.push(...storage.register((e) => this.queue.moveAllToActiveOrBackoffQueue(e)));
  }

  get stats(): Readonly<SchedulingStats> {
    return this.loop.stats;
  }

  isLeader(): boolean {
    return this.opts.leaderElection ? (this.elector?.isLeader() ?? false) : true;
  }

  /** Runs until signal aborts (or, with exitOnLoss, until leadership is lost). */
  async run(outer: AbortSignal): Promise<void> {
    const stop = newStopController();
    const onAbort = () => stop.abort(outer.reason);
    outer.addEventListener('abort', onAbort, { once: true });
    if (outer.aborted) stop.abort(outer.reason);
    const signal = stop.signal;
    try {
      this.informers.start(signal);
      if (!(await this.informers.waitForCacheSync(signal))) return;
      this.queue.start();
      this.logger.info({ schedulerName: this.schedulerName, identity: this.identity }, 'scheduler: caches synced');
      const le = this.opts.leaderElection;
      if (!le) {
        await this.loop.run(signal);
        return;
      }
      this.elector = new LeaderElector({
        client: le.client ?? this.opts.client,
        namespace: le.namespace ?? 'kube-system',
        name: le.name ?? 'kube-scheduler',
        identity: this.identity,
        leaseDurationMs: le.leaseDurationMs,
        renewDeadlineMs: le.renewDeadlineMs,
        retryPeriodMs: le.retryPeriodMs,
        clock: this.clock,
        onError: (e) => this.onApiError(e, 'leader election'),
        onSlowRenewal: (t) => this.logger.warn(t, 'scheduler: slow lease renewal'),
        callbacks: {
          onStartedLeading: (s) => {
            this.logger.info({ identity: this.identity }, 'scheduler: started leading');
            return this.loop.run(s);
          },
          onStoppedLeading: () => this.logger.info({ identity: this.identity }, 'scheduler: stopped leading'),
        },
      });
      while (!signal.aborted) {
        await this.elector.run(signal);
        if (!signal.aborted && le.exitOnLoss) throw new LeaderElectionLostError('leaderelection lost');
      }
    } finally {
      outer.removeEventListener('abort', onAbort);
      stop.abort();
      this.queue.close();
      for (const r of this.registrations) r.remove();
      this.registrations = [];
      await this.recorder.close();
      if (!this.opts.informers) await this.informers.shutdown();
    }
  }

  /** Resolves once every binding started so far has been written (tests, benchmarks). */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  private onInformerError(e: unknown): void {
    this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'scheduler: informer error');
  }

  private onApiError(e: unknown, what: string): void {
    this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, `scheduler: ${what} failed`);
  }
}
