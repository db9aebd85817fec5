// Whether two Job statuses are the same for writing purposes: key order and empty lists or
// objects do not matter.

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(canonical) : undefined;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as Record<string, unknown>)[k]);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}

export const sameStatus = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a) ?? {}) === JSON.stringify(canonical(b) ?? {});
