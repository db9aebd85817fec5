import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { test } from 'node:test';
import { selfSignedServingCert } from './serving-cert.js';

test('the kubelet serving certificate is self-signed, for serverAuth, with the names and addresses given', async () => {
  const { cert, key } = await selfSignedServingCert('sim-node-kubelet', ['localhost', '127.0.0.1', 'node-a.example', '127.0.0.1', '::1']);
  const x = new X509Certificate(cert);
  assert.equal(x.subject, 'CN=sim-node-kubelet');
  assert.equal(x.issuer, 'CN=sim-node-kubelet');
  assert.ok(x.verify(x.publicKey), 'signed by its own key');
  assert.ok(x.checkPrivateKey(createPrivateKey(key)), 'the key returned is the certificate key');
  assert.equal(x.subjectAltName, 'DNS:localhost, DNS:node-a.example, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  assert.equal(x.checkHost('node-a.example'), 'node-a.example');
  assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
  assert.deepEqual(x.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  assert.equal(x.ca, false);
  const days = (Date.parse(x.validTo) - Date.parse(x.validFrom)) / 86_400_000;
  assert.ok(days > 364 && days < 366, `valid for a year, not ${days} days`);
  assert.equal(x.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
});
