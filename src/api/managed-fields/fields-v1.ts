// The FieldsV1 encoding of a field set (metadata.managedFields[].fieldsV1): one JSON object per
// level, keyed by path element, `{}` for a member, and `".": {}` inside a subtree whose element
// is itself a member.
import { FieldSet } from './field-set.js';
import { isPathElement, type PathElement } from './path-element.js';

export type FieldsV1 = { [key: string]: FieldsV1 };

export function toFieldsV1(set: FieldSet): FieldsV1 {
  const out: FieldsV1 = {};
  for (const { pe, member, child } of set.entries()) {
    if (!child) {
      out[pe] = {};
      continue;
    }
    const inner = toFieldsV1(child);
    out[pe] = member ? { '.': {}, ...inner } : inner;
  }
  return out;
}

export class FieldsV1Error extends Error {
  override readonly name = 'FieldsV1Error';
}

export function fromFieldsV1(value: unknown): FieldSet {
  const set = new FieldSet();
  walk(value, [], set);
  return set;
}

function walk(value: unknown, prefix: PathElement[], set: FieldSet): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FieldsV1Error('expected an object');
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === '.') {
      if (prefix.length) set.insert(prefix);
      continue;
    }
    if (!isPathElement(key)) throw new FieldsV1Error(`unknown path element ${JSON.stringify(key)}`);
    const path = [...prefix, key];
    if (inner !== null && typeof inner === 'object' && Object.keys(inner).length === 0) set.insert(path);
    else walk(inner, path, set);
  }
}
