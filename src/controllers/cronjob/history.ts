// Which finished jobs of a CronJob go (upstream's cleanupFinishedJobs): beyond
// successfulJobsHistoryLimit succeeded and failedJobsHistoryLimit failed jobs, the ones that
// started first (jobs without a start time count as the newest).
import type { CronJob, Job } from '../../api/types/batch-v1.js';
import { parseApiTime } from '../../client/index.js';
import { finishedType } from './cronjob-util.js';

function byStartTime(a: Readonly<Job>, b: Readonly<Job>): number {
  const ta = parseApiTime(a.status?.startTime);
  const tb = parseApiTime(b.status?.startTime);
  const na = Number.isNaN(ta);
  const nb = Number.isNaN(tb);
  if (na !== nb) return na ? 1 : -1;
  if (!na && ta !== tb) return ta - tb;
  const an = a.metadata?.name ?? '';
  const bn = b.metadata?.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}

function oldest(jobs: Readonly<Job>[], limit: number | undefined): Readonly<Job>[] {
  if (limit === undefined || limit === null || jobs.length <= limit) return [];
  return [...jobs].sort(byStartTime).slice(0, jobs.length - limit);
}

export function historyToDelete(cj: Readonly<CronJob>, jobs: readonly Readonly<Job>[]): Readonly<Job>[] {
  const live = jobs.filter((j) => !j.metadata?.deletionTimestamp);
  const succeeded = live.filter((j) => finishedType(j) === 'Complete');
  const failed = live.filter((j) => finishedType(j) === 'Failed');
  return [...oldest(succeeded, cj.spec?.successfulJobsHistoryLimit), ...oldest(failed, cj.spec?.failedJobsHistoryLimit)];
}
