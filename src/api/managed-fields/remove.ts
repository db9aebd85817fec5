// Removing fields from a value (upstream: TypedValue.RemoveItems): a member removes the field
// or element with everything below it; maps and lists left empty by a removal disappear.
import { FieldSet } from './field-set.js';
import { itemPE } from './list-items.js';
import { fieldPE } from './path-element.js';
import { effective, type TypeNode } from './type-node.js';
import { isPlainObject } from './values.js';

/** `value` without the fields in `set`; undefined when nothing is left of a map or list. */
export function removeItems(value: unknown, set: FieldSet, node: TypeNode): unknown {
  if (set.isEmpty()) return value;
  const n = effective(node, value);
  if (n.kind === 'map' && !n.atomic && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const pe = fieldPE(k);
      if (set.hasMember(pe)) continue;
      const sub = set.withPrefix(pe);
      const next = sub.isEmpty() ? v : removeItems(v, sub, n.field(k));
      if (next !== undefined) out[k] = next;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (n.kind === 'list' && n.relationship !== 'atomic' && Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const pe = itemPE(n, item, i);
      if (set.hasMember(pe)) return;
      const sub = set.withPrefix(pe);
      const next = sub.isEmpty() ? item : removeItems(item, sub, n.elem);
      out.push(next === undefined ? {} : next);
    });
    return out.length ? out : undefined;
  }
  return value;
}
