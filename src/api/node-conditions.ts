// Reading a Node's conditions, shared by the components that judge whether a node is Ready.
import type { Node, NodeCondition } from './types/core-v1.js';

/** The node's Ready condition, if its kubelet has posted one. */
export const readyCondition = (n: Readonly<Node>): Readonly<NodeCondition> | undefined => n.status?.conditions?.find((c) => c.type === 'Ready');
