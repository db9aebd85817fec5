// The 403 an authorizer's refusal becomes, worded as upstream's: who cannot do what, where.
import { newForbidden, type StatusError } from '../../api/errors.js';
import type { AuthorizationAttributes } from './authorizer.js';

export function forbiddenFor(attrs: AuthorizationAttributes, reason = ''): StatusError {
  const who = `User "${attrs.user.username}" cannot ${attrs.verb}`;
  let what: string;
  if (!attrs.resourceRequest) {
    what = `${who} path "${attrs.path}"`;
  } else {
    const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    const where = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
    what = `${who} resource "${resource}" in API group "${attrs.apiGroup}" ${where}`;
  }
  return newForbidden({ group: attrs.apiGroup, resource: attrs.resource }, attrs.name, reason ? `${what}: ${reason}` : what);
}
