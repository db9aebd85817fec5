// What the collector does with one object whose owners it has looked up (upstream's
// attemptToDeleteItem decision), as a pure function of the owners' states.
import type { GraphNode } from './graph.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from './graph.js';

/** solid: exists and is not deleting its dependents; dangling: gone (or a different UID); waiting: deleting in the foreground. */
export type OwnerState = 'solid' | 'dangling' | 'waiting';

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

export type Action =
  | { readonly type: 'none' }
  /** Some owner still holds the object: drop the references to the others. */
  | { readonly type: 'removeOwnerReferences'; readonly uids: readonly string[] }
  | { readonly type: 'delete'; readonly propagation: Propagation };

/**
 * states maps each owner UID to its state. An object with a solid owner stays (references to
 * gone or foreground-deleting owners are removed); one whose owners are all gone is deleted with
 * the policy its own finalizers ask for (background by default); one with an owner deleting in the
 * foreground is deleted in the foreground itself when it has dependents of its own, so they go
 * before it does.
 */
export function decide(node: GraphNode, states: ReadonlyMap<string, OwnerState>, hasDependents: boolean): Action {
  if (node.owners.length === 0 || node.deleting) return { type: 'none' };
  const solid: string[] = [];
  const dangling: string[] = [];
  const waiting: string[] = [];
  for (const o of node.owners) {
    const s = states.get(o.uid) ?? 'solid';
    (s === 'solid' ? solid : s === 'dangling' ? dangling : waiting).push(o.uid);
  }
  if (solid.length > 0) {
    const drop = [...dangling, ...waiting];
    return drop.length ? { type: 'removeOwnerReferences', uids: drop } : { type: 'none' };
  }
  if (waiting.length > 0 && hasDependents) return { type: 'delete', propagation: 'Foreground' };
  if (node.finalizers.includes(ORPHAN_FINALIZER)) return { type: 'delete', propagation: 'Orphan' };
  if (node.finalizers.includes(FOREGROUND_FINALIZER)) return { type: 'delete', propagation: 'Foreground' };
  return { type: 'delete', propagation: 'Background' };
}
