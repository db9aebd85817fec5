// Upstream's DefaultTolerationSeconds admission plugin: a new pod that does not already tolerate
// the not-ready / unreachable NoExecute taints gets tolerations for them with tolerationSeconds
// 300, so its node's loss evicts it five minutes later rather than at once.
import type { KObj } from '../../api/resource-info.js';

type Obj = Record<string, any>;

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const DEFAULT_TOLERATION_SECONDS = 300;

/** Whether a toleration list already covers key's NoExecute taint (an empty key or effect matches all). */
function tolerates(tolerations: readonly Obj[], key: string): boolean {
  return tolerations.some((t) => (t?.key === key || !t?.key) && (t?.effect === 'NoExecute' || !t?.effect));
}

/** Adds the default tolerations to a pod being created (mutates obj). */
export function addDefaultTolerationSeconds(obj: KObj, seconds = DEFAULT_TOLERATION_SECONDS): void {
  const spec = obj.spec as Obj | undefined;
  if (!spec || typeof spec !== 'object') return;
  const tolerations: Obj[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  const add: Obj[] = [];
  for (const key of [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE]) {
    if (!tolerates(tolerations, key)) add.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  }
  if (add.length) spec.tolerations = [...tolerations, ...add];
}
