// spec.podFailurePolicy (upstream's matchPodFailurePolicy): the first rule that matches a failed
// pod decides whether its failure fails the job at once (FailJob), fails its index (FailIndex,
// with backoffLimitPerIndex), is not counted (Ignore) or counts against backoffLimit (Count, and
// when no rule matches). onExitCodes look at terminated
// containers with a non-zero exit code; onPodConditions at the pod's conditions.
import type { Job, PodFailurePolicyRule } from '../../api/types/batch-v1.js';
import type { ContainerStatus, Pod } from '../../api/types/core-v1.js';

export type FailureAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface FailureVerdict {
  readonly action: FailureAction;
  /** Why, for a FailJob (the condition's message). */
  readonly message?: string;
}

function matchingContainer(rule: PodFailurePolicyRule, statuses: readonly ContainerStatus[]): ContainerStatus | undefined {
  const req = rule.onExitCodes!;
  const values = req.values ?? [];
  return statuses.find((cs) => {
    const code = cs.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    if (req.containerName && req.containerName !== cs.name) return false;
    const inValues = values.includes(code);
    return req.operator === 'In' ? inValues : req.operator === 'NotIn' ? !inValues : false;
  });
}

function matchingCondition(rule: PodFailurePolicyRule, pod: Readonly<Pod>): string | undefined {
  for (const pattern of rule.onPodConditions ?? []) {
    const c = pod.status?.conditions?.find((x) => x.type === pattern.type && x.status === (pattern.status ?? 'True'));
    if (c) return c.type;
  }
  return undefined;
}

const toAction = (a: string | undefined): FailureAction => (a === 'FailJob' || a === 'FailIndex' || a === 'Ignore' ? a : 'Count');

export function matchPodFailurePolicy(job: Readonly<Job>, pod: Readonly<Pod>): FailureVerdict {
  const rules = job.spec?.podFailurePolicy?.rules ?? [];
  const who = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const action = toAction(rule.action);
    if (rule.onExitCodes) {
      const cs = matchingContainer(rule, statuses);
      if (!cs) continue;
      const message = `Container ${cs.name} for pod ${who} failed with exit code ${cs.state?.terminated?.exitCode} matching ${rule.action} rule at index ${i}`;
      return action === 'FailJob' ? { action, message } : { action };
    }
    const type = matchingCondition(rule, pod);
    if (type === undefined) continue;
    return action === 'FailJob' ? { action, message: `Pod ${who} has condition ${type} matching ${rule.action} rule at index ${i}` } : { action };
  }
  return { action: 'Count' };
}
