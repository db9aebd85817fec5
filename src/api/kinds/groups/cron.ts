// CronJob schedules: the standard cron syntax upstream accepts (robfig/cron v3 ParseStandard:
// five fields, month and weekday names, ranges, steps, "?" and the @-descriptors), with the same
// error texts, and time zone names as Go's time.LoadLocation sees them. One parser: validation
// asks it for the error, the CronJob controller for the parsed schedule
// (src/controllers/cronjob/cron-next.ts computes the times).
import { goQuote } from '../../validation/names.js';

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const SECONDS: Bounds = { min: 0, max: 59 };
const FIELD_BOUNDS: readonly Bounds[] = [
  { min: 0, max: 59 }, // minute
  { min: 0, max: 23 }, // hour
  { min: 1, max: 31 }, // day of month
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

const fail = (msg: string): never => {
  throw new CronParseError(msg);
};

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** strconv.Atoi, with its error text. */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) fail(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > INT64_MAX || n < INT64_MIN) fail(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  return Number(n);
}

function mustParseInt(expr: string): number {
  let n: number;
  try {
    n = atoi(expr);
  } catch (e) {
    if (e instanceof CronParseError) return fail(`failed to parse int from ${expr}: ${e.message}`);
    throw e;
  }
  if (n < 0) fail(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names: Bounds['names']): number {
  if (names) {
    const v = names[expr.toLowerCase()];
    if (v !== undefined) return v;
  }
  return mustParseInt(expr);
}

/** One parsed field: which values match, and whether it was "*" / "?" (robfig's star bit). */
export interface CronField {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

/** A parsed five-field schedule (seconds are always 0). */
export interface CronFields {
  readonly minute: CronField;
  readonly hour: CronField;
  readonly dayOfMonth: CronField;
  readonly month: CronField;
  readonly dayOfWeek: CronField;
}

/** A parsed schedule: fields, or "@every <duration>" (a constant delay, whole seconds, at least 1 s). */
export type CronSchedule =
  | { readonly kind: 'fields'; readonly fields: CronFields; readonly timeZone?: string }
  | { readonly kind: 'every'; readonly everyMs: number; readonly timeZone?: string };

export class CronParseError extends Error {
  override readonly name = 'CronParseError';
  readonly code = 'CronParse';
}

function parseRange(expr: string, r: Bounds, into: Set<number>): boolean {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, r.names);
    else return fail(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    if (singleDigit) end = r.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    fail(`too many slashes: ${expr}`);
  }
  if (start < r.min) fail(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) fail(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) fail(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) fail(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.add(v);
  return star;
}

function parseField(field: string, r: Bounds): CronField {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(',')) if (expr !== '') star = parseRange(expr, r, values) || star;
  return { values, star };
}

// Go's unicode.IsSpace, as strings.Fields and strings.TrimSpace use it.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const goFields = (s: string): string[] => s.split(GO_SPACE).filter((f) => f !== '');
const goTrimSpace = (s: string): string => s.replace(new RegExp(`^${GO_SPACE.source}|${GO_SPACE.source}$`, 'g'), '');

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration's error for s, or undefined when s parses. */
export function goParseDurationError(s: string): string | undefined {
  const r = goParseDuration(s);
  return typeof r === 'string' ? r : undefined;
}

/** time.ParseDuration: nanoseconds, or the error text. */
export function goParseDuration(s: string): { ns: number } | string {
  const orig = s;
  const bad = `time: invalid duration ${goQuote(orig)}`;
  let rest = s;
  if (rest.startsWith('-') || rest.startsWith('+')) rest = rest.slice(1);
  const neg = s.startsWith('-');
  if (rest === '0') return { ns: 0 };
  if (rest === '') return bad;
  let total = 0;
  while (rest !== '') {
    const m = /^([0-9]*)(\.([0-9]*))?/.exec(rest)!;
    const whole = m[1]!;
    const frac = m[3];
    if (whole === '' && (frac === undefined || frac === '')) return bad;
    rest = rest.slice(m[0].length);
    const u = /^[^0-9.]*/.exec(rest)![0];
    if (u === '') return `time: missing unit in duration ${goQuote(orig)}`;
    const scale = UNITS[u];
    if (scale === undefined) return `time: unknown unit ${goQuote(u)} in duration ${goQuote(orig)}`;
    rest = rest.slice(u.length);
    total += Number(`${whole || '0'}.${frac ?? ''}`) * scale;
    if (total > 9223372036854775807) return bad;
  }
  return { ns: neg ? -total : total };
}

const star = (r: Bounds): CronField => {
  const values = new Set<number>();
  for (let v = r.min; v <= r.max; v++) values.add(v);
  return { values, star: true };
};
const only = (v: number): CronField => ({ values: new Set([v]), star: false });
const [, HOUR, DOM, MONTH, DOW] = FIELD_BOUNDS as [Bounds, Bounds, Bounds, Bounds, Bounds];

const DESCRIPTORS: Readonly<Record<string, () => CronFields>> = {
  '@yearly': () => ({ minute: only(0), hour: only(0), dayOfMonth: only(1), month: only(1), dayOfWeek: star(DOW) }),
  '@monthly': () => ({ minute: only(0), hour: only(0), dayOfMonth: only(1), month: star(MONTH), dayOfWeek: star(DOW) }),
  '@weekly': () => ({ minute: only(0), hour: only(0), dayOfMonth: star(DOM), month: star(MONTH), dayOfWeek: only(0) }),
  '@daily': () => ({ minute: only(0), hour: only(0), dayOfMonth: star(DOM), month: star(MONTH), dayOfWeek: star(DOW) }),
  '@hourly': () => ({ minute: only(0), hour: star(HOUR), dayOfMonth: star(DOM), month: star(MONTH), dayOfWeek: star(DOW) }),
};

function parseDescriptor(descriptor: string, timeZone: string | undefined): CronSchedule {
  const alias = descriptor === '@annually' ? '@yearly' : descriptor === '@midnight' ? '@daily' : descriptor;
  const fields = DESCRIPTORS[alias];
  if (fields) return { kind: 'fields', fields: fields(), timeZone };
  const every = '@every ';
  if (descriptor.startsWith(every)) {
    const d = goParseDuration(descriptor.slice(every.length));
    if (typeof d === 'string') return fail(`failed to parse duration ${descriptor}: ${d}`);
    const s = Math.max(1, Math.floor(d.ns / 1e9));
    return { kind: 'every', everyMs: s * 1000, timeZone };
  }
  return fail(`unrecognized descriptor: ${descriptor}`);
}

/** Whether Go's time.LoadLocation knows the name (the IANA database, as the runtime has it). */
export function isKnownTimeZone(name: string): boolean {
  if (name === '' || name === 'UTC' || name === 'Local') return true;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // Zone files are looked up by exact name; the runtime is case-insensitive.
  return !(resolved !== name && resolved.toLowerCase() === name.toLowerCase());
}

/** The error cron.ParseStandard returns for spec, or undefined when it parses. */
export function cronParseError(spec: string): string | undefined {
  try {
    parseCronSchedule(spec);
    return undefined;
  } catch (e) {
    if (e instanceof CronParseError) return e.message;
    throw e;
  }
}

/** Parses spec as cron.ParseStandard does; throws CronParseError with robfig's text. */
export function parseCronSchedule(input: string): CronSchedule {
  let spec = input;
  let timeZone: string | undefined;
  if (spec.length === 0) fail('empty spec string');
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    const loc = i < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, i);
    if (!isKnownTimeZone(loc)) fail(`provided bad location ${loc}: unknown time zone ${loc}`);
    timeZone = loc;
    spec = i < 0 ? '' : goTrimSpace(spec.slice(i));
  }
  if (spec.startsWith('@')) return parseDescriptor(spec, timeZone);
  const fields = goFields(spec);
  if (fields.length !== 5) fail(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  parseField('0', SECONDS);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.map((f, i) => parseField(f, FIELD_BOUNDS[i]!)) as [CronField, CronField, CronField, CronField, CronField];
  return { kind: 'fields', fields: { minute, hour, dayOfMonth, month, dayOfWeek }, timeZone };
}
