// Struct fields as members (upstream: Set.EnsureNamedFieldsAreMembers). An applied set holds
// only leaves: `.metadata.labels.app` but not `.metadata.labels`. A set recorded from an update
// holds the struct field too ("." under f:labels). Comparing the two, the struct fields on the
// way to an owned leaf count as owned; map keys and list elements on the way do not.
import { FieldSet } from './field-set.js';
import type { Path, PathElement } from './path-element.js';
import { UNTYPED, type TypeNode } from './type-node.js';

export function withNamedFieldsAsMembers(set: FieldSet, root: TypeNode): FieldSet {
  const added: Path[] = [];
  collect(set, root, [], added);
  if (!added.length) return set;
  return set.union(FieldSet.of(added));
}

function collect(set: FieldSet, node: TypeNode, prefix: PathElement[], out: Path[]): void {
  for (const { pe, member, child } of set.entries()) {
    if (!child) continue;
    const name = pe.startsWith('f:') ? pe.slice(2) : undefined;
    if (!member && name !== undefined && node.kind === 'map' && node.declares(name)) out.push([...prefix, pe]);
    prefix.push(pe);
    collect(child, below(node, pe, name), prefix, out);
    prefix.pop();
  }
}

function below(node: TypeNode, pe: PathElement, name: string | undefined): TypeNode {
  if (node.kind === 'map') return name !== undefined ? node.field(name) : UNTYPED;
  if (node.kind === 'list') return pe.startsWith('f:') ? UNTYPED : node.elem;
  return UNTYPED;
}
