// Whether a CronJob should start a job now, and when to look again (upstream's
// nextScheduleTime / mostRecentScheduleTime / nextScheduleTimeDuration), with the warnings
// upstream records for a bad time zone or schedule, too many missed starts, or a missed deadline.
// Pure: the controller carries the decision out.
import { CronParseError, isKnownTimeZone, parseCronSchedule, type CronSchedule } from '../../api/kinds/groups/cron.js';
import type { CronJob } from '../../api/types/batch-v1.js';
import { parseApiTime } from '../../client/index.js';
import { missedSchedules, nextFiring, TOO_MANY_MISSED } from './cron-next.js';
import { rfc1123z } from './cronjob-util.js';
import { Zone } from './zone.js';

/** Upstream looks again this long after the next start time. */
export const NEXT_SCHEDULE_DELTA_MS = 100;
/** Longer waits are cut to a day (timers cannot wait more than 2^31 ms; a sync recomputes anyway). */
export const MAX_REQUEUE_MS = 24 * 3600_000;

export interface CronEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

export interface ScheduleDecision {
  /** The missed start time to run now. */
  readonly scheduledTime?: number;
  readonly requeueAfterMs?: number;
  readonly events: readonly CronEvent[];
}

/** The schedule the controller reads: the timeZone field becomes a TZ= prefix. */
export function effectiveSchedule(cj: Readonly<CronJob>): string {
  const s = cj.spec?.schedule ?? '';
  const tz = cj.spec?.timeZone;
  return tz && !s.includes('TZ') ? `TZ=${tz} ${s}` : s;
}

export function decideSchedule(cj: Readonly<CronJob>, now: number, localZone: string): ScheduleDecision {
  const events: CronEvent[] = [];
  const tz = cj.spec?.timeZone;
  if (tz && !isKnownTimeZone(tz)) return { events: [{ type: 'Warning', reason: 'UnknownTimeZone', message: `invalid timeZone: "${tz}": unknown time zone ${tz}` }] };
  const spec = effectiveSchedule(cj);
  if ((cj.spec?.schedule ?? '').includes('TZ')) {
    events.push({ type: 'Warning', reason: 'UnsupportedSchedule', message: `CRON_TZ or TZ used in schedule "${cj.spec?.schedule}" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details` });
  }
  let sched: CronSchedule;
  try {
    sched = parseCronSchedule(spec);
  } catch (e) {
    if (!(e instanceof CronParseError)) throw e;
    events.push({ type: 'Warning', reason: 'UnparseableSchedule', message: `unparseable schedule: "${cj.spec?.schedule}" : ${e.message}` });
    return { events };
  }
  const zone = new Zone(sched.timeZone ?? localZone);
  const last = parseApiTime(cj.status?.lastScheduleTime);
  const created = parseApiTime(cj.metadata?.creationTimestamp);
  const earliest = Number.isFinite(last) ? last : Number.isFinite(created) ? created : now;
  const sds = cj.spec?.startingDeadlineSeconds;
  const from = sds !== undefined && sds !== null ? Math.max(earliest, now - sds * 1000) : earliest;
  const missed = missedSchedules(sched, zone, from, now);
  if (missed.missed > TOO_MANY_MISSED) {
    events.push({ type: 'Warning', reason: 'TooManyMissedTimes', message: `too many missed start times: ${missed.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew` });
  }
  const base = missed.mostRecent ?? Math.max(now, earliest);
  const next = nextFiring(sched, zone, base);
  const requeueAfterMs = next === undefined ? undefined : Math.min(MAX_REQUEUE_MS, Math.max(0, next + NEXT_SCHEDULE_DELTA_MS - now));
  if (missed.mostRecent === undefined) return { requeueAfterMs, events };
  if (sds !== undefined && sds !== null && missed.mostRecent + sds * 1000 < now) {
    events.push({ type: 'Warning', reason: 'MissSchedule', message: `Missed scheduled time to start a job: ${rfc1123z(missed.mostRecent)}` });
    return { requeueAfterMs, events };
  }
  return { scheduledTime: missed.mostRecent, requeueAfterMs, events };
}
