// Go (RE2) regular expressions in JavaScript: translates the syntax Go's regexp package accepts
// into an equivalent JS pattern (with the "v" flag) and reports the errors Go's parser reports,
// as "error parsing regexp: <code>: `<expr>`". Matching is unanchored, as Go's MatchString.
//
// Semantics kept from Go: ^ and $ match only at the text edges unless (?m), and then only around
// \n; . does not match \n unless (?s); \d \s \w \b are ASCII; [[:alpha:]] POSIX classes; \pN /
// \p{Greek} Unicode classes; \Q...\E; \x{10FFFF}; octal escapes; (?i) (?m) (?s) (?U) flags, also
// scoped (?i:...); {n,m} up to 1000; a { that does not start a repeat is a literal.
// Go rejects lookarounds, backreferences and possessive/nested repetition; so does this.
// Not modelled: Go's program-size limits, and JS backtracking cost (Go is linear time).

export type GoRegexp = { re: RegExp; error?: undefined } | { re?: undefined; error: string };

class GoRegexpError extends Error {}

const err = (code: string, expr: string): never => {
  throw new GoRegexpError(`error parsing regexp: ${code}: \`${expr}\``);
};

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

const hex = (cp: number) => cp.toString(16);
const isAsciiAlnum = (c: string) => /^[0-9A-Za-z]$/.test(c);
const isWordChar = (c: string) => /^[0-9A-Za-z_]$/.test(c);
const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const isHexDigit = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/** A code point as a JS pattern atom that is safe anywhere (inside and outside classes, v flag). */
const lit = (cp: number): string => {
  const c = String.fromCodePoint(cp);
  return isAsciiAlnum(c) ? c : `\\u{${hex(cp)}}`;
};

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\u{0}-\\u{7f}',
  blank: '\\u{9}\\u{20}',
  cntrl: '\\u{0}-\\u{1f}\\u{7f}',
  digit: '0-9',
  graph: '\\u{21}-\\u{7e}',
  lower: 'a-z',
  print: '\\u{20}-\\u{7e}',
  punct: '\\u{21}-\\u{2f}\\u{3a}-\\u{40}\\u{5b}-\\u{60}\\u{7b}-\\u{7e}',
  space: '\\u{9}-\\u{d}\\u{20}',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const PERL: Record<string, string> = {
  d: '[0-9]',
  D: '[^0-9]',
  s: '[\\u{9}\\u{a}\\u{c}\\u{d}\\u{20}]',
  S: '[^\\u{9}\\u{a}\\u{c}\\u{d}\\u{20}]',
  w: '[0-9A-Za-z_]',
  W: '[^0-9A-Za-z_]',
};

const CATEGORIES = new Set([
  'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po',
  'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs', 'Cc', 'Cf', 'Co', 'Cs',
]);

function unicodeClass(name: string, negated: boolean, expr: string): string {
  let body: string;
  if (name === 'Any') body = '[\\u{0}-\\u{10ffff}]';
  else if (name === 'C') body = '[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}]';
  else if (CATEGORIES.has(name)) body = `[\\p{${name}}]`;
  else if (/^[A-Za-z_]+$/.test(name)) {
    body = `[\\p{Script=${name}}]`;
    try {
      new RegExp(body, 'v');
    } catch {
      err('invalid character class range', expr);
    }
  } else return err('invalid character class range', expr);
  return negated ? `[^${body}]` : body;
}

/** Both ASCII cases of a code point range, for case folding in scoped (?i) groups. */
function foldRange(lo: number, hi: number): string {
  let extra = '';
  const add = (a: number, b: number, delta: number) => {
    const x = Math.max(lo, a);
    const y = Math.min(hi, b);
    if (x <= y) extra += `${lit(x + delta)}-${lit(y + delta)}`;
  };
  add(0x41, 0x5a, 0x20);
  add(0x61, 0x7a, -0x20);
  return extra;
}

interface ParsedEscape {
  /** A single code point, usable in a class range. */
  cp?: number;
  /** A JS pattern fragment (class or assertion). */
  atom?: string;
  next: number;
}

class Translator {
  private readonly cs: string[];
  private pos = 0;

  constructor(
    private readonly pattern: string,
    /** The whole pattern is case-insensitive and uses the JS i flag. */
    private readonly globalI: boolean,
  ) {
    this.cs = Array.from(pattern);
  }

  /** Parses an escape at this.cs[at] === '\\' (outside a class when inClass is false). */
  private escape(at: number, inClass: boolean): ParsedEscape {
    const cs = this.cs;
    const c = cs[at + 1];
    if (c === undefined) return err('trailing backslash at end of expression', '');
    if (!inClass) {
      switch (c) {
        case 'A':
          return { atom: '(?:(?<![\\s\\S]))', next: at + 2 };
        case 'z':
          return { atom: '(?:(?![\\s\\S]))', next: at + 2 };
        case 'b':
          return { atom: '(?:\\b)', next: at + 2 };
        case 'B':
          return { atom: '(?:\\B)', next: at + 2 };
      }
    }
    if (PERL[c]) return { atom: PERL[c], next: at + 2 };
    if (c === 'p' || c === 'P') {
      let negated = c === 'P';
      let name: string;
      let next: number;
      if (cs[at + 2] === '{') {
        const end = cs.indexOf('}', at + 3);
        if (end < 0) return err('invalid character class range', cs.slice(at).join(''));
        name = cs.slice(at + 3, end).join('');
        next = end + 1;
      } else {
        if (cs[at + 2] === undefined) return err('invalid character class range', cs.slice(at).join(''));
        name = cs[at + 2]!;
        next = at + 3;
      }
      const expr = cs.slice(at, next).join('');
      if (name.startsWith('^')) {
        negated = !negated;
        name = name.slice(1);
      }
      return { atom: unicodeClass(name, negated, expr), next };
    }
    // Octal: \0 up to two more digits; \1-\7 need a following octal digit (else a backreference).
    if (c >= '1' && c <= '7' && !isOctal(cs[at + 2])) return err('invalid escape sequence', `\\${c}`);
    if (c >= '0' && c <= '7') {
      let j = at + 1;
      let v = 0;
      while (j < at + 4 && isOctal(cs[j])) v = v * 8 + Number(cs[j++]);
      return { cp: v, next: j };
    }
    if (c === 'x') {
      if (cs[at + 2] === '{') {
        let j = at + 3;
        let v = 0;
        let n = 0;
        while (isHexDigit(cs[j])) {
          v = v * 16 + parseInt(cs[j]!, 16);
          if (v > 0x10ffff) break;
          j++;
          n++;
        }
        if (n === 0 || cs[j] !== '}' || v > 0x10ffff) return err('invalid escape sequence', cs.slice(at, Math.min(j + 1, cs.length)).join(''));
        return { cp: v, next: j + 1 };
      }
      if (isHexDigit(cs[at + 2]) && isHexDigit(cs[at + 3])) return { cp: parseInt(cs[at + 2]! + cs[at + 3]!, 16), next: at + 4 };
      return err('invalid escape sequence', cs.slice(at, Math.min(at + 4, cs.length)).join(''));
    }
    const simple: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (simple[c] !== undefined) return { cp: simple[c], next: at + 2 };
    const cp = c.codePointAt(0)!;
    if (cp < 0x80 && !isAsciiAlnum(c)) return { cp, next: at + 2 };
    return err('invalid escape sequence', `\\${c}`);
  }

  private literal(cp: number, fold: boolean): string {
    if (fold) {
      const c = String.fromCodePoint(cp);
      const lo = c.toLowerCase();
      const up = c.toUpperCase();
      if (lo !== up && [...lo].length === 1 && [...up].length === 1) return `[${lit(lo.codePointAt(0)!)}${lit(up.codePointAt(0)!)}]`;
    }
    return lit(cp);
  }

  /** Parses a class at this.cs[at] === '['; returns the JS class and the index after it. */
  private cls(at: number, flags: Flags): { atom: string; next: number } {
    const cs = this.cs;
    const fold = flags.i && !this.globalI;
    let j = at + 1;
    let negated = false;
    if (cs[j] === '^') {
      negated = true;
      j++;
    }
    const whole = () => cs.slice(at).join('');
    let items = '';
    let first = true;
    for (;;) {
      if (j >= cs.length) return err('missing closing ]', whole());
      if (cs[j] === ']' && !first) break;
      first = false;
      // POSIX [:name:] / [:^name:]
      if (cs[j] === '[' && cs[j + 1] === ':') {
        const end = this.pattern.indexOf(':]', cs.slice(0, j + 2).join('').length);
        if (end >= 0) {
          const endIdx = Array.from(this.pattern.slice(0, end)).length;
          let name = cs.slice(j + 2, endIdx).join('');
          const expr = cs.slice(j, endIdx + 2).join('');
          let neg = false;
          if (name.startsWith('^')) {
            neg = true;
            name = name.slice(1);
          }
          const body = Object.prototype.hasOwnProperty.call(POSIX, name) ? POSIX[name] : undefined;
          if (body === undefined) return err('invalid character class range', expr);
          items += neg ? `[^${body}]` : `[${body}]`;
          j = endIdx + 2;
          continue;
        }
      }
      const itemStart = j;
      let lo: number;
      if (cs[j] === '\\') {
        const e = this.escape(j, true);
        if (e.atom !== undefined) {
          items += e.atom;
          j = e.next;
          continue;
        }
        lo = e.cp!;
        j = e.next;
      } else {
        lo = cs[j]!.codePointAt(0)!;
        j++;
      }
      let hi = lo;
      if (cs[j] === '-' && cs[j + 1] !== undefined && cs[j + 1] !== ']') {
        j++;
        if (cs[j] === '\\') {
          const e = this.escape(j, true);
          if (e.atom !== undefined) return err('invalid character class range', cs.slice(itemStart, e.next).join(''));
          hi = e.cp!;
          j = e.next;
        } else {
          hi = cs[j]!.codePointAt(0)!;
          j++;
        }
        if (hi < lo) return err('invalid character class range', cs.slice(itemStart, j).join(''));
      }
      items += lo === hi ? lit(lo) : `${lit(lo)}-${lit(hi)}`;
      if (fold) items += lo === hi ? foldRange(lo, lo) : foldRange(lo, hi);
    }
    return { atom: `[${negated ? '^' : ''}${items}]`, next: j + 1 };
  }

  translate(): { source: string; flags: string } {
    const cs = this.cs;
    let flags: Flags = { i: false, m: false, s: false, U: false };
    const stack: Flags[] = [];
    let canRepeat = false;
    let lastRepeatAt = -1;
    let out = '';
    let j = 0;
    while (j < cs.length) {
      const c = cs[j]!;
      const wasRepeat = lastRepeatAt;
      lastRepeatAt = -1;
      switch (c) {
        case '(': {
          if (cs[j + 1] === '?') {
            // named groups
            let k = j + 2;
            if (cs[k] === 'P' && cs[k + 1] === '<') k += 2;
            else if (cs[k] === '<' && cs[k + 1] !== '=' && cs[k + 1] !== '!') k += 1;
            else k = -1;
            if (k > 0) {
              const end = cs.indexOf('>', k);
              if (end < 0) return err('invalid named capture', cs.slice(j).join(''));
              const name = cs.slice(k, end).join('');
              if (name === '' || ![...name].every(isWordChar)) return err('invalid named capture', cs.slice(j, end + 1).join(''));
              stack.push(flags);
              out += '(';
              j = end + 1;
              canRepeat = false;
              break;
            }
            // flags: (?flags) or (?flags:re)
            let neg = false;
            let sawFlag = false;
            const nf = { ...flags };
            k = j + 2;
            for (;;) {
              const f = cs[k];
              if (f === undefined) return err('missing closing )', this.pattern);
              if (f === 'i' || f === 'm' || f === 's' || f === 'U') {
                nf[f] = !neg;
                sawFlag = true;
                k++;
                continue;
              }
              if (f === '-') {
                if (neg) return err('invalid or unsupported Perl syntax', cs.slice(j, k + 1).join(''));
                neg = true;
                sawFlag = false;
                k++;
                continue;
              }
              if (f === ':' || f === ')') {
                if (neg && !sawFlag) return err('invalid or unsupported Perl syntax', cs.slice(j, k + 1).join(''));
                break;
              }
              return err('invalid or unsupported Perl syntax', cs.slice(j, k + 1).join(''));
            }
            if (this.globalI && !nf.i) throw new GoRegexpError('retry'); // scoped case-sensitivity: fold by hand
            if (cs[k] === ':') {
              stack.push(flags);
              flags = nf;
              out += '(?:';
              canRepeat = false;
            } else {
              flags = nf;
            }
            j = k + 1;
            break;
          }
          stack.push(flags);
          out += '(';
          j++;
          canRepeat = false;
          break;
        }
        case ')': {
          if (stack.length === 0) return err('unexpected )', this.pattern);
          flags = stack.pop()!;
          out += ')';
          j++;
          canRepeat = true;
          break;
        }
        case '|':
          out += '|';
          j++;
          canRepeat = false;
          break;
        case '*':
        case '+':
        case '?': {
          let k = j + 1;
          let lazy = false;
          if (cs[k] === '?') {
            lazy = true;
            k++;
          }
          if (wasRepeat >= 0) return err('invalid nested repetition operator', cs.slice(wasRepeat, k).join(''));
          if (!canRepeat) return err('missing argument to repetition operator', cs.slice(j, k).join(''));
          if (flags.U) lazy = !lazy;
          out += c + (lazy ? '?' : '');
          lastRepeatAt = j;
          j = k;
          break;
        }
        case '{': {
          const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(cs.slice(j, j + 16).join(''));
          if (!m) {
            out += lit(0x7b);
            j++;
            canRepeat = true;
            break;
          }
          let k = j + m[0].length;
          let lazy = false;
          if (cs[k] === '?') {
            lazy = true;
            k++;
          }
          const min = Number(m[1]);
          const max = m[2] ? (m[3] ? Number(m[3]) : -1) : min;
          if (wasRepeat >= 0) return err('invalid nested repetition operator', cs.slice(wasRepeat, k).join(''));
          if (!canRepeat) return err('missing argument to repetition operator', cs.slice(j, k).join(''));
          if (min > 1000 || max > 1000 || (max >= 0 && max < min)) return err('invalid repeat count', m[0]);
          if (flags.U) lazy = !lazy;
          out += `{${min}${m[2] ? ',' : ''}${max >= 0 && m[2] ? max : ''}}${lazy ? '?' : ''}`;
          lastRepeatAt = j;
          j = k;
          break;
        }
        case '[': {
          const r = this.cls(j, flags);
          out += r.atom;
          j = r.next;
          canRepeat = true;
          break;
        }
        case '.':
          out += flags.s ? '[\\u{0}-\\u{10ffff}]' : '[^\\u{a}]';
          j++;
          canRepeat = true;
          break;
        case '^':
          out += flags.m ? '(?:(?<![^\\u{a}]))' : '(?:^)';
          j++;
          canRepeat = true;
          break;
        case '$':
          out += flags.m ? '(?:(?![^\\u{a}]))' : '(?:$)';
          j++;
          canRepeat = true;
          break;
        case '\\': {
          if (cs[j + 1] === 'Q') {
            let k = j + 2;
            while (k < cs.length && !(cs[k] === '\\' && cs[k + 1] === 'E')) {
              out += this.literal(cs[k]!.codePointAt(0)!, flags.i && !this.globalI);
              k++;
            }
            j = k < cs.length ? k + 2 : k;
            canRepeat = true;
            break;
          }
          if (cs[j + 1] === 'C') return err('invalid escape sequence', '\\C');
          const e = this.escape(j, false);
          out += e.atom !== undefined ? e.atom : this.literal(e.cp!, flags.i && !this.globalI);
          j = e.next;
          canRepeat = true;
          break;
        }
        default:
          out += this.literal(c.codePointAt(0)!, flags.i && !this.globalI);
          j++;
          canRepeat = true;
      }
    }
    if (stack.length > 0) return err('missing closing )', this.pattern);
    return { source: out, flags: this.globalI ? 'i' : '' };
  }
}

/** Above this many unrolled atoms a pattern is refused (Go: "expression too large"). */
const MAX_EXPANDED_ATOMS = 100_000;

/**
 * An upper bound of the atoms the pattern unrolls to once counted repetitions are expanded.
 * V8 expands `{n,m}` into copies when it compiles, so a nested repetition such as
 * `(a{1000}){1000}` would need a million nodes and can exhaust memory; Go refuses such patterns
 * as too large, and so do we, before compiling.
 */
export function expandedAtoms(pattern: string): number {
  const frames: number[] = [0];
  let last = 0; // size of the last atom, for a following quantifier
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      last = 1;
      frames[frames.length - 1]! += 1;
    } else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
      last = 1;
      frames[frames.length - 1]! += 1;
    } else if (c === '(') {
      frames.push(0);
      last = 0;
    } else if (c === ')') {
      const inner = frames.length > 1 ? frames.pop()! : 0;
      last = Math.max(inner, 1);
      frames[frames.length - 1]! += last;
    } else if (c === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i, i + 16));
      if (!m) {
        last = 1;
        frames[frames.length - 1]! += 1;
        continue;
      }
      const times = Math.max(Number(m[1]), m[2] ? Number(m[2]) + 0 : 0, 1) + (m[2] === '' ? 1 : 0);
      frames[frames.length - 1]! += last * (times - 1);
      last *= times;
      i += m[0].length - 1;
    } else if (c === '+') {
      frames[frames.length - 1]! += last;
    } else if (c !== '*' && c !== '?' && c !== '|') {
      last = 1;
      frames[frames.length - 1]! += 1;
    }
    if (frames.some((f) => f > MAX_EXPANDED_ATOMS)) return Infinity;
  }
  return frames.reduce((a, b) => a + b, 0);
}

/** Compiles a Go regular expression; error is Go's message for patterns Go rejects. */
export function compileGoRegexp(pattern: string): GoRegexp {
  if (expandedAtoms(pattern) > MAX_EXPANDED_ATOMS) return { error: 'error parsing regexp: expression too large' };
  const lead = /^\(\?([imsU]+)\)/.exec(pattern);
  const tryGlobalI = !!lead && lead[1]!.includes('i');
  for (const globalI of tryGlobalI ? [true, false] : [false]) {
    try {
      const { source, flags } = new Translator(pattern, globalI).translate();
      try {
        return { re: new RegExp(source, `v${flags}`) };
      } catch {
        return { error: `error parsing regexp: invalid or unsupported Perl syntax: \`${pattern}\`` };
      }
    } catch (e) {
      if (e instanceof GoRegexpError) {
        if (e.message === 'retry') continue;
        return { error: e.message };
      }
      return { error: `error parsing regexp: invalid or unsupported Perl syntax: \`${pattern}\`` };
    }
  }
  return { error: `error parsing regexp: invalid or unsupported Perl syntax: \`${pattern}\`` };
}
