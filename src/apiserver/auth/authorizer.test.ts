import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AllowAllAuthorizer, UnionAuthorizer, type Authorizer } from './authorizer.js';

const jane = { username: 'jane', groups: ['devs', 'system:authenticated'] };
const anonymous = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

test('allow-all: every rule for authenticated users, none for anonymous ones', async () => {
  const a = new AllowAllAuthorizer();
  assert.deepEqual(await a.rulesFor(jane), {
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  });
  assert.deepEqual(await a.rulesFor(anonymous), { resourceRules: [], nonResourceRules: [], incomplete: false });
  assert.equal((await a.authorize({ user: jane, verb: 'create', apiGroup: '', resource: 'pods', subresource: '', namespace: 'default', name: '', path: '', resourceRequest: true })).decision, 'allow');
});

test('union: rules of every authorizer, incomplete when one cannot list its rules', async () => {
  const opaque: Authorizer = { authorize: async () => ({ decision: 'noOpinion', reason: 'webhook says nothing' }) };
  const failing: Authorizer = {
    authorize: async () => ({ decision: 'noOpinion', reason: '' }),
    rulesFor: async () => ({ resourceRules: [{ verbs: ['get'], resources: ['pods'] }], nonResourceRules: [], incomplete: true, evaluationError: 'rbac: broken' }),
  };
  const u = new UnionAuthorizer(opaque, failing, new AllowAllAuthorizer());
  const r = await u.rulesFor(jane, 'default');
  assert.equal(r.incomplete, true);
  assert.equal(r.evaluationError, 'rbac: broken');
  assert.deepEqual(r.resourceRules, [{ verbs: ['get'], resources: ['pods'] }, { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
  assert.deepEqual(r.nonResourceRules, [{ verbs: ['*'], nonResourceURLs: ['*'] }]);
  assert.deepEqual(await new UnionAuthorizer(new AllowAllAuthorizer()).rulesFor(jane, 'x'), await new AllowAllAuthorizer().rulesFor(jane));
});
