// The path element of each element of a granular list: key fields for map lists, the value for
// set lists. Later duplicates of an element are ignored, as upstream does.
import { indexPE, keyPE, valuePE, type PathElement } from './path-element.js';
import type { ListNode } from './type-node.js';

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function itemPE(list: ListNode, item: unknown, index: number): PathElement {
  if (list.relationship === 'map' && isPlain(item)) {
    const fields: Record<string, unknown> = {};
    for (const k of list.keys) {
      if (item[k] !== undefined && item[k] !== null) fields[k] = item[k];
      else if (list.keyDefaults[k] !== undefined) fields[k] = list.keyDefaults[k];
    }
    if (Object.keys(fields).length) return keyPE(fields);
    return indexPE(index);
  }
  if (list.relationship === 'atomic') return indexPE(index);
  return valuePE(item);
}

/** Elements by path element, in list order, first occurrence winning. */
export function indexItems(list: ListNode, items: readonly unknown[] | undefined): { order: PathElement[]; byPE: Map<PathElement, unknown> } {
  const order: PathElement[] = [];
  const byPE = new Map<PathElement, unknown>();
  (items ?? []).forEach((item, i) => {
    const pe = itemPE(list, item, i);
    if (byPE.has(pe)) return;
    byPE.set(pe, item);
    order.push(pe);
  });
  return { order, byPE };
}
