// Bind: POST pods/binding to the API server.
import type { CycleState } from '../framework/cycle-state.js';
import type { BindPlugin, Handle } from '../framework/interfaces.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { StatusOrSuccess } from '../framework/status.js';
import { names } from './names.js';

export class DefaultBinder implements BindPlugin {
  readonly name = names.DefaultBinder;

  constructor(private readonly handle: Handle) {}

  async bind(_state: CycleState, pod: PodInfo, nodeName: string, signal?: AbortSignal): Promise<StatusOrSuccess> {
    await this.handle.api.bind(pod.namespace, pod.name, pod.pod.metadata?.uid, nodeName, signal);
    return null;
  }
}
