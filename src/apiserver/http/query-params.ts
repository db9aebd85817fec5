// Query parameters read as upstream's parameter codec reads them.
import { newBadRequest } from '../../api/errors.js';

/** A boolean as Go's strconv.ParseBool reads it; undefined when absent or empty. */
export function parseBoolParam(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  throw newBadRequest(`strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
}
