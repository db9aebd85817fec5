// NodeAffinity: pod.spec.nodeSelector and required node affinity as a filter (with a PreFilterResult
// when terms pin node names via matchFields), preferred node affinity as a weighted score.
import type { CycleState, StateData } from '../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../framework/events.js';
import { PreFilterResult, type EnqueueExtensions, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { skip, unresolvable, type StatusOrSuccess } from '../framework/status.js';
import { compilePreferences, RequiredNodeAffinity, type CompiledPreference } from './helpers/node-affinity.js';
import { defaultNormalizeScore } from './helpers/normalize-score.js';
import { names } from './names.js';

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const PRE_FILTER_KEY = `PreFilter${names.NodeAffinity}`;
const PRE_SCORE_KEY = `PreScore${names.NodeAffinity}`;

class PreFilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  constructor(readonly preferred: readonly CompiledPreference[]) {}
  clone(): StateData {
    return this;
  }
}

/** Node names the required terms pin through matchFields metadata.name In; undefined when some term does not. */
function pinnedNodeNames(pod: PodInfo): Set<string> | undefined {
  const terms = pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return undefined;
  let all: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    if (!termNames) return undefined;
    all = all ?? new Set();
    for (const n of termNames) all.add(n);
  }
  return all;
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = names.NodeAffinity;

  preFilter(state: CycleState, pod: PodInfo): StatusOrSuccess | PreFilterResult {
    const spec = pod.pod.spec ?? {};
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && (!spec.nodeSelector || Object.keys(spec.nodeSelector).length === 0)) return skip();
    state.write(PRE_FILTER_KEY, new PreFilterState(new RequiredNodeAffinity(pod.pod)));
    const pinned = pinnedNodeNames(pod);
    if (!pinned) return null;
    if (pinned.size === 0) return unresolvable(ERR_REASON_CONFLICT);
    return new PreFilterResult(pinned);
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    const required = state.read<PreFilterState>(PRE_FILTER_KEY)?.required ?? new RequiredNodeAffinity(pod.pod);
    return required.matchesNode(nodeInfo) ? null : unresolvable(ERR_REASON_POD);
  }

  preScore(state: CycleState, pod: PodInfo): StatusOrSuccess {
    const preferred = compilePreferences(pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    if (preferred.length === 0) return skip();
    state.write(PRE_SCORE_KEY, new PreScoreState(preferred));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const preferred =
      state.read<PreScoreState>(PRE_SCORE_KEY)?.preferred ??
      compilePreferences(pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    let sum = 0;
    for (const p of preferred) if (p.matches(nodeInfo.labels, nodeInfo.name)) sum += p.weight;
    return sum;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: number[]): void {
    defaultNormalizeScore(scores, false);
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return [{ resource: 'Node', actions: ActionType.Add | ActionType.UpdateNodeLabel }];
  }
}
