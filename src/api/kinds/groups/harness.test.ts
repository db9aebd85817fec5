// Test harness: runs a manifest through a group kind's strategy the way the registry does
// (server-set metadata, prepareForCreate, defaults, validate; and the update path).
import { fieldErrorString, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { BUILTIN_RESOURCES } from '../catalog.js';
import type { StrategyOverrides } from '../index.js';
import { groupOverrides } from './index.js';

const STRATEGIES = groupOverrides();
// What the registry awaits before a kind's first write (the CSR parser, say).
await Promise.all(Object.values(STRATEGIES).map((s) => s.load?.()));

export function strategyFor(key: string): StrategyOverrides {
  const s = STRATEGIES[key];
  if (!s) throw new Error(`no strategy for ${key}`);
  return s;
}

/** "<group>/<version>/<resource>" of a manifest's apiVersion and kind. */
export function keyOf(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const info = BUILTIN_RESOURCES.find((r) => r.group === group && r.version === version && r.kind === kind);
  return info ? `${info.group}/${info.version}/${info.resource}` : undefined;
}

export const isNamespaced = (key: string): boolean => BUILTIN_RESOURCES.some((r) => `${r.group}/${r.version}/${r.resource}` === key && r.namespaced);
export const hasStatus = (key: string): boolean => BUILTIN_RESOURCES.some((r) => `${r.group}/${r.version}/${r.resource}` === key && r.status === true);

export const UID = '11111111-2222-3333-4444-555555555555';

export interface Created {
  readonly obj: KObj;
  readonly errors: string[];
}

const messages = (errs: readonly FieldError[] | undefined): string[] => (errs ?? []).map(fieldErrorString);

/** Create: as the registry's prepareCreate does it. */
export function create(key: string, manifest: Record<string, unknown>, namespace = 'default'): Created {
  const s = strategyFor(key);
  const obj = structuredClone(manifest) as KObj;
  const meta = { ...((obj.metadata as Record<string, unknown>) ?? {}) };
  if (isNamespaced(key)) meta.namespace ??= namespace;
  meta.uid = UID;
  meta.creationTimestamp = '2025-01-01T00:00:00Z';
  if (s.generation) meta.generation = 1;
  obj.metadata = meta;
  if (hasStatus(key)) delete obj.status;
  s.prepareForCreate?.(obj);
  s.defaults?.(obj);
  return { obj, errors: messages(s.validate?.(obj)) };
}

/** Update of a stored object: the registry keeps server fields and status, then validates. */
export function update(key: string, old: KObj, next: Record<string, unknown>): Created {
  const s = strategyFor(key);
  const obj = structuredClone(next) as KObj;
  const oldMeta = old.metadata as Record<string, unknown>;
  obj.metadata = { ...((obj.metadata as Record<string, unknown>) ?? {}), uid: oldMeta.uid, creationTimestamp: oldMeta.creationTimestamp, resourceVersion: '42' };
  if (hasStatus(key)) obj.status = structuredClone(old.status);
  if (s.generation) (obj.metadata as Record<string, unknown>).generation = oldMeta.generation;
  s.prepareForUpdate?.(obj, old);
  s.defaults?.(obj);
  return { obj, errors: [...messages(s.validate?.(obj)), ...messages(s.validateUpdate?.(obj, old))] };
}

/** A status update: the old object with the new status. */
export function statusUpdate(key: string, old: KObj, status: unknown): string[] {
  const s = strategyFor(key);
  const next = { ...structuredClone(old), status: structuredClone(status) } as KObj;
  s.prepareForStatusUpdate?.(next, old);
  return messages(s.validateStatusUpdate?.(next, old));
}
