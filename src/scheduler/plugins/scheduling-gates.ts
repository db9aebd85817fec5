// PreEnqueue: a pod with scheduling gates waits outside the active queue until they are all removed.
import { ActionType, type ClusterEvent } from '../framework/events.js';
import type { EnqueueExtensions, PreEnqueuePlugin } from '../framework/interfaces.js';
import type { PodInfo } from '../framework/pod-info.js';
import { unresolvable, type StatusOrSuccess } from '../framework/status.js';
import { names } from './names.js';

export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = names.SchedulingGates;

  preEnqueue(pod: PodInfo): StatusOrSuccess {
    const gates = pod.pod.spec?.schedulingGates ?? [];
    if (gates.length === 0) return null;
    return unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name ?? '').join(' ')}]`);
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return [{ resource: 'Pod', actions: ActionType.UpdatePodSchedulingGatesEliminated }];
  }
}
