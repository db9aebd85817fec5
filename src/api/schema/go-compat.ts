// What upstream's Go decoders accept for the few API types with custom JSON decoding, and the
// exact error texts they give: metav1.Time / MicroTime (Go's time.Parse with the RFC3339 layouts),
// resource.Quantity (ParseQuantity) and []byte fields (encoding/base64 StdEncoding).
// Each checker returns null when the value is accepted, or upstream's message.

// ---------------------------------------------------------------------------------------------
// Go string quoting as the time package does it (non-ASCII and control bytes as \xNN).

const HEX = '0123456789abcdef';

function utf8Of(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp >= 0xd800 && cp <= 0xdfff) return [0xef, 0xbf, 0xbd]; // lone surrogate: U+FFFD
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

/** Go's time.quote: "…" with `"` and `\` escaped and other bytes outside ' '..0x7f as \xNN. */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp >= 0x80) {
      for (const b of utf8Of(cp)) out += '\\x' + HEX[b >> 4] + HEX[b & 15];
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

// ---------------------------------------------------------------------------------------------
// Time

export const RFC3339_LAYOUT = '2006-01-02T15:04:05Z07:00';
export const RFC3339_MICRO_LAYOUT = '2006-01-02T15:04:05.000000Z07:00';

type Std = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'frac6' | 'tz';
// [literal prefix, std element, the element's layout text]
type Chunk = readonly [string, Std, string];
const BASE_CHUNKS: readonly Chunk[] = [
  ['', 'year', '2006'],
  ['-', 'month', '01'],
  ['-', 'day', '02'],
  ['T', 'hour', '15'],
  [':', 'minute', '04'],
  [':', 'second', '05'],
];
const RFC3339_CHUNKS: readonly Chunk[] = [...BASE_CHUNKS, ['', 'tz', 'Z07:00']];
const MICRO_CHUNKS: readonly Chunk[] = [...BASE_CHUNKS, ['', 'frac6', '.000000'], ['', 'tz', 'Z07:00']];

const RFC3339_SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const MICRO_SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})[.,]\d{6}(?:Z|[+-](\d{2}):(\d{2}))$/;

const isDigit = (s: string, i: number): boolean => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

/** Go's getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): { n: number; rest: string } | null {
  if (!isDigit(s, 0)) return null;
  if (!isDigit(s, 1)) {
    if (fixed) return null;
    return { n: s.charCodeAt(0) - 48, rest: s.slice(1) };
  }
  return { n: (s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), rest: s.slice(2) };
}

/** Go's time.atoi: optional sign, then only digits (the empty string is 0). */
function atoi(s: string): number | null {
  let neg = false;
  if (s.length > 0 && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let x = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    x = x * 10 + (c - 48);
    if (x > 2 ** 63) return null;
  }
  return neg ? -x : x;
}

function parseNanoseconds(value: string, nbytes: number): { err: boolean; range: string } {
  if (value[0] !== '.' && value[0] !== ',') return { err: true, range: '' };
  if (nbytes > 10) nbytes = 10;
  const ns = atoi(value.slice(1, nbytes));
  if (ns === null) return { err: true, range: '' };
  if (ns < 0) return { err: false, range: 'fractional second' };
  return { err: false, range: '' };
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysIn(month: number, year: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS[month - 1]!;
}

/**
 * Checks `value` the way Go's time.Parse(RFC3339 or RFC3339Micro layout, value) does, which is
 * what metav1.Time / metav1.MicroTime's UnmarshalJSON use. Returns Go's error text or null.
 */
export function goTimeParseError(value: string, micro = false): string | null {
  // Fast path for the usual shapes; anything else takes the faithful route below.
  const m = (micro ? MICRO_SHAPE : RFC3339_SHAPE).exec(value);
  if (m) {
    const year = +m[1]!;
    const month = +m[2]!;
    const day = +m[3]!;
    if (
      month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, year) &&
      +m[4]! < 24 && +m[5]! < 60 && +m[6]! < 60 &&
      (m[7] === undefined || (+m[7] <= 24 && +m[8]! <= 60))
    ) {
      return null;
    }
  }
  const layout = micro ? RFC3339_MICRO_LAYOUT : RFC3339_LAYOUT;
  const chunks = micro ? MICRO_CHUNKS : RFC3339_CHUNKS;
  const cannot = (layoutElem: string, valueElem: string): string =>
    `parsing time ${goTimeQuote(value)} as ${goTimeQuote(layout)}: cannot parse ${goTimeQuote(valueElem)} as ${goTimeQuote(layoutElem)}`;
  const withMessage = (m: string): string => `parsing time ${goTimeQuote(value)}${m}`;

  let v = value;
  let year = 0;
  let month = -1;
  let day = -1;
  for (let ci = 0; ci < chunks.length; ci++) {
    const [prefix, std, stdstr] = chunks[ci]!;
    if (prefix !== '') {
      if (v.length === 0 || v[0] !== prefix) return cannot(prefix, v);
      v = v.slice(prefix.length);
    }
    const hold = v;
    let err = false;
    let range = '';
    switch (std) {
      case 'year': {
        if (v.length < 4 || !isDigit(v, 0)) {
          err = true;
          break;
        }
        const n = atoi(v.slice(0, 4));
        v = v.slice(4);
        if (n === null) err = true;
        else year = n;
        break;
      }
      case 'month': {
        const r = getnum(v, true);
        if (!r) {
          err = true;
          break;
        }
        month = r.n;
        v = r.rest;
        if (month <= 0 || month > 12) range = 'month';
        break;
      }
      case 'day': {
        const r = getnum(v, true);
        if (!r) {
          err = true;
          break;
        }
        day = r.n;
        v = r.rest;
        break;
      }
      case 'hour': {
        const r = getnum(v, false);
        if (!r) {
          err = true;
          break;
        }
        v = r.rest;
        if (r.n >= 24) range = 'hour';
        break;
      }
      case 'minute': {
        const r = getnum(v, true);
        if (!r) {
          err = true;
          break;
        }
        v = r.rest;
        if (r.n >= 60) range = 'minute';
        break;
      }
      case 'second': {
        const r = getnum(v, true);
        if (!r) {
          err = true;
          break;
        }
        v = r.rest;
        if (r.n >= 60) {
          range = 'second';
          break;
        }
        // A fractional second in the value while the layout has none is accepted.
        if (v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v, 1)) {
          if (chunks[ci + 1]?.[1] === 'frac6') break;
          let n = 2;
          while (n < v.length && isDigit(v, n)) n++;
          const p = parseNanoseconds(v, n);
          err = p.err;
          range = p.range;
          v = v.slice(n);
        }
        break;
      }
      case 'frac6': {
        if (v.length < 7) {
          err = true;
          break;
        }
        const p = parseNanoseconds(v, 7);
        err = p.err;
        range = p.range;
        v = v.slice(7);
        break;
      }
      case 'tz': {
        if (v.length >= 1 && v[0] === 'Z') {
          v = v.slice(1);
          break;
        }
        if (v.length < 6 || v[3] !== ':') {
          err = true;
          break;
        }
        const sign = v[0];
        const hh = getnum(v.slice(1, 3), true);
        const mm = hh ? getnum(v.slice(4, 6), true) : null;
        v = v.slice(6);
        if (!hh || !mm) err = true;
        if (hh && hh.n > 24) range = 'time zone offset hour';
        if (mm && mm.n > 60) range = 'time zone offset minute';
        if (sign !== '+' && sign !== '-') err = true;
        break;
      }
    }
    if (range !== '') return withMessage(`: ${range} out of range`);
    if (err) return cannot(stdstr, hold);
  }
  if (v.length !== 0) return withMessage(`: extra text: ${goTimeQuote(v)}`);
  if (day < 1 || day > daysIn(month, year)) return withMessage(': day out of range');
  return null;
}

// ---------------------------------------------------------------------------------------------
// Quantity

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18,
};
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_CHARS = 'eEinumkKMGTP';
const INT64_MAX = 9223372036854775807n;
const SIMPLE_QUANTITY = /^[+-]?[0-9]+(?:\.[0-9]*)?(?:[numkMGTPE]|[KMGTPE]i)?$/;

/** Go's strconv.ParseInt(s, 10, 64) success. */
function parsesAsInt64(s: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(s)) return false;
  const n = BigInt(s);
  return n <= INT64_MAX && n >= -INT64_MAX - 1n;
}

/**
 * Checks a quantity string the way resource.ParseQuantity does (after the JSON decoder's
 * strings.TrimSpace). Returns upstream's error text or null.
 */
export function goQuantityError(str: string): string | null {
  if (SIMPLE_QUANTITY.test(str)) return null; // has a digit and a known suffix: always parses
  const end = str.length;
  if (end === 0) return QUANTITY_FORMAT_ERROR;
  if (str === '0') return null;
  let pos = 0;
  if (str[0] === '-' || str[0] === '+') pos++;
  // leading zeros
  for (;;) {
    if (pos >= end) return null; // all zeros (or a bare sign): zero
    if (str[pos] !== '0') break;
    pos++;
  }
  let num = '';
  let denom = '';
  let value: string;
  let suffix: string;
  parse: {
    let i = pos;
    while (i < end && isDigit(str, i)) i++;
    num = str.slice(pos, i);
    if (i >= end) {
      value = str;
      suffix = '';
      break parse;
    }
    pos = i;
    if (num.length === 0) num = '0';
    if (str[pos] === '.') {
      pos++;
      let j = pos;
      while (j < end && isDigit(str, j)) j++;
      denom = str.slice(pos, j);
      if (j >= end) {
        value = str;
        suffix = '';
        break parse;
      }
      pos = j;
    }
    value = str.slice(0, pos);
    const suffixStart = pos;
    let k = pos;
    while (k < end && SUFFIX_CHARS.includes(str[k]!)) k++;
    if (k >= end) {
      suffix = str.slice(suffixStart);
      break parse;
    }
    pos = k;
    if (str[pos] === '-' || str[pos] === '+') pos++;
    while (pos < end && isDigit(str, pos)) pos++;
    if (pos < end) return QUANTITY_FORMAT_ERROR;
    suffix = str.slice(suffixStart);
  }
  if (num.length === 0) num = '0';

  let exponent: number;
  let binary = false;
  if (suffix in DECIMAL_SUFFIXES) exponent = DECIMAL_SUFFIXES[suffix]!;
  else if (suffix in BINARY_SUFFIXES) {
    exponent = BINARY_SUFFIXES[suffix]!;
    binary = true;
  } else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && parsesAsInt64(suffix.slice(1))) {
    exponent = Number(suffix.slice(1));
  } else {
    return QUANTITY_SUFFIX_ERROR;
  }

  // Fast path of ParseQuantity; otherwise the value goes through inf.Dec's SetString, which
  // needs at least one digit.
  let precision: number;
  let scale: number;
  if (!binary) {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  } else {
    scale = 0;
    precision = exponent >= 0 && denom.length === 0 ? 15 - num.length - Math.trunc((exponent * 3) / 10) - 1 : -1;
  }
  if (precision >= 0 && scale - denom.length >= -9) return null;
  if (!/[0-9]/.test(value)) return QUANTITY_NUMERIC_ERROR;
  return null;
}

// ---------------------------------------------------------------------------------------------
// base64 ([]byte fields)

const B64 = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  B64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
}

function bytesOf(s: string): ArrayLike<number> {
  if (/^[\x00-\x7f]*$/.test(s)) {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  const out: number[] = [];
  for (const ch of s) out.push(...utf8Of(ch.codePointAt(0)!));
  return out;
}

/**
 * The byte offset Go's base64.StdEncoding.Decode reports for `s` (as CorruptInputError), or -1
 * when `s` decodes. Newlines (\r, \n) are skipped, padding is required.
 */
export function goBase64ErrorOffset(s: string): number {
  const src = bytesOf(s);
  const n = src.length;
  let si = 0;
  while (si < n) {
    // decodeQuantum
    let j = 0;
    for (; j < 4; j++) {
      if (si === n) {
        if (j === 0) return -1;
        return si - j;
      }
      const c = src[si]!;
      si++;
      if (B64[c]! >= 0) continue;
      if (c === 0x0a || c === 0x0d) {
        j--;
        continue;
      }
      if (c !== 0x3d /* = */) return si - 1;
      // padding
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < n && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === n) return n;
        if (src[si] !== 0x3d) return si - 1;
        si++;
      }
      while (si < n && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < n) return si; // trailing garbage
      return -1;
    }
  }
  return -1;
}

export function goBase64Error(s: string): string | null {
  const off = goBase64ErrorOffset(s);
  return off < 0 ? null : `illegal base64 data at input byte ${off}`;
}
