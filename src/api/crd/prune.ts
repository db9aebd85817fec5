// Pruning of fields a CRD schema does not specify (apiextensions' structural pruning): an object
// keeps the keys its schema lists in properties; with additionalProperties every key is kept and
// pruned by that schema; x-kubernetes-preserve-unknown-fields keeps unknown keys (still pruning
// inside specified ones); apiVersion, kind and metadata of the resource root and of embedded
// resources (x-kubernetes-embedded-resource) are left alone (metadata is the registry's job).
// Value validations (allOf, anyOf, ...) play no part: they cannot specify fields.

import { compareStrings } from '../validation/names.js';
import {
  asSchema,
  isObject,
  sAdditionalProperties,
  sEmbedded,
  sItems,
  sPreserveUnknown,
  sProperty,
  type Schema,
} from './schema-util.js';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

export interface PruneOptions {
  /**
   * The object is a resource: apiVersion/kind/metadata at its top are kept (default true).
   * False prunes a plain value (e.g. a default) by the schema alone.
   */
  isResourceRoot?: boolean;
}

/** A schema node as the structural pruning algorithm sees it. */
interface Node {
  schema: Schema;
  embedded: boolean;
}

const node = (s: Schema | undefined, embedded = false): Node | undefined => (s ? { schema: s, embedded: embedded || sEmbedded(s) } : undefined);

const joinKey = (parent: string, k: string) => (parent ? `${parent}.${k}` : k);

function prune(x: unknown, n: Node | undefined, path: string, out: string[]): void {
  if (n && sPreserveUnknown(n.schema)) {
    skipPrune(x, n, path, out);
    return;
  }
  if (Array.isArray(x)) {
    const items = n ? node(sItems(n.schema)) : undefined;
    x.forEach((v, i) => prune(v, items, `${path}[${i}]`, out));
    return;
  }
  if (!isObject(x)) return;
  if (!n) {
    for (const k of Object.keys(x)) {
      out.push(joinKey(path, k));
      delete x[k];
    }
    return;
  }
  const ap = sAdditionalProperties(n.schema);
  for (const k of Object.keys(x)) {
    if (n.embedded && META_FIELDS.has(k)) continue;
    const prop = sProperty(n.schema, k);
    if (prop) prune(x[k], node(prop), joinKey(path, k), out);
    else if (ap) prune(x[k], node(ap.schema), joinKey(path, k), out);
    else {
      if (!META_FIELDS.has(k) || path !== '') out.push(joinKey(path, k));
      delete x[k];
    }
  }
}

function skipPrune(x: unknown, n: Node, path: string, out: string[]): void {
  if (Array.isArray(x)) {
    const items = node(sItems(n.schema));
    if (!items) return;
    x.forEach((v, i) => skipPrune(v, items, `${path}[${i}]`, out));
    return;
  }
  if (!isObject(x)) return;
  const ap = sAdditionalProperties(n.schema);
  for (const k of Object.keys(x)) {
    if (n.embedded && META_FIELDS.has(k)) continue;
    const prop = sProperty(n.schema, k);
    if (prop) prune(x[k], node(prop), joinKey(path, k), out);
    else if (ap) prune(x[k], node(ap.schema), joinKey(path, k), out);
  }
}

/**
 * Removes from obj (in place) every field the schema does not specify, and returns the paths of
 * the removed fields sorted as upstream sorts them ("spec.foo", "spec.items[0].bar"); the server
 * reports them as `unknown field "spec.foo"` warnings, or errors under fieldValidation=Strict.
 */
export function pruneUnknownFields(schema: unknown, obj: unknown, opts: PruneOptions = {}): string[] {
  const s = asSchema(schema);
  const isResourceRoot = opts.isResourceRoot ?? true;
  const out: string[] = [];
  let root = node(s);
  if (isResourceRoot) root = { schema: s ?? {}, embedded: true };
  prune(obj, root, '', out);
  return out.sort(compareStrings);
}
