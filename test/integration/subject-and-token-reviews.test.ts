// SubjectAccessReview, LocalSubjectAccessReview and TokenReview through kubectl 1.33 and 1.27
// (`kubectl create -f ... -o yaml`) and over HTTPS with JSON and protobuf bodies: answered for
// the user the spec names (not the caller) and for spec.token (a service-account token from
// `kubectl create token`, a token-file token, a bad token), upstream's errors, create only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProtobufEncoder } from '../../src/api/protobuf/index.js';
import { definitionForKind } from '../../src/api/schema/index.js';
import { protobufMessages } from '../../src/api/schema/generated/protobuf-fields.js';
import { waitFor } from '../support/cluster.js';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SAR = '/apis/authorization.k8s.io/v1/subjectaccessreviews';
const LSAR = (ns: string) => `/apis/authorization.k8s.io/v1/namespaces/${ns}/localsubjectaccessreviews`;
const TR = '/apis/authentication.k8s.io/v1/tokenreviews';
const ISSUER = 'https://kubernetes.default.svc.cluster.local';
const json = (o: unknown) => JSON.stringify(o);

const sar = (spec: object) => json({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec });
const lsar = (spec: object, metadata?: object) => json({ apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', ...(metadata ? { metadata } : {}), spec });
const tokenReview = (spec: object) => json({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec });

describe('subject access and token reviews', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ tokens: 'tok-jane,jane,uid-42,"devs,ops"\n' });
    for (const ns of ['team-a', 'team-b']) assert.equal((await s.kubectl(['create', 'namespace', ns])).code, 0);
  });
  after(() => s?.close());

  const create = async (version: string, input: string, args: string[] = []) => {
    const r = await s.kubectl(['create', '-f', '-', '-o', 'yaml', ...args], { version, input });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };

  for (const version of ['1.33', '1.27']) {
    it(`kubectl ${version} create -f SubjectAccessReview -o yaml: the spec's user and groups are asked about, not the caller`, async () => {
      const spec = { user: 'jane', groups: ['devs', 'system:authenticated'], uid: 'uid-42', extra: { scopes: ['a'] }, resourceAttributes: { namespace: 'team-a', verb: 'get', resource: 'pods' } };
      assert.equal(
        await create(version, sar(spec)),
        [
          'apiVersion: authorization.k8s.io/v1',
          'kind: SubjectAccessReview',
          'metadata:',
          '  creationTimestamp: null',
          'spec:',
          '  extra:',
          '    scopes:',
          '    - a',
          '  groups:',
          '  - devs',
          '  - system:authenticated',
          '  resourceAttributes:',
          '    namespace: team-a',
          '    resource: pods',
          '    verb: get',
          '  uid: uid-42',
          '  user: jane',
          'status:',
          '  allowed: true',
          '',
        ].join('\n'),
      );
      // The caller is the admin, but a user outside system:authenticated is not allowed by k8ts's authorizer.
      const denied = await create(version, sar({ user: 'jane', nonResourceAttributes: { path: '/healthz', verb: 'get' } }));
      assert.match(denied, /status:\n {2}allowed: false\n {2}reason: anonymous requests are not authorized\n$/);
    });

    it(`kubectl ${version} create -n team-a -f LocalSubjectAccessReview -o yaml: answered in the request's namespace`, async () => {
      const out = await create(version, lsar({ groups: ['system:authenticated'], resourceAttributes: { namespace: 'team-a', verb: 'list', group: 'apps', resource: 'deployments' } }), ['-n', 'team-a']);
      assert.match(out, /^apiVersion: authorization\.k8s\.io\/v1\nkind: LocalSubjectAccessReview\nmetadata:\n {2}creationTimestamp: null\n {2}namespace: team-a\n/);
      assert.match(out, /status:\n {2}allowed: true\n$/);
      const other = await s.kubectl(['create', '-n', 'team-a', '-f', '-'], { version, input: lsar({ user: 'u', resourceAttributes: { namespace: 'team-b', verb: 'get', resource: 'pods' } }) });
      assert.equal(other.code, 1);
      assert.equal(other.stderr.trim(), 'The LocalSubjectAccessReview "" is invalid: spec.resourceAttributes.namespace: Invalid value: "team-b": must match metadata.namespace');
    });

    it(`kubectl ${version} create -f TokenReview -o yaml of a \`kubectl create token\` service-account token`, async () => {
      const sa = `robot-${version.replace('.', '-')}`;
      assert.equal((await s.kubectl(['create', 'serviceaccount', sa, '-n', 'team-a'], { version })).code, 0);
      const uid = (await s.kubectl(['get', 'serviceaccount', sa, '-n', 'team-a', '-o', 'jsonpath={.metadata.uid}'])).stdout;
      const token = (await s.kubectl(['create', 'token', sa, '-n', 'team-a'], { version })).stdout.trim();
      const out = await create(version, tokenReview({ token }));
      const jti = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti;
      assert.equal(
        out,
        [
          'apiVersion: authentication.k8s.io/v1',
          'kind: TokenReview',
          'metadata:',
          '  creationTimestamp: null',
          'spec:',
          `  token: ${token}`,
          'status:',
          '  audiences:',
          `  - ${ISSUER}`,
          '  authenticated: true',
          '  user:',
          '    extra:',
          '      authentication.kubernetes.io/credential-id:',
          `      - JTI=${jti}`,
          '    groups:',
          '    - system:serviceaccounts',
          '    - system:serviceaccounts:team-a',
          '    - system:authenticated',
          `    uid: ${uid}`,
          `    username: system:serviceaccount:team-a:${sa}`,
          '',
        ].join('\n'),
      );
      // A token for another audience is good for that audience only.
      const vault = (await s.kubectl(['create', 'token', sa, '-n', 'team-a', '--audience', 'vault'], { version })).stdout.trim();
      assert.match(await create(version, tokenReview({ token: vault, audiences: ['vault', 'other'] })), /status:\n {2}audiences:\n {2}- vault\n {2}authenticated: true\n/);
      const wrong = await s.kubectl(['create', '-f', '-', '-o', 'json'], { version, input: tokenReview({ token: vault }) });
      assert.deepEqual(JSON.parse(wrong.stdout).status, { user: {}, error: `[invalid bearer token, token audiences ["vault"] is invalid for the target audiences ["${ISSUER}"]]` });
    });

    it(`kubectl ${version}: a bad token is an answer (authenticated false), a missing token and an empty SubjectAccessReview are upstream's errors`, async () => {
      assert.match(await create(version, tokenReview({ token: 'not-a-token' })), /status:\n {2}error: invalid bearer token\n {2}user: \{\}\n$/);
      const none = await s.kubectl(['create', '-f', '-'], { version, input: tokenReview({}) });
      assert.equal(none.code, 1);
      assert.equal(none.stderr.trim(), 'Error from server (BadRequest): error when creating "STDIN": token is required for TokenReview in authentication');
      const empty = await s.kubectl(['create', '-f', '-'], { version, input: sar({}) });
      assert.equal(empty.code, 1);
      assert.equal(
        empty.stderr.trim(),
        [
          'The SubjectAccessReview "" is invalid: ',
          '* spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
          '* spec.user: Invalid value: "": at least one of user or group must be specified',
        ].join('\n'),
      );
    });
  }

  it('TokenReview of a token-file token: its user (with system:authenticated), for the API audiences only', async () => {
    const r = await request(s, { method: 'POST', path: TR, body: JSON.parse(tokenReview({ token: 'tok-jane' })) });
    assert.equal(r.code, 201, r.body.toString());
    assert.deepEqual(r.json().status, { authenticated: true, user: { username: 'jane', uid: 'uid-42', groups: ['devs', 'ops', 'system:authenticated'] }, audiences: [ISSUER] });
    const elsewhere = await request(s, { method: 'POST', path: TR, body: JSON.parse(tokenReview({ token: 'tok-jane', audiences: ['vault'] })) });
    assert.deepEqual(elsewhere.json().status, { user: {}, error: 'invalid bearer token' });
  });

  it('TokenReview of a deleted service account\'s token: authenticated false, with the reason', async () => {
    assert.equal((await s.kubectl(['create', 'serviceaccount', 'gone', '-n', 'team-b'])).code, 0);
    const token = (await s.kubectl(['create', 'token', 'gone', '-n', 'team-b'])).stdout.trim();
    assert.equal((await s.kubectl(['delete', 'serviceaccount', 'gone', '-n', 'team-b'])).code, 0);
    const status = await waitFor('the token refused', async () => {
      const st = (await request(s, { method: 'POST', path: TR, body: JSON.parse(tokenReview({ token })) })).json().status;
      return st.authenticated ? undefined : st;
    });
    assert.deepEqual(status, { user: {}, error: '[invalid bearer token, serviceaccount "gone" not found]' });
  });

  it('upstream\'s 422s and 400s: both attributes, metadata, a LocalSubjectAccessReview\'s namespaces and non-resource attributes', async () => {
    const both = await request(s, { method: 'POST', path: SAR, body: JSON.parse(sar({ user: 'u', resourceAttributes: { verb: 'get' }, nonResourceAttributes: { path: '/', verb: 'get' } })) });
    assert.equal(both.code, 422);
    assert.deepEqual(both.json().details.causes.map((c: { field: string }) => c.field), ['spec.nonResourceAttributes']);
    const named = await request(s, { method: 'POST', path: SAR, body: { ...JSON.parse(sar({ user: 'u', resourceAttributes: { verb: 'get' } })), metadata: { name: 'x' } } });
    assert.equal(named.code, 422);
    assert.match(named.json().message, /metadata: Invalid value: .*: must be empty$/);
    const selector = await request(s, { method: 'POST', path: SAR, body: JSON.parse(sar({ user: 'u', resourceAttributes: { verb: 'list', resource: 'pods', labelSelector: {} } })) });
    assert.equal(selector.json().message, 'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes.labelSelector.requirements: Required value: when spec.resourceAttributes.labelSelector is specified, requirements or rawSelector is required');
    const localNamed = await request(s, { method: 'POST', path: LSAR('team-a'), body: JSON.parse(lsar({ user: 'u', resourceAttributes: { namespace: 'team-a', verb: 'get' } }, { name: 'x', namespace: 'team-a' })) });
    assert.equal(localNamed.code, 422);
    assert.match(localNamed.json().message, /metadata: Invalid value: .*: must be empty except for namespace$/);
    const moved = await request(s, { method: 'POST', path: LSAR('team-a'), body: JSON.parse(lsar({ user: 'u', resourceAttributes: { namespace: 'team-a', verb: 'get' } }, { namespace: 'team-b' })) });
    assert.equal(moved.code, 400);
    assert.equal(moved.json().message, 'the namespace of the provided object does not match the namespace sent on the request');
    const nonResource = await request(s, { method: 'POST', path: LSAR('team-a'), body: JSON.parse(lsar({ user: 'u', nonResourceAttributes: { path: '/x', verb: 'get' } })) });
    assert.equal(nonResource.code, 422);
    assert.deepEqual(nonResource.json().details.causes, [{ reason: 'FieldValueInvalid', message: 'Invalid value: {"path":"/x","verb":"get"}: disallowed on this kind of request', field: 'spec.nonResourceAttributes' }]);
  });

  it('take protobuf bodies, as client-go sends them', async () => {
    const encoder = new ProtobufEncoder(protobufMessages, definitionForKind);
    const post = (path: string, obj: Record<string, unknown>) => request(s, { method: 'POST', path, body: Buffer.from(encoder.encode(obj)), headers: { 'content-type': 'application/vnd.kubernetes.protobuf' } });
    const a = await post(SAR, JSON.parse(sar({ user: 'bob', groups: ['system:authenticated'], resourceAttributes: { verb: 'list', group: 'apps', resource: 'deployments' } })));
    assert.equal(a.code, 201, a.body.toString());
    assert.deepEqual(a.json().status, { allowed: true });
    const l = await post(LSAR('team-b'), JSON.parse(lsar({ user: 'bob', resourceAttributes: { namespace: 'team-b', verb: 'get', resource: 'secrets' } })));
    assert.equal(l.code, 201, l.body.toString());
    assert.equal(l.json().metadata.namespace, 'team-b');
    assert.equal(l.json().status.allowed, false);
    const t = await post(TR, JSON.parse(tokenReview({ token: 'tok-jane' })));
    assert.equal(t.code, 201, t.body.toString());
    assert.equal(t.json().status.user.username, 'jane');
  });

  it('are create only, in discovery, and not namespaced but for LocalSubjectAccessReview', async () => {
    for (const path of [SAR, `${SAR}/x`, LSAR('team-a'), TR]) {
      const r = await request(s, { path });
      assert.equal(r.code, 405, `${path}: ${r.body.toString()}`);
    }
    assert.equal((await request(s, { method: 'POST', path: `/apis/authorization.k8s.io/v1/namespaces/team-a/subjectaccessreviews`, body: JSON.parse(sar({ user: 'u', nonResourceAttributes: { path: '/', verb: 'get' } })) })).code, 404);
    const authz = (await request(s, { path: '/apis/authorization.k8s.io/v1' })).json();
    assert.deepEqual(
      authz.resources.map((r: { name: string; namespaced: boolean; verbs: string[] }) => [r.name, r.namespaced, r.verbs.join(',')]),
      [
        ['localsubjectaccessreviews', true, 'create'],
        ['selfsubjectaccessreviews', false, 'create'],
        ['selfsubjectrulesreviews', false, 'create'],
        ['subjectaccessreviews', false, 'create'],
      ],
    );
    const authn = (await request(s, { path: '/apis/authentication.k8s.io/v1' })).json();
    assert.deepEqual(authn.resources.map((r: { name: string }) => r.name), ['selfsubjectreviews', 'tokenreviews']);
  });
});
