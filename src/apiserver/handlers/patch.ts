// Applies a patch body of any supported type to the current object.
import { newBadRequest, newUnsupportedMediaType, StatusError } from '../../api/errors.js';
import { apiVersionOf, type KObj } from '../../api/resource-info.js';
import { definitionForKind, definitions } from '../../api/schema/builtin.js';
import { applyStrategicMergePatch, createPatchSchema, StrategicMergeError } from '../../api/strategic-merge/index.js';
import { isPlainObject, parseJson, PATCH_TYPES } from '../http/body.js';
import { applyJsonPatch, JsonPatchError } from '../patch/json-patch.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import type { ResourceStore } from '../registry/store.js';

export const SUPPORTED_PATCH_TYPES = [PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.strategic, PATCH_TYPES.apply] as const;
/** Custom resources have no Go types upstream, hence no strategic merge patch. */
const CUSTOM_RESOURCE_PATCH_TYPES = [PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.apply] as const;
const BUILTIN_PATCH_SCHEMA = createPatchSchema(definitions);

export function applyPatchBody(store: ResourceStore, current: KObj, body: Buffer, type: string, query: URLSearchParams): KObj {
  void query;
  let result: unknown;
  switch (type) {
    case PATCH_TYPES.json: {
      const ops = parseJson(body);
      try {
        result = applyJsonPatch(current, ops);
      } catch (e) {
        if (e instanceof JsonPatchError) {
          throw new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request: ${e.message}`, {
            causes: [{ message: e.message }],
          });
        }
        throw e;
      }
      break;
    }
    case PATCH_TYPES.merge: {
      const patch = parseJson(body);
      if (!isPlainObject(patch)) throw newBadRequest('the request body must be a JSON object for a merge patch');
      result = applyMergePatch(current, patch);
      break;
    }
    case PATCH_TYPES.strategic: {
      const builtin = definitionForKind(apiVersionOf(store.info), store.info.kind);
      if (!builtin) throw unsupportedPatchType(CUSTOM_RESOURCE_PATCH_TYPES);
      result = strategicMerge(current, parseJson(body), builtin);
      break;
    }
    default:
      throw unsupportedPatchType(definitionForKind(apiVersionOf(store.info), store.info.kind) ? SUPPORTED_PATCH_TYPES : CUSTOM_RESOURCE_PATCH_TYPES);
  }
  if (!isPlainObject(result)) throw newBadRequest(`the patched ${store.info.kind} is not a JSON object`);
  return result;
}

const unsupportedPatchType = (accepted: readonly string[]) =>
  newUnsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);

/** A strategic merge patch on `current`; a Scale (or any view) is patched with its own type's schema. */
function strategicMerge(current: KObj, patch: unknown, fallbackDefinition: string): KObj {
  if (patch !== null && (typeof patch !== 'object' || Array.isArray(patch))) {
    const what = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw newBadRequest(`json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
  }
  const definition = definitionForKind(String(current.apiVersion ?? ''), String(current.kind ?? '')) ?? fallbackDefinition;
  try {
    return applyStrategicMergePatch(current, patch ?? {}, definition, BUILTIN_PATCH_SCHEMA);
  } catch (e) {
    if (!(e instanceof StrategicMergeError)) throw e;
    const causes = [{ message: e.message, ...(e.field ? { field: e.field } : {}) }];
    if (e.code === 400) throw new StatusError(400, 'BadRequest', e.message, { causes });
    throw new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request: ${e.message}`, { causes });
  }
}
