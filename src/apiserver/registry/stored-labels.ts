// Reads metadata.labels out of an object's stored JSON without parsing the rest of it, so a
// list with a label selector does not build every object it reads just to look at its labels.
// The scanner walks a string: the stored text as a scan hands it out, or stored bytes read as
// latin1 (one character per byte, so the JSON's ASCII structure sits at the same offsets).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(b: string, i: number): number {
  while (i < b.length && isSpace(b.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string starting at i (b[i] is its opening quote), or -1. */
function skipString(b: string, i: number): number {
  for (i++; i < b.length; i++) {
    const c = b.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

/** Index just past the JSON value starting at i, or -1. */
function skipValue(b: string, i: number): number {
  const c = b.charCodeAt(i);
  if (c === QUOTE) return skipString(b, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    while (i < b.length) {
      const d = b.charCodeAt(i);
      if (d === QUOTE) {
        i = skipString(b, i);
        if (i < 0) return -1;
        continue;
      }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  for (let d = b.charCodeAt(i); i < b.length && d !== COMMA && d !== CLOSE_BRACE && d !== CLOSE_BRACKET && !isSpace(d); d = b.charCodeAt(++i));
  return i;
}

/**
 * The [start, end) span of member `name`'s value in the object starting at i (and ending by
 * limit); null when the
 * object has no such member; undefined when the bytes are not the JSON expected (or the key is
 * written with escapes), so the caller parses the object instead.
 */
function memberSpan(b: string, i: number, limit: number, name: string): [number, number] | null | undefined {
  i = skipSpace(b, i);
  if (b.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i = skipSpace(b, i + 1);
  if (b.charCodeAt(i) === CLOSE_BRACE) return null;
  for (;;) {
    if (i >= limit || b.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = skipString(b, i);
    if (keyEnd < 0 || keyEnd > limit) return undefined;
    const keyStart = i + 1;
    for (let k = keyStart; k < keyEnd - 1; k++) if (b.charCodeAt(k) === BACKSLASH) return undefined;
    i = skipSpace(b, keyEnd);
    if (b.charCodeAt(i) !== COLON) return undefined;
    i = skipSpace(b, i + 1);
    const end = skipValue(b, i);
    if (end < 0 || end > limit) return undefined;
    if (keyEnd - 1 - keyStart === name.length && b.startsWith(name, keyStart)) return [i, end];
    i = skipSpace(b, end);
    if (b.charCodeAt(i) === CLOSE_BRACE) return null;
    if (b.charCodeAt(i) !== COMMA) return undefined;
    i = skipSpace(b, i + 1);
  }
}

/**
 * metadata.labels of the stored object in `json` ({} when it has none), or undefined when they
 * cannot be read this way (the caller then decodes the whole object).
 */
export function storedLabels(json: Buffer | string): Record<string, string> | undefined {
  const text = typeof json === 'string' ? json : json.toString('latin1');
  const meta = memberSpan(text, 0, text.length, 'metadata');
  if (meta === undefined) return undefined;
  if (meta === null) return {};
  const labels = memberSpan(text, meta[0], meta[1], 'labels');
  if (labels === undefined) return undefined;
  if (labels === null) return {};
  try {
    const v: unknown = JSON.parse(typeof json === 'string' ? json.slice(labels[0], labels[1]) : json.toString('utf8', labels[0], labels[1]));
    if (v === null) return {};
    return typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}
