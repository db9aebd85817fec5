// Helpers shared by the printers: column constructors and upstream's cell formats (label
// sets, selectors, container lists, "a,b,c + 2 more...").
import { formatLabelSelector, type LabelSelector } from '../meta/labels.js';
import { since } from './duration.js';
import type { ColumnType, TableColumnDefinition } from './types.js';

type Obj = Record<string, any>;

export function col(name: string, description: string, opts: { type?: ColumnType; priority?: number; format?: string } = {}): TableColumnDefinition {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

/** A wide-only (priority 1) string column. */
export const wide = (name: string, description: string, type: ColumnType = 'string') => col(name, description, { type, priority: 1 });

export const NAME = col('Name', 'The object name, unique among objects of its kind in its namespace.', { format: 'name' });
export const AGE = col('Age', 'Time since the server created the object.');
export const CONTAINERS = wide('Containers', 'The names of the containers in the pod template.');
export const IMAGES = wide('Images', 'The images the containers in the pod template run.');

export const nameOf = (obj: Obj): string => String(obj?.metadata?.name ?? '');
export const ageOf = (obj: Obj, now: number): string => since(obj?.metadata?.creationTimestamp, now);
export const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
export const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
export const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** A label set as "k=v,k2=v2" with sorted keys, "<none>" when empty. */
export function formatLabels(labels: unknown): string {
  if (!labels || typeof labels !== 'object') return '<none>';
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${(labels as Record<string, unknown>)[k]}`).join(',');
}

export const formatSelector = (sel: unknown): string => formatLabelSelector((sel ?? null) as LabelSelector | null);

/** Container names and images, each comma-joined. */
export function containerCells(containers: unknown): [string, string] {
  const cs = arr(containers);
  return [cs.map((c) => str(c?.name)).join(','), cs.map((c) => str(c?.image)).join(',')];
}

/** Joins up to `max` entries and says how many more there were; `empty` when there are none. */
export function listWithMore(list: string[], count: number, max: number, empty: string): string {
  const ret = list.join(',');
  if (count > max) return `${ret} + ${count - max} more...`;
  return ret === '' ? empty : ret;
}

/** The RFC 3339 creation time in UTC with whole seconds (the "Created At" cells). */
export function createdAt(obj: Obj): string {
  const ts = obj?.metadata?.creationTimestamp;
  if (typeof ts !== 'string') return '';
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return ts;
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** "host:port" with IPv6 addresses in brackets. */
export const hostPort = (host: string, port: unknown) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** An int-or-string value as text. */
export const intOrString = (v: unknown): string => (typeof v === 'number' ? String(v) : str(v));
