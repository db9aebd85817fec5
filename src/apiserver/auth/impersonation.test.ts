import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/errors.js';
import type { AuthorizationAttributes, Authorizer } from './authorizer.js';
import { impersonatedUser, splitServiceAccountUsername } from './impersonation.js';

const admin = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };

/** Records what it is asked and refuses impersonating any group named in `refuse`. */
function recordingAuthorizer(refuse: string[] = []): Authorizer & { asked: AuthorizationAttributes[] } {
  const asked: AuthorizationAttributes[] = [];
  return {
    asked,
    async authorize(a) {
      asked.push(a);
      return a.resource === 'groups' && refuse.includes(a.name) ? { decision: 'noOpinion', reason: '' } : { decision: 'allow', reason: '' };
    },
  };
}

test('each part is authorized for the requester, in upstream order: user, groups, extras, uid', async () => {
  const authz = recordingAuthorizer();
  const u = await impersonatedUser(admin, { 'impersonate-user': ['jane'], 'impersonate-group': ['a', 'b'], 'impersonate-uid': ['u1'], 'impersonate-extra-scopes': ['x', 'y'] }, authz);
  assert.deepEqual(u, { username: 'jane', groups: ['a', 'b', 'system:authenticated'], uid: 'u1', extra: { scopes: ['x', 'y'] } });
  assert.deepEqual(
    authz.asked.map((a) => [a.user.username, a.verb, a.apiGroup, a.resource, a.subresource, a.namespace, a.name]),
    [
      ['admin', 'impersonate', '', 'users', '', '', 'jane'],
      ['admin', 'impersonate', '', 'groups', '', '', 'a'],
      ['admin', 'impersonate', '', 'groups', '', '', 'b'],
      ['admin', 'impersonate', 'authentication.k8s.io', 'userextras', 'scopes', '', 'x'],
      ['admin', 'impersonate', 'authentication.k8s.io', 'userextras', 'scopes', '', 'y'],
      ['admin', 'impersonate', 'authentication.k8s.io', 'uids', '', '', 'u1'],
    ],
  );
});

test('a service account is checked on serviceaccounts in its namespace; a refused group is a 403 naming it', async () => {
  const authz = recordingAuthorizer(['root']);
  const sa = await impersonatedUser(admin, { 'impersonate-user': ['system:serviceaccount:ns1:bot'] }, authz);
  assert.deepEqual(sa.groups, ['system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:authenticated']);
  assert.deepEqual([authz.asked[0]!.resource, authz.asked[0]!.namespace, authz.asked[0]!.name], ['serviceaccounts', 'ns1', 'bot']);
  await assert.rejects(
    impersonatedUser(admin, { 'impersonate-user': ['jane'], 'impersonate-group': ['root'] }, authz),
    (e: unknown) => e instanceof StatusError && e.code === 403 && e.message === 'groups "root" is forbidden: User "admin" cannot impersonate resource "groups" in API group "" at the cluster scope',
  );
});

test('system:anonymous gets system:unauthenticated; naming it keeps it from getting system:authenticated', async () => {
  const authz = recordingAuthorizer();
  assert.deepEqual((await impersonatedUser(admin, { 'impersonate-user': ['system:anonymous'] }, authz)).groups, ['system:unauthenticated']);
  assert.deepEqual((await impersonatedUser(admin, { 'impersonate-user': ['x'], 'impersonate-group': ['system:unauthenticated'] }, authz)).groups, ['system:unauthenticated']);
  assert.deepEqual((await impersonatedUser(admin, { 'impersonate-user': ['x'], 'impersonate-group': ['system:authenticated'] }, authz)).groups, ['system:authenticated']);
});

test('extra keys are %-unescaped; groups, extras or a uid without a user are a 400', async () => {
  const u = await impersonatedUser(admin, { 'impersonate-user': ['x'], 'impersonate-extra-acme.com%2fproject': ['p'], 'impersonate-extra-bad%zz': ['q'] }, recordingAuthorizer());
  assert.deepEqual(u.extra, { 'acme.com/project': ['p'], 'bad%zz': ['q'] });
  for (const h of [{ 'impersonate-group': ['g'] }, { 'impersonate-uid': ['1'] }, { 'impersonate-extra-k': ['v'] }]) {
    await assert.rejects(impersonatedUser(admin, h, recordingAuthorizer()), (e: unknown) => e instanceof StatusError && e.code === 400);
  }
  assert.equal(await impersonatedUser(admin, {}, recordingAuthorizer()), admin);
});

test('splitServiceAccountUsername', () => {
  assert.deepEqual(splitServiceAccountUsername('system:serviceaccount:kube-system:default'), { namespace: 'kube-system', name: 'default' });
  for (const n of ['system:serviceaccount:ns', 'system:serviceaccount:ns:a:b', 'system:serviceaccount::x', 'system:serviceaccount:NS:x', 'jane']) {
    assert.equal(splitServiceAccountUsername(n), undefined, n);
  }
});
