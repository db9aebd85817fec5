// Per-kind strategy overrides, keyed "group/version/resource".
import { conversionOverrides } from './conversion/index.js';
import { coreOverrides } from './core/index.js';
import { groupOverrides } from './groups/index.js';
import type { StrategyOverrides } from './index.js';

export function KIND_OVERRIDES(): Record<string, StrategyOverrides> {
  const merged: Record<string, StrategyOverrides> = { ...coreOverrides(), ...groupOverrides() };
  for (const [k, v] of Object.entries(conversionOverrides())) merged[k] = { ...(merged[k] ?? {}), ...v };
  // CRDs are validated by apiextensions' own (generic) metadata rules upstream.
  const crd = 'apiextensions.k8s.io/v1/customresourcedefinitions';
  merged[crd] = { ...(merged[crd] ?? {}), genericMetadataValidation: true };
  return merged;
}
