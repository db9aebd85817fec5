// Applying a strategic merge patch to an object, field by field, as the schema directs: maps merge
// recursively, null deletes, lists with patch strategy "merge" merge by their merge key (or as
// sets, for primitives), other lists and values are replaced. Directives: `$patch`
// (replace/delete in maps and list items), `$retainKeys`, `$setElementOrder/<list>` and
// `$deleteFromPrimitiveList/<list>`. Never mutates its inputs.
import type { SchemaDef } from '../schema/types.js';
import { badArgType, badFormat, badPatchType, malformed, noListOfLists, noMergeKey, unfit } from './errors.js';
import { goValue, type Json } from './go-format.js';
import { isMap, normalizeOrder, partition, type JsonMap } from './order.js';
import type { FieldMeta, PatchSchema } from './patch-meta.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PREFIX = '$deleteFromPrimitiveList';
const ORDER_PREFIX = '$setElementOrder';

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const child = (path: string, key: string) => (path ? `${path}.${key}` : key);
const clone = <T extends Json>(v: T): T => structuredClone(v);
/** Sets a key without ever touching a prototype (a JSON key may be "__proto__"). */
function put(o: JsonMap, k: string, v: Json): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** The list key a `$setElementOrder/<key>` or `$deleteFromPrimitiveList/<key>` directive names. */
function directiveTarget(key: string, prefix: string, field: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw malformed(prefix === DELETE_PREFIX ? badFormat.primitiveList : badFormat.setElementOrder, field);
  }
  return key.slice(slash + 1);
}

function dedup(list: readonly Json[]): Json[] {
  const out: Json[] = [];
  for (const v of list) if (!out.includes(v)) out.push(v);
  return out;
}

/** Whether the items are maps (true) or primitives (false); undefined for no items at all. */
function itemsAreMaps(original: readonly Json[], patch: readonly Json[], field: string): boolean | undefined {
  let kind: string | undefined;
  for (const v of [...original, ...patch]) {
    const k = Array.isArray(v) ? 'list' : isMap(v) ? 'map' : v === null ? 'null' : typeof v;
    if (kind === undefined) {
      if (k === 'list') throw noListOfLists(field);
      kind = k;
    } else if (k !== kind) {
      throw unfit(`list element types are not identical: ${goValue([original, patch])}`, field);
    }
  }
  return kind === undefined ? undefined : kind === 'map';
}

export class Merger {
  constructor(private readonly schema: PatchSchema) {}

  mergeMap(original: JsonMap | undefined, patchIn: JsonMap, node: SchemaDef | undefined, path: string): JsonMap {
    if (own(patchIn, DIRECTIVE)) {
      const d = patchIn[DIRECTIVE];
      if (d === 'replace') {
        const out = clone(patchIn);
        delete out[DIRECTIVE];
        return out;
      }
      if (d === 'delete') return {};
      throw badPatchType(d, patchIn, path);
    }
    const out: JsonMap = {};
    if (original) for (const k of Object.keys(original)) put(out, k, original[k]!);
    const patch: JsonMap = {};
    for (const k of Object.keys(patchIn)) put(patch, k, patchIn[k]!);
    this.retainKeys(out, patch, path);
    this.setElementOrder(out, patch, node, path);
    const deletions: [string, Json][] = [];
    for (const [k, v] of Object.entries(patch)) {
      if (k.startsWith(DELETE_PREFIX)) deletions.push([directiveTarget(k, DELETE_PREFIX, child(path, k)), v]);
      else this.mergeField(out, k, v, node, path, false);
    }
    for (const [k, v] of deletions) this.mergeField(out, k, v, node, path, true);
    return out;
  }

  private mergeField(out: JsonMap, k: string, pv: Json, node: SchemaDef | undefined, path: string, isDeleteList: boolean): void {
    const at = child(path, k);
    if (pv === null) {
      delete out[k];
      return;
    }
    const meta = this.schema.field(node, k);
    if (!own(out, k)) {
      if (!isDeleteList) put(out, k, this.fresh(pv, meta, at));
      return;
    }
    const ov = out[k]!;
    if (isMap(ov) && isMap(pv)) {
      put(out, k, meta.strategy === 'replace' ? clone(pv) : this.mergeMap(ov, pv, meta.schema, at));
    } else if (Array.isArray(ov) && Array.isArray(pv)) {
      put(out, k, meta.strategy === 'merge' || isDeleteList ? this.mergeList(ov, pv, meta, isDeleteList, at) : clone(pv));
    } else if (!isDeleteList) {
      put(out, k, clone(pv));
    }
  }

  /** A patch value for a key the object does not have: merged into nothing, so directives go. */
  private fresh(pv: Json, meta: FieldMeta, at: string): Json {
    if (isMap(pv)) return meta.strategy === 'replace' ? clone(pv) : this.mergeMap(undefined, pv, meta.schema, at);
    if (Array.isArray(pv) && meta.strategy === 'merge') return this.mergeList([], pv, meta, false, at);
    return clone(pv);
  }

  private mergeList(original: Json[], patch: Json[], meta: FieldMeta, isDeleteList: boolean, at: string): Json[] {
    if (original.length === 0 && patch.length === 0) return [];
    const maps = itemsAreMaps(original, patch, at);
    if (!maps) {
      if (isDeleteList) return original.filter((v) => !patch.includes(v));
      const [named, serverOnly] = partition(dedup([...original, ...patch]), patch, '', at);
      return normalizeOrder(named, serverOnly, patch, original, '', false, at);
    }
    const mk = meta.mergeKey;
    if (!mk) throw unfit(`cannot merge lists without merge key for ${at}`, at);
    const itemSchema = this.schema.items(meta.schema);
    let base = [...original];
    let items: JsonMap[] = [];
    let replace = false;
    for (const v of patch as JsonMap[]) {
      if (!own(v, DIRECTIVE)) {
        items.push(v);
        continue;
      }
      const d = v[DIRECTIVE];
      if (d === 'delete') {
        if (!own(v, mk)) throw noMergeKey(v, mk, at);
        base = base.filter((o) => !(isMap(o) && own(o, mk) && o[mk] === v[mk]));
      } else if (d === 'replace') {
        replace = true;
      } else if (d === 'merge') {
        throw unfit('merging lists cannot yet be specified in the patch', at);
      } else {
        throw badPatchType(d, v, at);
      }
    }
    if (replace) {
      base = items.map((v, i) => this.mergeMap(undefined, v, itemSchema, `${at}[${i}]`));
      items = [];
    }
    const serverOrder = [...base];
    for (const v of items) {
      if (!own(v, mk)) throw noMergeKey(v, mk, at);
      const found = base.findIndex((o) => isMap(o) && own(o, mk) && o[mk] === v[mk]);
      if (found >= 0) base[found] = this.mergeMap(base[found] as JsonMap, v, itemSchema, `${at}[${found}]`);
      else base.push(this.mergeMap(undefined, v, itemSchema, `${at}[${base.length}]`));
    }
    const [named, serverOnly] = partition(base, items, mk, at);
    return normalizeOrder(named, serverOnly, items, serverOrder, mk, true, at);
  }

  /** `$retainKeys: [...]`: keys of the object not listed are cleared; the patch may set only listed keys. */
  private retainKeys(out: JsonMap, patch: JsonMap, path: string): void {
    if (!own(patch, RETAIN_KEYS)) return;
    const list = patch[RETAIN_KEYS];
    delete patch[RETAIN_KEYS];
    const at = child(path, RETAIN_KEYS);
    if (!Array.isArray(list)) throw malformed(badFormat.retainKeys, at);
    const keep = new Set<unknown>(list);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || k.startsWith(DELETE_PREFIX) || k.startsWith(ORDER_PREFIX)) continue;
      if (!keep.has(k)) throw malformed(badFormat.retainKeys, at);
    }
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }

  /** `$setElementOrder/<key>`: merges that list now and orders it as the directive says. */
  private setElementOrder(out: JsonMap, patch: JsonMap, node: SchemaDef | undefined, path: string): void {
    for (const key of Object.keys(patch)) {
      if (!key.startsWith(ORDER_PREFIX)) continue;
      const order = patch[key];
      delete patch[key];
      const at = child(path, key);
      if (!Array.isArray(order)) throw badArgType('list', order, at);
      const k = directiveTarget(key, ORDER_PREFIX, at);
      const fieldAt = child(path, k);
      const ov = own(out, k) ? out[k] : undefined;
      const pv = own(patch, k) ? patch[k] : undefined;
      if (ov !== undefined && !Array.isArray(ov)) throw badArgType('list', ov, fieldAt);
      if (pv !== undefined && !Array.isArray(pv)) throw badArgType('list', pv, fieldAt);
      if (ov === undefined && pv === undefined) continue;
      const meta = this.schema.field(node, k);
      validateOrder(pv ?? [], order, meta.mergeKey, fieldAt);
      let merged: Json[];
      if (pv === undefined) merged = ov!;
      else if (meta.strategy === 'merge') merged = this.mergeList(ov ?? [], pv, meta, false, fieldAt);
      else merged = clone(pv);
      delete patch[k];
      const maps = itemsAreMaps(ov ?? [], pv ?? [], fieldAt);
      if (maps === undefined || merged.length === 0) {
        put(out, k, merged);
        continue;
      }
      const mk = maps ? meta.mergeKey : '';
      const [named, serverOnly] = partition(merged, order, mk, fieldAt);
      put(out, k, normalizeOrder(named, serverOnly, order, ov ?? [], mk, maps && mk !== '', fieldAt));
    }
  }
}

/** The patch list must name its items in the same relative order as `$setElementOrder`. */
function validateOrder(patchList: readonly Json[], order: readonly Json[], mk: string, at: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mk) {
    for (const v of patchList) if (!isMap(v)) throw badArgType('map', v, at);
    items = patchList.filter((v) => !(isMap(v) && v[DIRECTIVE] === 'delete'));
  }
  const same = (a: Json, b: Json): boolean => {
    if (!mk) return a === b;
    if (!isMap(a)) throw badArgType('map', a, at);
    if (!isMap(b)) throw badArgType('map', b, at);
    if (!own(a, mk)) throw noMergeKey(a, mk, at);
    if (!own(b, mk)) throw noMergeKey(b, mk, at);
    return a[mk] === b[mk];
  };
  let pi = 0;
  let si = 0;
  while (pi < items.length && si < order.length) {
    const v = items[pi]!;
    if (isMap(v) && own(v, DIRECTIVE)) {
      pi++;
      continue;
    }
    if (same(v, order[si]!)) pi++;
    si++;
  }
  if (pi < items.length) {
    throw unfit(`The order in patch list:\n${goValue(patchList)}\n doesn't match ${ORDER_PREFIX} list:\n${goValue(order)}\n`, at);
  }
}
