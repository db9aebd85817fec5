// Duplicate keys in a JSON text, with the field paths upstream names them by
// ("spec.template.spec.containers[0].imagePullPolicy"). JSON.parse keeps the last value of a
// repeated key silently; field validation reports it instead (Warn) or refuses it (Strict).
// The text must already be valid JSON (parse it first).

export interface DuplicateField {
  readonly path: string;
  /** Offset of the repeated key in the text (where a streaming decoder notices it). */
  readonly at: number;
}

interface Frame {
  readonly array: boolean;
  readonly path: string;
  readonly keys: Set<string>;
  index: number;
  key: string | undefined;
}

/** Every repeated key, in document order. Cheap when there are none (one pass, no allocations per value). */
export function findDuplicateFields(text: string): DuplicateField[] {
  const out: DuplicateField[] = [];
  walk(text, (path, at, duplicate) => {
    if (duplicate) out.push({ path, at });
  });
  return out;
}

/** The offset of the first occurrence of every field path (for ordering reports like upstream). */
export function fieldPositions(text: string): Map<string, number> {
  const out = new Map<string, number>();
  walk(text, (path, at) => {
    if (!out.has(path)) out.set(path, at);
  });
  return out;
}

function childPath(f: Frame | undefined, key: string): string {
  if (!f) return key;
  return f.path ? `${f.path}.${key}` : key;
}

function walk(text: string, onKey: (path: string, at: number, duplicate: boolean) => void): void {
  const stack: Frame[] = [];
  let i = 0;
  const n = text.length;
  const valuePath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.array) return `${top.path}[${top.index}]`;
    return childPath(top, top.key ?? '');
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      i++;
      let escaped = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i += 2;
          continue;
        }
        if (d === 0x22) break;
        i++;
      }
      const end = i;
      i++;
      const top = stack[stack.length - 1];
      if (top && !top.array && top.key === undefined) {
        // A key: the next non-space character is ':'.
        const raw = text.slice(start + 1, end);
        const key = escaped ? (JSON.parse(text.slice(start, end + 1)) as string) : raw;
        const duplicate = top.keys.has(key);
        top.keys.add(key);
        top.key = key;
        onKey(childPath(top, key), start, duplicate);
      }
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push({ array: c === 0x5b, path: valuePath(), keys: new Set(), index: 0, key: undefined });
      i++;
      continue;
    }
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      i++;
      continue;
    }
    if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top) {
        if (top.array) top.index++;
        else top.key = undefined;
      }
      i++;
      continue;
    }
    i++;
  }
}

/**
 * Upstream's strict-decoding problems in its order. Built-in (typed) objects: unknown fields (as
 * `unknown field "<path>"`) and duplicates (`duplicate field "<path>"`) sorted by where a
 * streaming decoder meets them; a field both unknown and repeated counts once, as unknown.
 * Custom resources and merge patches (`duplicatesFirst`): every duplicate in document order,
 * then the unknown fields sorted, as upstream's unstructured decoding and pruning report them.
 */
export function strictDecodingProblems(unknownFields: readonly string[], text: string | undefined, duplicatesFirst = false): string[] {
  if (duplicatesFirst) {
    const dups = text === undefined ? [] : [...new Set(findDuplicateFields(text).map((d) => d.path))];
    return [...dups.map((p) => `duplicate field ${JSON.stringify(p)}`), ...[...unknownFields].sort()];
  }
  if (text === undefined) return [...unknownFields];
  const dups = findDuplicateFields(text);
  if (!dups.length) return [...unknownFields];
  const unknownPaths = unknownFields.map(pathOfUnknown);
  const underUnknown = (p: string) => unknownPaths.some((u) => u !== undefined && (p === u || p.startsWith(`${u}.`) || p.startsWith(`${u}[`)));
  const positions = fieldPositions(text);
  const entries: Array<{ at: number; text: string }> = unknownFields.map((u, i) => {
    const p = unknownPaths[i];
    return { at: p !== undefined ? (positions.get(p) ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER, text: u };
  });
  const seen = new Set<string>();
  for (const d of dups) {
    if (underUnknown(d.path) || seen.has(d.path)) continue;
    seen.add(d.path);
    entries.push({ at: d.at, text: `duplicate field ${JSON.stringify(d.path)}` });
  }
  return entries.sort((a, b) => a.at - b.at).map((e) => e.text);
}

function pathOfUnknown(message: string): string | undefined {
  const m = /^unknown field (".*")$/.exec(message);
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]!) as string;
  } catch {
    return undefined;
  }
}

const JSON_PATCH_KEYS = new Set(['op', 'path', 'value', 'from']);

/**
 * Problems in a JSON patch's own operations, as upstream reports them before the patched
 * object's: `json patch unknown field "[0].foo"` for keys an operation does not have, and
 * `json patch duplicate field "[1].path"` for keys repeated in one operation. `text` must be
 * valid JSON.
 */
export function jsonPatchProblems(text: string): string[] {
  const ops: unknown = JSON.parse(text);
  if (!Array.isArray(ops)) return [];
  const dups = findDuplicateFields(text);
  const out: string[] = [];
  ops.forEach((op, i) => {
    if (op === null || typeof op !== 'object' || Array.isArray(op)) return;
    for (const k of Object.keys(op)) if (!JSON_PATCH_KEYS.has(k)) out.push(`json patch unknown field ${JSON.stringify(`[${i}].${k}`)}`);
    for (const d of dups) {
      const m = /^\[(\d+)\]\.([^.[]+)$/.exec(d.path);
      if (m && Number(m[1]) === i && JSON_PATCH_KEYS.has(m[2]!)) out.push(`json patch duplicate field ${JSON.stringify(d.path)}`);
    }
  });
  return out;
}
