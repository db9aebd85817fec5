// The scheduler's writes to the API server: bindings, pod status (PodScheduled condition and
// nominatedNodeName), preemption of victims, and events.
import type { Pod, PodCondition } from '../api/types/core-v1.js';
import { apiTime, isNotFound, PERSISTENTVOLUMECLAIMS, PODS, type Client, type Clock, type EventRecorder } from '../client/index.js';
import type { ClusterApi } from './framework/interfaces.js';
import type { PodInfo } from './framework/pod-info.js';

export interface ApiCallsOptions {
  readonly client: Client;
  readonly recorder: EventRecorder;
  readonly clock: Clock;
  readonly schedulerName: string;
}

/** The condition as upstream's UpdatePodCondition would leave it: transition time kept when the status did not change. */
export function withCondition(conditions: readonly PodCondition[] | undefined, c: PodCondition, now: string): { conditions: PodCondition[]; changed: boolean } {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((x) => x.type === c.type);
  const old = i >= 0 ? list[i] : undefined;
  const next: PodCondition = { ...c, lastProbeTime: c.lastProbeTime ?? null!, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now };
  const same = old !== undefined && old.status === c.status && old.reason === c.reason && old.message === c.message && (old.lastProbeTime ?? null) === (c.lastProbeTime ?? null);
  if (same) return { conditions: list, changed: false };
  if (i >= 0) list[i] = next;
  else list.push(next);
  return { conditions: list, changed: true };
}

export class ApiCalls implements ClusterApi {
  constructor(private readonly opts: ApiCallsOptions) {}

  private pods(ns: string) {
    return this.opts.client.resource(PODS, ns);
  }

  async bind(namespace: string, name: string, uid: string | undefined, nodeName: string, signal?: AbortSignal): Promise<void> {
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace, ...(uid ? { uid } : {}) }, target: { apiVersion: 'v1', kind: 'Node', name: nodeName } };
    await this.pods(namespace).createSubresource(name, 'binding', binding, { signal });
  }

  /**
   * Writes PodScheduled=False with the reason and message, and the nominated node (undefined: keep
   * it; '': clear it). Nothing is written when neither would change.
   */
  async updatePodScheduledCondition(pod: Readonly<Pod>, reason: string, message: string, nominatedNodeName: string | undefined, signal?: AbortSignal): Promise<void> {
    const status = pod.status ?? {};
    const { conditions, changed } = withCondition(status.conditions, { type: 'PodScheduled', status: 'False', reason, message }, apiTime(this.opts.clock.now()));
    const nnnChanged = nominatedNodeName !== undefined && (status.nominatedNodeName ?? '') !== nominatedNodeName;
    if (!changed && !nnnChanged) return;
    // A strategic merge patch touches only this condition (conditions merge by type), as upstream's does.
    const patch: { status: Record<string, unknown> } = { status: {} };
    if (changed) patch.status.conditions = conditions.filter((c) => c.type === 'PodScheduled');
    if (nnnChanged) patch.status.nominatedNodeName = nominatedNodeName || null;
    await this.pods(pod.metadata?.namespace ?? '').patch(pod.metadata?.name ?? '', patch, 'strategic', { subresource: 'status', signal });
  }

  async preemptPod(victim: PodInfo, preemptor: PodInfo, nodeName: string, signal?: AbortSignal): Promise<void> {
    const pods = this.pods(victim.namespace);
    const condition: PodCondition = {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'PreemptionByScheduler',
      message: `${preemptor.pod.spec?.schedulerName ?? this.opts.schedulerName}: preempting to accommodate a higher priority pod`,
    };
    try {
      const { conditions, changed } = withCondition(victim.pod.status?.conditions, condition, apiTime(this.opts.clock.now()));
      const patch = { status: { conditions: conditions.filter((c) => c.type === 'DisruptionTarget') } };
      if (changed) await pods.patch(victim.name, patch, 'strategic', { subresource: 'status', signal });
      await pods.delete(victim.name, { signal });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    this.opts.recorder.event(victim.pod, 'Normal', 'Preempted', `Preempted by pod ${preemptor.pod.metadata?.uid ?? ''} on node ${nodeName}`, { kind: 'Pod', apiVersion: 'v1' });
  }

  /** The selected-node annotation the binder waits for on WaitForFirstConsumer claims. */
  async selectNodeForClaim(namespace: string, name: string, nodeName: string, signal?: AbortSignal): Promise<void> {
    const patch = { metadata: { annotations: { 'volume.kubernetes.io/selected-node': nodeName } } };
    await this.opts.client.resource(PERSISTENTVOLUMECLAIMS, namespace).patch(name, patch, 'merge', { signal });
  }

  async clearNominatedNodeName(pods: readonly PodInfo[], signal?: AbortSignal): Promise<void> {
    await Promise.all(
      pods
        .filter((p) => p.pod.status?.nominatedNodeName)
        .map((p) =>
          this.pods(p.namespace)
            .patch(p.name, { status: { nominatedNodeName: null } }, 'strategic', { subresource: 'status', signal })
            .catch((e) => {
              if (!isNotFound(e)) throw e;
            }),
        ),
    );
  }
}
