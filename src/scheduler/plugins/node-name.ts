// Filter: a pod that names a node (spec.nodeName) fits only that node.
import { ActionType, type ClusterEvent } from '../framework/events.js';
import type { EnqueueExtensions, FilterPlugin } from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { CycleState } from '../framework/cycle-state.js';
import { unresolvable, type StatusOrSuccess } from '../framework/status.js';
import { names } from './names.js';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin, EnqueueExtensions {
  readonly name = names.NodeName;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    const want = pod.pod.spec?.nodeName;
    if (!want || want === nodeInfo.name) return null;
    return unresolvable(ERR_REASON_NODE_NAME);
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return [{ resource: 'Node', actions: ActionType.Add }];
  }
}
