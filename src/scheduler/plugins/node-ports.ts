// Filter: the host ports a pod asks for must be free on the node.
import type { CycleState } from '../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { skip, unschedulable, type StatusOrSuccess } from '../framework/status.js';
import { names } from './names.js';

export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = names.NodePorts;

  preFilter(_state: CycleState, pod: PodInfo): StatusOrSuccess {
    return pod.hostPorts.length === 0 ? skip() : null;
  }

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    if (pod.hostPorts.length === 0 || nodeInfo.usedPorts.size === 0) return null;
    for (const p of pod.hostPorts) if (nodeInfo.usedPorts.conflicts(p)) return unschedulable(ERR_REASON_PORTS);
    return null;
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'AssignedPod', actions: ActionType.Delete },
      { resource: 'Node', actions: ActionType.Add },
    ];
  }
}
