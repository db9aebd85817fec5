// CronJob schedules: the standard cron syntax upstream accepts (robfig/cron v3 ParseStandard:
// five fields, month and weekday names, ranges, steps, "?" and the @-descriptors), with the same
// error texts, and time zone names as Go's time.LoadLocation sees them.
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

class CronError extends Error {}
const fail = (msg: string): never => {
  throw new CronError(msg);
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
    if (e instanceof CronError) return fail(`failed to parse int from ${expr}: ${e.message}`);
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

function checkRange(expr: string, r: Bounds): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
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
  } else if (rangeAndStep.length > 2) {
    fail(`too many slashes: ${expr}`);
  }
  if (start < r.min) fail(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) fail(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) fail(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) fail(`step of range should be a positive number: ${expr}`);
}

function checkField(field: string, r: Bounds): void {
  for (const expr of field.split(',')) if (expr !== '') checkRange(expr, r);
}

// Go's unicode.IsSpace, as strings.Fields and strings.TrimSpace use it.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const goFields = (s: string): string[] => s.split(GO_SPACE).filter((f) => f !== '');
const goTrimSpace = (s: string): string => s.replace(new RegExp(`^${GO_SPACE.source}|${GO_SPACE.source}$`, 'g'), '');

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration's error for s, or undefined when s parses. */
export function goParseDurationError(s: string): string | undefined {
  const orig = s;
  const bad = `time: invalid duration ${goQuote(orig)}`;
  let rest = s;
  if (rest.startsWith('-') || rest.startsWith('+')) rest = rest.slice(1);
  if (rest === '0') return undefined;
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
  return undefined;
}

function checkDescriptor(descriptor: string): void {
  switch (descriptor) {
    case '@yearly':
    case '@annually':
    case '@monthly':
    case '@weekly':
    case '@daily':
    case '@midnight':
    case '@hourly':
      return;
  }
  const every = '@every ';
  if (descriptor.startsWith(every)) {
    const err = goParseDurationError(descriptor.slice(every.length));
    if (err) fail(`failed to parse duration ${descriptor}: ${err}`);
    return;
  }
  fail(`unrecognized descriptor: ${descriptor}`);
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
    parseStandard(spec);
    return undefined;
  } catch (e) {
    if (e instanceof CronError) return e.message;
    throw e;
  }
}

function parseStandard(input: string): void {
  let spec = input;
  if (spec.length === 0) fail('empty spec string');
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    const loc = i < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, i);
    if (!isKnownTimeZone(loc)) fail(`provided bad location ${loc}: unknown time zone ${loc}`);
    spec = i < 0 ? '' : goTrimSpace(spec.slice(i));
  }
  if (spec.startsWith('@')) return checkDescriptor(spec);
  const fields = goFields(spec);
  if (fields.length !== 5) fail(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  checkField('0', SECONDS);
  fields.forEach((f, i) => checkField(f, FIELD_BOUNDS[i]!));
}
