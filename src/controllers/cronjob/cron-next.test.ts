import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCronSchedule } from '../../api/kinds/groups/cron.js';
import { missedSchedules, nextFiring } from './cron-next.js';
import { Zone } from './zone.js';

const utc = new Zone('UTC');
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const next = (spec: string, from: string, zone = utc) => iso(nextFiring(parseCronSchedule(spec), zone, Date.parse(from)));

/** The n firings after from. */
function firings(spec: string, from: string, n: number, zone = utc): string[] {
  const s = parseCronSchedule(spec);
  const out: string[] = [];
  let t = Date.parse(from);
  for (let i = 0; i < n; i++) {
    t = nextFiring(s, zone, t)!;
    out.push(new Date(t).toISOString());
  }
  return out;
}

test('every minute fires strictly after the instant, at whole minutes', () => {
  assert.equal(next('* * * * *', '2026-05-01T10:00:00Z'), '2026-05-01T10:01:00.000Z');
  assert.equal(next('* * * * *', '2026-05-01T10:00:59.999Z'), '2026-05-01T10:01:00.000Z');
});

test('ranges, steps, lists and names', () => {
  assert.deepEqual(firings('*/15 9-10 * * *', '2026-05-01T08:00:00Z', 5), [
    '2026-05-01T09:00:00.000Z', '2026-05-01T09:15:00.000Z', '2026-05-01T09:30:00.000Z', '2026-05-01T09:45:00.000Z', '2026-05-01T10:00:00.000Z',
  ]);
  // 2026-05-01 is a Friday.
  assert.equal(next('0 12 * * MON', '2026-05-01T00:00:00Z'), '2026-05-04T12:00:00.000Z');
  assert.equal(next('0 0 1 JAN,jul *', '2026-05-01T00:00:00Z'), '2026-07-01T00:00:00.000Z');
  assert.equal(next('5/20 * * * *', '2026-05-01T00:26:00Z'), '2026-05-01T00:45:00.000Z');
  assert.equal(next('0 0 31 2 *', '2026-05-01T00:00:00Z'), undefined);
});

test('day of month and day of week: OR when both are restricted, AND when one is *', () => {
  // The 13th, or any Friday.
  assert.deepEqual(firings('0 0 13 * 5', '2026-05-01T00:00:00Z', 3), ['2026-05-08T00:00:00.000Z', '2026-05-13T00:00:00.000Z', '2026-05-15T00:00:00.000Z']);
  // Any day (dom is *), Fridays only.
  assert.deepEqual(firings('0 0 * * 5', '2026-05-01T00:00:00Z', 2), ['2026-05-08T00:00:00.000Z', '2026-05-15T00:00:00.000Z']);
  // A step > 1 on day of month is not a star: OR applies.
  assert.deepEqual(firings('0 0 */10 * 1', '2026-05-01T00:00:00Z', 3), ['2026-05-04T00:00:00.000Z', '2026-05-11T00:00:00.000Z', '2026-05-18T00:00:00.000Z']);
});

test('descriptors', () => {
  assert.equal(next('@hourly', '2026-05-01T10:30:00Z'), '2026-05-01T11:00:00.000Z');
  assert.equal(next('@daily', '2026-05-01T10:30:00Z'), '2026-05-02T00:00:00.000Z');
  assert.equal(next('@midnight', '2026-05-01T10:30:00Z'), '2026-05-02T00:00:00.000Z');
  assert.equal(next('@weekly', '2026-05-01T10:30:00Z'), '2026-05-03T00:00:00.000Z');
  assert.equal(next('@monthly', '2026-05-01T10:30:00Z'), '2026-06-01T00:00:00.000Z');
  assert.equal(next('@yearly', '2026-05-01T10:30:00Z'), '2027-01-01T00:00:00.000Z');
  assert.equal(next('@annually', '2026-05-01T10:30:00Z'), '2027-01-01T00:00:00.000Z');
  assert.equal(next('@every 90s', '2026-05-01T10:30:00.500Z'), '2026-05-01T10:31:30.000Z');
});

test('time zones: TZ= prefix and a Zone', () => {
  assert.equal(next('TZ=America/New_York 0 9 * * *', '2026-05-01T00:00:00Z', new Zone('America/New_York')), '2026-05-01T13:00:00.000Z');
  assert.equal(next('0 9 * * *', '2026-01-15T00:00:00Z', new Zone('Asia/Kolkata')), '2026-01-15T03:30:00.000Z');
});

test('DST spring forward: a skipped wall time does not fire that day', () => {
  const ny = new Zone('America/New_York');
  // 2026-03-08 02:00 EST jumps to 03:00 EDT.
  assert.deepEqual(firings('30 2 * * *', '2026-03-07T00:00:00Z', 2, ny), ['2026-03-07T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
  // Hourly keeps firing every real hour across the change.
  assert.deepEqual(firings('0 * * * *', '2026-03-08T05:30:00Z', 3, ny), ['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-08T08:00:00.000Z']);
});

test('DST fall back: a repeated wall time fires twice', () => {
  const ny = new Zone('America/New_York');
  // 2026-11-01 02:00 EDT goes back to 01:00 EST.
  assert.deepEqual(firings('30 1 * * *', '2026-10-31T12:00:00Z', 3, ny), ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  // Midnight-based daily schedule is unaffected.
  assert.deepEqual(firings('0 0 * * *', '2026-10-31T12:00:00Z', 2, ny), ['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
});

test('missed schedules: none, one, many (> 100) with the most recent exact', () => {
  const s = parseCronSchedule('* * * * *');
  const t0 = Date.parse('2026-05-01T10:00:00Z');
  assert.deepEqual(missedSchedules(s, utc, t0, t0 + 30_000), { missed: 0 });
  assert.deepEqual(missedSchedules(s, utc, t0, t0 + 90_000), { mostRecent: t0 + 60_000, missed: 1 });
  const r = missedSchedules(s, utc, t0, t0 + 150 * 60_000 + 5_000);
  assert.equal(r.missed, 150);
  assert.equal(r.mostRecent, t0 + 150 * 60_000);
  // Far behind (a year of minutes): estimated count, exact most recent.
  const far = missedSchedules(s, utc, t0, t0 + 365 * 24 * 3600_000 + 30_000);
  assert.ok(far.missed > 100_000, `missed ${far.missed}`);
  assert.equal(far.mostRecent, t0 + 365 * 24 * 3600_000);
});
