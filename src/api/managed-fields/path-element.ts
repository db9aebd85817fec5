// Path elements of a field set, spelled as upstream's FieldsV1 keys: `f:<field>` for a field of
// a map or struct, `k:<json>` for the element of an associative list with these key fields,
// `v:<json>` for the element of a set list, `i:<index>` for an element by position.

export type PathElement = string;
export type Path = readonly PathElement[];

export const fieldPE = (name: string): PathElement => `f:${name}`;
export const valuePE = (value: unknown): PathElement => `v:${JSON.stringify(value)}`;
export const indexPE = (i: number): PathElement => `i:${i}`;

/** A key element from the key fields' values (keys sorted by name, as upstream). */
export function keyPE(fields: Readonly<Record<string, unknown>>): PathElement {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(fields).sort(compareStrings)) sorted[k] = fields[k];
  return `k:${JSON.stringify(sorted)}`;
}

export function isPathElement(s: string): boolean {
  return /^[fkvi]:/.test(s);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const RANK: Readonly<Record<string, number>> = { f: 0, k: 1, v: 2, i: 3 };

function valueRank(v: unknown): number {
  if (v === null) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 3;
  if (Array.isArray(v)) return 4;
  return 5;
}

/** Upstream's ordering of values (numbers by value, strings bytewise, then by type). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return compareStrings(JSON.stringify(a), JSON.stringify(b));
}

/** Upstream's PathElement order: fields, then keys, then values, then indexes. */
export function comparePE(a: PathElement, b: PathElement): number {
  const ta = RANK[a[0]!] ?? 4;
  const tb = RANK[b[0]!] ?? 4;
  if (ta !== tb) return ta - tb;
  const ra = a.slice(2);
  const rb = b.slice(2);
  switch (a[0]) {
    case 'f':
      return compareStrings(ra, rb);
    case 'i':
      return Number(ra) - Number(rb);
    case 'v':
      return compareValues(JSON.parse(ra), JSON.parse(rb));
    default: {
      const ea = Object.entries(JSON.parse(ra) as Record<string, unknown>);
      const eb = Object.entries(JSON.parse(rb) as Record<string, unknown>);
      for (let i = 0; ; i++) {
        if (i >= ea.length || i >= eb.length) return ea.length - eb.length;
        const c = compareStrings(ea[i]![0], eb[i]![0]) || compareValues(ea[i]![1], eb[i]![1]);
        if (c !== 0) return c;
      }
    }
  }
}

/** Go's %v of a value inside a path string: strings quoted, maps as {k=v}. */
function valueString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  if (typeof v === 'object') {
    return `{${Object.keys(v)
      .sort(compareStrings)
      .map((k) => `${k}=${valueString((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return String(v);
}

/** One element as upstream prints it in paths: `.name`, `[name="nginx"]`, `[=value]`, `[0]`. */
export function peString(pe: PathElement): string {
  const rest = pe.slice(2);
  switch (pe[0]) {
    case 'f':
      return `.${rest}`;
    case 'i':
      return `[${rest}]`;
    case 'v':
      return `[=${valueString(JSON.parse(rest))}]`;
    default: {
      const fields = JSON.parse(rest) as Record<string, unknown>;
      return `[${Object.keys(fields)
        .map((k) => `${k}=${valueString(fields[k])}`)
        .join(',')}]`;
    }
  }
}

/** A whole path as upstream prints it in conflict messages (`.spec.replicas`). */
export function pathString(path: Path): string {
  return path.map(peString).join('');
}
