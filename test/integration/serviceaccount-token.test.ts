// TokenRequest (serviceaccounts/{name}/token) with the real kubectl: `kubectl create token`
// returns a JWT signed with the server's service account key, and the API server authenticates
// it as system:serviceaccount:NAMESPACE:NAME until the service account is deleted.
import assert from 'node:assert/strict';
import { createPublicKey, verify, type webcrypto } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { clientFromKubeconfig, NAMESPACES, SERVICEACCOUNTS, type Client } from '../../src/client/index.js';
import { request } from '../support/http.js';
import { kubectlPath, runKubectl, startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
let client: Client;
const NS = 'tokens';

before(async () => {
  s = await startTestServer();
  client = clientFromKubeconfig(s.kubeconfig);
  await client.resource(NAMESPACES).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
});

after(async () => {
  client?.close();
  await s?.close();
});

/** kubectl authenticating with only the bearer token. */
function asToken(token: string, args: string[], version = '1.33') {
  const file = join(s.dir, `token-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: ${s.url}, certificate-authority-data: ${Buffer.from(s.ca).toString('base64')}}}]
users: [{name: u, user: {token: ${token}}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: ${NS}}}]
current-context: x
`);
  return runKubectl(kubectlPath(version), ['--kubeconfig', file, ...args]);
}

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, any>;

describe('serviceaccounts/token', () => {
  it('kubectl create token returns a JWT the server authenticates as the service account', async () => {
    const sa = await client.resource(SERVICEACCOUNTS, NS).create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
    const r = await s.kubectl(['-n', NS, 'create', 'token', 'robot']);
    assert.equal(r.code, 0, r.stderr);
    const token = r.stdout.trim();
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    assert.equal(header.alg, 'ES256');
    const c = claimsOf(token);
    assert.equal(c.sub, `system:serviceaccount:${NS}:robot`);
    assert.equal(c.iss, 'https://kubernetes.default.svc.cluster.local');
    assert.deepEqual(c.aud, ['https://kubernetes.default.svc.cluster.local']);
    assert.equal(c.exp - c.iat, 3600);
    assert.deepEqual(c['kubernetes.io'], { namespace: NS, serviceaccount: { name: 'robot', uid: sa.metadata!.uid } });

    const who = await asToken(token, ['auth', 'whoami']);
    assert.equal(who.code, 0, who.stderr);
    assert.match(who.stdout, new RegExp(`^Username\\s+system:serviceaccount:${NS}:robot$`, 'm'));
    assert.match(who.stdout, new RegExp(`^Groups\\s+\\[system:serviceaccounts system:serviceaccounts:${NS} system:authenticated\\]$`, 'm'));
    const get = await asToken(token, ['get', 'serviceaccounts', '-o', 'name'], '1.27');
    assert.equal(get.code, 0, get.stderr);
    assert.match(get.stdout, /^serviceaccount\/robot$/m);

    // Deleting the service account revokes its tokens.
    await client.resource(SERVICEACCOUNTS, NS).delete('robot');
    const deadline = Date.now() + 10_000;
    let denied;
    do denied = await asToken(token, ['get', 'serviceaccounts']);
    while (denied.code === 0 && Date.now() < deadline);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /You must be logged in to the server \(Unauthorized\)/);
  });

  it('answers the TokenRequest with 201, the defaults filled in, and honours --duration and --audience', async () => {
    await client.resource(SERVICEACCOUNTS, NS).create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } });
    const res = (await client.rest.request('POST', `/api/v1/namespaces/${NS}/serviceaccounts/builder/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} })) as Record<string, any>;
    assert.equal(res.kind, 'TokenRequest');
    assert.equal(res.apiVersion, 'authentication.k8s.io/v1');
    assert.deepEqual(res.metadata.name, 'builder');
    assert.deepEqual(res.spec, { audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600, boundObjectRef: null });
    assert.ok(Date.parse(res.status.expirationTimestamp) > Date.now() + 3500_000);

    const long = await s.kubectl(['-n', NS, 'create', 'token', 'builder', '--duration=2h']);
    assert.equal(long.code, 0, long.stderr);
    const c = claimsOf(long.stdout.trim());
    assert.equal(c.exp - c.iat, 7200);

    // A token for another audience is not accepted by the API server.
    const other = await s.kubectl(['-n', NS, 'create', 'token', 'builder', '--audience=vault']);
    assert.equal(other.code, 0, other.stderr);
    assert.deepEqual(claimsOf(other.stdout.trim()).aud, ['vault']);
    const denied = await asToken(other.stdout.trim(), ['get', 'serviceaccounts']);
    assert.match(denied.stderr, /Unauthorized/);
  });

  it('refuses short lifetimes (422) and unknown service accounts (404)', async () => {
    const short = await s.kubectl(['-n', NS, 'create', 'token', 'builder', '--duration=5m']);
    assert.notEqual(short.code, 0);
    assert.match(short.stderr, /TokenRequest.authentication.k8s.io "builder" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes/);
    const missing = await s.kubectl(['-n', NS, 'create', 'token', 'nobody']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /serviceaccounts "nobody" not found/);
  });

  it('serves the issuer discovery documents, whose key verifies the tokens kubectl create token returns', async () => {
    const conf = await s.kubectl(['get', '--raw', '/.well-known/openid-configuration']);
    assert.equal(conf.code, 0, conf.stderr);
    const port = new URL(s.url).port;
    assert.deepEqual(JSON.parse(conf.stdout), {
      issuer: 'https://kubernetes.default.svc.cluster.local',
      jwks_uri: `https://127.0.0.1:${port}/openid/v1/jwks`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
    });
    const raw = await request(s, { path: '/openid/v1/jwks' });
    assert.equal(raw.code, 200);
    assert.equal(raw.headers['content-type'], 'application/jwk-set+json');
    assert.equal(raw.headers['cache-control'], 'public, max-age=3600');
    const { keys } = raw.json() as { keys: Array<webcrypto.JsonWebKey & { kid: string }> };
    assert.equal(keys.length, 1);
    assert.deepEqual(Object.keys(keys[0]!), ['use', 'kty', 'kid', 'crv', 'alg', 'x', 'y']);
    assert.deepEqual([keys[0]!.use, keys[0]!.kty, keys[0]!.crv, keys[0]!.alg], ['sig', 'EC', 'P-256', 'ES256']);
    // A trailing slash is the same document, as upstream serves both.
    assert.deepEqual((await request(s, { path: '/openid/v1/jwks/' })).json(), { keys });

    await client.resource(SERVICEACCOUNTS, NS).create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'federated' } });
    const t = await s.kubectl(['-n', NS, 'create', 'token', 'federated', '--audience=sts.example.com']);
    assert.equal(t.code, 0, t.stderr);
    const [head, body, sig] = t.stdout.trim().split('.') as [string, string, string];
    assert.equal(JSON.parse(Buffer.from(head, 'base64url').toString('utf8')).kid, keys[0]!.kid);
    const key = createPublicKey({ key: keys[0]!, format: 'jwk' });
    assert.ok(verify('sha256', Buffer.from(`${head}.${body}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url')));
    // A service account can read them with its own token; anonymous requests cannot.
    const own = await s.kubectl(['-n', NS, 'create', 'token', 'federated']);
    assert.equal((await request(s, { path: '/.well-known/openid-configuration', auth: { token: own.stdout.trim() } })).code, 200);
    assert.equal((await request(s, { path: '/openid/v1/jwks', auth: 'none' })).code, 401);
  });

  it('discovery lists serviceaccounts/token', async () => {
    const list = (await client.rest.request('GET', '/api/v1')) as { resources: Array<{ name: string; group?: string; version?: string; kind: string; verbs: string[] }> };
    const t = list.resources.find((r) => r.name === 'serviceaccounts/token');
    assert.deepEqual(t && { group: t.group, version: t.version, kind: t.kind, verbs: t.verbs }, { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] });
  });
});
