// When a pod on a node with NoExecute taints must go (upstream's taint-eviction rules): at once
// when some taint is not tolerated, never when every matching toleration is unbounded, otherwise
// when the shortest tolerationSeconds has passed since the taint was added. Pure.
import type { Pod, Taint, Toleration } from '../../api/types/core-v1.js';
import { parseApiTime } from '../../client/index.js';

/** Upstream's Toleration.ToleratesTaint. */
export function toleratesTaint(t: Readonly<Toleration>, taint: Readonly<Taint>): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  if (!t.key) return false;
  return (t.value ?? '') === (taint.value ?? '');
}

export type EvictionDecision = { readonly evictAt: number } | { readonly never: true };

/** undefined when the node has no NoExecute taints. */
export function evictionTime(pod: Readonly<Pod>, taints: readonly Readonly<Taint>[], now: number): EvictionDecision | undefined {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (!noExecute.length) return undefined;
  const tolerations = pod.spec?.tolerations ?? [];
  let minSeconds = Infinity;
  let since = 0;
  for (const taint of noExecute) {
    const used = tolerations.filter((t) => toleratesTaint(t, taint));
    if (!used.length) return { evictAt: now };
    for (const t of used) if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) minSeconds = Math.min(minSeconds, Math.max(0, t.tolerationSeconds));
    const added = parseApiTime(taint.timeAdded);
    since = Math.max(since, Number.isFinite(added) ? added : now);
  }
  if (minSeconds === Infinity) return { never: true };
  return { evictAt: since + minSeconds * 1000 };
}
