// Printers for batch/v1: jobs (STATUS, COMPLETIONS, DURATION) and cron jobs.
import { AGE, arr, ageOf, col, CONTAINERS, containerCells, formatSelector, IMAGES, int, NAME, nameOf, str, wide } from './columns.js';
import { humanDuration, parseTime, since } from './duration.js';
import type { Printer } from './types.js';

type Obj = Record<string, any>;

const SELECTOR = wide('Selector', 'The label selector of the pods the job manages.');
const hasCondition = (job: Obj, type: string) => arr(job.status?.conditions).some((c) => c?.type === type && c?.status === 'True');

export function jobStatus(job: Obj): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

export function jobCompletions(job: Obj): string {
  const succeeded = int(job.status?.succeeded);
  if (typeof job.spec?.completions === 'number') return `${succeeded}/${int(job.spec.completions)}`;
  const parallelism = int(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

export function jobDuration(job: Obj, now: number): string {
  const start = parseTime(job.status?.startTime);
  if (start === undefined) return '';
  const end = parseTime(job.status?.completionTime);
  return humanDuration((end ?? now) - start);
}

export const jobPrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'The state of the job: Running, Complete, Failed, Suspended, ...'),
    col('Completions', 'Successful completions out of the number asked for.'),
    col('Duration', 'How long the job ran, or has been running.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(job, now) {
    const [names, images] = containerCells(job.spec?.template?.spec?.containers);
    return { cells: [nameOf(job), jobStatus(job), jobCompletions(job), jobDuration(job, now), ageOf(job, now), names, images, formatSelector(job.spec?.selector)] };
  },
};

const boolPtr = (v: unknown) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : '<unset>');

export const cronJobPrinter: Printer = {
  columns: [
    NAME,
    col('Schedule', 'When jobs are started, in cron format.'),
    col('Timezone', 'The time zone the schedule is read in.'),
    col('Suspend', 'Whether new jobs are held back.', { type: 'boolean' }),
    col('Active', 'The number of jobs running now.', { type: 'integer' }),
    col('Last Schedule', 'Time since a job was last started.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(cj, now) {
    const spec = cj.spec ?? {};
    const [names, images] = containerCells(spec.jobTemplate?.spec?.template?.spec?.containers);
    const last = cj.status?.lastScheduleTime ? since(cj.status.lastScheduleTime, now) : '<none>';
    return {
      cells: [nameOf(cj), str(spec.schedule), str(spec.timeZone) || '<none>', boolPtr(spec.suspend), arr(cj.status?.active).length, last, ageOf(cj, now), names, images, formatSelector(spec.jobTemplate?.spec?.selector)],
    };
  },
};

