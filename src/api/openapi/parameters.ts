// The query and path parameters our REST operations take, with our own descriptions. Both
// OpenAPI renderers (v2 and v3) use this one table, so the two documents always agree.

export type ParamType = 'string' | 'boolean' | 'integer';

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly description: string;
}

const p = (name: string, type: ParamType, description: string): ParamSpec => ({ name, type, description });

export const QUERY_PARAMS = {
  pretty: p('pretty', 'string', "When 'true', the response JSON is indented for people to read."),
  dryRun: p('dryRun', 'string', 'Set to All to run every stage of the request without storing the result.'),
  fieldManager: p('fieldManager', 'string', 'The name of the actor making this change, recorded in managedFields (at most 128 characters).'),
  fieldValidation: p(
    'fieldValidation',
    'string',
    'What to do with unknown or duplicate fields in the request body: Ignore drops them silently, Warn (the default) drops them and returns one Warning header for each, Strict refuses the request with 400 BadRequest naming every such field.',
  ),
  force: p('force', 'boolean', 'Apply requests only: take over fields that another field manager owns.'),
  gracePeriodSeconds: p('gracePeriodSeconds', 'integer', 'Seconds to wait before the object is removed; 0 removes it at once. Unset uses the kind\'s default.'),
  orphanDependents: p('orphanDependents', 'boolean', 'Deprecated in favour of propagationPolicy: when true, dependents are left in place.'),
  propagationPolicy: p('propagationPolicy', 'string', 'How dependents are garbage collected: Orphan, Background or Foreground.'),
  labelSelector: p('labelSelector', 'string', 'Only objects whose labels match this selector are returned.'),
  fieldSelector: p('fieldSelector', 'string', 'Only objects whose fields match this selector are returned.'),
  limit: p('limit', 'integer', 'The most items to return in one page; the list metadata then carries a continue token for the next page.'),
  continue: p('continue', 'string', 'The continue token of the previous page, to read the next one.'),
  resourceVersion: p('resourceVersion', 'string', 'Which version of the data a read may be served from (see resourceVersionMatch); for watches, the version to start after.'),
  resourceVersionMatch: p('resourceVersionMatch', 'string', 'How resourceVersion is applied to a list: Exact or NotOlderThan.'),
  timeoutSeconds: p('timeoutSeconds', 'integer', 'Ends the list or watch call after this many seconds.'),
  watch: p('watch', 'boolean', 'Stream changes (added, modified, deleted) instead of returning a list.'),
  allowWatchBookmarks: p('allowWatchBookmarks', 'boolean', 'Lets the server send BOOKMARK events that only carry a newer resourceVersion.'),
  sendInitialEvents: p('sendInitialEvents', 'boolean', 'With watch: first send the current objects as ADDED events, then a bookmark.'),
} as const;

export type QueryParamName = keyof typeof QUERY_PARAMS;

export const LIST_PARAMS: readonly QueryParamName[] = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
];
export const CREATE_PARAMS: readonly QueryParamName[] = ['dryRun', 'fieldManager', 'fieldValidation'];
export const UPDATE_PARAMS: readonly QueryParamName[] = ['dryRun', 'fieldManager', 'fieldValidation'];
export const PATCH_PARAMS: readonly QueryParamName[] = ['dryRun', 'fieldManager', 'fieldValidation', 'force'];
export const DELETE_PARAMS: readonly QueryParamName[] = ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy'];
export const DELETE_COLLECTION_PARAMS: readonly QueryParamName[] = [
  'continue',
  'dryRun',
  'fieldSelector',
  'gracePeriodSeconds',
  'labelSelector',
  'limit',
  'orphanDependents',
  'propagationPolicy',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
];
