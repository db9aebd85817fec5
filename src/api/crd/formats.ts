// String formats of CRD schemas as kube-openapi validates them (strfmt.Default with go-openapi /
// govalidator checkers), restricted to the formats apiextensions-apiserver keeps: other formats
// are stripped from the schema before validation (StripUnsupportedFormatsPostProcess).

import { utf8Len } from './schema-util.js';

/** Format names are normalized by dropping dashes ("date-time" is "datetime"). */
export const normalizeFormat = (f: string): string => f.replace(/-/g, '');

/** String formats CRDs support (Kubernetes 1.0 set; "k8s-short-name"/"k8s-long-name" arrive in 1.34). */
export const SUPPORTED_STRING_FORMATS: ReadonlySet<string> = new Set([
  'bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5', 'isbn',
  'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password', 'date', 'duration', 'datetime',
]);

/**
 * The format kube-openapi sees for a schema node after apiextensions' post-processing: string
 * formats outside the supported set, integer formats other than int32/int64 and number formats
 * other than float/double are dropped (types is the converted type list).
 */
export function effectiveFormat(format: string, types: readonly string[]): string {
  if (!format) return '';
  const t = types.length === 1 ? types[0]! : '';
  switch (t) {
    case '':
    case 'string':
      return SUPPORTED_STRING_FORMATS.has(normalizeFormat(format)) ? format : '';
    case 'integer':
      return format === 'int32' || format === 'int64' ? format : '';
    case 'number':
      return format === 'float' || format === 'double' ? format : '';
    default:
      return '';
  }
}

// ---------------------------------------------------------------------------------------------
// IP addresses (net/netip.ParseAddr, no zones)

function parseIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return false;
    if (p.length > 1 && p[0] === '0') return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

function parseIPv6(s: string): boolean {
  if (s.includes('%')) return false;
  let body = s;
  const lastColon = body.lastIndexOf(':');
  if (lastColon >= 0 && body.slice(lastColon + 1).includes('.')) {
    // an embedded IPv4 address stands for the last two groups
    if (!parseIPv4(body.slice(lastColon + 1))) return false;
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const groups = (part: string): number | undefined => {
    if (part === '') return 0;
    const gs = part.split(':');
    return gs.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g)) ? gs.length : undefined;
  };
  const dbl = body.indexOf('::');
  if (dbl < 0) return groups(body) === 8;
  if (body.indexOf('::', dbl + 1) >= 0) return false;
  const a = groups(body.slice(0, dbl));
  const b = groups(body.slice(dbl + 2));
  return a !== undefined && b !== undefined && a + b <= 7;
}

/** Go's net.ParseIP: "v4", "v6" or undefined. */
export function goParseIP(s: string): 'v4' | 'v6' | undefined {
  for (const c of s) {
    if (c === '.') return parseIPv4(s) ? 'v4' : undefined;
    if (c === ':') return parseIPv6(s) ? 'v6' : undefined;
  }
  return undefined;
}

function isCIDR(s: string): boolean {
  const i = s.indexOf('/');
  if (i < 0) return false;
  const addr = s.slice(0, i);
  const mask = s.slice(i + 1);
  const kind = goParseIP(addr);
  if (!kind) return false;
  if (!/^[0-9]+$/.test(mask) || mask.length > 8) return false;
  const n = Number(mask);
  const isPure4 = kind === 'v4';
  return n <= (isPure4 ? 32 : 128);
}

// ---------------------------------------------------------------------------------------------
// MAC (net.ParseMAC)

function xtoi2(s: string, at: number, sep: string | undefined): boolean {
  if (!/^[0-9A-Fa-f]{2}$/.test(s.slice(at, at + 2))) return false;
  if (sep !== undefined && s.length > at + 2 && s[at + 2] !== sep) return false;
  return true;
}

function isMAC(s: string): boolean {
  if (s.length < 14) return false;
  if (s[2] === ':' || s[2] === '-') {
    if ((s.length + 1) % 3 !== 0) return false;
    const n = (s.length + 1) / 3;
    if (n !== 6 && n !== 8 && n !== 20) return false;
    for (let i = 0, x = 0; i < n; i++, x += 3) if (!xtoi2(s, x, s[2])) return false;
    return true;
  }
  if (s[4] === '.') {
    if ((s.length + 1) % 5 !== 0) return false;
    const n = (2 * (s.length + 1)) / 5;
    if (n !== 6 && n !== 8 && n !== 20) return false;
    for (let i = 0, x = 0; i < n; i += 2, x += 5) {
      if (!xtoi2(s.slice(x, x + 2), 0, undefined)) return false;
      if (!xtoi2(s, x + 2, s[x + 4])) return false;
    }
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Dates and durations

const daysIn = (month: number, year: number): number => {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
};

/** time.Parse("2006-01-02", s) succeeds. */
export function isDate(s: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12) return false;
  return d >= 1 && d <= daysIn(mo, y);
}

/** strfmt.IsDateTime: a date, a "t" and hh:mm:ss[.frac](z|±hh:mm), case-insensitive. */
export function isDateTime(str: string): boolean {
  if (str.length < 4) return false;
  const s = str.toLowerCase().split('t');
  if (s.length < 2 || !isDate(s[0]!)) return false;
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})([^\n][0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/u.exec(s[1]!);
  if (!m) return false;
  return m[1]! <= '23' && m[2]! <= '59' && m[3]! <= '59';
}

const GO_UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration accepts s. */
function goParseDuration(s: string): boolean {
  let t = s;
  if (t.startsWith('-') || t.startsWith('+')) t = t.slice(1);
  if (t === '0') return true;
  if (t === '') return false;
  let total = 0;
  while (t !== '') {
    const m = /^([0-9]*)(\.([0-9]*))?/.exec(t)!;
    const intPart = m[1] ?? '';
    const frac = m[3] ?? '';
    if (intPart === '' && frac === '') return false;
    t = t.slice(m[0].length);
    const u = /^[^0-9.]*/.exec(t)![0];
    if (u === '') return false;
    const unit = GO_UNITS[u];
    if (unit === undefined) return false;
    t = t.slice(u.length);
    const v = Number(intPart || '0') * unit + (frac ? Number(`0.${frac}`) * unit : 0);
    if (Number(intPart || '0') > 9223372036854775807 / unit) return false;
    total += v;
    if (total > 9223372036854775807) return false;
  }
  return true;
}

const DURATION_UNITS = [
  ['ns', 'nano'],
  ['us', 'µs', 'micro'],
  ['ms', 'milli'],
  ['s', 'sec'],
  ['m', 'min'],
  ['h', 'hr', 'hour'],
  ['d', 'day'],
  ['w', 'wk', 'week'],
];

/** strfmt.ParseDuration: Go durations, or "<n> <unit>" sequences with Scala-style unit names. */
export function isDuration(s: string): boolean {
  if (goParseDuration(s)) return true;
  if (!/^[\t\n\f\r ]*(?:\d+[\t\n\f\r ]*[A-Za-zµ]+[\t\n\f\r ]*)+$/u.test(s)) return false;
  let ok = false;
  for (const m of s.matchAll(/((\d+)[\t\n\f\r ]*([A-Za-zµ]+))/gu)) {
    const digits = m[2]!.replace(/^0+(?=\d)/, '');
    if (digits.length > 19 || (digits.length === 19 && digits > '9223372036854775807')) return false;
    const unit = m[3]!.toLowerCase().trim();
    for (const variants of DURATION_UNITS) {
      const last = variants.length - 1;
      variants.forEach((v, i) => {
        if ((i === last && unit.startsWith(v)) || v.toLowerCase() === unit) ok = true;
      });
    }
  }
  return ok;
}

// ---------------------------------------------------------------------------------------------
// Network names

// Upstream's hostname format is a regular expression with counted repetitions of Unicode
// classes; compiled by V8 that expands to an automaton big enough to exhaust memory, so the same
// language is matched here label by label:
//   one label:  C (-? C{0,62})?
//   or several: (C ([C-]{0,61} C)? .)+ C (-? C){1,62}
// where C is an ASCII letter or digit, or any Unicode letter or symbol.
const HOST_CHAR = /^[a-zA-Z0-9\p{S}\p{L}]$/u;
const isHostChar = (ch: string | undefined): boolean => ch !== undefined && HOST_CHAR.test(ch);

function isSingleHostLabel(cs: string[]): boolean {
  if (!isHostChar(cs[0])) return false;
  let rest = cs.slice(1);
  if (rest[0] === '-') rest = rest.slice(1);
  return rest.length <= 62 && rest.every(isHostChar);
}

function isInnerHostLabel(cs: string[]): boolean {
  if (!isHostChar(cs[0])) return false;
  if (cs.length === 1) return true;
  const middle = cs.slice(1, -1);
  return middle.length <= 61 && middle.every((c) => c === '-' || isHostChar(c)) && isHostChar(cs[cs.length - 1]);
}

function isLastHostLabel(cs: string[]): boolean {
  if (!isHostChar(cs[0])) return false;
  let units = 0;
  for (let i = 1; i < cs.length; units++) {
    if (cs[i] === '-') i++;
    if (!isHostChar(cs[i])) return false;
    i++;
  }
  return units >= 1 && units <= 62;
}

function matchesHostnameGrammar(s: string): boolean {
  const labels = s.split('.').map((l) => Array.from(l));
  if (labels.length === 1) return isSingleHostLabel(labels[0]!);
  return labels.slice(0, -1).every(isInnerHostLabel) && isLastHostLabel(labels[labels.length - 1]!);
}

export function isHostname(s: string): boolean {
  if (!matchesHostnameGrammar(s)) return false;
  if (utf8Len(s) > 255) return false;
  return s.split('.').every((p) => utf8Len(p) <= 63);
}

const ATEXT_SPECIALS = '()<>[]:;@\\,".';

function isAtext(ch: string, dot: boolean): boolean {
  if (ch === '.') return dot;
  if (ATEXT_SPECIALS.includes(ch)) return false;
  const cp = ch.codePointAt(0)!;
  return (cp >= 0x21 && cp <= 0x7e) || cp >= 0x80;
}

/** A small net/mail.ParseAddress: [display-name] <local@domain> or local@domain. */
export function isEmail(input: string): boolean {
  const cs = Array.from(input);
  let i = 0;
  const skipCFWS = (): boolean => {
    for (;;) {
      while (cs[i] === ' ' || cs[i] === '\t' || cs[i] === '\r' || cs[i] === '\n') i++;
      if (cs[i] !== '(') return true;
      let depth = 0;
      for (; i < cs.length; i++) {
        if (cs[i] === '\\') i++;
        else if (cs[i] === '(') depth++;
        else if (cs[i] === ')' && --depth === 0) break;
      }
      if (i >= cs.length) return false;
      i++;
    }
  };
  const atom = (dot: boolean): string | undefined => {
    const start = i;
    while (i < cs.length && isAtext(cs[i]!, dot)) i++;
    if (i === start) return undefined;
    const a = cs.slice(start, i).join('');
    if (dot && (a.startsWith('.') || a.endsWith('.') || a.includes('..'))) return undefined;
    return a;
  };
  const quoted = (): boolean => {
    if (cs[i] !== '"') return false;
    i++;
    while (i < cs.length && cs[i] !== '"') {
      if (cs[i] === '\\') i++;
      else if (cs[i] === '\r' || cs[i] === '\n') return false;
      i++;
    }
    if (i >= cs.length) return false;
    i++;
    return true;
  };
  const addrSpec = (): boolean => {
    if (!skipCFWS()) return false;
    if (cs[i] === '"') {
      if (!quoted()) return false;
    } else if (atom(true) === undefined) return false;
    if (!skipCFWS() || cs[i] !== '@') return false;
    i++;
    if (!skipCFWS()) return false;
    if (cs[i] === '[') {
      const close = cs.indexOf(']', i);
      if (close < 0 || goParseIP(cs.slice(i + 1, close).join('')) === undefined) return false;
      i = close + 1;
    } else if (atom(true) === undefined) return false;
    return skipCFWS();
  };
  // plain addr-spec
  const save = i;
  if (addrSpec() && i === cs.length) return true;
  i = save;
  // display name (phrase) then <addr-spec>
  if (!skipCFWS()) return false;
  while (i < cs.length && cs[i] !== '<') {
    if (cs[i] === '"') {
      if (!quoted()) return false;
    } else if (atom(true) === undefined && atom(false) === undefined) return false;
    if (!skipCFWS()) return false;
  }
  if (cs[i] !== '<') return false;
  i++;
  if (!addrSpec()) return false;
  if (cs[i] !== '>') return false;
  i++;
  return skipCFWS() && i === cs.length;
}

// url.ParseRequestURI, enough for validation: an absolute URI with a valid scheme, or an
// absolute path; no control characters, valid %-escapes, a host without invalid characters and
// a numeric port.
const HOST_OK = /^[0-9A-Za-z\-_.~!$&'()*+,;=:[\]<>"%\u0080-\u{10ffff}]*$/u;

function validEscapes(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      if (!/^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) return false;
      i += 2;
    }
  }
  return true;
}

export function isRequestURI(raw: string): boolean {
  if (raw === '') return false;
  if (/[\u0000-\u001f\u007f]/.test(raw)) return false;
  if (raw === '*') return true;
  let rest = raw;
  let scheme = '';
  const sm = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (sm) {
    scheme = sm[1]!;
    rest = rest.slice(sm[0].length);
  } else if (/^[0-9+.-]*:/.test(rest) && rest[0] === ':') return false;
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) rest = rest.slice(0, q);
  }
  if (!rest.startsWith('/')) {
    if (scheme !== '') return true; // opaque
    return false;
  }
  if (scheme !== '' && rest.startsWith('//')) {
    let auth = rest.slice(2);
    const slash = auth.indexOf('/');
    const path = slash >= 0 ? auth.slice(slash) : '';
    auth = slash >= 0 ? auth.slice(0, slash) : auth;
    const at = auth.lastIndexOf('@');
    const userinfo = at >= 0 ? auth.slice(0, at) : '';
    let host = at >= 0 ? auth.slice(at + 1) : auth;
    if (!/^[0-9A-Za-z\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return false;
    if (host.startsWith('[')) {
      const close = host.indexOf(']');
      if (close < 0) return false;
      const port = host.slice(close + 1);
      if (port !== '' && !/^:[0-9]*$/.test(port)) return false;
      host = host.slice(1, close);
    } else {
      const colon = host.lastIndexOf(':');
      if (colon >= 0) {
        if (!/^[0-9]*$/.test(host.slice(colon + 1))) return false;
        host = host.slice(0, colon);
      }
    }
    if (!HOST_OK.test(host) || !validEscapes(host)) return false;
    return validEscapes(path);
  }
  return validEscapes(rest);
}

// ---------------------------------------------------------------------------------------------
// govalidator checks

function isISBN(s: string, version: 10 | 13): boolean {
  const subject = s.replace(/[\t\n\v\f\r \u0085\u00a0-]+/g, '');
  if (version === 10) {
    if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(subject)) return false;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += (i + 1) * Number(subject[i]);
    sum += subject[9] === 'X' ? 100 : 10 * Number(subject[9]);
    return sum % 11 === 0;
  }
  if (!/^[0-9]{13}$/.test(subject)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(subject[i]);
  return Number(subject[12]) - ((10 - (sum % 10)) % 10) === 0;
}

const CREDIT_CARD =
  /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$/;

function isCreditCard(s: string): boolean {
  const digits = s.replace(/[\t\n\v\f\r \u0085\u00a0-]+/g, '');
  if (!CREDIT_CARD.test(digits)) return false;
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

const BYTE_RANGE = '(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])';
const RGB = new RegExp(`^rgb\\([\\t\\n\\f\\r ]*${BYTE_RANGE}[\\t\\n\\f\\r ]*,[\\t\\n\\f\\r ]*${BYTE_RANGE}[\\t\\n\\f\\r ]*,[\\t\\n\\f\\r ]*${BYTE_RANGE}[\\t\\n\\f\\r ]*\\)$`);

const CHECKERS: Record<string, (s: string) => boolean> = {
  bsonobjectid: (s) => /^[0-9A-Fa-f]{24}$/.test(s),
  uri: isRequestURI,
  email: isEmail,
  hostname: isHostname,
  ipv4: (s) => goParseIP(s) !== undefined && s.includes('.'),
  ipv6: (s) => goParseIP(s) !== undefined && s.includes(':'),
  cidr: isCIDR,
  mac: isMAC,
  uuid: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid3: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid4: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  uuid5: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  isbn: (s) => isISBN(s, 10) || isISBN(s, 13),
  isbn10: (s) => isISBN(s, 10),
  isbn13: (s) => isISBN(s, 13),
  creditcard: isCreditCard,
  ssn: (s) => s.length === 11 && /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) => RGB.test(s),
  byte: (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(s),
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
};

/** Whether kube-openapi's format registry knows the format (by normalized name). */
export const isKnownFormat = (format: string): boolean => Object.prototype.hasOwnProperty.call(CHECKERS, normalizeFormat(format));

/** Validates a string against a known format; unknown formats accept everything. */
export function checkFormat(format: string, value: string): boolean {
  const name = normalizeFormat(format);
  if (!Object.prototype.hasOwnProperty.call(CHECKERS, name)) return true;
  return CHECKERS[name]!(value);
}
