// The fields a value sets (upstream: TypedValue.ToFieldSet): leaves, atomic lists and maps, the keys
// of maps that are not struct fields (the key itself, as well as what is below it), and the
// elements of granular lists themselves.
import { FieldSet } from './field-set.js';
import { itemPE } from './list-items.js';
import { fieldPE, type PathElement } from './path-element.js';
import { effective, type TypeNode } from './type-node.js';

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function toFieldSet(value: unknown, root: TypeNode): FieldSet {
  const set = new FieldSet();
  if (isPlain(value)) walkMap(value, root, [], set);
  return set;
}

function walk(value: unknown, node: TypeNode, path: PathElement[], set: FieldSet): void {
  const n = effective(node, value);
  if (n.kind === 'map' && isPlain(value) && !n.atomic) return walkMap(value, n, path, set);
  if (n.kind === 'list' && Array.isArray(value) && n.relationship !== 'atomic') {
    value.forEach((item, i) => {
      path.push(itemPE(n, item, i));
      set.insert(path);
      if (n.relationship === 'map') walk(item, n.elem, path, set);
      path.pop();
    });
    return;
  }
  set.insert(path);
}

function walkMap(value: Record<string, unknown>, node: TypeNode, path: PathElement[], set: FieldSet): void {
  const n = effective(node, value);
  if (n.kind !== 'map') return set.insert(path);
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    path.push(fieldPE(k));
    walk(v, n.field(k), path, set);
    if (!n.declares(k)) set.insert(path);
    path.pop();
  }
}
