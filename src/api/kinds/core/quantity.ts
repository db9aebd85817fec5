// resource.Quantity semantics (k8s.io/apimachinery/pkg/api/resource): parsing, exact comparison and
// addition, and the canonical text upstream prints ("1000m" reads back as "1", "1024Ki" as "1Mi").
// Values are kept exactly as a BigInt mantissa times a power of ten, rounded up to nano units as
// upstream does.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value = mantissa × 10^exp; the mantissa carries no trailing zeros (0 has exp 0). */
  readonly mantissa: bigint;
  readonly exp: number;
  readonly format: QuantityFormat;
}

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXP: ReadonlyMap<number, string> = new Map(Object.entries(DECIMAL_SUFFIXES).map(([k, v]) => [v, k]));
const BINARY_BY_EXP: ReadonlyMap<number, string> = new Map(Object.entries(BINARY_SUFFIXES).map(([k, v]) => [v / 10, k]));

/** The largest exponent accepted; bigger ones are not quantities anyone means (and would be slow). */
const MAX_EXPONENT = 10_000;
const MAX_INT64 = (1n << 63n) - 1n;
const NANO = -9;

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

function normalize(mantissa: bigint, exp: number, format: QuantityFormat): Quantity {
  if (mantissa === 0n) return { mantissa: 0n, exp: 0, format };
  let m = mantissa;
  let e = exp;
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  return { mantissa: m, exp: e, format };
}

/** Divide by 10^digits, rounding away from zero (inf.RoundUp), as upstream rounds to nano units. */
function roundAwayFromZero(m: bigint, digits: number): bigint {
  const d = pow10(digits);
  const q = m / d;
  if (q * d === m) return q;
  return m < 0n ? q - 1n : q + 1n;
}

/**
 * Parses a quantity the way resource.ParseQuantity does (JSON numbers are read from their text).
 * Returns undefined for text that is not a quantity; the schema decoder reports those.
 */
export function parseQuantity(input: unknown): Quantity | undefined {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return undefined;
  }
  if (text.length === 0) return undefined;
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text);
  if (!m) return undefined;
  const negative = m[1] === '-';
  const whole = m[2] ?? '';
  const frac = m[3] ?? '';
  const suffix = m[4] ?? '';
  if (whole.length === 0 && frac.length === 0) return undefined;
  let format: QuantityFormat;
  let exp10 = 0;
  let binaryExp = 0;
  if (suffix in DECIMAL_SUFFIXES) {
    format = 'DecimalSI';
    exp10 = DECIMAL_SUFFIXES[suffix]!;
  } else if (suffix in BINARY_SUFFIXES) {
    format = 'BinarySI';
    binaryExp = BINARY_SUFFIXES[suffix]!;
  } else {
    const em = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    if (!em) return undefined;
    const e = Number(em[1]);
    if (!Number.isSafeInteger(e) || Math.abs(e) > MAX_EXPONENT) return undefined;
    format = 'DecimalExponent';
    exp10 = e;
  }
  let mantissa = BigInt((whole + frac).replace(/^0+(?=.)/, '') || '0');
  let exp = exp10 - frac.length;
  if (binaryExp) mantissa <<= BigInt(binaryExp);
  if (negative) mantissa = -mantissa;
  // Anything finer than a nano unit is rounded up (away from zero) to one.
  if (exp < NANO && mantissa !== 0n) {
    mantissa = roundAwayFromZero(mantissa, NANO - exp);
    exp = NANO;
  }
  if (format === 'BinarySI') {
    const q = normalize(mantissa, exp, format);
    if (compareAbs(q, { mantissa: MAX_INT64, exp: 0, format }) > 0) {
      return normalize(negative ? -MAX_INT64 : MAX_INT64, 0, format);
    }
    if (q.mantissa !== 0n && compareAbs(q, { mantissa: 1n, exp: 0, format }) < 0) return { ...q, format: 'DecimalSI' };
    return q;
  }
  return normalize(mantissa, exp, format);
}

/** The number of decimal digits of |m| (m ≠ 0). */
const digitCount = (m: bigint): number => abs(m).toString().length;

function compareAbs(a: Quantity, b: Quantity): number {
  const am = abs(a.mantissa);
  const bm = abs(b.mantissa);
  if (am === 0n || bm === 0n) return am === bm ? 0 : am === 0n ? -1 : 1;
  // Compare orders of magnitude first, so huge exponent gaps cost nothing.
  const ao = digitCount(am) + a.exp;
  const bo = digitCount(bm) + b.exp;
  if (ao !== bo) return ao < bo ? -1 : 1;
  const e = Math.min(a.exp, b.exp);
  const x = am * pow10(a.exp - e);
  const y = bm * pow10(b.exp - e);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b (Quantity.Cmp). */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const sa = a.mantissa === 0n ? 0 : a.mantissa < 0n ? -1 : 1;
  const sb = b.mantissa === 0n ? 0 : b.mantissa < 0n ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const c = compareAbs(a, b);
  return sa > 0 ? c : -c;
}

export const quantitySign = (q: Quantity): number => (q.mantissa === 0n ? 0 : q.mantissa < 0n ? -1 : 1);

export const ZERO_QUANTITY: Quantity = { mantissa: 0n, exp: 0, format: 'DecimalSI' };

/** A quantity of the integer n (resource.NewQuantity(n, DecimalSI)). */
export const quantityOf = (n: number | bigint): Quantity => normalize(BigInt(n), 0, 'DecimalSI');

/** a + b, exact; the sum keeps a's format, or b's when a is zero. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  const e = Math.min(a.exp, b.exp);
  return normalize(a.mantissa * pow10(a.exp - e) + b.mantissa * pow10(b.exp - e), e, a.mantissa === 0n ? b.format : a.format);
}

/** The value rounded up to a multiple of 10^scale (Quantity.RoundUp); scale -3 keeps milli units. */
export function roundUpQuantity(q: Quantity, scale: number): Quantity {
  if (q.exp >= scale || q.mantissa === 0n) return q;
  return normalize(roundAwayFromZero(q.mantissa, scale - q.exp), scale, q.format);
}

/** The value scaled by 10^scale, rounded away from zero (Quantity.ScaledValue); e.g. scale -3 is MilliValue. */
export function scaledValue(q: Quantity, scale: number): bigint {
  if (q.exp >= scale) return q.mantissa * pow10(Math.min(q.exp - scale, MAX_EXPONENT * 2));
  return roundAwayFromZero(q.mantissa, scale - q.exp);
}

/** Whether the value is a whole number. */
export const isIntegerQuantity = (q: Quantity): boolean => q.exp >= 0 || q.mantissa === 0n;

/** The canonical text (Quantity.String). */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    if (compareAbs(q, { mantissa: 1024n, exp: 0, format }) < 0 || !isIntegerQuantity(q)) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let m = q.mantissa * pow10(q.exp);
    let k = 0;
    while (k < 6 && m % 1024n === 0n) {
      m /= 1024n;
      k++;
    }
    return `${m}${BINARY_BY_EXP.get(k) ?? ''}`;
  }
  // Decimal: move the exponent down to a multiple of three.
  let m = q.mantissa;
  let e = q.exp;
  const r = e % 3;
  if (r === 1 || r === -2) {
    m *= 10n;
    e -= 1;
  } else if (r === 2 || r === -1) {
    m *= 100n;
    e -= 2;
  }
  if (format === 'DecimalExponent') return e === 0 ? `${m}` : `${m}e${e}`;
  const suffix = DECIMAL_BY_EXP.get(e);
  return suffix !== undefined ? `${m}${suffix}` : `${m}e${e}`;
}

/** The canonical text of a quantity value, or undefined when it is not one. */
export function canonicalQuantity(input: unknown): string | undefined {
  const q = parseQuantity(input);
  return q ? formatQuantity(q) : undefined;
}
