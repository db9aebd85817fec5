// Filter: cordoned nodes (spec.unschedulable) take only pods that tolerate the unschedulable taint.
import type { Taint } from '../../api/types/core-v1.js';
import type { CycleState } from '../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../framework/events.js';
import type { EnqueueExtensions, FilterPlugin } from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { unresolvable, type StatusOrSuccess } from '../framework/status.js';
import { tolerationsTolerateTaint } from './helpers/taints.js';
import { names } from './names.js';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT: Taint = Object.freeze({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = names.NodeUnschedulable;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    if (!nodeInfo.unschedulable) return null;
    if (tolerationsTolerateTaint(pod.pod.spec?.tolerations, UNSCHEDULABLE_TAINT)) return null;
    return unresolvable(ERR_REASON_UNSCHEDULABLE);
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'Node', actions: ActionType.Add | ActionType.UpdateNodeTaint },
      { resource: 'Pod', actions: ActionType.UpdatePodTolerations },
    ];
  }
}
