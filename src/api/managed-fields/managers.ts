// metadata.managedFields as a map of managers to the fields each owns (upstream:
// fieldpath.ManagedFields plus the encoding in fieldmanager/internal/managedfields.go).
import { FieldSet } from './field-set.js';
import { fromFieldsV1, toFieldsV1, type FieldsV1 } from './fields-v1.js';

export type Operation = 'Apply' | 'Update';

export interface ManagerEntry {
  readonly manager: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  readonly time?: string;
  readonly subresource?: string;
  readonly set: FieldSet;
}

/** Keyed by managerId. */
export type Managers = Map<string, ManagerEntry>;

/**
 * The identity of a manager: name, operation and subresource, plus the API version for updates
 * (an applier keeps one entry whatever version it applies with).
 */
export function managerId(e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify([e.manager, e.operation, e.operation === 'Apply' ? '' : e.apiVersion, e.subresource ?? '']);
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

/** Decodes managedFields; entries that do not decode are dropped (upstream resets them). */
export function decodeManagedFields(entries: unknown): Managers {
  const out: Managers = new Map();
  if (!Array.isArray(entries)) return out;
  for (const raw of entries as ManagedFieldsEntry[]) {
    if (!raw || typeof raw !== 'object') continue;
    if (raw.operation !== 'Apply' && raw.operation !== 'Update') continue;
    let set: FieldSet;
    try {
      set = raw.fieldsV1 === undefined || raw.fieldsV1 === null ? new FieldSet() : fromFieldsV1(raw.fieldsV1);
    } catch {
      continue;
    }
    const e: ManagerEntry = {
      manager: String(raw.manager ?? ''),
      operation: raw.operation,
      apiVersion: String(raw.apiVersion ?? ''),
      ...(raw.time ? { time: String(raw.time) } : {}),
      ...(raw.subresource ? { subresource: String(raw.subresource) } : {}),
      set,
    };
    const id = managerId(e);
    const prev = out.get(id);
    out.set(id, prev ? { ...e, set: prev.set.union(set) } : e);
  }
  return out;
}

/** Upstream's order: Apply before Update, then by time, manager, apiVersion, subresource. */
function compareEntries(a: ManagerEntry, b: ManagerEntry): number {
  if (a.operation !== b.operation) return a.operation < b.operation ? -1 : 1;
  const ta = a.time ? Math.floor(Date.parse(a.time) / 1000) : 0;
  const tb = b.time ? Math.floor(Date.parse(b.time) / 1000) : 0;
  if (ta !== tb) return ta - tb;
  for (const k of ['manager', 'apiVersion', 'subresource'] as const) {
    const x = a[k] ?? '';
    const y = b[k] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  return [...managers.values()].sort(compareEntries).map((e) => {
    const out: ManagedFieldsEntry = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion };
    if (e.time) out.time = e.time;
    out.fieldsType = 'FieldsV1';
    out.fieldsV1 = toFieldsV1(e.set) satisfies FieldsV1;
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}
