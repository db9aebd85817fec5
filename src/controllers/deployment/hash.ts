// The pod-template-hash (upstream's ComputeHash): a 32-bit FNV-1a hash of the pod template plus the
// collision count, printed in decimal and mapped onto upstream's "safe" alphabet (no vowels, no
// look-alike characters). The template is serialised canonically (keys sorted, empty values
// dropped), so the hash is the same in every process and across restarts.
import type { PodTemplateSpec } from '../../api/types/core-v1.js';
import { POD_TEMPLATE_HASH_LABEL } from './util.js';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Drops undefined, null, empty objects and empty arrays, as upstream's semantic equality treats nil and empty alike. */
export function normalize(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out = v.map(normalize).map((x) => (x === undefined ? null : x));
    return out.length ? out : undefined;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = normalize((v as Record<string, unknown>)[k]);
      if (x !== undefined) out[k] = x;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}

export const canonicalJson = (v: unknown): string => JSON.stringify(normalize(v) ?? null);

export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Upstream's rand.SafeEncodeString. */
export const safeEncode = (s: string): string => [...s].map((ch) => SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length]).join('');

export function computeHash(template: Readonly<PodTemplateSpec> | undefined, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template ?? {})));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(b, h);
  }
  return safeEncode(String(h));
}

function withoutHash(t: Readonly<PodTemplateSpec> | undefined): unknown {
  const c = structuredClone(t ?? {}) as PodTemplateSpec;
  if (c.metadata?.labels) delete c.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return c;
}

/** The two templates are the same ignoring the pod-template-hash label (upstream's EqualIgnoreHash). */
export const equalIgnoreHash = (a: Readonly<PodTemplateSpec> | undefined, b: Readonly<PodTemplateSpec> | undefined): boolean => canonicalJson(withoutHash(a)) === canonicalJson(withoutHash(b));
