// PKCS#10 parsing and signature checks against requests made by openssl: RSA, ECDSA (P-256 with
// SHA-256, P-384 with SHA-384) and Ed25519 keys, subject alternative names, and a tampered request.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralNames } from '@peculiar/asn1-x509';
import { parseCertificateRequest } from './certificate-request.js';

const dir = mkdtempSync(join(tmpdir(), 'k8ts-csr-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function opensslRequest(name: string, keyArgs: string[], reqArgs: string[] = []): string {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  execFileSync('openssl', ['genpkey', ...keyArgs, '-out', key], { stdio: 'ignore' });
  execFileSync('openssl', ['req', '-new', '-key', key, '-subj', '/O=system:nodes/CN=system:node:n1', ...reqArgs, '-out', csr], { stdio: 'ignore' });
  return readFileSync(csr, 'utf8');
}

test('requests with RSA, ECDSA and Ed25519 keys parse, with their subject', () => {
  const cases: Array<[string, string[], string[]]> = [
    ['rsa', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], []],
    ['p256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], []],
    ['p384', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], ['-sha384']],
    ['ed25519', ['-algorithm', 'ED25519'], []],
  ];
  for (const [name, keyArgs, reqArgs] of cases) {
    const req = parseCertificateRequest(opensslRequest(name, keyArgs, reqArgs));
    assert.equal(req.commonName, 'system:node:n1', name);
    assert.deepEqual(req.organizations, ['system:nodes'], name);
    assert.equal(req.subjectAltName, undefined, name);
  }
});

test('the requested subjectAltName extension is kept', () => {
  const pem = opensslRequest('san', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], ['-addext', 'subjectAltName=DNS:n1.example.com,IP:10.0.0.1']);
  const san = parseCertificateRequest(pem).subjectAltName!;
  const names = AsnConvert.parse(san.extnValue, GeneralNames);
  assert.deepEqual([...names].map((n) => n.dNSName ?? n.iPAddress), ['n1.example.com', '10.0.0.1']);
});

test('a request whose signed part was changed fails its signature check, with Go\'s message', () => {
  const pem = opensslRequest('tamper', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
  const der = Buffer.from(pem.split('\n').filter((l) => l && !l.startsWith('-----')).join(''), 'base64');
  const at = der.indexOf(Buffer.from('system:node:n1'));
  der[at + 13] = '2'.charCodeAt(0);
  const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
  assert.throws(() => parseCertificateRequest(tampered), { message: 'crypto/rsa: verification error' });
});
