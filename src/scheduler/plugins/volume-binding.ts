// VolumeBinding (upstream's plugin of that name, reduced to what k8ts's binder needs): PreFilter
// refuses pods whose claims are missing, being deleted, or unbound with Immediate binding; Filter
// keeps a pod off nodes its bound volumes' node affinity excludes; PreBind writes the chosen node
// into each WaitForFirstConsumer claim (volume.kubernetes.io/selected-node), so the binder and the
// provisioner act, then waits for every claim of the pod to be Bound before the pod is bound.
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../../api/types/core-v1.js';
import { sleep, realClock } from '../../client/index.js';
import type { CycleState, StateData } from '../framework/cycle-state.js';
import { ActionType, ALL, type ClusterEvent } from '../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, Handle, PreBindPlugin, PreFilterPlugin } from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { Status, unresolvable, type StatusOrSuccess } from '../framework/status.js';
import { compileTerm } from './helpers/node-affinity.js';
import { names } from './names.js';

export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
/** How long PreBind waits for the claims to be bound (upstream's bindTimeoutSeconds default). */
export const BIND_TIMEOUT_MS = 600_000;
const POLL_MS = 100;
const STATE_KEY = 'PreFilter' + names.VolumeBinding;

class VolumeState implements StateData {
  constructor(
    readonly boundVolumes: readonly Readonly<PersistentVolume>[],
    readonly delayedClaims: readonly Readonly<PersistentVolumeClaim>[],
    readonly claimNames: readonly string[],
  ) {}

  clone(): StateData {
    return this;
  }
}

/** The claim names a pod uses (persistentVolumeClaim volumes and generic ephemeral volumes). */
export function podClaimNames(pod: Readonly<Pod>): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) out.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) out.push(`${pod.metadata?.name}-${v.name}`);
  }
  return out;
}

const claimClass = (c: Readonly<PersistentVolumeClaim>): string => c.spec?.storageClassName ?? c.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';

export class VolumeBinding implements PreFilterPlugin, FilterPlugin, PreBindPlugin, EnqueueExtensions {
  readonly name = names.VolumeBinding;

  constructor(private readonly handle: Handle) {}

  preFilter(state: CycleState, pod: PodInfo): StatusOrSuccess {
    const lister = this.handle.volumes;
    const claimNames = podClaimNames(pod.pod);
    if (!lister || claimNames.length === 0) return new Status('Skip');
    const bound: Readonly<PersistentVolume>[] = [];
    const delayed: Readonly<PersistentVolumeClaim>[] = [];
    for (const name of claimNames) {
      const claim = lister.claim(pod.namespace, name);
      if (!claim) return unresolvable(`persistentvolumeclaim "${name}" not found`);
      if (claim.metadata?.deletionTimestamp) return unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
      const volumeName = claim.spec?.volumeName;
      if (volumeName) {
        const pv = lister.volume(volumeName);
        if (pv) bound.push(pv);
        continue;
      }
      const sc = lister.storageClass(claimClass(claim));
      if (sc?.volumeBindingMode !== 'WaitForFirstConsumer') return unresolvable(ERR_REASON_UNBOUND_IMMEDIATE);
      delayed.push(claim);
    }
    state.write(STATE_KEY, new VolumeState(bound, delayed, claimNames));
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    const s = state.read<VolumeState>(STATE_KEY);
    if (!s) return null;
    const labels = nodeInfo.node?.metadata?.labels ?? {};
    for (const pv of s.boundVolumes) {
      const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
      if (!terms) continue;
      const ok = terms.some((t) => compileTerm(t)?.(labels, nodeInfo.name) ?? false);
      if (!ok) return unresolvable(ERR_REASON_NODE_CONFLICT);
    }
    return null;
  }

  async preBind(state: CycleState, pod: PodInfo, nodeName: string, signal?: AbortSignal): Promise<StatusOrSuccess> {
    const s = state.read<VolumeState>(STATE_KEY);
    const lister = this.handle.volumes;
    if (!s || !lister || s.delayedClaims.length === 0) return null;
    const select = this.handle.api.selectNodeForClaim;
    if (!select) return null;
    for (const c of s.delayedClaims) {
      const cur = lister.claim(pod.namespace, c.metadata?.name ?? '') ?? c;
      if (cur.spec?.volumeName || cur.metadata?.annotations?.[ANN_SELECTED_NODE] === nodeName) continue;
      await select.call(this.handle.api, pod.namespace, c.metadata?.name ?? '', nodeName, signal);
    }
    const deadline = Date.now() + BIND_TIMEOUT_MS;
    const allBound = () =>
      s.claimNames.every((n) => {
        const c = lister.claim(pod.namespace, n);
        return !!c?.spec?.volumeName && c.status?.phase === 'Bound';
      });
    while (!allBound()) {
      if (signal?.aborted) return new Status('Error', ['binding volumes: the scheduler is stopping']);
      if (Date.now() > deadline) return new Status('Error', ['binding volumes: timed out waiting for the condition']);
      await sleep(realClock, POLL_MS, signal).catch(() => undefined);
    }
    return null;
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'PersistentVolumeClaim', actions: ActionType.Add | ActionType.UpdateOther },
      { resource: 'PersistentVolume', actions: ActionType.Add | ActionType.UpdateOther },
      { resource: 'StorageClass', actions: ActionType.Add },
      { resource: 'Node', actions: ALL },
    ];
  }
}
