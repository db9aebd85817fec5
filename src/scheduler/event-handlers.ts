// Informer events → cache and queue (upstream's eventhandlers.go): bound pods go to the cache,
// pending pods of this scheduler to the queue, and changes that may help pending pods move them.
import type { Labels } from '../api/meta/labels.js';
import type { Namespace, Node, Pod } from '../api/types/core-v1.js';
import type { HandlerRegistration, SharedInformer } from '../client/index.js';
import type { SchedulerCache } from './cache/scheduler-cache.js';
import { ActionType, type ClusterEvent } from './framework/events.js';
import { PodInfo } from './framework/pod-info.js';
import type { Logger } from './logger.js';
import type { SchedulingQueue } from './queue/scheduling-queue.js';

export interface EventHandlerDeps {
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly schedulerName: string;
  readonly logger: Logger;
  readonly pods: SharedInformer<Pod>;
  readonly nodes: SharedInformer<Node>;
  readonly namespaces: SharedInformer<Namespace>;
}

const assigned = (p: Readonly<Pod>) => !!p.spec?.nodeName;
const sameJson = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const sameLabels = (a: Labels | undefined, b: Labels | undefined) => a === b || sameJson(a ?? {}, b ?? {});

/** What changed between two versions of a node that can matter to scheduling (0: nothing). */
export function nodeUpdateActions(o: Readonly<Node>, n: Readonly<Node>): number {
  let a = 0;
  if (!sameJson(o.status?.allocatable, n.status?.allocatable)) a |= ActionType.UpdateNodeAllocatable;
  if (!sameLabels(o.metadata?.labels, n.metadata?.labels)) a |= ActionType.UpdateNodeLabel;
  if (!sameJson(o.spec?.taints ?? [], n.spec?.taints ?? []) || !!o.spec?.unschedulable !== !!n.spec?.unschedulable) a |= ActionType.UpdateNodeTaint;
  const conds = (x: Readonly<Node>) => (x.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(',');
  if (conds(o) !== conds(n)) a |= ActionType.UpdateNodeCondition;
  if (!sameLabels(o.metadata?.annotations, n.metadata?.annotations)) a |= ActionType.UpdateNodeAnnotation;
  return a;
}

/** What changed on a bound pod that can matter to pending pods (0: nothing). */
export function assignedPodUpdateActions(o: PodInfo | undefined, n: PodInfo): number {
  if (!o) return ActionType.Add;
  let a = 0;
  if (!sameLabels(o.labels, n.labels)) a |= ActionType.UpdatePodLabel;
  if (n.requests.milliCPU < o.requests.milliCPU || n.requests.memory < o.requests.memory) a |= ActionType.UpdatePodScaleDown;
  return a;
}

export function registerEventHandlers(d: EventHandlerDeps): HandlerRegistration[] {
  const { cache, queue } = d;
  const mine = (p: Readonly<Pod>) => (p.spec?.schedulerName || 'default-scheduler') === d.schedulerName;
  const move = (event: ClusterEvent) => queue.moveAllToActiveOrBackoffQueue(event);
  const guard = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      d.logger.error({ err: e }, `scheduler: handling ${what} failed`);
    }
  };

  const pods = d.pods.addEventHandler({
    onAdd: (pod) =>
      guard('pod add', () => {
        if (assigned(pod)) {
          cache.addPod(pod);
          move({ resource: 'AssignedPod', actions: ActionType.Add });
        } else if (mine(pod)) {
          queue.add(new PodInfo(pod));
        }
      }),
    onUpdate: (oldPod, newPod) =>
      guard('pod update', () => {
        if (assigned(oldPod)) {
          const [before, after] = cache.updatePod(oldPod, newPod);
          const actions = assignedPodUpdateActions(before, after);
          if (actions) move({ resource: 'AssignedPod', actions });
        } else if (assigned(newPod)) {
          // Bound (by us or by someone else): it leaves the queue and becomes part of the cluster.
          queue.delete(new PodInfo(oldPod));
          cache.addPod(newPod);
          move({ resource: 'AssignedPod', actions: ActionType.Add });
        } else if (mine(newPod)) {
          if (oldPod !== newPod) queue.update(new PodInfo(oldPod), new PodInfo(newPod));
        } else if (mine(oldPod)) {
          queue.delete(new PodInfo(oldPod));
        }
      }),
    onDelete: (pod) =>
      guard('pod delete', () => {
        if (assigned(pod)) {
          cache.removePod(pod);
          move({ resource: 'AssignedPod', actions: ActionType.Delete });
        } else {
          const pi = new PodInfo(pod);
          queue.delete(pi);
          if (cache.isAssumed(pi.key)) cache.forgetPod(pi.key);
        }
      }),
  });

  const nodes = d.nodes.addEventHandler({
    onAdd: (node) =>
      guard('node add', () => {
        cache.addNode(node);
        move({ resource: 'Node', actions: ActionType.Add });
      }),
    onUpdate: (oldNode, newNode) =>
      guard('node update', () => {
        if (oldNode === newNode) return;
        cache.updateNode(oldNode, newNode);
        const actions = nodeUpdateActions(oldNode, newNode);
        if (actions) move({ resource: 'Node', actions });
      }),
    onDelete: (node) =>
      guard('node delete', () => {
        cache.removeNode(node);
        move({ resource: 'Node', actions: ActionType.Delete });
      }),
  });

  const namespaces = d.namespaces.addEventHandler({
    onAdd: (_ns, initial) => {
      if (!initial) move({ resource: 'Namespace', actions: ActionType.Add });
    },
    onUpdate: (o, n) => {
      if (!sameLabels(o.metadata?.labels, n.metadata?.labels)) move({ resource: 'Namespace', actions: ActionType.UpdateOther });
    },
  });
  return [pods, nodes, namespaces];
}
