// What changed between two values (upstream: TypedValue.Compare): leaves added, modified or
// removed, plus maps, lists and list elements that appeared or disappeared. Empty and null maps
// and lists on both sides count as leaves, which keeps `{}` distinct from absent. Objects are
// compared as upstream sees them after a round trip through the Go types: value structs are
// `{}` and required lists and maps null when absent.
import { FieldSet } from './field-set.js';
import { indexItems } from './list-items.js';
import { fieldPE, type PathElement } from './path-element.js';
import { effective, type TypeNode } from './type-node.js';
import { deepEqual } from './values.js';

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isEmpty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isPlain(v) && Object.keys(v).length === 0);

export function compare(lhs: unknown, rhs: unknown, root: TypeNode): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walk(lhs, rhs, root, [], c);
  return c;
}

function walk(lhs: unknown, rhs: unknown, node: TypeNode, path: PathElement[], c: Comparison): void {
  const n = effective(node, rhs !== undefined && rhs !== null ? rhs : lhs);
  const granularMap = n.kind === 'map' && !n.atomic && (isPlain(lhs) || lhs == null) && (isPlain(rhs) || rhs == null);
  const granularList = n.kind === 'list' && n.relationship !== 'atomic' && (Array.isArray(lhs) || lhs == null) && (Array.isArray(rhs) || rhs == null);
  if ((!granularMap && !granularList) || (isEmpty(lhs) && isEmpty(rhs))) {
    if (path.length === 0) return;
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
    else if (!deepEqual(lhs, rhs)) c.modified.insert(path);
    return;
  }
  if (n.kind === 'map') {
    const l = isPlain(lhs) ? lhs : {};
    const r = isPlain(rhs) ? rhs : {};
    const keys = new Set([...Object.keys(l), ...Object.keys(r)]);
    const zero = n.zeroFields();
    for (const [k] of zero) keys.add(k);
    for (const k of keys) {
      let lv = l[k];
      let rv = r[k];
      if (lv === undefined || rv === undefined) {
        // Fields Go always serialises are present in any existing object (see MapNode.zeroFields).
        const z = zero.find(([name]) => name === k);
        if (z) {
          if (lv === undefined && isPlain(lhs)) lv = z[1] === null ? null : {};
          if (rv === undefined && isPlain(rhs)) rv = z[1] === null ? null : {};
        }
      }
      if (lv === undefined && rv === undefined) continue;
      path.push(fieldPE(k));
      walk(lv, rv, n.field(k), path, c);
      path.pop();
    }
  } else if (n.kind === 'list') {
    const l = indexItems(n, Array.isArray(lhs) ? lhs : undefined);
    const r = indexItems(n, Array.isArray(rhs) ? rhs : undefined);
    for (const pe of new Set([...l.order, ...r.order])) {
      path.push(pe);
      walk(l.byPE.get(pe), r.byPE.get(pe), n.elem, path, c);
      path.pop();
    }
  }
  if (path.length === 0) return;
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
}
