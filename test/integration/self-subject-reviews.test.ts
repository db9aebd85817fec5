// SelfSubjectAccessReview, SelfSubjectRulesReview and SelfSubjectReview over HTTPS: answers for
// the requesting user (client certificate or token), upstream's validation errors, create only,
// in discovery, and protobuf bodies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProtobufEncoder } from '../../src/api/protobuf/index.js';
import { definitionForKind } from '../../src/api/schema/index.js';
import { protobufMessages } from '../../src/api/schema/generated/protobuf-fields.js';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const SSRR = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';
const SSR = '/apis/authentication.k8s.io/v1/selfsubjectreviews';
const TOKEN = { token: 'tok-jane' };

describe('self subject reviews', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ tokens: 'tok-jane,jane,uid-42,"devs,ops"\n' });
  });
  after(() => s?.close());

  it('SelfSubjectAccessReview: allowed for an authenticated user, with the spec echoed back', async () => {
    const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } } };
    const r = await request(s, { method: 'POST', path: SSAR, body, auth: TOKEN });
    assert.equal(r.code, 201, r.body.toString());
    assert.deepEqual(r.json(), { ...body, metadata: { creationTimestamp: null }, status: { allowed: true } });
    const nr = await request(s, { method: 'POST', path: SSAR, body: { ...body, spec: { nonResourceAttributes: { path: '/healthz', verb: 'get' } } } });
    assert.equal(nr.code, 201, nr.body.toString());
    assert.deepEqual(nr.json().status, { allowed: true });
  });

  it('SelfSubjectAccessReview: upstream\'s 422s for a spec without (or with both) attributes, and for metadata', async () => {
    const base = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview' };
    const none = await request(s, { method: 'POST', path: SSAR, body: { ...base, spec: {} } });
    assert.equal(none.code, 422, none.body.toString());
    assert.equal(none.json().reason, 'Invalid');
    assert.equal(
      none.json().message,
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
    const both = await request(s, { method: 'POST', path: SSAR, body: { ...base, spec: { resourceAttributes: { verb: 'get' }, nonResourceAttributes: { path: '/', verb: 'get' } } } });
    assert.equal(both.code, 422);
    assert.equal(both.json().details.causes[0].field, 'spec.nonResourceAttributes');
    const named = await request(s, { method: 'POST', path: SSAR, body: { ...base, metadata: { name: 'x' }, spec: { resourceAttributes: { verb: 'get' } } } });
    assert.equal(named.code, 422);
    assert.equal(named.json().details.causes[0].field, 'metadata');
  });

  it('SelfSubjectRulesReview: every rule for an authenticated user; the namespace is required', async () => {
    const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'default' } };
    const r = await request(s, { method: 'POST', path: SSRR, body, auth: TOKEN });
    assert.equal(r.code, 201, r.body.toString());
    assert.deepEqual(r.json().status, {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    });
    const none = await request(s, { method: 'POST', path: SSRR, body: { ...body, spec: {} } });
    assert.equal(none.code, 400);
    assert.equal(none.json().message, 'no namespace on request');
  });

  it('SelfSubjectReview: the requesting user, its uid and groups (with system:authenticated)', async () => {
    const body = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' };
    const r = await request(s, { method: 'POST', path: SSR, body, auth: TOKEN });
    assert.equal(r.code, 201, r.body.toString());
    const o = r.json();
    assert.equal(o.kind, 'SelfSubjectReview');
    assert.deepEqual(o.status, { userInfo: { username: 'jane', uid: 'uid-42', groups: ['devs', 'ops', 'system:authenticated'] } });
    assert.match(o.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const admin = await request(s, { method: 'POST', path: SSR, body });
    assert.deepEqual(admin.json().status.userInfo, { username: 'admin', groups: ['system:masters', 'system:authenticated'] });
  });

  it('reviews are create-only, unauthenticated requests get 401, and discovery lists them', async () => {
    for (const path of [SSAR, SSRR, SSR, `${SSAR}/x`]) {
      const r = await request(s, { path });
      assert.equal(r.code, 405, `${path}: ${r.body.toString()}`);
      assert.equal(r.json().reason, 'MethodNotAllowed');
    }
    assert.equal((await request(s, { method: 'POST', path: SSR, body: {}, auth: 'none' })).code, 401);
    const authz = (await request(s, { path: '/apis/authorization.k8s.io/v1' })).json();
    const names = authz.resources.map((r: { name: string; verbs: string[] }) => `${r.name}:${r.verbs.join(',')}`);
    assert.deepEqual(names, ['localsubjectaccessreviews:create', 'selfsubjectaccessreviews:create', 'selfsubjectrulesreviews:create', 'subjectaccessreviews:create']);
    const authn = (await request(s, { path: '/apis/authentication.k8s.io/v1' })).json();
    assert.deepEqual(authn.resources.map((r: { name: string; namespaced: boolean }) => [r.name, r.namespaced]), [['selfsubjectreviews', false], ['tokenreviews', false]]);
  });

  it('takes protobuf bodies, as kubectl 1.33 sends them', async () => {
    const encoder = new ProtobufEncoder(protobufMessages, definitionForKind);
    const body = encoder.encode({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', group: 'apps', resource: 'deployments' } } });
    const r = await request(s, { method: 'POST', path: SSAR, body: Buffer.from(body), headers: { 'content-type': 'application/vnd.kubernetes.protobuf' } });
    assert.equal(r.code, 201, r.body.toString());
    assert.deepEqual(r.json().spec, { resourceAttributes: { verb: 'list', group: 'apps', resource: 'deployments' } });
    assert.equal(r.json().status.allowed, true);
  });
});
