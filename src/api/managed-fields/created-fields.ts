// The fields a create sets: what compare() finds added or modified between the empty object of a
// kind ({ apiVersion, kind, metadata: {} }, with the fields Go always serialises at their zero
// value) and the new object, found by walking the new object alone. A create is compared with
// nothing but zero values, so most of compare's work (the key union of both sides, deep
// equality, the removed set) has nothing to do.
import { FieldSet } from './field-set.js';
import { indexItems } from './list-items.js';
import { fieldPE, type PathElement } from './path-element.js';
import { effective, type TypeNode, type ZeroValue } from './type-node.js';
import { deepEqual } from './values.js';

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isEmpty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isPlain(v) && Object.keys(v).length === 0);

/**
 * Equals `compare(empty, obj, root)`'s added ∪ modified, where `empty` is
 * `{ apiVersion: obj.apiVersion, kind: obj.kind, metadata: {} }`.
 */
export function createdFields(obj: Record<string, unknown>, root: TypeNode): FieldSet {
  const out = new FieldSet();
  const n = effective(root, obj);
  if (n.kind !== 'map' || n.atomic) return out; // compare() records nothing at the root
  const zero = n.zeroFields();
  const path: PathElement[] = [];
  for (const k of Object.keys(obj)) {
    const rv = obj[k];
    // The empty object has the same apiVersion and kind, and an absent field is absent (or at
    // its zero value) on both sides; fields Go always serialises and the object leaves out are
    // at their zero value on both sides too, so they are not walked at all.
    if (k === 'apiVersion' || k === 'kind' || rv === undefined) continue;
    path.push(fieldPE(k));
    fromZero(k === 'metadata' ? {} : zeroValue(zero, k), rv, n.field(k), path, out);
    path.pop();
  }
  return out;
}

function zeroValue(zero: ReadonlyArray<readonly [string, ZeroValue]>, k: string): ZeroValue | undefined {
  for (const [name, z] of zero) if (name === k) return z;
  return undefined;
}

/** compare()'s walk when the old side is absent (undefined) or a zero value ({} or null). */
function fromZero(lhs: ZeroValue | undefined, rhs: unknown, node: TypeNode, path: PathElement[], out: FieldSet): void {
  const n = effective(node, rhs !== undefined && rhs !== null ? rhs : lhs);
  const granularMap = n.kind === 'map' && !n.atomic && (isPlain(rhs) || rhs == null);
  // A zero {} is not a list: compare() takes it as a leaf.
  const granularList = n.kind === 'list' && n.relationship !== 'atomic' && lhs == null && (Array.isArray(rhs) || rhs == null);
  if ((!granularMap && !granularList) || (isEmpty(lhs) && isEmpty(rhs))) {
    if (lhs === undefined) out.insert(path);
    else if (rhs !== undefined && !deepEqual(lhs, rhs)) out.insert(path); // (rhs absent: removed, not set)
    return;
  }
  if (n.kind === 'map') {
    const r = isPlain(rhs) ? rhs : {};
    const zero = n.zeroFields();
    // Fields Go always serialises are at their zero value on an old side that is a zero object,
    // and on the new side when it is an object (see MapNode.zeroFields).
    const lhsPlain = isPlain(lhs);
    const rhsPlain = isPlain(rhs);
    for (const k of Object.keys(r)) {
      const rv = r[k];
      const z = rv === undefined || lhsPlain ? zeroValue(zero, k) : undefined;
      const lv = lhsPlain ? z : undefined;
      const v = rv === undefined && rhsPlain ? z : rv;
      if (lv === undefined && v === undefined) continue;
      path.push(fieldPE(k));
      fromZero(lv, v, n.field(k), path, out);
      path.pop();
    }
    // A zero field the new object leaves out is added when the old side is absent; on a zero
    // object it is at its zero value on both sides, which sets nothing.
    if (!lhsPlain && rhsPlain) {
      for (const [k, z] of zero) {
        if (Object.prototype.hasOwnProperty.call(r, k)) continue;
        path.push(fieldPE(k));
        fromZero(undefined, z, n.field(k), path, out);
        path.pop();
      }
    }
  } else if (n.kind === 'list') {
    const r = indexItems(n, Array.isArray(rhs) ? rhs : undefined);
    for (const pe of r.order) {
      path.push(pe);
      fromZero(undefined, r.byPE.get(pe), n.elem, path, out);
      path.pop();
    }
  }
  if (lhs === undefined) out.insert(path);
}
