import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseRequestInfo } from './request-info.js';
import { dryRunLabel, requestLabels, reportedVerb, requestScope } from './request-labels.js';

const info = (method: string, path: string, query = '') => parseRequestInfo(method, path, new URLSearchParams(query));

it('reports verbs as upstream does: POST, PUT, LIST, WATCH, APPLY for server-side apply', () => {
  assert.equal(reportedVerb(info('POST', '/api/v1/namespaces/a/pods'), 'application/json'), 'POST');
  assert.equal(reportedVerb(info('PUT', '/api/v1/namespaces/a/pods/p'), 'application/json'), 'PUT');
  assert.equal(reportedVerb(info('GET', '/api/v1/namespaces/a/pods'), undefined), 'LIST');
  assert.equal(reportedVerb(info('GET', '/api/v1/namespaces/a/pods', 'watch=1'), undefined), 'WATCH');
  assert.equal(reportedVerb(info('GET', '/api/v1/namespaces/a/pods/p'), undefined), 'GET');
  assert.equal(reportedVerb(info('PATCH', '/apis/apps/v1/namespaces/a/deployments/d'), 'application/apply-patch+yaml; charset=utf-8'), 'APPLY');
  assert.equal(reportedVerb(info('PATCH', '/apis/apps/v1/namespaces/a/deployments/d'), 'application/merge-patch+json'), 'PATCH');
  assert.equal(reportedVerb(info('DELETE', '/api/v1/namespaces/a/pods'), undefined), 'DELETECOLLECTION');
  assert.equal(reportedVerb(info('GET', '/healthz'), undefined), 'GET');
});

it('reports exec, attach and portforward as CONNECT, and pods/log as a GET', () => {
  assert.equal(reportedVerb(info('POST', '/api/v1/namespaces/a/pods/p/exec', 'command=ls'), undefined), 'CONNECT');
  assert.equal(reportedVerb(info('GET', '/api/v1/namespaces/a/pods/p/attach'), undefined), 'CONNECT');
  assert.equal(reportedVerb(info('POST', '/api/v1/namespaces/a/pods/p/portforward'), undefined), 'CONNECT');
  assert.equal(reportedVerb(info('GET', '/api/v1/namespaces/a/pods/p/log', 'follow=true'), undefined), 'GET');
});

it('scopes a call to one object (and every create), a namespace or the cluster', () => {
  assert.equal(requestScope(info('GET', '/api/v1/namespaces/a/pods/p')), 'resource');
  assert.equal(requestScope(info('POST', '/api/v1/namespaces/a/pods')), 'resource');
  assert.equal(requestScope(info('GET', '/api/v1/namespaces/a/pods')), 'namespace');
  assert.equal(requestScope(info('GET', '/api/v1/pods')), 'cluster');
  assert.equal(requestScope(info('GET', '/api/v1/nodes/n1')), 'resource');
  assert.equal(requestScope(info('GET', '/version')), '');
});

it('labels dry runs All, and anything else invalid', () => {
  assert.equal(dryRunLabel(new URLSearchParams('')), '');
  assert.equal(dryRunLabel(new URLSearchParams('dryRun=All&dryRun=All')), 'All');
  assert.equal(dryRunLabel(new URLSearchParams('dryRun=Some')), 'invalid');
  const l = requestLabels(info('POST', '/apis/apps/v1/namespaces/a/deployments/d/scale'), 'application/json', new URLSearchParams('dryRun=All'));
  assert.deepEqual(l, { verb: 'POST', dryRun: 'All', group: 'apps', version: 'v1', resource: 'deployments', subresource: 'scale', scope: 'resource' });
});
