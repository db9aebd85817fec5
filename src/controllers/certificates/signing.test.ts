// The CSR signer's policy and per-signer checks, and a certificate signed for a request by the
// cluster CA code (src/apiserver/pki/certs.ts), checked with node:crypto.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SAMPLE_CSR_PEM } from '../../../test/fixtures/certificate-request.js';
import { newCertificateAuthority } from '../../apiserver/pki/certs.js';
import { parseCertificateRequest } from '../../pki/certificate-request.js';
import { signerProblem } from './signer-checks.js';
import { BACKDATE_MS, keyUsagesOf, requestedDuration, validityWindow } from './signing-policy.js';

const HOUR = 3600_000;

test('requested duration: the maximum without expirationSeconds, else within [10m, maximum]', () => {
  assert.equal(requestedDuration(undefined, 8760 * HOUR), 8760 * HOUR);
  assert.equal(requestedDuration(86400, 8760 * HOUR), 24 * HOUR);
  assert.equal(requestedDuration(10 * 8760 * 3600, 8760 * HOUR), 8760 * HOUR);
  assert.equal(requestedDuration(60, 8760 * HOUR), 10 * 60_000);
});

test('validity: back-dated 5 minutes; long certificates end 5 minutes early, short ones do not; never past the CA', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const long = validityWindow(now, 24 * HOUR, now + 1000 * HOUR);
  assert.equal(long.notBefore.getTime(), now - BACKDATE_MS);
  assert.equal(long.notAfter.getTime(), now + 24 * HOUR - BACKDATE_MS);
  assert.equal(validityWindow(now, HOUR, now + 1000 * HOUR).notAfter.getTime(), now + HOUR);
  assert.equal(validityWindow(now, 24 * HOUR, now + 2 * HOUR).notAfter.getTime(), now + 2 * HOUR);
  assert.throws(() => validityWindow(now, HOUR, now - 1), /refusing to sign a certificate that expired in the past/);
});

test('usages map to keyUsage bits and extended key usage OIDs', () => {
  assert.deepEqual(keyUsagesOf(['digital signature', 'key encipherment', 'client auth']), { keyUsage: 1 | 4, extKeyUsages: ['1.3.6.1.5.5.7.3.2'] });
  assert.deepEqual(keyUsagesOf(['server auth', 'signing']), { keyUsage: 1, extKeyUsages: ['1.3.6.1.5.5.7.3.1'] });
});

test('kube-apiserver-client: client auth required, only digital signature and key encipherment besides', () => {
  const req = parseCertificateRequest(SAMPLE_CSR_PEM);
  const signer = 'kubernetes.io/kube-apiserver-client';
  assert.equal(signerProblem(signer, req, ['client auth']), undefined);
  assert.equal(signerProblem(signer, req, ['digital signature', 'key encipherment', 'client auth']), undefined);
  assert.equal(signerProblem(signer, req, ['server auth']), 'invalid usage for client certificate: server auth');
  assert.equal(signerProblem(signer, req, ['digital signature']), 'missing required usage for client certificate: client auth');
});

test('kubelet signers: only system:node: identities in system:nodes', () => {
  const req = parseCertificateRequest(SAMPLE_CSR_PEM);
  assert.equal(signerProblem('kubernetes.io/kube-apiserver-client-kubelet', req, ['client auth', 'digital signature']), 'subject organization is not system:nodes');
  assert.equal(signerProblem('kubernetes.io/kubelet-serving', req, ['server auth', 'digital signature']), 'subject organization is not system:nodes');
  assert.throws(() => signerProblem('example.com/x', req, []), /unrecognized signerName/);
});

function nodeRequest(dir: string, name: string, extra: string[]): ReturnType<typeof parseCertificateRequest> {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key], { stdio: 'ignore' });
  execFileSync('openssl', ['req', '-new', '-key', key, '-subj', '/O=system:nodes/CN=system:node:n1', ...extra, '-out', csr], { stdio: 'ignore' });
  return parseCertificateRequest(readFileSync(csr, 'utf8'));
}

test('kubelet-serving needs a DNS or IP name; kube-apiserver-client-kubelet allows none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-signer-'));
  try {
    const plain = nodeRequest(dir, 'plain', []);
    const withSan = nodeRequest(dir, 'san', ['-addext', 'subjectAltName=DNS:n1.example.com,IP:10.0.0.1']);
    const serving = 'kubernetes.io/kubelet-serving';
    const client = 'kubernetes.io/kube-apiserver-client-kubelet';
    assert.equal(signerProblem(serving, withSan, ['digital signature', 'server auth']), undefined);
    assert.equal(signerProblem(serving, withSan, ['digital signature', 'key encipherment', 'server auth']), undefined);
    assert.equal(signerProblem(serving, plain, ['digital signature', 'server auth']), 'DNS or IP subjectAltName is required');
    assert.equal(signerProblem(serving, withSan, ['server auth']), 'usages did not match [digital signature key encipherment server auth]');
    assert.equal(signerProblem(client, plain, ['digital signature', 'client auth']), undefined);
    assert.equal(signerProblem(client, withSan, ['digital signature', 'client auth']), 'DNS subjectAltNames are not allowed');
    assert.equal(signerProblem(client, plain, ['client auth']), 'usages did not match [client auth digital signature key encipherment]');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a request parses (subject, organizations) and a certificate is signed for its key', async () => {
  const req = parseCertificateRequest(SAMPLE_CSR_PEM);
  assert.equal(req.commonName, 'k-fixture');
  assert.deepEqual(req.organizations, ['k-group']);
  const ca = await newCertificateAuthority('test-ca');
  const now = Date.now();
  const pem = ca.signRequest({ subject: req.subject, subjectPublicKeyInfo: req.subjectPublicKeyInfo, ...keyUsagesOf(['client auth']), ...validityWindow(now, 24 * HOUR, ca.notAfter.getTime()) });
  const cert = new X509Certificate(pem);
  const caCert = new X509Certificate(ca.pair.certPem);
  assert.ok(cert.checkIssued(caCert) && cert.verify(caCert.publicKey));
  assert.equal(cert.subject, 'CN=k-fixture\nO=k-group');
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);
  assert.equal(cert.ca, false);
  // Unrelated to the CA's key: the request's own key is in the certificate.
  const key = createPrivateKey(ca.pair.keyPem);
  assert.equal(cert.checkPrivateKey(key), false);
});

test('a text that is not a PEM certificate request is refused with Go\'s message', () => {
  assert.throws(() => parseCertificateRequest('junk'), { message: 'PEM block type must be CERTIFICATE REQUEST' });
  assert.throws(() => parseCertificateRequest(SAMPLE_CSR_PEM.replaceAll('CERTIFICATE REQUEST', 'PUBLIC KEY')), { message: 'PEM block type must be CERTIFICATE REQUEST' });
});
