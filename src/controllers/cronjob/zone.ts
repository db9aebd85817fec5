// Wall-clock time in an IANA time zone, through Intl (no tz database of our own): the fields of
// an instant, and the instant of a wall-clock time the way Go's time.Date resolves it (a time in
// a spring-forward gap moves past the gap; an ambiguous one takes the earlier offset).

export interface WallTime {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday */
  readonly weekday: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The process's own zone (upstream uses the controller manager's local time when a CronJob has no timeZone). */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export class Zone {
  private readonly fmt: Intl.DateTimeFormat;

  constructor(readonly name: string) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
  }

  wall(ms: number): WallTime {
    const p: Record<string, string> = {};
    for (const part of this.fmt.formatToParts(ms)) p[part.type] = part.value;
    return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour) % 24, minute: Number(p.minute), weekday: WEEKDAYS[p.weekday!] ?? 0 };
  }

  /** Offset from UTC at an instant, in ms (to the minute). */
  offsetAt(ms: number): number {
    const w = this.wall(ms);
    const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
    return asUtc - Math.floor(ms / 60_000) * 60_000;
  }

  /** The instant of a wall-clock time; out-of-range fields carry over (month 13, day 32) as in time.Date. */
  instant(year: number, month: number, day: number, hour: number, minute: number): number {
    const naive = Date.UTC(year, month - 1, day, hour, minute);
    const off1 = this.offsetAt(naive);
    const off2 = this.offsetAt(naive - off1);
    return naive - (off1 === off2 ? off1 : off2);
  }
}
