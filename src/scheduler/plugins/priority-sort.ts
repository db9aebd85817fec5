// QueueSort: higher priority first, then the pod that entered the queue first.
import type { QueueSortPlugin } from '../framework/interfaces.js';
import type { QueuedPodInfo } from '../framework/queued-pod-info.js';
import { names } from './names.js';

export class PrioritySort implements QueueSortPlugin {
  readonly name = names.PrioritySort;

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const pa = a.podInfo.priority;
    const pb = b.podInfo.priority;
    return pa > pb || (pa === pb && a.timestamp < b.timestamp);
  }
}
