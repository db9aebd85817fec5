import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { checkServerIdentity, type TLSSocket } from 'node:tls';
import { X509Certificate as NodeX509 } from 'node:crypto';
import './reflect-polyfill.js'; // before @peculiar/x509
import * as x509 from '@peculiar/x509';
import { createCA, createClientCert, createServingCert, type CertAndKey } from './certs.js';

const DAY = 24 * 3600 * 1000;

interface Seen {
  authorized: boolean;
  authorizationError?: string;
  cn?: string | string[];
  o?: string | string[];
}

/** An https server with the serving cert that asks for (but does not require) client certs. */
async function withServer<T>(ca: CertAndKey, serving: CertAndKey, fn: (port: number) => Promise<T>): Promise<T> {
  const server = createServer(
    { cert: serving.certPem, key: serving.keyPem, ca: [ca.certPem], requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const sock = req.socket as TLSSocket;
      const peer = sock.getPeerCertificate();
      const seen: Seen = { authorized: sock.authorized };
      if (sock.authorizationError) seen.authorizationError = String(sock.authorizationError);
      if (peer && peer.subject) {
        seen.cn = peer.subject.CN;
        seen.o = peer.subject.O;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(seen));
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await fn((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

function get(port: number, host: string, trustPem: string, client?: CertAndKey): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        servername: host === '127.0.0.1' ? undefined : host,
        port,
        path: '/',
        ca: [trustPem],
        cert: client?.certPem,
        key: client?.keyPem,
        agent: false,
        // Verify the server name the way a client dialing `host` would.
        checkServerIdentity: (_h, cert) => checkServerIdentity(host, cert),
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(JSON.parse(body) as Seen));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('CA, serving and client certificates work with node:tls in both directions', async () => {
  const ca = await createCA('test-ca');
  const serving = await createServingCert(ca, { sans: { dns: ['localhost', 'kubernetes.default.svc'], ips: ['127.0.0.1'] } });
  const client = await createClientCert(ca, { user: 'jane', groups: ['system:masters', 'dev_team@example'] });

  await withServer(ca, serving, async (port) => {
    // server identity via IP SAN and DNS SAN
    const byIp = await get(port, '127.0.0.1', ca.certPem, client);
    assert.equal(byIp.authorized, true, byIp.authorizationError ?? '');
    assert.equal(byIp.cn, 'jane');
    assert.deepEqual(byIp.o, ['system:masters', 'dev_team@example']);
    const byName = await get(port, 'localhost', ca.certPem, client);
    assert.equal(byName.authorized, true);

    // a single group comes back as a string
    const one = await createClientCert(ca, { user: 'bob', groups: ['devs'] });
    const seenOne = await get(port, 'localhost', ca.certPem, one);
    assert.equal(seenOne.authorized, true);
    assert.equal(seenOne.cn, 'bob');
    assert.equal(seenOne.o, 'devs');

    // no client cert: not authorized, no subject
    const anon = await get(port, 'localhost', ca.certPem);
    assert.equal(anon.authorized, false);
    assert.equal(anon.cn, undefined);

    // a client cert from another CA is presented but not authorized
    const other = await createCA('other-ca');
    const stranger = await createClientCert(other, { user: 'mallory', groups: [] });
    const seenStranger = await get(port, 'localhost', ca.certPem, stranger);
    assert.equal(seenStranger.authorized, false);
    assert.ok(seenStranger.authorizationError);

    // a serving cert is not a client cert (wrong extended key usage)
    const seenServing = await get(port, 'localhost', ca.certPem, serving);
    assert.equal(seenServing.authorized, false);

    // the client refuses the server for a name outside the SANs, and under another CA
    await assert.rejects(get(port, 'example.com', ca.certPem, client), /altnames|Hostname/i);
    await assert.rejects(get(port, 'localhost', other.certPem, client), /self.signed|unable to (get|verify)|certificate/i);
  });
});

test('certificate contents: usages, constraints, key identifiers, validity, SANs', async () => {
  const ca = await createCA('k8ts-ca');
  const serving = await createServingCert(ca, { sans: { dns: ['localhost', 'kubernetes'], ips: ['127.0.0.1', '10.43.0.1', '::1'] } });
  const client = await createClientCert(ca, { user: 'admin', groups: ['system:masters'] });

  const caCert = new x509.X509Certificate(ca.certPem);
  const srv = new x509.X509Certificate(serving.certPem);
  const cli = new x509.X509Certificate(client.certPem);

  // CA
  const caBc = caCert.getExtension(x509.BasicConstraintsExtension)!;
  assert.equal(caBc.ca, true);
  assert.equal(caBc.critical, true);
  const caKu = caCert.getExtension(x509.KeyUsagesExtension)!;
  assert.ok(caKu.usages & x509.KeyUsageFlags.keyCertSign);
  assert.ok(caKu.usages & x509.KeyUsageFlags.cRLSign);
  const caSki = caCert.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
  assert.ok(caSki);
  assert.equal(caCert.subject, 'CN=k8ts-ca');
  const caYears = (caCert.notAfter.getTime() - Date.now()) / (365 * DAY);
  assert.ok(caYears > 9.9 && caYears < 10.1, `CA validity ${caYears} years`);

  for (const [leaf, eku] of [
    [srv, x509.ExtendedKeyUsage.serverAuth],
    [cli, x509.ExtendedKeyUsage.clientAuth],
  ] as const) {
    assert.equal(leaf.getExtension(x509.BasicConstraintsExtension)!.ca, false);
    assert.ok(leaf.getExtension(x509.KeyUsagesExtension)!.usages & x509.KeyUsageFlags.digitalSignature);
    assert.deepEqual([...leaf.getExtension(x509.ExtendedKeyUsageExtension)!.usages], [eku]);
    assert.equal(leaf.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId, caSki);
    assert.ok(leaf.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId);
    assert.equal(leaf.issuer, caCert.subject);
    assert.ok(await leaf.verify({ publicKey: caCert.publicKey }, globalThis.crypto));
    const days = (leaf.notAfter.getTime() - Date.now()) / DAY;
    assert.ok(days >= 364.9 && days < 366, `leaf validity ${days} days`);
    assert.ok(leaf.notBefore.getTime() <= Date.now());
  }

  const san = srv.getExtension(x509.SubjectAlternativeNameExtension)!;
  const names = san.names.toJSON();
  assert.deepEqual(names.filter((n) => n.type === 'dns').map((n) => n.value), ['localhost', 'kubernetes']);
  const node = new NodeX509(serving.certPem);
  for (const ip of ['127.0.0.1', '10.43.0.1', '::1']) assert.equal(node.checkIP(ip), ip);
  assert.equal(cli.subject, 'O=system:masters, CN=admin');

  // keys are PKCS#8 P-256
  assert.match(serving.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
  assert.equal(node.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
});

test('invalid SANs and a mismatched CA key are rejected', async () => {
  const ca = await createCA('a');
  const other = await createCA('b');
  await assert.rejects(createServingCert(ca, { sans: { dns: [], ips: ['not-an-ip'] } }), /invalid IP/);
  await assert.rejects(createServingCert(ca, { sans: { dns: ['10.0.0.1'], ips: [] } }), /invalid DNS/);
  await assert.rejects(createClientCert({ certPem: ca.certPem, keyPem: other.keyPem }, { user: 'x', groups: [] }), /does not match/);
  await assert.rejects(createClientCert(ca, { user: '', groups: [] }), /user name/);
});

test('an RSA CA provided by the user can sign leaves', async () => {
  const { generateKeyPairSync } = await import('node:crypto');
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const subtle = globalThis.crypto.subtle;
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const keys = {
    privateKey: await subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), alg, true, ['sign']),
    publicKey: await subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), alg, true, ['verify']),
  };
  const caCert = await x509.X509CertificateGenerator.createSelfSigned(
    { name: 'CN=rsa-ca', keys, signingAlgorithm: alg, extensions: [new x509.BasicConstraintsExtension(true, undefined, true)] },
    globalThis.crypto,
  );
  const ca = { certPem: caCert.toString('pem'), keyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string };
  const client = await createClientCert(ca, { user: 'u', groups: ['g'] });
  assert.ok(new NodeX509(client.certPem).verify(new NodeX509(ca.certPem).publicKey));
});
