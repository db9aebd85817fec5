// The order of a merged list: items named by the patch (or by $setElementOrder) keep the patch's
// order, items only on the server keep theirs, and the two are interleaved by the server's order.
import { badArgType, noMergeKey } from './errors.js';
import type { Json } from './go-format.js';

export type JsonMap = { [k: string]: Json };

export const isMap = (v: unknown): v is JsonMap => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The identity of a list item: its merge key value for maps, the item itself for primitives. */
const identity = (item: Json, mergeKey: string): unknown => (mergeKey && isMap(item) ? item[mergeKey] : item);

function indexIn(list: readonly Json[], item: Json, mergeKey: string): number {
  const id = identity(item, mergeKey);
  return list.findIndex((v) => identity(v, mergeKey) === id);
}

/** Items of `merged` that `by` names, and the rest. */
export function partition(merged: readonly Json[], by: readonly Json[], mergeKey: string, field: string): [Json[], Json[]] {
  const named: Json[] = [];
  const rest: Json[] = [];
  if (mergeKey) for (const b of by) if (!isMap(b)) throw badArgType('map', b, field);
  for (const v of merged) {
    if (mergeKey) {
      if (!isMap(v)) throw badArgType('map', v, field);
      if (!(mergeKey in v)) throw noMergeKey(v, mergeKey, field);
    }
    (indexIn(by, v, mergeKey) >= 0 ? named : rest).push(v);
  }
  return [named, rest];
}

const isDeleteItem = (v: Json) => isMap(v) && v.$patch === 'delete';

/** Sorts `items` stably by their position in `order`; unknown items stay first, deletions last. */
function sortBy(items: Json[], order: readonly Json[], mergeKey: string, asMaps: boolean, field: string): Json[] {
  let keep = items;
  let deletions: Json[] = [];
  if (asMaps) {
    for (const v of [...items, ...order]) {
      if (!isMap(v)) throw badArgType('map', v, field);
      if (!(mergeKey in v)) throw noMergeKey(v, mergeKey, field);
    }
    keep = items.filter((v) => !isDeleteItem(v));
    deletions = items.filter(isDeleteItem);
  }
  const ranked = keep.map((v, i) => ({ v, i, at: indexIn(order, v, mergeKey) }));
  ranked.sort((a, b) => a.at - b.at || a.i - b.i);
  return [...ranked.map((r) => r.v), ...deletions];
}

/**
 * Puts the patch items in `patchOrder` and the server-only items in `serverOrder`, then weaves
 * them: a server item goes first only while both are on the server and it comes earlier there.
 */
export function normalizeOrder(
  patchItems: Json[],
  serverOnly: Json[],
  patchOrder: readonly Json[],
  serverOrder: readonly Json[],
  mergeKey: string,
  asMaps: boolean,
  field: string,
): Json[] {
  const right = sortBy(patchItems, patchOrder, mergeKey, asMaps, field);
  const left = sortBy(serverOnly, serverOrder, mergeKey, asMaps, field);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]!);
    else if (i >= left.length) out.push(right[j++]!);
    else {
      const li = indexIn(serverOrder, left[i]!, mergeKey);
      const ri = indexIn(serverOrder, right[j]!, mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}
