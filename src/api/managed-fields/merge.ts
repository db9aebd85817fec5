// Merging an applied configuration into the live object (upstream: TypedValue.Merge): the
// configuration wins for leaves and atomic values; maps merge field by field; granular lists
// merge element by element, keeping the configuration's order for its elements and live-only
// elements where they were.
import { indexItems } from './list-items.js';
import { effective, type TypeNode } from './type-node.js';
import { isPlainObject } from './values.js';

export function mergeValues(lhs: unknown, rhs: unknown, node: TypeNode): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined || lhs === null || rhs === null) return rhs;
  const n = effective(node, rhs);
  if (n.kind === 'map' && !n.atomic && isPlainObject(lhs) && isPlainObject(rhs)) {
    const out: Record<string, unknown> = { ...lhs };
    for (const [k, v] of Object.entries(rhs)) out[k] = mergeValues(lhs[k], v, n.field(k));
    return out;
  }
  if (n.kind === 'list' && n.relationship !== 'atomic' && Array.isArray(lhs) && Array.isArray(rhs)) return mergeLists(lhs, rhs, n);
  return rhs;
}

function mergeLists(lhs: unknown[], rhs: unknown[], n: TypeNode & { kind: 'list' }): unknown[] {
  const l = indexItems(n, lhs);
  const r = indexItems(n, rhs);
  const shared = r.order.filter((pe) => l.byPE.has(pe));
  let sharedAt = 0;
  const merged = new Set<string>();
  const out: unknown[] = [];
  const take = (pe: string) => {
    merged.add(pe);
    out.push(mergeValues(l.byPE.get(pe), r.byPE.get(pe), n.elem));
  };
  let li = 0;
  let ri = 0;
  while (li < l.order.length || ri < r.order.length) {
    const lpe = l.order[li];
    const rpe = r.order[ri];
    if (lpe !== undefined && rpe !== undefined) {
      if (lpe === rpe) {
        take(lpe);
        li++;
        ri++;
        if (shared[sharedAt] === lpe) sharedAt++;
        continue;
      }
      if (r.byPE.has(lpe) && shared[sharedAt] !== undefined && shared[sharedAt] !== lpe) {
        li++;
        continue;
      }
    }
    if (lpe !== undefined) {
      if (!r.byPE.has(lpe)) {
        out.push(l.byPE.get(lpe));
        li++;
        continue;
      }
      if (merged.has(lpe)) {
        li++;
        continue;
      }
    }
    if (rpe !== undefined) {
      take(rpe);
      ri++;
      if (shared[sharedAt] === rpe) sharedAt++;
    }
  }
  return out;
}
