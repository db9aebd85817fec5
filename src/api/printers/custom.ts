// Custom resources: the CRD version's additionalPrinterColumns (JSONPath cells typed by the
// column type), or NAME and AGE when it has none.
import { AGE, col, NAME, nameOf } from './columns.js';
import { humanDuration, parseTime } from './duration.js';
import { evalJsonPath, JsonPathError, parseJsonPath } from './jsonpath.js';
import type { Cell, ColumnType, Printer, TableColumnDefinition } from './types.js';

type Obj = Record<string, any>;

const TYPES = new Set<ColumnType>(['string', 'integer', 'number', 'boolean', 'date']);

function cellFor(type: ColumnType, value: unknown, now: number): Cell {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      const t = parseTime(value);
      return t === undefined ? '<invalid>' : humanDuration(now - t);
    }
    default:
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** A printer from a CRD version's additionalPrinterColumns (undefined or [] gives NAME, AGE). */
export function customResourcePrinter(columns: readonly unknown[] | undefined): Printer {
  const specs = (columns ?? []).filter((c): c is Obj => !!c && typeof c === 'object' && typeof (c as Obj).name === 'string');
  if (specs.length === 0) {
    return { columns: [NAME, AGE], row: (o, now) => ({ cells: [nameOf(o), cellFor('date', o.metadata?.creationTimestamp, now) ?? '<unknown>'] }) };
  }
  const defs: TableColumnDefinition[] = [NAME];
  const paths: (ReturnType<typeof parseJsonPath> | undefined)[] = [];
  const types: ColumnType[] = [];
  for (const c of specs) {
    const type: ColumnType = TYPES.has(c.type) ? c.type : 'string';
    defs.push(col(String(c.name), typeof c.description === 'string' ? c.description : '', { type, format: typeof c.format === 'string' ? c.format : '', priority: typeof c.priority === 'number' ? c.priority : 0 }));
    types.push(type);
    try {
      paths.push(parseJsonPath(String(c.jsonPath ?? '')));
    } catch (e) {
      if (!(e instanceof JsonPathError)) throw e;
      paths.push(undefined);
    }
  }
  return {
    columns: defs,
    row(o, now) {
      const cells: Cell[] = [nameOf(o)];
      paths.forEach((p, i) => cells.push(p ? cellFor(types[i]!, evalJsonPath(p, o)[0], now) : null));
      return { cells };
    },
  };
}
