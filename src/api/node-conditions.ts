// Reading a Node's conditions, shared by the components that judge whether a node is Ready.
import type { Node, NodeCondition } from './types/core-v1.js';

/**
 * The node's Ready condition, if its kubelet has posted one. Conditions that are not an array
 * count as none, since the printers ask it of objects they have not typed.
 */
export function readyCondition(n: Readonly<Node>): Readonly<NodeCondition> | undefined {
  const conditions: unknown = n.status?.conditions;
  return Array.isArray(conditions) ? conditions.find((c) => c?.type === 'Ready') : undefined;
}
