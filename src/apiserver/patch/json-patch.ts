// JSON patch (RFC 6902) with RFC 6901 pointers. Errors are plain messages; the caller turns
// them into upstream's Status (422 for a failed test, 500 -> here 422/400 for bad operations).
export class JsonPatchError extends Error {
  override readonly name = 'JsonPatchError';
}

type Json = unknown;
type Container = Record<string, Json> | Json[];

function parsePointer(p: unknown): string[] {
  if (typeof p !== 'string') throw new JsonPatchError('path must be a string');
  if (p === '') return [];
  if (!p.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer: "${p}"`);
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(v: Json): v is Container {
  return v !== null && typeof v === 'object';
}

function arrayIndex(arr: Json[], tok: string, forAdd: boolean): number {
  if (forAdd && tok === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(tok)) throw new JsonPatchError(`invalid array index: "${tok}"`);
  const i = Number(tok);
  const max = forAdd ? arr.length : arr.length - 1;
  if (i > max) throw new JsonPatchError(`array index ${i} out of bounds`);
  return i;
}

function parentOf(doc: Json, path: string[]): { parent: Container; key: string } {
  let cur = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const tok = path[i]!;
    if (!isContainer(cur)) throw new JsonPatchError(`doc is missing path: "/${path.join('/')}"`);
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, tok, false)];
    else {
      if (!Object.prototype.hasOwnProperty.call(cur, tok)) throw new JsonPatchError(`doc is missing path: "/${path.join('/')}"`);
      cur = cur[tok];
    }
  }
  if (!isContainer(cur)) throw new JsonPatchError(`doc is missing path: "/${path.join('/')}"`);
  return { parent: cur, key: path[path.length - 1]! };
}

function get(doc: Json, path: string[]): Json {
  if (path.length === 0) return doc;
  const { parent, key } = parentOf(doc, path);
  if (Array.isArray(parent)) return parent[arrayIndex(parent, key, false)];
  if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new JsonPatchError(`doc is missing path: "/${path.join('/')}"`);
  return parent[key];
}

function add(doc: Json, path: string[], value: Json): Json {
  if (path.length === 0) return value;
  const { parent, key } = parentOf(doc, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: Json, path: string[]): Json {
  if (path.length === 0) throw new JsonPatchError('cannot remove the whole document');
  const { parent, key } = parentOf(doc, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false), 1);
  else {
    if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new JsonPatchError(`unable to remove nonexistent key: ${key}: missing value`);
    delete parent[key];
  }
  return doc;
}

function replace(doc: Json, path: string[], value: Json): Json {
  if (path.length === 0) return value;
  const { parent, key } = parentOf(doc, path);
  if (Array.isArray(parent)) parent[arrayIndex(parent, key, false)] = value;
  else {
    if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new JsonPatchError(`replace operation does not apply: doc is missing key: /${path.join('/')}: missing value`);
    parent[key] = value;
  }
  return doc;
}

const deepEqual = (a: Json, b: Json): boolean => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, Json>)[k])]));
  }
  return v;
}

export function applyJsonPatch(target: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new JsonPatchError('json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const raw of ops) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new JsonPatchError('each json patch operation must be an object');
    const op = raw as Record<string, Json>;
    const path = parsePointer(op.path);
    const needValue = () => {
      if (!('value' in op)) throw new JsonPatchError(`missing value for operation "${String(op.op)}"`);
      return structuredClone(op.value);
    };
    switch (op.op) {
      case 'add':
        doc = add(doc, path, needValue());
        break;
      case 'remove':
        doc = remove(doc, path);
        break;
      case 'replace':
        doc = replace(doc, path, needValue());
        break;
      case 'move': {
        const from = parsePointer(op.from);
        const v = get(doc, from);
        doc = add(remove(doc, from), path, v);
        break;
      }
      case 'copy':
        doc = add(doc, path, structuredClone(get(doc, parsePointer(op.from))));
        break;
      case 'test':
        if (!deepEqual(get(doc, path), op.value)) throw new JsonPatchError(`testing value ${String(op.path)} failed: test failed`);
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${String(op.op)}`);
    }
  }
  return doc;
}
