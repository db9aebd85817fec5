// Upstream's Priority admission plugin. A new pod's spec.priority (and preemptionPolicy) comes from
// the PriorityClass it names in spec.priorityClassName, or from the cluster's global default class
// when it names none (priority 0 when there is no default). A pod naming a class that does not
// exist, or carrying a priority or preemption policy that differs from its class's, is refused
// with 403. A PriorityClass may be marked globalDefault only while no other class is.
//
// The classes are kept by one storage watch (StoreWatchCache, as the quota cache); a class missing from the cache
// (created a moment ago, or the watch is down) is read from the store before a pod is refused.
import { newForbidden, type GroupResource } from '../../api/errors.js';
import type { KObj } from '../../api/resource-info.js';
import type { ResourceStore } from '../registry/store.js';
import { StoreWatchCache } from './store-watch-cache.js';

type Obj = Record<string, any>;

const PODS: GroupResource = { group: '', resource: 'pods' };
const PRIORITY_CLASSES: GroupResource = { group: 'scheduling.k8s.io', resource: 'priorityclasses' };
/** Priority of a pod when no class names it and no class is the global default. */
export const DEFAULT_PRIORITY_WITHOUT_DEFAULT_CLASS = 0;
const PREEMPT_LOWER_PRIORITY = 'PreemptLowerPriority';

const parse = (value: Buffer): Obj => JSON.parse(value.toString('utf8')) as Obj;
const valueOf = (pc: Obj): number => (typeof pc.value === 'number' ? pc.value : 0);

/** The global default among classes: with several (a race upstream tolerates), the lowest value. */
export function pickGlobalDefault(classes: Iterable<Obj>): Obj | undefined {
  let best: Obj | undefined;
  for (const pc of classes) if (pc.globalDefault === true && (!best || valueOf(pc) < valueOf(best))) best = pc;
  return best;
}

export class PriorityClassCache {
  private readonly byName = new Map<string, Obj>();
  private readonly cache: StoreWatchCache;

  constructor(private readonly classes: () => ResourceStore | undefined) {
    this.cache = new StoreWatchCache(classes, {
      reset: () => this.byName.clear(),
      put: (name, kv) => this.byName.set(name, parse(kv.value)),
      remove: (name) => this.byName.delete(name),
    });
  }

  start(): Promise<void> {
    return this.cache.start();
  }

  stop(): void {
    this.cache.stop();
  }

  /** A class by name: from the cache, else from the store (a class created a moment ago). */
  async get(name: string): Promise<Obj | undefined> {
    const cached = this.cache.live ? this.byName.get(name) : undefined;
    if (cached) return cached;
    const store = this.classes();
    if (!store) return undefined;
    this.cache.ensureStarted();
    const kv = await store.deps.storage.get(store.key('', name));
    return kv ? parse(kv.value) : undefined;
  }

  /** Every class: from the cache, else from the store. */
  async all(): Promise<Obj[]> {
    if (this.cache.live) return [...this.byName.values()];
    const store = this.classes();
    if (!store) return [];
    this.cache.ensureStarted();
    return (await store.deps.storage.list(store.listPrefix(''))).items.map((kv) => parse(kv.value));
  }
}

/** Sets a pod's priority and preemption policy from its class (mutates obj); throws 403 as upstream. */
export async function admitPodPriority(classes: PriorityClassCache, obj: KObj): Promise<void> {
  const pod = obj as Obj;
  const spec = pod.spec as Obj | undefined;
  if (!spec || typeof spec !== 'object') return;
  const podName = String(pod.metadata?.name ?? '');
  let priority: number;
  let preemptionPolicy: string | undefined;
  const className = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  if (!className) {
    const def = pickGlobalDefault(await classes.all());
    if (def) {
      spec.priorityClassName = String(def.metadata?.name);
      priority = valueOf(def);
      preemptionPolicy = typeof def.preemptionPolicy === 'string' ? def.preemptionPolicy : undefined;
    } else {
      priority = DEFAULT_PRIORITY_WITHOUT_DEFAULT_CLASS;
      preemptionPolicy = PREEMPT_LOWER_PRIORITY;
    }
  } else {
    const pc = await classes.get(className);
    if (!pc) throw newForbidden(PODS, podName, `no PriorityClass with name ${className} was found`);
    priority = valueOf(pc);
    preemptionPolicy = typeof pc.preemptionPolicy === 'string' ? pc.preemptionPolicy : undefined;
  }
  if (typeof spec.priority === 'number' && spec.priority !== priority) {
    throw newForbidden(
      PODS,
      podName,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  }
  spec.priority = priority;
  if (preemptionPolicy !== undefined) {
    if (typeof spec.preemptionPolicy === 'string' && spec.preemptionPolicy !== preemptionPolicy) {
      throw newForbidden(
        PODS,
        podName,
        `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`,
      );
    }
    spec.preemptionPolicy = preemptionPolicy;
  }
}

/** Refuses a second global default PriorityClass (create, or an update that marks another class). */
export async function admitPriorityClass(classes: PriorityClassCache, obj: KObj): Promise<void> {
  const pc = obj as Obj;
  if (pc.globalDefault !== true) return;
  const name = String(pc.metadata?.name ?? '');
  const others = (await classes.all()).filter((c) => String(c.metadata?.name) !== name);
  const existing = pickGlobalDefault(others);
  if (existing) {
    throw newForbidden(PRIORITY_CLASSES, name, `PriorityClass ${String(existing.metadata?.name)} is already marked as default. Only one default can exist`);
  }
}
