// The set of served resources: one ResourceStore per group/version/resource. CRDs add and
// remove entries at run time; discovery is computed from what is registered.
import type { KindStrategy } from '../api/resource-info.js';
import { ResourceStore, type StoreDeps } from './registry/store.js';

export interface GroupVersion {
  readonly group: string;
  readonly version: string;
}

const gvrKey = (group: string, version: string, resource: string) => `${group}/${version}/${resource}`;

export class ApiRegistry {
  private readonly stores = new Map<string, ResourceStore>();
  /** Registration order of group versions (discovery order; the first version of a group is preferred). */
  private readonly order: GroupVersion[] = [];
  private readonly listeners = new Set<() => void>();
  private generationCounter = 0;

  constructor(private readonly deps: StoreDeps) {}

  register(strategy: KindStrategy): ResourceStore {
    const { group, version, resource } = strategy.info;
    const store = new ResourceStore(strategy, this.deps);
    this.stores.set(gvrKey(group, version, resource), store);
    if (!this.order.some((gv) => gv.group === group && gv.version === version)) this.order.push({ group, version });
    this.changed();
    return store;
  }

  unregister(group: string, version: string, resource: string): void {
    if (!this.stores.delete(gvrKey(group, version, resource))) return;
    if (!this.resourcesOf(group, version).length) {
      const i = this.order.findIndex((gv) => gv.group === group && gv.version === version);
      if (i >= 0) this.order.splice(i, 1);
    }
    this.changed();
  }

  lookup(group: string, version: string, resource: string): ResourceStore | undefined {
    return this.stores.get(gvrKey(group, version, resource));
  }

  /** The store for a group/resource at its preferred (first registered) version. */
  preferred(group: string, resource: string): ResourceStore | undefined {
    for (const gv of this.order) {
      if (gv.group !== group) continue;
      const s = this.lookup(group, gv.version, resource);
      if (s) return s;
    }
    return undefined;
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.order.some((gv) => gv.group === group && gv.version === version);
  }

  groupVersions(): readonly GroupVersion[] {
    return this.order;
  }

  resourcesOf(group: string, version: string): ResourceStore[] {
    const out: ResourceStore[] = [];
    for (const s of this.stores.values()) if (s.info.group === group && s.info.version === version) out.push(s);
    return out;
  }

  all(): ResourceStore[] {
    return [...this.stores.values()];
  }

  /** A counter that changes whenever the set of resources changes (discovery caching). */
  get generation(): number {
    return this.generationCounter;
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    this.generationCounter++;
    for (const fn of this.listeners) fn();
  }
}
