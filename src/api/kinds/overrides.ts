// Per-kind strategy overrides, keyed "group/version/resource".
import { coreOverrides } from './core/index.js';
import { groupOverrides } from './groups/index.js';
import type { StrategyOverrides } from './index.js';

export function KIND_OVERRIDES(): Record<string, StrategyOverrides> {
  return { ...coreOverrides(), ...groupOverrides() };
}
