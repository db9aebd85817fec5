import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResourceInfo } from '../../../api/resource-info.js';
import type { AdmissionAttributes } from './attributes.js';
import { isExemptFromWebhooks, namespaceSelectorApplies, namespaceSelectorMatches, objectSelectorMatches, ruleMatches, targetOf, type RuleTarget } from './rules.js';

const t = (over: Partial<RuleTarget> = {}): RuleTarget => ({ operation: 'CREATE', group: '', version: 'v1', resource: 'pods', subresource: '', namespace: 'default', ...over });
const rule = (over: Record<string, unknown> = {}) => ({ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], ...over });

test('operations, groups and versions match exactly or by wildcard', () => {
  assert.equal(ruleMatches(rule(), t()), true);
  assert.equal(ruleMatches(rule(), t({ operation: 'UPDATE' })), false);
  assert.equal(ruleMatches(rule({ operations: ['*'] }), t({ operation: 'DELETE' })), true);
  assert.equal(ruleMatches(rule(), t({ group: 'apps' })), false);
  assert.equal(ruleMatches(rule({ apiGroups: ['*'] }), t({ group: 'apps' })), true);
  assert.equal(ruleMatches(rule(), t({ version: 'v2' })), false);
  assert.equal(ruleMatches(rule({ apiVersions: ['*'] }), t({ version: 'v2' })), true);
});

test('resources and subresources: "pods" is the object only, "pods/status", "pods/*", "*", "*/*"', () => {
  const status = t({ subresource: 'status' });
  assert.equal(ruleMatches(rule(), status), false);
  assert.equal(ruleMatches(rule({ resources: ['pods/status'] }), status), true);
  assert.equal(ruleMatches(rule({ resources: ['pods/status'] }), t()), false);
  assert.equal(ruleMatches(rule({ resources: ['pods/*'] }), status), true);
  assert.equal(ruleMatches(rule({ resources: ['*'] }), t({ resource: 'configmaps' })), true);
  assert.equal(ruleMatches(rule({ resources: ['*'] }), status), false);
  assert.equal(ruleMatches(rule({ resources: ['*/status'] }), status), true);
  assert.equal(ruleMatches(rule({ resources: ['*/*'] }), status), true);
  assert.equal(ruleMatches(rule({ resources: ['*/*'] }), t({ resource: 'secrets' })), true);
});

test('scope: Namespaced, Cluster, and namespaces counting as cluster-scoped', () => {
  assert.equal(ruleMatches(rule({ scope: 'Namespaced' }), t()), true);
  assert.equal(ruleMatches(rule({ scope: 'Cluster' }), t()), false);
  const node = t({ resource: 'nodes', namespace: '' });
  assert.equal(ruleMatches(rule({ resources: ['nodes'], scope: 'Cluster' }), node), true);
  assert.equal(ruleMatches(rule({ resources: ['nodes'], scope: 'Namespaced' }), node), false);
  const ns = t({ resource: 'namespaces', namespace: 'team-a' });
  assert.equal(ruleMatches(rule({ resources: ['namespaces'], scope: 'Cluster' }), ns), true);
  assert.equal(ruleMatches(rule({ resources: ['namespaces'], scope: 'Namespaced' }), ns), false);
  assert.equal(ruleMatches(rule({ resources: ['namespaces'], scope: '*' }), ns), true);
});

const info = (resource: string, namespaced: boolean): ResourceInfo => ({ group: '', version: 'v1', kind: resource, resource, namespaced, singular: resource, listKind: `${resource}List` });
const attrs = (over: Partial<AdmissionAttributes>): AdmissionAttributes => ({
  info: info('configmaps', true),
  operation: 'CREATE',
  subresource: '',
  name: 'x',
  namespace: 'default',
  dryRun: false,
  options: {},
  request: { user: { username: 'u', groups: [] }, warnings: [] },
  ...over,
});

test('a namespace object is matched by its own name as namespace', () => {
  assert.equal(targetOf(attrs({ info: info('namespaces', false), name: 'team-a', namespace: '' })).namespace, 'team-a');
});

test('objectSelector looks at the new and the old object', () => {
  const sel = { matchLabels: { app: 'web' } };
  const labelled = { metadata: { labels: { app: 'web' } } };
  const plain = { metadata: {} };
  assert.equal(objectSelectorMatches({}, { object: plain }), true);
  assert.equal(objectSelectorMatches(sel, { object: labelled }), true);
  assert.equal(objectSelectorMatches(sel, { object: plain }), false);
  assert.equal(objectSelectorMatches(sel, { object: plain, oldObject: labelled }), true);
  assert.equal(objectSelectorMatches(sel, { oldObject: labelled }), true);
  assert.equal(objectSelectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, { object: plain }), true);
});

test('namespaceSelector: not applied to other cluster-scoped objects; namespaces match their own labels', () => {
  const sel = { matchLabels: { env: 'prod' } };
  assert.equal(namespaceSelectorApplies(sel, attrs({})), true);
  assert.equal(namespaceSelectorApplies({}, attrs({})), false);
  assert.equal(namespaceSelectorApplies(sel, attrs({ info: info('nodes', false), namespace: '' })), false);
  assert.equal(namespaceSelectorApplies(sel, attrs({ info: info('namespaces', false), namespace: '' })), true);
  assert.equal(namespaceSelectorMatches(sel, { env: 'prod' }), true);
  assert.equal(namespaceSelectorMatches(sel, { env: 'dev' }), false);
});

test('the admission configuration kinds are never sent to webhooks', () => {
  assert.equal(isExemptFromWebhooks('admissionregistration.k8s.io', 'validatingwebhookconfigurations'), true);
  assert.equal(isExemptFromWebhooks('admissionregistration.k8s.io', 'mutatingwebhookconfigurations'), true);
  assert.equal(isExemptFromWebhooks('', 'configmaps'), false);
});
