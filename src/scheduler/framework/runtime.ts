// Runs a profile's plugins at each extension point, in order, with upstream's semantics: the first
// failing filter decides a node's status, scores are 0..100 per plugin, normalized, then weighted and
// summed.
import { CycleState } from './cycle-state.js';
import type { NodeToStatus } from './diagnosis.js';
import type { ClusterEvent } from './events.js';
import {
  hasEvents, isBind, isFilter, isPreBind, isPostFilter, isPreEnqueue, isPreFilter, isPreScore, isQueueSort, isReserve, isScore,
  MAX_NODE_SCORE, MIN_NODE_SCORE, PreFilterResult,
  type BindPlugin, type FilterPlugin, type FilterRunner, type Handle, type Plugin, type PluginFactory, type PostFilterPlugin,
  type PostFilterResult, type PreBindPlugin, type PreEnqueuePlugin, type PreFilterPlugin, type PreScorePlugin, type QueueSortPlugin, type ReservePlugin,
  type ScorePlugin,
} from './interfaces.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import { asStatus, isRejected, isSkip, isSuccess, Status, unresolvable, type StatusOrSuccess } from './status.js';

export interface PluginConfig {
  readonly name: string;
  /** Score weight (default 1). */
  readonly weight?: number;
  readonly args?: unknown;
}

export interface Profile {
  readonly schedulerName: string;
  /** Enabled plugins in order; each one runs at every extension point it implements. */
  readonly plugins: readonly PluginConfig[];
}

/** A plugin name that the registry does not know, or a profile that cannot run. */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  readonly code = 'InvalidProfile';
}

export interface PreFilterOutcome {
  /** Undefined when every node is worth filtering. */
  readonly result: PreFilterResult | undefined;
  readonly status: StatusOrSuccess;
  /** The plugins whose PreFilterResult narrowed the nodes. */
  readonly narrowedBy: readonly string[];
}

export class Framework implements FilterRunner {
  readonly queueSort: QueueSortPlugin;
  readonly preEnqueuePlugins: PreEnqueuePlugin[] = [];
  readonly preFilterPlugins: PreFilterPlugin[] = [];
  readonly filterPlugins: FilterPlugin[] = [];
  readonly postFilterPlugins: PostFilterPlugin[] = [];
  readonly preScorePlugins: PreScorePlugin[] = [];
  readonly scorePlugins: ScorePlugin[] = [];
  readonly scoreWeights: number[] = [];
  readonly reservePlugins: ReservePlugin[] = [];
  readonly preBindPlugins: PreBindPlugin[] = [];
  readonly bindPlugins: BindPlugin[] = [];
  readonly plugins: Plugin[] = [];
  readonly handle: Handle;

  constructor(registry: ReadonlyMap<string, PluginFactory>, readonly profile: Profile, handle: Omit<Handle, 'runner' | 'schedulerName'>) {
    this.handle = { ...handle, runner: this, schedulerName: profile.schedulerName, snapshot: handle.snapshot, random: handle.random };
    let queueSort: QueueSortPlugin | undefined;
    for (const cfg of profile.plugins) {
      const factory = registry.get(cfg.name);
      if (!factory) throw new ProfileError(`plugin "${cfg.name}" does not exist`);
      const p = factory(cfg.args, this.handle);
      this.plugins.push(p);
      if (isQueueSort(p)) {
        if (queueSort) throw new ProfileError('only one queue sort plugin can be enabled');
        queueSort = p;
      }
      if (isPreEnqueue(p)) this.preEnqueuePlugins.push(p);
      if (isPreFilter(p)) this.preFilterPlugins.push(p);
      if (isFilter(p)) this.filterPlugins.push(p);
      if (isPostFilter(p)) this.postFilterPlugins.push(p);
      if (isPreScore(p)) this.preScorePlugins.push(p);
      if (isScore(p)) {
        const w = cfg.weight ?? 1;
        if (!Number.isInteger(w) || w < 0) throw new ProfileError(`plugin "${cfg.name}" has an invalid weight ${w}`);
        this.scorePlugins.push(p);
        this.scoreWeights.push(w);
      }
      if (isReserve(p)) this.reservePlugins.push(p);
      if (isPreBind(p)) this.preBindPlugins.push(p);
      if (isBind(p)) this.bindPlugins.push(p);
    }
    if (!queueSort) throw new ProfileError('a queue sort plugin is required');
    if (this.bindPlugins.length === 0) throw new ProfileError('at least one bind plugin is required');
    this.queueSort = queueSort;
  }

  /** Events each plugin registered; plugins without EnqueueExtensions react to every event. */
  eventsToRegister(): Map<string, readonly ClusterEvent[] | undefined> {
    const m = new Map<string, readonly ClusterEvent[] | undefined>();
    for (const p of this.plugins) m.set(p.name, hasEvents(p) ? p.eventsToRegister() : undefined);
    return m;
  }

  runPreEnqueuePlugins(pod: PodInfo): StatusOrSuccess {
    for (const p of this.preEnqueuePlugins) {
      const s = p.preEnqueue(pod);
      if (!isSuccess(s)) return s!.withPlugin(p.name);
    }
    return null;
  }

  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterOutcome {
    let result: PreFilterResult | undefined;
    const withNodes: string[] = [];
    for (const p of this.preFilterPlugins) {
      let r: StatusOrSuccess | PreFilterResult;
      try {
        r = p.preFilter(state, pod, nodes);
      } catch (e) {
        return { result: undefined, status: asStatus(e).withPlugin(p.name), narrowedBy: withNodes };
      }
      if (r instanceof PreFilterResult) {
        withNodes.push(p.name);
        result = PreFilterResult.merge(result, r);
        if (result!.nodeNames.size === 0) {
          const msg = withNodes.length === 1 ? `node(s) didn't satisfy plugin ${withNodes[0]}` : `node(s) didn't satisfy plugin(s) [${withNodes.join(' ')}] simultaneously`;
          return { result, status: unresolvable(msg).withPlugin(p.name), narrowedBy: withNodes };
        }
        continue;
      }
      if (isSkip(r)) {
        state.skipFilterPlugins.add(p.name);
        state.activeFilters = undefined;
        continue;
      }
      if (!isSuccess(r)) {
        const s = isRejected(r) ? r! : new Status('Error', [`running PreFilter plugin "${p.name}": ${r!.message()}`], r!.error);
        return { result: undefined, status: s.withPlugin(p.name), narrowedBy: withNodes };
      }
    }
    return { result, status: null, narrowedBy: withNodes };
  }

  runFilterPlugins(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    let plugins = state.activeFilters;
    if (!plugins) state.activeFilters = plugins = this.filterPlugins.filter((p) => !state.skipFilterPlugins.has(p.name));
    for (let i = 0; i < plugins.length; i++) {
      const p = plugins[i]!;
      const s = p.filter(state, pod, nodeInfo);
      if (s !== null && s.code !== 'Success') {
        if (!isRejected(s)) return new Status('Error', [`running "${p.name}" filter plugin: ${s.message()}`], s.error).withPlugin(p.name);
        return s.withPlugin(p.name);
      }
    }
    return null;
  }

  /**
   * Filters with the pods nominated to the node (of equal or higher priority) counted as if they ran
   * there, then, if that passes and some were added, once more without them: a nominated pod that
   * never arrives must not be what makes an affinity rule pass.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    const nominated = this.handle.nominator.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, nodeInfo);
    let added = false;
    let stateToUse = state;
    let infoToUse = nodeInfo;
    for (const np of nominated) {
      if (np.priority < pod.priority || np.key === pod.key) continue;
      if (!added) {
        stateToUse = state.clone();
        infoToUse = nodeInfo.clone();
        added = true;
      }
      infoToUse.addPod(np);
      const s = this.runPreFilterExtensionAddPod(stateToUse, pod, np, infoToUse);
      if (!isSuccess(s)) return s;
    }
    const first = this.runFilterPlugins(stateToUse, pod, infoToUse);
    if (!added || !isSuccess(first)) return first;
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    for (const p of this.preFilterPlugins) {
      if (!p.preFilterExtensions || state.skipFilterPlugins.has(p.name)) continue;
      const s = p.preFilterExtensions.addPod(state, pod, toAdd, nodeInfo);
      if (!isSuccess(s)) return new Status('Error', [`running AddPod on PreFilter plugin "${p.name}": ${s!.message()}`]).withPlugin(p.name);
    }
    return null;
  }

  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    for (const p of this.preFilterPlugins) {
      if (!p.preFilterExtensions || state.skipFilterPlugins.has(p.name)) continue;
      const s = p.preFilterExtensions.removePod(state, pod, toRemove, nodeInfo);
      if (!isSuccess(s)) return new Status('Error', [`running RemovePod on PreFilter plugin "${p.name}": ${s!.message()}`]).withPlugin(p.name);
    }
    return null;
  }

  async runPostFilterPlugins(state: CycleState, pod: PodInfo, m: NodeToStatus, signal?: AbortSignal): Promise<{ result?: PostFilterResult; status: Status }> {
    let result: PostFilterResult | undefined;
    const reasons: string[] = [];
    let rejector = '';
    for (const p of this.postFilterPlugins) {
      let r: Awaited<ReturnType<PostFilterPlugin['postFilter']>>;
      try {
        r = await p.postFilter(state, pod, m, signal);
      } catch (e) {
        return { status: asStatus(e).withPlugin(p.name) };
      }
      const s = r.status;
      if (isSuccess(s)) return { result: r.result, status: (s ?? new Status('Success')).withPlugin(p.name) };
      if (s!.code === 'UnschedulableAndUnresolvable') return { result: r.result, status: s!.withPlugin(p.name) };
      if (!isRejected(s)) return { status: new Status('Error', s!.reasons, s!.error).withPlugin(p.name) };
      if (r.result) result = r.result;
      reasons.push(...s!.reasons);
      if (!rejector) rejector = p.name;
    }
    return { result, status: new Status('Unschedulable', reasons).withPlugin(rejector) };
  }

  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): StatusOrSuccess {
    for (const p of this.preScorePlugins) {
      const s = p.preScore(state, pod, nodes);
      if (isSkip(s)) {
        state.skipScorePlugins.add(p.name);
        continue;
      }
      if (!isSuccess(s)) return new Status('Error', [`running PreScore plugin "${p.name}": ${s!.message()}`], s!.error).withPlugin(p.name);
    }
    return null;
  }

  /** The weighted total score of each node (same order as nodes). */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): number[] {
    const totals = new Array<number>(nodes.length).fill(0);
    const scores = new Array<number>(nodes.length);
    for (let i = 0; i < this.scorePlugins.length; i++) {
      const p = this.scorePlugins[i]!;
      if (state.skipScorePlugins.has(p.name)) continue;
      for (let n = 0; n < nodes.length; n++) scores[n] = p.score(state, pod, nodes[n]!);
      if (p.normalizeScore) p.normalizeScore(state, pod, scores, nodes);
      const w = this.scoreWeights[i]!;
      for (let n = 0; n < nodes.length; n++) {
        const s = scores[n]!;
        if (s > MAX_NODE_SCORE || s < MIN_NODE_SCORE) {
          throw new Error(`plugin "${p.name}" returns an invalid score ${s}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`);
        }
        totals[n]! += s * w;
      }
    }
    return totals;
  }

  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): StatusOrSuccess {
    for (const p of this.reservePlugins) {
      const s = p.reserve(state, pod, nodeName);
      if (!isSuccess(s)) return s!.withPlugin(p.name);
    }
    return null;
  }

  /** Runs every Unreserve, in reverse order (upstream does the same). */
  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) this.reservePlugins[i]!.unreserve(state, pod, nodeName);
  }

  /** Runs every PreBind in order; the first failure stops the binding (upstream's RunPreBindPlugins). */
  async runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string, signal?: AbortSignal): Promise<StatusOrSuccess> {
    for (const p of this.preBindPlugins) {
      let status: StatusOrSuccess;
      try {
        status = await p.preBind(state, pod, nodeName, signal);
      } catch (e) {
        return asStatus(e).withPlugin(p.name);
      }
      if (isSuccess(status) || isSkip(status)) continue;
      if (isRejected(status)) return status!.withPlugin(p.name);
      return new Status('Error', [`running PreBind plugin "${p.name}": ${status!.message()}`], status!.error).withPlugin(p.name);
    }
    return null;
  }

  async runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string, signal?: AbortSignal): Promise<StatusOrSuccess> {
    let status: StatusOrSuccess = new Status('Skip');
    for (const p of this.bindPlugins) {
      try {
        status = await p.bind(state, pod, nodeName, signal);
      } catch (e) {
        return asStatus(e).withPlugin(p.name);
      }
      if (isSkip(status)) continue;
      if (!isSuccess(status)) {
        if (isRejected(status)) return status!.withPlugin(p.name);
        return new Status('Error', [`running Bind plugin "${p.name}": ${status!.message()}`], status!.error).withPlugin(p.name);
      }
      return status;
    }
    return status;
  }

  newCycleState(): CycleState {
    return new CycleState();
  }
}
