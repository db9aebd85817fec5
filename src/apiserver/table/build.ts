// Assembles Table objects from stored objects with a kind's printer: list metadata, column
// definitions (left out of watch events after the first), one row per object, and the row's
// object as PartialObjectMetadata, the whole object, or nothing (includeObject).
import type { KObj } from '../../api/resource-info.js';
import { customResourcePrinter, printerFor, type Printer, type TableColumnDefinition } from '../../api/printers/index.js';
import type { ResourceStore } from '../registry/store.js';
import type { TableRequest } from './negotiate.js';

export interface TableListMeta {
  readonly resourceVersion?: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

export interface Table {
  readonly kind: 'Table';
  readonly apiVersion: string;
  readonly metadata: TableListMeta;
  readonly columnDefinitions: readonly TableColumnDefinition[] | null;
  readonly rows: readonly Record<string, unknown>[];
}

export function printerOfStore(store: ResourceStore): Printer {
  const s = store.strategy;
  if (s.customResource) return customResourcePrinter(s.printerColumns);
  return printerFor(s.info.group, s.info.version, s.info.resource);
}

function rowOf(printer: Printer, obj: KObj, req: TableRequest, now: number): Record<string, unknown> {
  const printed = printer.row(obj, now);
  const row: Record<string, unknown> = { cells: printed.cells };
  if (printed.conditions) row.conditions = printed.conditions;
  if (req.includeObject === 'Metadata') {
    row.object = { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${req.version}`, metadata: obj.metadata ?? {} };
  } else if (req.includeObject === 'Object') {
    row.object = obj;
  }
  return row;
}

export function buildTable(printer: Printer, objects: readonly KObj[], req: TableRequest, meta: TableListMeta, opts: { now: number; noHeaders?: boolean }): Table {
  const m: Record<string, unknown> = {};
  if (meta.resourceVersion) m.resourceVersion = meta.resourceVersion;
  if (meta.continue) m.continue = meta.continue;
  if (meta.remainingItemCount !== undefined) m.remainingItemCount = meta.remainingItemCount;
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${req.version}`,
    metadata: m,
    columnDefinitions: opts.noHeaders ? null : printer.columns,
    rows: objects.map((o) => rowOf(printer, o, req, opts.now)),
  };
}

/** The Table of one object (get, and each watch event). */
export function objectTable(printer: Printer, obj: KObj, req: TableRequest, opts: { now: number; noHeaders?: boolean }): Table {
  const rv = obj.metadata?.resourceVersion;
  return buildTable(printer, [obj], req, { resourceVersion: typeof rv === 'string' ? rv : undefined }, opts);
}
