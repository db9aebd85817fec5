// Applies a patch body of any supported type to the current object.
import { newBadRequest, newUnsupportedMediaType, StatusError } from '../../api/errors.js';
import type { KObj } from '../../api/resource-info.js';
import { isPlainObject, parseJson, PATCH_TYPES } from '../http/body.js';
import { applyJsonPatch, JsonPatchError } from '../patch/json-patch.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import type { ResourceStore } from '../registry/store.js';

export const SUPPORTED_PATCH_TYPES = [PATCH_TYPES.json, PATCH_TYPES.merge] as const;

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
    default:
      throw newUnsupportedMediaType(
        `the body of the request was in an unknown format - accepted media types include: ${SUPPORTED_PATCH_TYPES.join(', ')}`,
      );
  }
  if (!isPlainObject(result)) throw newBadRequest(`the patched ${store.info.kind} is not a JSON object`);
  return result;
}
