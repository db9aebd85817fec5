// When a parsed cron schedule fires (robfig/cron's SpecSchedule.Next semantics): the first time
// strictly after an instant, searched field by field in the schedule's time zone, giving up after
// five years; hours and minutes advance in real time, so a time skipped by a spring-forward
// change does not fire that day and one repeated by a fall-back change fires twice.
import type { CronFields, CronSchedule } from '../../api/kinds/groups/cron.js';
import type { Zone } from './zone.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const YEARS_TO_SEARCH = 5;

function dayMatches(f: CronFields, day: number, weekday: number): boolean {
  const dom = f.dayOfMonth.values.has(day);
  const dow = f.dayOfWeek.values.has(weekday);
  return f.dayOfMonth.star || f.dayOfWeek.star ? dom && dow : dom || dow;
}

/** The first firing strictly after afterMs, or undefined when there is none within five years. */
export function nextFiring(s: CronSchedule, zone: Zone, afterMs: number): number | undefined {
  if (s.kind === 'every') return Math.floor(afterMs / 1000) * 1000 + s.everyMs;
  const f = s.fields;
  let t = Math.floor(afterMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const limit = zone.wall(t).year + YEARS_TO_SEARCH;
  // Once a field had to move, the finer ones start from their lowest value.
  let moved = false;
  wrap: for (;;) {
    let w = zone.wall(t);
    if (w.year > limit) return undefined;
    while (!f.month.values.has(w.month)) {
      if (!moved) {
        moved = true;
        t = zone.instant(w.year, w.month, 1, 0, 0);
        w = zone.wall(t);
      }
      t = zone.instant(w.year, w.month + 1, w.day, w.hour, w.minute);
      w = zone.wall(t);
      if (w.month === 1) continue wrap;
    }
    while (!dayMatches(f, w.day, w.weekday)) {
      if (!moved) {
        moved = true;
        t = zone.instant(w.year, w.month, w.day, 0, 0);
        w = zone.wall(t);
      }
      t = zone.instant(w.year, w.month, w.day + 1, w.hour, w.minute);
      w = zone.wall(t);
      // A day that did not start at midnight (a DST change at midnight): back to its start.
      if (w.hour !== 0) {
        t += w.hour > 12 ? (24 - w.hour) * HOUR_MS : -w.hour * HOUR_MS;
        w = zone.wall(t);
      }
      if (w.day === 1) continue wrap;
    }
    while (!f.hour.values.has(w.hour)) {
      if (!moved) {
        moved = true;
        t = zone.instant(w.year, w.month, w.day, w.hour, 0);
      }
      t += HOUR_MS;
      w = zone.wall(t);
      if (w.hour === 0) continue wrap;
    }
    while (!f.minute.values.has(w.minute)) {
      moved = true;
      t += MINUTE_MS;
      w = zone.wall(t);
      if (w.minute === 0) continue wrap;
    }
    return t;
  }
}

/** Upstream counts more than this many missed start times as "too many". */
export const TOO_MANY_MISSED = 100;

export interface MissedSchedules {
  /** The latest firing in (earliest, now], if any. */
  readonly mostRecent?: number;
  /** How many firings fall in (earliest, now] (exact up to 1000, estimated beyond). */
  readonly missed: number;
}

/** The firings a controller missed between earliest (exclusive) and now (inclusive). */
export function missedSchedules(s: CronSchedule, zone: Zone, earliestMs: number, nowMs: number): MissedSchedules {
  let t = nextFiring(s, zone, earliestMs);
  if (t === undefined || t > nowMs) return { missed: 0 };
  let missed = 0;
  let last = t;
  let maxGap = 0;
  while (t !== undefined && t <= nowMs) {
    missed++;
    maxGap = Math.max(maxGap, t - last);
    last = t;
    if (missed >= 1000 && maxGap > 0) {
      // Far behind: estimate the count and jump close to now for the exact most recent firing.
      const from = Math.max(t, nowMs - 3 * maxGap);
      missed += Math.floor((from - t) / Math.max(1, (t - earliestMs) / missed));
      t = nextFiring(s, zone, from - 1);
      while (t !== undefined && t <= nowMs) {
        last = t;
        t = nextFiring(s, zone, t);
      }
      return { mostRecent: last, missed };
    }
    t = nextFiring(s, zone, t);
  }
  return { mostRecent: last, missed };
}
