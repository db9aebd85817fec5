// Small helpers over untyped objects' metadata used by the generic registry.
import type { KObj } from '../../api/resource-info.js';

export type Meta = Record<string, unknown> & {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<Record<string, unknown>>;
  managedFields?: unknown[];
};

export const metaOf = (o: KObj): Meta => {
  if (o.metadata === null || typeof o.metadata !== 'object' || Array.isArray(o.metadata)) o.metadata = {};
  return o.metadata as Meta;
};

export const nameOf = (o: KObj): string => {
  const n = (o.metadata as Meta | undefined)?.name;
  return typeof n === 'string' ? n : '';
};

/** RFC 3339 with second precision, as upstream serialises metav1.Time. */
export const rfc3339 = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** rfc3339 of a clock's readings, formatting each second once: most writes share their second with the one before. */
export class Rfc3339Seconds {
  private second = NaN;
  private text = '';

  format(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      this.second = second;
      this.text = rfc3339(second * 1000);
    }
    return this.text;
  }
}

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** generateName's random suffix: 5 characters from upstream's alphabet. */
export function randomSuffix(rand: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += GENERATE_ALPHABET[Math.floor(rand() * GENERATE_ALPHABET.length)];
  return s;
}

/** Everything except metadata and status: what counts as "spec" for generation bumps. */
export function specOf(o: KObj): string {
  const { metadata: _m, status: _s, ...rest } = o;
  return JSON.stringify(rest);
}

export const deepClone = <T>(v: T): T => structuredClone(v);
