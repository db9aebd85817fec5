import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { checkServerIdentity, type TLSSocket } from 'node:tls';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate as NodeX509 } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCA, createClientCert, createServingCert, type CertAndKey } from './certs.js';
import { expectedEcKeyId, inspectCertificate, sansOf } from './testing/inspect-certificate.js';

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

test('certificate contents, read by openssl and node:crypto: usages, constraints, key identifiers, validity, SANs', async () => {
  const ca = await createCA('k8ts-ca');
  const serving = await createServingCert(ca, {
    sans: { dns: ['localhost', 'kubernetes'], ips: ['127.0.0.1', '10.43.0.1', '::1'] },
    commonName: 'kube-apiserver',
  });
  const client = await createClientCert(ca, { user: 'admin', groups: ['system:masters', 'dev_team@example'] });

  const caCert = inspectCertificate(ca.certPem);
  const srv = inspectCertificate(serving.certPem);
  const cli = inspectCertificate(client.certPem);
  const now = Date.now();

  // CA: self-signed, CA:TRUE (critical), keyCertSign + cRLSign (critical), SKI of its own key
  assert.equal(caCert.node.subject, 'CN=k8ts-ca');
  assert.equal(caCert.node.issuer, 'CN=k8ts-ca');
  assert.equal(caCert.node.ca, true);
  assert.ok(caCert.node.verify(caCert.node.publicKey));
  assert.deepEqual(caCert.extensions.get('Basic Constraints'), { critical: true, value: 'CA:TRUE' });
  assert.deepEqual(caCert.extensions.get('Key Usage'), { critical: true, value: 'Digital Signature, Certificate Sign, CRL Sign' });
  const caSki = caCert.extensions.get('Subject Key Identifier')!;
  assert.deepEqual(caSki, { critical: false, value: expectedEcKeyId(caCert.node.publicKey) });
  assert.deepEqual([...caCert.extensions.keys()], ['Basic Constraints', 'Key Usage', 'Subject Key Identifier']);
  assert.equal(caCert.signatureAlgorithm, 'ecdsa-with-SHA256');
  assert.match(caCert.text, /Version: 3 \(0x2\)/);
  const caYears = (Date.parse(caCert.node.validTo) - now) / (365 * DAY);
  assert.ok(caYears > 9.9 && caYears < 10.1, `CA validity ${caYears} years`);

  for (const [leaf, eku, ekuText] of [
    [srv, '1.3.6.1.5.5.7.3.1', 'TLS Web Server Authentication'],
    [cli, '1.3.6.1.5.5.7.3.2', 'TLS Web Client Authentication'],
  ] as const) {
    assert.equal(leaf.node.ca, false);
    assert.equal(leaf.node.issuer, 'CN=k8ts-ca');
    assert.ok(leaf.node.checkIssued(caCert.node));
    assert.ok(leaf.node.verify(caCert.node.publicKey));
    assert.ok(!leaf.node.verify(inspectCertificate((await createCA('other')).certPem).node.publicKey));
    assert.deepEqual(leaf.node.keyUsage, [eku]); // node's keyUsage is the extended key usage
    assert.deepEqual(leaf.extensions.get('Basic Constraints'), { critical: true, value: 'CA:FALSE' });
    assert.deepEqual(leaf.extensions.get('Key Usage'), { critical: true, value: 'Digital Signature' });
    assert.deepEqual(leaf.extensions.get('Extended Key Usage'), { critical: false, value: ekuText });
    assert.deepEqual(leaf.extensions.get('Subject Key Identifier'), { critical: false, value: expectedEcKeyId(leaf.node.publicKey) });
    // the authority key identifier is the CA's subject key identifier (openssl may prefix "keyid:")
    assert.equal(leaf.extensions.get('Authority Key Identifier')!.value.replace(/^keyid:/, ''), caSki.value);
    assert.equal(leaf.signatureAlgorithm, 'ecdsa-with-SHA256');
    assert.equal(leaf.node.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    const days = (Date.parse(leaf.node.validTo) - now) / DAY;
    assert.ok(days >= 364.9 && days < 366, `leaf validity ${days} days`);
    // back-dated by a few minutes for peers with slow clocks
    const before = now - Date.parse(leaf.node.validFrom);
    assert.ok(before >= 4 * 60_000 && before <= 6 * 60_000, `notBefore ${leaf.node.validFrom}`);
    assert.match(leaf.node.serialNumber, /^[0-9A-F]{30,34}$/);
  }
  assert.notEqual(srv.node.serialNumber, cli.node.serialNumber);

  // serving certificate: CN, SANs in order (DNS, then IPs), names checked as a TLS client would
  assert.equal(srv.node.subject, 'CN=kube-apiserver');
  assert.deepEqual(srv.extensions.get('Subject Alternative Name'), {
    critical: false,
    value: 'DNS:localhost, DNS:kubernetes, IP Address:127.0.0.1, IP Address:10.43.0.1, IP Address:0:0:0:0:0:0:0:1',
  });
  assert.deepEqual([...srv.extensions.keys()], [
    'Basic Constraints', 'Key Usage', 'Extended Key Usage', 'Subject Key Identifier', 'Authority Key Identifier', 'Subject Alternative Name',
  ]);
  assert.deepEqual(sansOf(serving.certPem), { dns: ['localhost', 'kubernetes'], ips: ['127.0.0.1', '10.43.0.1', '::1'] });
  for (const ip of ['127.0.0.1', '10.43.0.1', '::1']) assert.equal(srv.node.checkIP(ip), ip);
  assert.equal(srv.node.checkIP('10.43.0.2'), undefined);
  assert.equal(srv.node.checkHost('kubernetes'), 'kubernetes');
  assert.equal(srv.node.checkHost('example.com'), undefined);

  // client certificate: O per group (in order, UTF8String), then CN; no SANs
  assert.equal(cli.node.subject, 'O=system:masters\nO=dev_team@example\nCN=admin');
  assert.match(cli.text, /Subject: O = system:masters, O = dev_team@example, CN = admin/);
  assert.equal(cli.extensions.has('Subject Alternative Name'), false);
  const asn1 = execFileSync('openssl', ['asn1parse'], { input: client.certPem, encoding: 'utf8' });
  assert.match(asn1, /UTF8STRING\s+:dev_team@example/);

  // keys are unencrypted PKCS#8 P-256 and belong to their certificates
  for (const [pair, cert] of [[ca, caCert], [serving, srv], [client, cli]] as const) {
    assert.match(pair.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.ok(cert.node.checkPrivateKey(createPrivateKey(pair.keyPem)));
    assert.match(pair.certPem, /^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
  }
});

test('invalid SANs and a mismatched CA key are rejected', async () => {
  const ca = await createCA('a');
  const other = await createCA('b');
  await assert.rejects(createServingCert(ca, { sans: { dns: [], ips: ['not-an-ip'] } }), /invalid IP/);
  await assert.rejects(createServingCert(ca, { sans: { dns: ['10.0.0.1'], ips: [] } }), /invalid DNS/);
  await assert.rejects(createClientCert({ certPem: ca.certPem, keyPem: other.keyPem }, { user: 'x', groups: [] }), /does not match/);
  await assert.rejects(createClientCert(ca, { user: '', groups: [] }), /user name/);
});

/** A self-signed CA made by openssl, with its key converted by `openssl <convert>` (e.g. to PKCS#1 or SEC1). */
function opensslCA(dir: string, name: string, keyArgs: string[], subj: string, convert: string[], extra: string[] = []): CertAndKey {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    ['req', '-x509', ...keyArgs, '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '30', '-subj', subj, '-addext', 'basicConstraints=critical,CA:TRUE', ...extra],
    { stdio: 'ignore' },
  );
  const keyPem = execFileSync('openssl', [...convert, '-in', keyFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return { certPem: readFileSync(certFile, 'utf8'), keyPem };
}

test('a CA provided by the user with an RSA or a P-384 key (made by openssl) can sign leaves', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-certs-'));
  try {
    const cases = [
      // PKCS#1 "RSA PRIVATE KEY"; a subject with a PrintableString country
      { ca: opensslCA(dir, 'rsa', ['-newkey', 'rsa:2048'], '/C=DE/O=Example Org/CN=rsa-ca', ['rsa', '-traditional']), keyLabel: 'RSA PRIVATE KEY', alg: 'sha256WithRSAEncryption', ski: true },
      // SEC1 "EC PRIVATE KEY" and no subject key identifier: the leaves' AKI is derived from the CA key
      { ca: opensslCA(dir, 'p384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'], '/CN=p384-ca', ['ec'], ['-addext', 'subjectKeyIdentifier=none']), keyLabel: 'EC PRIVATE KEY', alg: 'ecdsa-with-SHA256', ski: false },
    ];
    for (const { ca, keyLabel, alg, ski } of cases) {
      assert.ok(ca.keyPem.includes(`BEGIN ${keyLabel}`));
      const caCert = inspectCertificate(ca.certPem);
      assert.equal(caCert.extensions.has('Subject Key Identifier'), ski);
      const serving = await createServingCert(ca, { sans: { dns: ['api.example'], ips: ['192.0.2.1', 'fd00::1'] } });
      const client = await createClientCert(ca, { user: 'u', groups: ['g'] });
      for (const pem of [serving.certPem, client.certPem]) {
        const leaf = inspectCertificate(pem);
        assert.ok(leaf.node.verify(caCert.node.publicKey), alg);
        assert.ok(leaf.node.checkIssued(caCert.node), alg);
        assert.equal(leaf.node.issuer, caCert.node.subject);
        assert.equal(leaf.signatureAlgorithm, alg);
        const aki = leaf.extensions.get('Authority Key Identifier')!.value.replace(/^keyid:/, '');
        assert.equal(aki, ski ? caCert.extensions.get('Subject Key Identifier')!.value : expectedEcKeyId(caCert.node.publicKey));
        // openssl builds the chain: signature, issuer name and key identifier link
        execFileSync('openssl', ['verify', '-CAfile', join(dir, ski ? 'rsa.crt' : 'p384.crt')], { input: pem, stdio: ['pipe', 'ignore', 'pipe'] });
      }
      assert.equal(new NodeX509(serving.certPem).checkIP('fd00::1'), 'fd00::1');
      assert.equal(new NodeX509(serving.certPem).checkHost('api.example'), 'api.example');
    }

    // an Ed25519 CA (valid, but not a key type the PKI signs with) is refused with a clear error
    const ed = opensslCA(dir, 'ed', ['-newkey', 'ed25519'], '/CN=ed-ca', ['pkey']);
    await assert.rejects(createClientCert(ed, { user: 'x', groups: [] }), /unsupported CA key type ed25519/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
