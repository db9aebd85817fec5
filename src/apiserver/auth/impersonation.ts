// Impersonation (upstream's impersonation filter; kubectl --as, --as-group, --as-uid): a client
// sends Impersonate-User, Impersonate-Group, Impersonate-Uid and Impersonate-Extra-KEY headers to
// act as another user. Each part it asks for is authorized for the client with the verb
// "impersonate" (on users, groups or serviceaccounts in the core group, on uids and
// userextras/KEY in authentication.k8s.io); then the request goes on as the user it names.
import type { IncomingHttpHeaders } from 'node:http';
import { newBadRequest } from '../../api/errors.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../api/validation/names.js';
import { ANONYMOUS_USER, AUTHENTICATED_GROUP, UNAUTHENTICATED_GROUP, type UserInfo } from './authenticator.js';
import type { AuthorizationAttributes, Authorizer } from './authorizer.js';
import { forbiddenFor } from './forbidden.js';
import { serviceAccountGroups } from './service-account-authenticator.js';

const USER_HEADER = 'impersonate-user';
const GROUP_HEADER = 'impersonate-group';
const UID_HEADER = 'impersonate-uid';
const EXTRA_PREFIX = 'impersonate-extra-';
const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** One thing a client asks to impersonate, with the attributes its permission is checked on. */
interface Part {
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
}

/** system:serviceaccount:NS:NAME split into a valid namespace and name, else undefined (then it is a plain user name). */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts as [string, string];
  if (isDNS1123Label(namespace).length || isDNS1123Subdomain(name).length) return undefined;
  return { namespace, name };
}

const part = (p: Partial<Part> & { resource: string; name: string }): Part => ({ apiGroup: '', subresource: '', namespace: '', ...p });

/** An extra's key as the header spells it: lower case and %-escaped (kept as sent when the escape is malformed). */
function extraKey(header: string): string {
  const key = header.slice(EXTRA_PREFIX.length);
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

/**
 * The user a request acts as: the authenticated requester, or the one its Impersonate-* headers
 * name once the requester may impersonate each part (a 403 naming the first part refused).
 * headers must keep repeated headers apart (IncomingMessage.headersDistinct).
 */
export async function impersonatedUser(requester: UserInfo, headers: Readonly<Record<string, string[] | undefined>>, authorizer: Authorizer): Promise<UserInfo> {
  const username = headers[USER_HEADER]?.[0] ?? '';
  const groupsAsked = headers[GROUP_HEADER] ?? [];
  const uid = headers[UID_HEADER]?.[0] ?? '';
  const extra: Record<string, string[]> = {};
  const parts: Part[] = [];
  for (const [header, values] of Object.entries(headers)) {
    if (!header.startsWith(EXTRA_PREFIX) || !values) continue;
    const key = extraKey(header);
    for (const value of values) {
      (extra[key] ??= []).push(value);
      parts.push(part({ apiGroup: 'authentication.k8s.io', resource: 'userextras', subresource: key, name: value }));
    }
  }
  if (!username) {
    if (groupsAsked.length || parts.length || uid) throw newBadRequest('requested impersonation of groups, user extras or a UID without impersonating a user');
    return requester;
  }
  const account = splitServiceAccountUsername(username);
  let groups: string[] = [];
  if (account) {
    parts.unshift(part({ resource: 'serviceaccounts', namespace: account.namespace, name: account.name }));
    // A service account's groups follow from its name, unless the client names groups itself.
    if (!groupsAsked.length) groups = serviceAccountGroups(account.namespace);
  } else {
    parts.unshift(part({ resource: 'users', name: username }));
  }
  parts.splice(1, 0, ...groupsAsked.map((g) => part({ resource: 'groups', name: g })));
  if (uid) parts.push(part({ apiGroup: 'authentication.k8s.io', resource: 'uids', name: uid }));
  groups.push(...groupsAsked);

  for (const p of parts) {
    const attrs: AuthorizationAttributes = { user: requester, verb: 'impersonate', path: '', resourceRequest: true, ...p };
    const r = await authorizer.authorize(attrs);
    if (r.decision !== 'allow') throw forbiddenFor(attrs, r.reason);
  }
  if (username === ANONYMOUS_USER) {
    if (!groups.includes(UNAUTHENTICATED_GROUP)) groups.push(UNAUTHENTICATED_GROUP);
  } else if (!groups.includes(AUTHENTICATED_GROUP) && !groups.includes(UNAUTHENTICATED_GROUP)) {
    groups.push(AUTHENTICATED_GROUP);
  }
  const user: UserInfo = { username, groups };
  if (uid) user.uid = uid;
  if (Object.keys(extra).length) user.extra = extra;
  return user;
}

/** True when a request carries any Impersonate-* header (the common case, none, costs one scan of the names). */
export function asksToImpersonate(headers: IncomingHttpHeaders): boolean {
  for (const h in headers) if (h.startsWith('impersonate-')) return true;
  return false;
}
