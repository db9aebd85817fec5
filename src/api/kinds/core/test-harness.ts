// Test support (used by the *.test.ts files here only): runs a strategy the way the generic
// registry does on create, update and status update, and prints the errors as upstream does.
import { fieldErrorString } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import type { StrategyOverrides } from '../index.js';

/** defaults → prepareForCreate → defaults → validate (the registry's order); returns the object and the printed errors. */
export function create(strategy: StrategyOverrides, input: KObj): { obj: KObj; errors: string[] } {
  const obj = structuredClone(input);
  strategy.defaults?.(obj);
  strategy.prepareForCreate?.(obj);
  strategy.defaults?.(obj);
  return { obj, errors: (strategy.validate?.(obj) ?? []).map(fieldErrorString) };
}

/** A created object as stored (it must be valid), with a resourceVersion. */
export function stored(strategy: StrategyOverrides, input: KObj): KObj {
  const { obj, errors } = create(strategy, input);
  if (errors.length) throw new Error(`fixture is invalid: ${errors.join('; ')}`);
  (obj.metadata ??= {}).resourceVersion = '1';
  return obj;
}

/** prepareForUpdate → defaults → validate + validateUpdate (status kept from the old object). */
export function update(strategy: StrategyOverrides, old: KObj, input: KObj, keepStatus = true): { obj: KObj; errors: string[] } {
  const obj = structuredClone(input);
  (obj.metadata ??= {}).resourceVersion ??= '1';
  if (keepStatus) {
    if (old.status === undefined) delete obj.status;
    else obj.status = structuredClone(old.status);
  }
  strategy.prepareForUpdate?.(obj, old);
  strategy.defaults?.(obj);
  const errs = [...(strategy.validate?.(obj) ?? []), ...(strategy.validateUpdate?.(obj, old) ?? [])];
  return { obj, errors: errs.map(fieldErrorString) };
}

/** The status subresource: the old object with the new status. */
export function updateStatus(strategy: StrategyOverrides, old: KObj, status: unknown): { obj: KObj; errors: string[] } {
  const obj: KObj = { ...structuredClone(old), status: structuredClone(status) as Record<string, unknown> };
  return { obj, errors: (strategy.validateStatusUpdate?.(obj, old) ?? []).map(fieldErrorString) };
}
