// A PodDisruptionBudget's status from its pods (upstream's disruption controller arithmetic):
// expected pods and desired healthy from minAvailable/maxUnavailable (numbers, or percentages of
// the pods' controllers' scale, rounded up), current healthy, disruptions allowed, the
// DisruptionAllowed condition, and the disruptedPods entries still waiting to be observed. Pure.
import type { Pod } from '../../api/types/core-v1.js';
import type { Condition } from '../../api/types/meta-v1.js';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from '../../api/types/policy-v1.js';
import { apiTime, parseApiTime } from '../../client/index.js';
import { isPodReady } from '../pod-util.js';

/** How long an eviction's entry in disruptedPods waits for the pod's deletion to be seen. */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;
export const DISRUPTION_ALLOWED = 'DisruptionAllowed';

export class ScaleError extends Error {
  override readonly name = 'ScaleError';
  readonly code = 'NoControllers';
}

/** Upstream's intstr.GetScaledValueFromIntOrPercent: "50%" of total, rounded up or down. */
export function scaledValue(v: number | string, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    if (/^\d+$/.test(v)) return Number(v);
    throw new ScaleError(`invalid value for IntOrString: invalid value "${v}": strconv.Atoi: parsing "${v}": invalid syntax`);
  }
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

const isPercent = (v: number | string | undefined) => typeof v === 'string' && v.endsWith('%');

/**
 * expectedPods and desiredHealthy. expectedScale (the summed scale of the pods' controllers) is
 * only asked for when a percentage or maxUnavailable needs it; it throws ScaleError.
 */
export function expectedCounts(pdb: Readonly<PodDisruptionBudget>, pods: readonly Readonly<Pod>[], expectedScale: () => number): { expected: number; desired: number } {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const expected = expectedScale();
    const maxUnavailable = scaledValue(spec.maxUnavailable, expected, true);
    return { expected, desired: Math.max(0, expected - maxUnavailable) };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (!isPercent(spec.minAvailable)) return { expected: pods.length, desired: scaledValue(spec.minAvailable, pods.length, true) };
    const expected = expectedScale();
    return { expected, desired: scaledValue(spec.minAvailable, expected, true) };
  }
  return { expected: pods.length, desired: 0 };
}

/** The disruptedPods entries still pending (pod present, not deleting, not expired) and when the first expires. */
export function pendingDisruptions(pdb: Readonly<PodDisruptionBudget>, pods: readonly Readonly<Pod>[], now: number): { map: Record<string, string>; recheckAt?: number } {
  const old = pdb.status?.disruptedPods ?? {};
  const map: Record<string, string> = {};
  let recheckAt: number | undefined;
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    if (pod.metadata?.deletionTimestamp || !(name in old)) continue;
    const at = parseApiTime(old[name]);
    const expires = at + DELETION_TIMEOUT_MS;
    if (!Number.isFinite(at) || expires < now) continue;
    map[name] = old[name]!;
    recheckAt = Math.min(recheckAt ?? Infinity, expires);
  }
  return { map, recheckAt };
}

export const countHealthy = (pods: readonly Readonly<Pod>[], disrupted: Readonly<Record<string, string>>): number =>
  pods.filter((p) => !p.metadata?.deletionTimestamp && !((p.metadata?.name ?? '') in disrupted) && isPodReady(p)).length;

function condition(prev: readonly Condition[] | undefined, status: 'True' | 'False', reason: string, message: string, generation: number, now: number): Condition[] {
  const old = prev?.find((c) => c.type === DISRUPTION_ALLOWED);
  const c: Condition = {
    type: DISRUPTION_ALLOWED,
    status,
    reason,
    message,
    observedGeneration: generation,
    lastTransitionTime: old && old.status === status ? old.lastTransitionTime! : apiTime(now),
  };
  return [...(prev ?? []).filter((x) => x.type !== DISRUPTION_ALLOWED), c];
}

export interface BudgetResult {
  readonly status: PodDisruptionBudgetStatus;
  /** When to look again (a disruptedPods entry expires). */
  readonly recheckAt?: number;
}

export function computeStatus(pdb: Readonly<PodDisruptionBudget>, pods: readonly Readonly<Pod>[], expectedScale: () => number, now: number): BudgetResult {
  const generation = pdb.metadata?.generation ?? 0;
  const { map, recheckAt } = pendingDisruptions(pdb, pods, now);
  const currentHealthy = countHealthy(pods, map);
  let counts: { expected: number; desired: number };
  try {
    counts = expectedCounts(pdb, pods, expectedScale);
  } catch (e) {
    if (!(e instanceof ScaleError)) throw e;
    return { status: failSafe(pdb, currentHealthy, e.message, now), recheckAt };
  }
  const allowed = counts.expected <= 0 ? 0 : Math.max(0, currentHealthy - counts.desired);
  const status: PodDisruptionBudgetStatus = {
    observedGeneration: generation,
    disruptedPods: Object.keys(map).length ? map : undefined,
    disruptionsAllowed: allowed,
    currentHealthy,
    desiredHealthy: counts.desired,
    expectedPods: counts.expected,
    conditions: condition(pdb.status?.conditions, allowed > 0 ? 'True' : 'False', allowed > 0 ? 'SufficientPods' : 'InsufficientPods', '', generation, now),
  };
  return { status, recheckAt };
}

/** Upstream's failSafe: no disruptions while the budget cannot be computed. */
function failSafe(pdb: Readonly<PodDisruptionBudget>, currentHealthy: number, message: string, now: number): PodDisruptionBudgetStatus {
  const generation = pdb.metadata?.generation ?? 0;
  return {
    ...(pdb.status ?? {}),
    observedGeneration: generation,
    disruptionsAllowed: 0,
    currentHealthy,
    conditions: condition(pdb.status?.conditions, 'False', 'SyncFailed', message, generation, now),
  };
}
