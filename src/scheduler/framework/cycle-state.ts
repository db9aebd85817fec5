import type { FilterPlugin } from './interfaces.js';

// Per-cycle scratchpad (upstream's CycleState): PreFilter/PreScore write computed state under a key,
// Filter/Score read it. Values are cloneable so preemption can try "what if" on a copy.

export interface StateData {
  clone(): StateData;
}

export class CycleState {
  private readonly data = new Map<string, StateData>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run this cycle. */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run this cycle. */
  readonly skipScorePlugins = new Set<string>();
  /** The filter plugins that run this cycle (those not skipped), worked out once per cycle by the runtime. */
  activeFilters: readonly FilterPlugin[] | undefined;

  read<T extends StateData>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: StateData): void {
    this.data.set(key, value);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    c.activeFilters = this.activeFilters;
    return c;
  }
}
