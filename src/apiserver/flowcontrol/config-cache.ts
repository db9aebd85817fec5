// Feeds flow control from the stored FlowSchemas and PriorityLevelConfigurations: both resources
// are kept current by store watches, and every change reconfigures the filter, so objects
// created, changed or deleted through the API take effect. The mandatory objects (exempt and
// catch-all) are always in effect: when one is missing from the store the built-in one stands in.
import type { KeyValue } from '../../storage/interface.js';
import type { ResourceStore } from '../registry/store.js';
import { StoreWatchCache } from '../admission/store-watch-cache.js';
import { bootstrapFlowSchemas, bootstrapPriorityLevels } from './bootstrap-config.js';
import type { FlowControl } from './flow-control.js';
import type { FlowSchemaConfig, FlowSchemaSpec, PriorityLevelConfig, PriorityLevelSpec } from './types.js';

type Condition = { type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string };
type Obj = { metadata?: { name?: string; uid?: string }; spec?: unknown; status?: { conditions?: Condition[] } };

const MANDATORY = new Set(['exempt', 'catch-all']);

function usableSchema(spec: unknown): spec is FlowSchemaSpec {
  const s = spec as Partial<FlowSchemaSpec> | undefined;
  return typeof s?.priorityLevelConfiguration?.name === 'string' && typeof s.matchingPrecedence === 'number';
}

function usableLevel(spec: unknown): spec is PriorityLevelSpec {
  const s = spec as Partial<PriorityLevelSpec> | undefined;
  if (s?.type === 'Exempt') return true;
  if (s?.type !== 'Limited' || typeof s.limited?.nominalConcurrencyShares !== 'number') return false;
  const r = s.limited.limitResponse;
  return r?.type === 'Reject' || (r?.type === 'Queue' && typeof r.queuing?.queues === 'number' && r.queuing.queues > 0 && typeof r.queuing.handSize === 'number' && typeof r.queuing.queueLengthLimit === 'number');
}

/** Fills in the defaults the API gives omitted queuing fields (upstream: 64 queues, hand 8, 50 per queue). */
function withDefaults(spec: PriorityLevelSpec): PriorityLevelSpec {
  const l = spec.limited;
  if (spec.type !== 'Limited' || !l || l.limitResponse.type !== 'Queue') return spec;
  const q = l.limitResponse.queuing ?? { queues: 64, handSize: 8, queueLengthLimit: 50 };
  return { ...spec, limited: { ...l, limitResponse: { type: 'Queue', queuing: { queues: q.queues ?? 64, handSize: q.handSize ?? 8, queueLengthLimit: q.queueLengthLimit ?? 50 } } } };
}

export class FlowControlConfigCache {
  private readonly schemas = new Map<string, Obj>();
  private readonly levels = new Map<string, Obj>();
  private readonly schemaCache: StoreWatchCache;
  private readonly levelCache: StoreWatchCache;
  private pending = false;

  constructor(
    private readonly flowSchemas: () => ResourceStore | undefined,
    priorityLevels: () => ResourceStore | undefined,
    private readonly target: FlowControl,
  ) {
    const sink = (m: Map<string, Obj>) => ({
      reset: () => {
        m.clear();
        this.schedule();
      },
      put: (name: string, kv: KeyValue) => {
        m.set(name, JSON.parse(kv.value.toString('utf8')) as Obj);
        this.schedule();
      },
      remove: (name: string) => {
        m.delete(name);
        this.schedule();
      },
    });
    this.schemaCache = new StoreWatchCache(flowSchemas, sink(this.schemas));
    this.levelCache = new StoreWatchCache(priorityLevels, sink(this.levels));
  }

  async start(): Promise<void> {
    await Promise.all([this.schemaCache.start(), this.levelCache.start()]);
    this.apply();
  }

  stop(): void {
    this.schemaCache.stop();
    this.levelCache.stop();
  }

  /** Coalesces the changes of one batch of events into one reconfiguration. */
  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.apply();
    });
  }

  private apply(): void {
    if (!this.schemaCache.live || !this.levelCache.live) {
      this.schemaCache.ensureStarted();
      this.levelCache.ensureStarted();
      return;
    }
    const levels: PriorityLevelConfig[] = [];
    for (const [name, o] of this.levels) if (usableLevel(o.spec)) levels.push({ name, uid: o.metadata?.uid ?? '', spec: withDefaults(o.spec) });
    for (const l of bootstrapPriorityLevels()) if (MANDATORY.has(l.name) && !this.levels.has(l.name)) levels.push(l);
    const schemas: FlowSchemaConfig[] = [];
    for (const [name, o] of this.schemas) if (usableSchema(o.spec)) schemas.push({ name, uid: o.metadata?.uid ?? '', spec: o.spec });
    for (const f of bootstrapFlowSchemas()) if (MANDATORY.has(f.name) && !this.schemas.has(f.name)) schemas.push(f);
    this.target.configure(schemas, levels);
    for (const [name, o] of this.schemas) this.markDangling(name, o, levels);
  }

  /** Keeps each stored schema's Dangling condition (does its priority level exist?) current, as upstream's config controller does. */
  private markDangling(name: string, o: Obj, levels: readonly PriorityLevelConfig[]): void {
    const level = (o.spec as Partial<FlowSchemaSpec> | undefined)?.priorityLevelConfiguration?.name ?? '';
    const found = levels.some((l) => l.name === level);
    const want = found ? { status: 'False', reason: 'Found' } : { status: 'True', reason: 'NotFound' };
    const have = o.status?.conditions?.find((c) => c.type === 'Dangling');
    if (have?.status === want.status && have.reason === want.reason) return;
    const store = this.flowSchemas();
    if (!store) return;
    const condition: Condition = {
      type: 'Dangling',
      ...want,
      message: found ? `the priority level "${level}" exists` : `there is no priority level named "${level}"`,
      lastTransitionTime: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    };
    void store
      .update('', name, (cur) => {
        const status = ((cur as Obj).status ??= {});
        status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'Dangling'), condition];
        return cur;
      }, { subresource: 'status' })
      .catch(() => undefined);
  }
}
