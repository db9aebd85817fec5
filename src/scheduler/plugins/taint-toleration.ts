// Filter: NoSchedule/NoExecute taints must be tolerated. Score: fewer untolerated PreferNoSchedule
// taints is better (normalized in reverse).
import type { Toleration } from '../../api/types/core-v1.js';
import type { CycleState, StateData } from '../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { unresolvable, type StatusOrSuccess } from '../framework/status.js';
import { defaultNormalizeScore } from './helpers/normalize-score.js';
import { findUntoleratedTaint, isDoNotScheduleTaint, tolerationsTolerateTaint } from './helpers/taints.js';
import { names } from './names.js';

const PRE_SCORE_KEY = `PreScore${names.TaintToleration}`;

class PreScoreState implements StateData {
  constructor(readonly tolerationsPreferNoSchedule: readonly Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = names.TaintToleration;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess {
    if (nodeInfo.taints.length === 0) return null;
    const taint = findUntoleratedTaint(nodeInfo.taints, pod.pod.spec?.tolerations, isDoNotScheduleTaint);
    if (!taint) return null;
    return unresolvable(`node(s) had untolerated taint {${taint.key ?? ''}: ${taint.value ?? ''}}`);
  }

  preScore(state: CycleState, pod: PodInfo): StatusOrSuccess {
    const tolerations = (pod.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(PRE_SCORE_KEY, new PreScoreState(tolerations));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    if (nodeInfo.taints.length === 0) return 0;
    const tolerations =
      state.read<PreScoreState>(PRE_SCORE_KEY)?.tolerationsPreferNoSchedule ??
      (pod.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    let n = 0;
    for (const taint of nodeInfo.taints) {
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) n++;
    }
    return n;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: number[]): void {
    defaultNormalizeScore(scores, true);
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'Node', actions: ActionType.Add | ActionType.UpdateNodeTaint },
      { resource: 'Pod', actions: ActionType.UpdatePodTolerations },
    ];
  }
}
