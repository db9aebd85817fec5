// Errors of a strategic merge patch. The texts are upstream's; the code says how the API server
// answers: 400 for a malformed directive, 422 for a patch that does not fit the object.
import { goTypeName, goValue } from './go-format.js';

export class StrategicMergeError extends Error {
  override readonly name = 'StrategicMergeError';
  constructor(
    readonly code: 400 | 422,
    message: string,
    /** Where in the object the patch failed, e.g. "spec.template.spec.containers[0]". */
    readonly field: string,
  ) {
    super(message);
  }
}

export const badFormat = {
  primitiveList: 'invalid patch format of primitive list',
  retainKeys: 'invalid patch format of retainKeys',
  setElementOrder: 'invalid patch format of setElementOrder list',
} as const;

export const malformed = (message: string, field: string) => new StrategicMergeError(400, message, field);
export const unfit = (message: string, field: string) => new StrategicMergeError(422, message, field);

export const noMergeKey = (item: unknown, key: string, field: string) =>
  unfit(`map: ${goValue(item)} does not contain declared merge key: ${key}`, field);
export const badPatchType = (directive: unknown, item: unknown, field: string) =>
  unfit(`unknown patch type: ${typeof directive === 'string' ? directive : goValue(directive)} in map: ${goValue(item)}`, field);
export const badArgType = (expected: 'map' | 'list', actual: unknown, field: string) =>
  unfit(`expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goTypeName(actual)}`, field);
export const noListOfLists = (field: string) => unfit('lists of lists are not supported', field);
