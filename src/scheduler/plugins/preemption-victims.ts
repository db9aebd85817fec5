// The pure half of preemption (upstream's DefaultPreemption.SelectVictimsOnNode and
// pickOneNodeForPreemption): which lower-priority pods must go for the pod to fit a node, and which
// node's victims hurt least.
import type { PodDisruptionBudget } from '../../api/types/policy-v1.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { FilterRunner } from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { selectorOf } from '../framework/selectors.js';
import { asStatus, isSuccess, Status, unresolvable } from '../framework/status.js';

export const NO_VICTIMS = 'No preemption victims found for incoming pod';

export interface Victims {
  /** Most important first. */
  readonly pods: PodInfo[];
  readonly numPDBViolations: number;
}

export interface Candidate {
  readonly name: string;
  readonly victims: Victims;
}

/** When the pod started, or `now` for pods that have not (upstream's GetPodStartTime). */
export function podStartTime(p: PodInfo, now: number): number {
  const t = p.pod.status?.startTime;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? now : ms;
}

/** Higher priority first; then the one that started earlier (upstream's MoreImportantPod). */
export function moreImportant(a: PodInfo, b: PodInfo, now: number): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return podStartTime(a, now) < podStartTime(b, now);
}

/** Splits pods into those whose eviction would break a PodDisruptionBudget and the rest. */
export function splitByPdbViolation(pods: readonly PodInfo[], pdbs: readonly Readonly<PodDisruptionBudget>[]): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p) => selectorOf(p.spec?.selector));
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    if (Object.keys(p.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if ((pdb.metadata?.namespace ?? '') !== p.namespace) return;
        const sel = selectors[i]!;
        if (sel.empty() || !sel.matches(p.labels)) return;
        if (pdb.status?.disruptedPods && Object.prototype.hasOwnProperty.call(pdb.status.disruptedPods, p.name)) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(p);
  }
  return [violating, nonViolating];
}

export interface SelectVictimsResult {
  readonly victims: PodInfo[];
  readonly numPDBViolations: number;
  readonly status: Status | null;
}

/**
 * On a copy of the node (and of the cycle state): remove every lower-priority pod; if the pod then
 * fits, put back as many as possible, most important first, PDB-protected ones before the others.
 */
export function selectVictimsOnNode(
  runner: FilterRunner,
  state: CycleState,
  pod: PodInfo,
  nodeInfo: NodeInfo,
  pdbs: readonly Readonly<PodDisruptionBudget>[],
  now: number,
): SelectVictimsResult {
  const remove = (p: PodInfo) => {
    nodeInfo.removePod(p);
    return runner.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
  };
  const add = (p: PodInfo) => {
    nodeInfo.addPod(p);
    return runner.runPreFilterExtensionAddPod(state, pod, p, nodeInfo);
  };
  const potential: PodInfo[] = [];
  for (const p of [...nodeInfo.pods]) {
    if (p.priority >= pod.priority) continue;
    potential.push(p);
    const s = remove(p);
    if (!isSuccess(s)) return { victims: [], numPDBViolations: 0, status: s };
  }
  if (potential.length === 0) return { victims: [], numPDBViolations: 0, status: unresolvable(NO_VICTIMS) };
  const fits = runner.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
  if (!isSuccess(fits)) return { victims: [], numPDBViolations: 0, status: fits };
  potential.sort((a, b) => (moreImportant(a, b, now) ? -1 : moreImportant(b, a, now) ? 1 : 0));
  const [violating, nonViolating] = splitByPdbViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  let numViolating = 0;
  const reprieve = (p: PodInfo): boolean | Status => {
    const s = add(p);
    if (!isSuccess(s)) return s!;
    const ok = isSuccess(runner.runFilterPluginsWithNominatedPods(state, pod, nodeInfo));
    if (!ok) {
      const r = remove(p);
      if (!isSuccess(r)) return r!;
      victims.push(p);
    }
    return ok;
  };
  for (const p of violating) {
    const r = reprieve(p);
    if (r instanceof Status) return { victims: [], numPDBViolations: 0, status: r };
    if (!r) numViolating++;
  }
  for (const p of nonViolating) {
    const r = reprieve(p);
    if (r instanceof Status) return { victims: [], numPDBViolations: 0, status: r };
  }
  if (victims.length === 0) return { victims, numPDBViolations: 0, status: asStatus(new Error(`expected at least one victim pod on node "${nodeInfo.name}"`)) };
  victims.sort((a, b) => (moreImportant(a, b, now) ? -1 : moreImportant(b, a, now) ? 1 : 0));
  return { victims, numPDBViolations: numViolating, status: null };
}

/** The earliest start time among the highest-priority victims. */
function earliestStartOfTopVictims(v: Victims, now: number): number {
  const top = v.pods[0]!.priority;
  let earliest = Infinity;
  for (const p of v.pods) if (p.priority === top) earliest = Math.min(earliest, podStartTime(p, now));
  return earliest;
}

const MAX_INT32_PLUS_ONE = 2 ** 31;

/**
 * The candidate that hurts least: fewest PDB violations, then the lowest top victim priority, the
 * lowest priority sum, the fewest victims, and the latest start of the top victims.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[], now: number): Candidate | undefined {
  if (candidates.length <= 1) return candidates[0];
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.victims.numPDBViolations,
    (c) => -c.victims.pods[0]!.priority,
    (c) => -c.victims.pods.reduce((s, p) => s + p.priority + MAX_INT32_PLUS_ONE, 0),
    (c) => -c.victims.pods.length,
    (c) => earliestStartOfTopVictims(c.victims, now),
  ];
  let remaining = [...candidates];
  for (const f of scoreFuncs) {
    let max = -Infinity;
    let selected: Candidate[] = [];
    for (const c of remaining) {
      const s = f(c);
      if (s > max) {
        max = s;
        selected = [];
      }
      if (s === max) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    remaining = selected;
  }
  return remaining[0];
}
