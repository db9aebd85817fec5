import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingPodResources, objectUsage, printUsage, quotaMatches, resourceForQuotaName, toResourceList, usageOf } from './usage.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

test('pod usage: sums containers, max with init containers, plus overhead; finished pods count nothing', () => {
  const pod = {
    spec: {
      containers: [{ name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m' } } }, { name: 'b', resources: { requests: { cpu: '300m' } } }],
      initContainers: [{ name: 'i', resources: { requests: { cpu: '1', memory: '32Mi' } } }],
      overhead: { cpu: '10m' },
    },
    status: { phase: 'Running' },
  };
  assert.deepEqual(toResourceList(objectUsage('', 'pods', pod, NOW)), {
    pods: '1', 'count/pods': '1', cpu: '1010m', 'requests.cpu': '1010m', memory: '64Mi', 'requests.memory': '64Mi', 'limits.cpu': '210m',
  });
  assert.equal(objectUsage('', 'pods', { ...pod, status: { phase: 'Succeeded' } }, NOW).size, 0);
});

test('services, claims and generic counts', () => {
  assert.deepEqual(toResourceList(objectUsage('', 'services', { spec: { type: 'NodePort', ports: [{ port: 1 }, { port: 2 }] } }, NOW)), {
    'count/services': '1', services: '1', 'services.loadbalancers': '0', 'services.nodeports': '2',
  });
  assert.deepEqual(toResourceList(objectUsage('', 'persistentvolumeclaims', { spec: { storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } } }, NOW)), {
    'count/persistentvolumeclaims': '1', 'fast.storageclass.storage.k8s.io/persistentvolumeclaims': '1', 'fast.storageclass.storage.k8s.io/requests.storage': '5Gi', persistentvolumeclaims: '1', 'requests.storage': '5Gi',
  });
  assert.deepEqual(toResourceList(objectUsage('apps', 'deployments', {}, NOW)), { 'count/deployments.apps': '1' });
  assert.deepEqual(toResourceList(objectUsage('', 'configmaps', {}, NOW)), { configmaps: '1', 'count/configmaps': '1' });
});

test('quota names map to the resource they are computed from', () => {
  assert.deepEqual(resourceForQuotaName('count/deployments.apps'), { group: 'apps', resource: 'deployments' });
  assert.deepEqual(resourceForQuotaName('count/widgets.example.com'), { group: 'example.com', resource: 'widgets' });
  assert.deepEqual(resourceForQuotaName('limits.memory'), { group: '', resource: 'pods' });
  assert.deepEqual(resourceForQuotaName('services.nodeports'), { group: '', resource: 'services' });
  assert.equal(resourceForQuotaName('bogus'), undefined);
});

test('error pieces: sorted resource lists, must-specify per container', () => {
  assert.equal(printUsage(usageOf({ pods: '1', 'limits.cpu': '2' })), 'limits.cpu=2,pods=1');
  const pod = { spec: { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }, { name: 'b' }] } };
  assert.equal(missingPodResources(pod, usageOf({ 'requests.cpu': '1', 'limits.memory': '1Gi', pods: '3' })), 'must specify limits.memory for: a,b; requests.cpu for: b');
  assert.equal(missingPodResources(pod, usageOf({ pods: '3' })), undefined);
});

test('scopes: scoped quotas track only matching pods', () => {
  const be = { spec: { containers: [{ name: 'a' }] } };
  const burst = { spec: { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }], activeDeadlineSeconds: 5, priorityClassName: 'high' } };
  const quota = (spec: Record<string, unknown>) => ({ spec });
  assert.ok(quotaMatches(quota({}), 'apps', 'deployments', {}));
  assert.ok(!quotaMatches(quota({ scopes: ['BestEffort'] }), '', 'services', {}));
  assert.ok(quotaMatches(quota({ scopes: ['BestEffort', 'NotTerminating'] }), '', 'pods', be));
  assert.ok(!quotaMatches(quota({ scopes: ['BestEffort'] }), '', 'pods', burst));
  assert.ok(quotaMatches(quota({ scopes: ['NotBestEffort', 'Terminating'] }), '', 'pods', burst));
  const pc = (operator: string, values?: string[]) => quota({ scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator, values }] } });
  assert.ok(quotaMatches(pc('In', ['high']), '', 'pods', burst));
  assert.ok(!quotaMatches(pc('In', ['high']), '', 'pods', be));
  assert.ok(quotaMatches(pc('NotIn', ['high']), '', 'pods', be));
  assert.ok(quotaMatches(pc('DoesNotExist'), '', 'pods', be));
});
