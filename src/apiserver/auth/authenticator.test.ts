import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { isStatusError, newUnauthorized } from '../../api/errors.js';
import { createCA, createClientCert, createServingCert, type CertAndKey } from '../pki/certs.js';
import {
  bearerToken,
  ClientCertAuthenticator,
  parseTokenFile,
  TokenFileAuthenticator,
  TokenFileError,
  UnionAuthenticator,
  type Authenticator,
  type AuthRequest,
  type UserInfo,
} from './authenticator.js';
import { AllowAllAuthorizer, UnionAuthorizer, type AuthorizationAttributes } from './authorizer.js';

const noTls = { getPeerCertificate: () => ({}), authorized: false } as unknown as TLSSocket;
const req = (headers: IncomingHttpHeaders, socket: TLSSocket = noTls): AuthRequest => ({ socket, headers });

const is401 = (e: unknown) => isStatusError(e, 'Unauthorized') && e.code === 401 && e.message === 'Unauthorized';

test('token file parser: good lines', () => {
  const text = [
    'tok1,alice,uid-1',
    'tok2,bob,uid-2,"system:masters,devs"',
    '',
    'tok3,carol,,ops',
    '"tok,4",dave,uid-4,"a""b"',
    'tok5,eve,uid-5,"",extra-ignored',
  ].join('\r\n');
  const { tokens, warnings } = parseTokenFile(text, 'tokens.csv');
  assert.deepEqual(warnings, []);
  assert.deepEqual(tokens.get('tok1'), { username: 'alice', uid: 'uid-1', groups: [] });
  assert.deepEqual(tokens.get('tok2'), { username: 'bob', uid: 'uid-2', groups: ['system:masters', 'devs'] });
  assert.deepEqual(tokens.get('tok3'), { username: 'carol', groups: ['ops'] });
  assert.deepEqual(tokens.get('tok,4'), { username: 'dave', uid: 'uid-4', groups: ['a"b'] });
  // upstream splits "" into [""]
  assert.deepEqual(tokens.get('tok5'), { username: 'eve', uid: 'uid-5', groups: [''] });
  assert.equal(tokens.size, 5);
});

test('token file parser: empty and duplicate tokens warn like upstream', () => {
  const { tokens, warnings } = parseTokenFile(',nobody,1\nt,first,1\nt,second,2\n', 'f.csv');
  assert.equal(tokens.size, 1);
  assert.equal(tokens.get('t')!.username, 'second');
  assert.deepEqual(warnings, [
    "empty token has been found in token file 'f.csv', record number '1'",
    "duplicate token has been found in token file 'f.csv', record number '3'",
  ]);
});

test('token file parser: bad lines are clear errors', () => {
  assert.throws(
    () => parseTokenFile('tok1,alice,1\ntok2,bob\n', 'tokens.csv'),
    (e: unknown) =>
      e instanceof TokenFileError &&
      e.message === "token file 'tokens.csv': line 2: must have at least 3 columns (token, user name, user uid), found 2",
  );
  assert.throws(() => parseTokenFile('justonefield\n', 'x'), /line 1: must have at least 3 columns .* found 1/);
  assert.throws(() => parseTokenFile('a,b,c\n\n\ntok,us"er,1\n', 'x'), /line 4: bare " in non-quoted-field/);
  assert.throws(() => parseTokenFile('tok,user,1,"unterminated\n', 'x'), /line 1: extraneous or missing " in quoted-field/);
  assert.throws(() => parseTokenFile('tok,user,1,"a"b\n', 'x'), /extraneous or missing "/);
});

test('token file authenticator: known, unknown and absent tokens', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-tok-'));
  try {
    const file = join(dir, 'tokens.csv');
    writeFileSync(file, 'abc123,alice,1001,"devs,ops"\n');
    const a = TokenFileAuthenticator.fromFile(file);
    assert.equal(a.size, 1);
    assert.deepEqual(a.authenticate(req({ authorization: 'Bearer abc123' })), {
      username: 'alice',
      uid: '1001',
      groups: ['devs', 'ops', 'system:authenticated'],
    });
    assert.equal(a.authenticate(req({ authorization: 'bearer abc123' }))!.username, 'alice');
    // returned users are copies: callers cannot corrupt the table
    a.authenticate(req({ authorization: 'Bearer abc123' }))!.groups.push('x');
    assert.deepEqual(a.authenticate(req({ authorization: 'Bearer abc123' }))!.groups, ['devs', 'ops', 'system:authenticated']);

    assert.throws(() => a.authenticate(req({ authorization: 'Bearer nope' })), is401);
    assert.equal(a.authenticate(req({})), null);
    assert.equal(a.authenticate(req({ authorization: 'Basic dXNlcjpwYXNz' })), null);
    assert.equal(a.authenticate(req({ authorization: 'Bearer ' })), null);

    // websocket subprotocol token, as browsers send it
    const wsProto = `base64.binary.k8s.io, base64url.bearer.authorization.k8s.io.${Buffer.from('abc123').toString('base64url')}`;
    const ws = { upgrade: 'websocket', connection: 'keep-alive, Upgrade', 'sec-websocket-protocol': wsProto };
    assert.equal(a.authenticate(req(ws))!.username, 'alice');
    assert.equal(a.authenticate(req({ 'sec-websocket-protocol': wsProto })), null); // not an upgrade request

    assert.throws(() => TokenFileAuthenticator.fromFile(join(dir, 'missing.csv')), /cannot read token file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bearerToken extraction', () => {
  assert.equal(bearerToken({ authorization: '  Bearer  xyz' }), undefined); // upstream splits on single spaces
  assert.equal(bearerToken({ authorization: 'Bearer xyz extra' }), 'xyz');
  assert.equal(bearerToken({ authorization: 'BEARER xyz' }), 'xyz');
  assert.equal(bearerToken({}), undefined);
});

test('union authenticator: first user wins, errors only when nobody succeeds', () => {
  const user = (name: string): Authenticator => ({ authenticate: () => ({ username: name, groups: [] }) });
  const none: Authenticator = { authenticate: () => null };
  const reject: Authenticator = {
    authenticate: () => {
      throw newUnauthorized();
    },
  };
  const boom: Authenticator = {
    authenticate: () => {
      throw new Error('bug');
    },
  };
  assert.equal(new UnionAuthenticator(none, user('a'), user('b')).authenticate(req({}))!.username, 'a');
  assert.equal(new UnionAuthenticator(reject, user('b')).authenticate(req({}))!.username, 'b');
  assert.equal(new UnionAuthenticator(none, none).authenticate(req({})), null);
  assert.throws(() => new UnionAuthenticator(none, reject, none).authenticate(req({})), is401);
  assert.throws(() => new UnionAuthenticator(boom, user('a')).authenticate(req({})), /bug/);
});

/** Runs the authenticator inside a real TLS server and reports what it decided. */
async function authenticateOverTls(
  ca: CertAndKey,
  client: CertAndKey | undefined,
  auth: Authenticator,
  headers: Record<string, string> = {},
): Promise<{ user?: UserInfo | null; error?: { code: number; reason: string } }> {
  const serving = await createServingCert(ca, { sans: { dns: ['localhost'], ips: ['127.0.0.1'] } });
  const server = createServer(
    { cert: serving.certPem, key: serving.keyPem, ca: [ca.certPem], requestCert: true, rejectUnauthorized: false },
    (r, res) => {
      try {
        res.end(JSON.stringify({ user: auth.authenticate({ socket: r.socket as TLSSocket, headers: r.headers }) }));
      } catch (e) {
        if (!isStatusError(e)) throw e;
        res.end(JSON.stringify({ error: { code: e.code, reason: e.reason } }));
      }
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await new Promise((resolve, reject) => {
      const r = request(
        {
          host: '127.0.0.1',
          port: (server.address() as AddressInfo).port,
          ca: [ca.certPem],
          cert: client?.certPem,
          key: client?.keyPem,
          headers,
          agent: false,
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve(JSON.parse(body)));
        },
      );
      r.on('error', reject);
      r.end();
    });
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('client cert authenticator over real TLS', async () => {
  const ca = await createCA('ca');
  const certs = new ClientCertAuthenticator();

  const admin = await createClientCert(ca, { user: 'admin', groups: ['system:masters'] });
  assert.deepEqual((await authenticateOverTls(ca, admin, certs)).user, {
    username: 'admin',
    groups: ['system:masters', 'system:authenticated'],
  });

  const multi = await createClientCert(ca, { user: 'system:node:n1', groups: ['system:nodes', 'b'] });
  assert.deepEqual((await authenticateOverTls(ca, multi, certs)).user, {
    username: 'system:node:n1',
    groups: ['system:nodes', 'b', 'system:authenticated'],
  });

  const noGroups = await createClientCert(ca, { user: 'solo', groups: [] });
  assert.deepEqual((await authenticateOverTls(ca, noGroups, certs)).user, { username: 'solo', groups: ['system:authenticated'] });

  // no certificate: anonymous
  assert.deepEqual(await authenticateOverTls(ca, undefined, certs), { user: null });

  // a certificate the CA did not sign: 401
  const other = await createCA('other');
  const stranger = await createClientCert(other, { user: 'mallory', groups: ['system:masters'] });
  assert.deepEqual(await authenticateOverTls(ca, stranger, certs), { error: { code: 401, reason: 'Unauthorized' } });

  // ...unless another authenticator vouches for the request (upstream union semantics)
  const union = new UnionAuthenticator(certs, TokenFileAuthenticator.fromText('tkn,bob,2\n'));
  assert.equal((await authenticateOverTls(ca, stranger, union, { authorization: 'Bearer tkn' })).user!.username, 'bob');
  // a valid cert wins over a bad token (x509 comes first)
  assert.equal((await authenticateOverTls(ca, admin, union, { authorization: 'Bearer bad' })).user!.username, 'admin');
  assert.deepEqual(await authenticateOverTls(ca, undefined, union, { authorization: 'Bearer bad' }), {
    error: { code: 401, reason: 'Unauthorized' },
  });
});

test('allow-all authorizer allows authenticated users only', async () => {
  const attrs = (user: UserInfo): AuthorizationAttributes => ({
    user,
    verb: 'get',
    apiGroup: '',
    resource: 'pods',
    subresource: '',
    namespace: 'default',
    name: 'p',
    path: '/api/v1/namespaces/default/pods/p',
    resourceRequest: true,
  });
  const authz = new AllowAllAuthorizer();
  assert.equal((await authz.authorize(attrs({ username: 'a', groups: ['system:authenticated'] }))).decision, 'allow');
  assert.equal((await authz.authorize(attrs({ username: 'system:anonymous', groups: ['system:unauthenticated'] }))).decision, 'noOpinion');
  const deny = { authorize: async () => ({ decision: 'deny' as const, reason: 'no' }) };
  const none = { authorize: async () => ({ decision: 'noOpinion' as const, reason: 'dunno' }) };
  assert.deepEqual(await new UnionAuthorizer(none, deny, authz).authorize(attrs({ username: 'a', groups: ['system:authenticated'] })), {
    decision: 'deny',
    reason: 'no',
  });
  assert.deepEqual(await new UnionAuthorizer(none, none).authorize(attrs({ username: 'a', groups: [] })), {
    decision: 'noOpinion',
    reason: 'dunno, dunno',
  });
});
