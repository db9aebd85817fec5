// The built-in kinds: catalog data plus each kind's strategy overrides.
import type { KindStrategy, ResourceInfo } from '../resource-info.js';
import { BUILTIN_RESOURCES } from './catalog.js';
import { KIND_OVERRIDES } from './overrides.js';

export type StrategyOverrides = Omit<KindStrategy, 'info'>;

const keyOf = (i: Pick<ResourceInfo, 'group' | 'version' | 'resource'>) => `${i.group}/${i.version}/${i.resource}`;

/** Build the strategy of every built-in kind. Returns fresh objects (no shared mutable state). */
export function builtinStrategies(): KindStrategy[] {
  const overrides = KIND_OVERRIDES();
  return BUILTIN_RESOURCES.map((info) => ({ ...(overrides[keyOf(info)] ?? {}), info }));
}

export { BUILTIN_RESOURCES };
