// Strategic merge patch (application/strategic-merge-patch+json) for the built-in kinds, driven by
// the x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key extensions of the schema (the
// same tags upstream reads from its Go types). Known, deliberate differences from upstream:
// - a list item or key the object does not have yet is merged into nothing, so directives and
//   nulls inside it are dropped (upstream copies it as sent and lets decoding drop or refuse them);
// - errors upstream answers with a bare 500 (a missing merge key, an unknown `$patch`, mixed item
//   types) are 422 here; its four "invalid patch format" errors stay 400;
// - JSON numbers are one type when matching list items (Go tells int64 from float64);
// - `$setElementOrder` for a list that is empty on both sides is not an error.
import type { SchemaDef } from '../schema/types.js';
import { malformed } from './errors.js';
import type { Json } from './go-format.js';
import { Merger } from './merge.js';
import { isMap, type JsonMap } from './order.js';
import { PatchSchema, type Definitions } from './patch-meta.js';

export { StrategicMergeError } from './errors.js';
export { PatchSchema, type Definitions } from './patch-meta.js';
export type { Json, JsonMap };

/**
 * Applies `patch` to `original` (an object of the type named `definition`). Returns a new object;
 * throws StrategicMergeError (code 400 or 422) for a patch that is malformed or does not fit.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, definition: string, schema: PatchSchema): JsonMap {
  if (!isMap(patch)) throw malformed('the patch must be a JSON object', '');
  const base = isMap(original) ? (structuredClone(original) as JsonMap) : {};
  const root: SchemaDef | undefined = schema.definition(definition);
  return new Merger(schema).mergeMap(base, patch as JsonMap, root, '');
}

/** A PatchSchema over a set of definitions (create one and reuse it). */
export const createPatchSchema = (definitions: Definitions): PatchSchema => new PatchSchema(definitions);
