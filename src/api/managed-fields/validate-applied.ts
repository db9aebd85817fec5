// Checks an apply configuration against its type as upstream's typed conversion does: no field
// the schema does not declare, every element of a map list states its key fields (or they have
// defaults), and no key appears twice.
// Returns upstream's error texts ("<path>: ...").
import { itemPE } from './list-items.js';
import { fieldPE, pathString, type PathElement } from './path-element.js';
import { effective, type TypeNode } from './type-node.js';
import { isPlainObject } from './values.js';

export function validateApplied(config: unknown, root: TypeNode): string[] {
  const errs: string[] = [];
  walk(config, root, [], errs);
  return errs;
}

function walk(value: unknown, node: TypeNode, path: PathElement[], errs: string[]): void {
  const n = effective(node, value);
  if (n.kind === 'map' && !n.atomic && isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      path.push(fieldPE(k));
      if (n.knows(k)) walk(v, n.field(k), path, errs);
      else errs.push(`${pathString(path)}: field not declared in schema`);
      path.pop();
    }
    return;
  }
  if (n.kind !== 'list' || n.relationship === 'atomic' || !Array.isArray(value)) return;
  const seen = new Set<PathElement>();
  value.forEach((item, i) => {
    if (n.relationship === 'map' && isPlainObject(item)) {
      const missing = n.keys.find((k) => (item[k] === undefined || item[k] === null) && n.keyDefaults[k] === undefined);
      if (missing !== undefined) {
        errs.push(`${pathString(path)}: element ${i}: associative list with keys has an element that omits key field ${JSON.stringify(missing)} (and doesn't have default value)`);
        return;
      }
    }
    const pe = itemPE(n, item, i);
    if (seen.has(pe)) {
      errs.push(`${pathString(path)}: duplicate entries for key ${pathString([pe])}`);
      return;
    }
    seen.add(pe);
    path.push(pe);
    walk(item, n.elem, path, errs);
    path.pop();
  });
}
