// spec.successPolicy of Indexed jobs (upstream's matchSuccessPolicy): the job succeeds as soon as
// one rule holds. A rule with succeededIndexes needs succeededCount of those indexes (all of them
// without a count); a rule with only succeededCount needs that many succeeded indexes.
import type { Job } from '../../api/types/batch-v1.js';
import type { FinishReason } from './job-util.js';
import { parseIndexes } from './indexes.js';

/** The SuccessCriteriaMet reason and message of the first matching rule, or undefined. */
export function matchSuccessPolicy(job: Readonly<Job>, succeeded: ReadonlySet<number>): FinishReason | undefined {
  const rules = job.spec?.successPolicy?.rules ?? [];
  const completions = job.spec?.completions ?? 0;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    let need: number;
    let have: number;
    if (r.succeededIndexes !== undefined && r.succeededIndexes !== null) {
      const wanted = parseIndexes(r.succeededIndexes, completions);
      have = [...wanted].filter((x) => succeeded.has(x)).length;
      need = r.succeededCount ?? wanted.size;
    } else if (r.succeededCount !== undefined && r.succeededCount !== null) {
      have = succeeded.size;
      need = r.succeededCount;
    } else continue;
    if (have >= need && need > 0) return { reason: 'SuccessPolicy', message: `Matched rules at index ${i}` };
  }
  return undefined;
}
