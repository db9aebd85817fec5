// Which PersistentVolume a claim should get (upstream's FindMatchingVolume, written afresh): a volume
// pre-bound to the claim wins; otherwise the smallest Available, unclaimed volume of the same class
// and volume mode whose capacity covers the request, whose access modes include the claim's, whose
// labels match the claim's selector and, when the claim waits for a node, whose node affinity
// admits that node. Pure: the binder and its unit tests call it with cached objects.
import { compareQuantity, parseQuantity, ZERO_QUANTITY, type Quantity } from '../../api/kinds/core/quantity.js';
import { labelSelectorFromObject } from '../../api/meta/labels.js';
import type { Node, PersistentVolume, PersistentVolumeClaim } from '../../api/types/core-v1.js';
import { matchesNodeSelectorAndAffinity } from '../daemonset/eligibility.js';
import { claimClass, volumeClass } from './annotations.js';

const FILESYSTEM = 'Filesystem';

export const claimRequest = (claim: Readonly<PersistentVolumeClaim>): Quantity => parseQuantity(claim.spec?.resources?.requests?.storage) ?? ZERO_QUANTITY;
export const volumeCapacity = (pv: Readonly<PersistentVolume>): Quantity => parseQuantity(pv.spec?.capacity?.storage) ?? ZERO_QUANTITY;

/** Whether pv's claimRef names this claim (a claimRef without uid is a user's pre-binding). */
export function isVolumeBoundToClaim(pv: Readonly<PersistentVolume>, claim: Readonly<PersistentVolumeClaim>): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata?.name || (ref.namespace ?? '') !== (claim.metadata?.namespace ?? '')) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

/** Whether the volume's required node affinity admits node (no affinity admits every node). */
export function volumeFitsNode(pv: Readonly<PersistentVolume>, node: Readonly<Node> | undefined): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  if (!required) return true;
  if (!node) return false;
  return matchesNodeSelectorAndAffinity({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } } } as never, node);
}

/** Why pv cannot serve claim (undefined: it can). Size, mode, class and access modes only. */
export function volumeMismatch(pv: Readonly<PersistentVolume>, claim: Readonly<PersistentVolumeClaim>): string | undefined {
  if (compareQuantity(volumeCapacity(pv), claimRequest(claim)) < 0) return 'requested PV is too small';
  if ((pv.spec?.volumeMode ?? FILESYSTEM) !== (claim.spec?.volumeMode ?? FILESYSTEM)) return 'incompatible volumeMode';
  if (volumeClass(pv) !== claimClass(claim)) return 'storageClassName does not match';
  const modes = new Set(pv.spec?.accessModes ?? []);
  if (!(claim.spec?.accessModes ?? []).every((m) => modes.has(m))) return 'incompatible accessMode';
  return undefined;
}

export interface MatchOptions {
  /** The claim waits for its first consumer, which the scheduler put on this node. */
  readonly node?: Readonly<Node>;
  /** Check node affinity even without a node (false: ignore it, as for Immediate binding). */
  readonly delayed?: boolean;
}

/** The volume claim should bind to, or undefined. */
export function findMatchingVolume(
  claim: Readonly<PersistentVolumeClaim>,
  volumes: readonly Readonly<PersistentVolume>[],
  o: MatchOptions = {},
): Readonly<PersistentVolume> | undefined {
  const selector = claim.spec?.selector ? labelSelectorFromObject(claim.spec.selector as Parameters<typeof labelSelectorFromObject>[0]) : undefined;
  let best: Readonly<PersistentVolume> | undefined;
  let bestSize: Quantity | undefined;
  for (const pv of volumes) {
    if (pv.metadata?.deletionTimestamp) continue;
    const size = volumeCapacity(pv);
    if (compareQuantity(size, claimRequest(claim)) < 0) continue;
    if ((pv.spec?.volumeMode ?? FILESYSTEM) !== (claim.spec?.volumeMode ?? FILESYSTEM)) continue;
    const nodeOk = !o.delayed || volumeFitsNode(pv, o.node);
    if (isVolumeBoundToClaim(pv, claim)) {
      if (nodeOk) return pv;
      continue;
    }
    if (pv.spec?.claimRef || pv.status?.phase !== 'Available') continue;
    if (selector && !selector.matches(pv.metadata?.labels ?? {})) continue;
    if (volumeClass(pv) !== claimClass(claim) || !nodeOk) continue;
    const modes = new Set(pv.spec?.accessModes ?? []);
    if (!(claim.spec?.accessModes ?? []).every((m) => modes.has(m))) continue;
    if (!bestSize || compareQuantity(size, bestSize) < 0) {
      best = pv;
      bestSize = size;
    }
  }
  return best;
}
