// What the CronJob controller derives from a CronJob: the name and object of the job for a
// scheduled time, the owner test, and how a job finished.
import type { CronJob, Job } from '../../api/types/batch-v1.js';
import type { ObjectReference } from '../../api/types/core-v1.js';
import { newControllerRef } from '../pod-util.js';
import { Zone } from './zone.js';

export const CRONJOB_SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
export const CRONJOB_KIND = 'CronJob';
export const BATCH_V1 = 'batch/v1';

/** "<cronjob>-<scheduled time in minutes since the epoch>" (upstream's getJobName). */
export const jobNameFor = (cj: Readonly<CronJob>, scheduledMs: number): string => `${cj.metadata?.name}-${Math.floor(scheduledMs / 60_000)}`;

/** Go's time.Format(time.RFC3339) of an instant in a zone ("Z" for a zero offset). */
export function rfc3339In(ms: number, zone: Zone): string {
  const off = zone.offsetAt(ms);
  const local = new Date(Math.floor(ms / 1000) * 1000 + off).toISOString().slice(0, 19);
  if (off === 0) return `${local}Z`;
  const m = Math.abs(off) / 60_000;
  return `${local}${off < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Go's time.Format(time.RFC1123Z) in UTC: "Mon, 02 Jan 2006 15:04:05 +0000". */
export function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${day}, ${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** The job a CronJob runs at scheduledMs (upstream's getJobFromTemplate2). */
export function jobFromTemplate(cj: Readonly<CronJob>, scheduledMs: number): Job {
  const t = structuredClone(cj.spec?.jobTemplate ?? {});
  const annotations: Record<string, string> = { ...(t.metadata?.annotations ?? {}) };
  annotations[CRONJOB_SCHEDULED_TIMESTAMP] = rfc3339In(scheduledMs, new Zone(cj.spec?.timeZone || 'UTC'));
  const job: Job = {
    apiVersion: BATCH_V1,
    kind: 'Job',
    metadata: {
      name: jobNameFor(cj, scheduledMs),
      namespace: cj.metadata?.namespace,
      annotations,
      ownerReferences: [newControllerRef(cj, BATCH_V1, CRONJOB_KIND)],
    },
    spec: t.spec ?? {},
  };
  if (t.metadata?.labels && Object.keys(t.metadata.labels).length) job.metadata!.labels = { ...t.metadata.labels };
  return job;
}

/** "Complete" or "Failed" when the job has finished. */
export function finishedType(job: Readonly<Job>): 'Complete' | 'Failed' | undefined {
  const c = job.status?.conditions?.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type as 'Complete' | 'Failed' | undefined;
}

export const jobReference = (job: Readonly<Job>): ObjectReference => ({
  apiVersion: BATCH_V1,
  kind: 'Job',
  name: job.metadata?.name,
  namespace: job.metadata?.namespace,
  uid: job.metadata?.uid,
  resourceVersion: job.metadata?.resourceVersion,
});
