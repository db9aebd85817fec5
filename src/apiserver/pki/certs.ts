// Certificate generation for the cluster PKI: a self-signed CA, serving certificates and client
// certificates (CN = user, O = groups, as the upstream x509 authenticator reads them).
//
// Keys are ECDSA P-256 (generation takes about a millisecond). Everything goes through Node's
// WebCrypto, passed explicitly to @peculiar/x509 so its global crypto provider is never touched.
import './reflect-polyfill.js';
import { createPrivateKey, webcrypto, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

const subtle = webcrypto.subtle;
// @peculiar/x509 is typed against the DOM's Crypto; Node's webcrypto is the same API.
const cryptoImpl = webcrypto as unknown as Crypto;

/** A PEM certificate and its PEM (PKCS#8) private key. */
export interface CertAndKey {
  certPem: string;
  keyPem: string;
}

export interface SubjectAltNames {
  dns: string[];
  ips: string[];
}

export interface ServingCertOptions {
  sans: SubjectAltNames;
  /** Subject CN; defaults to the first DNS SAN (or "k8ts-apiserver"). */
  commonName?: string;
  validityDays?: number;
}

export interface ClientCertOptions {
  user: string;
  groups: string[];
  validityDays?: number;
}

export const CA_VALIDITY_DAYS = 3650;
export const LEAF_VALIDITY_DAYS = 365;
/** Certificates are back-dated a little so a peer with a slightly slow clock accepts them. */
const BACKDATE_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const EC_ALG: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };

async function generateKeyPair(): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
}

function toPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  return toPem(await subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/**
 * Imports a PEM private key (PKCS#8, SEC1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY") as a
 * WebCrypto signing key, so a CA provided by the user (RSA or EC) works too.
 */
async function importSigningKey(keyPem: string): Promise<CryptoKey> {
  const ko = createPrivateKey(keyPem);
  const der = ko.export({ type: 'pkcs8', format: 'der' });
  switch (ko.asymmetricKeyType) {
    case 'ec': {
      const curve = ko.asymmetricKeyDetails?.namedCurve;
      const namedCurve = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : curve === 'secp521r1' ? 'P-521' : '';
      if (!namedCurve) throw new Error(`unsupported CA key curve ${curve ?? '(unknown)'}`);
      return subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve }, false, ['sign']);
    }
    case 'rsa':
      return subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    default:
      throw new Error(`unsupported CA key type ${ko.asymmetricKeyType ?? '(unknown)'}`);
  }
}

function signingAlgorithm(key: CryptoKey): webcrypto.Algorithm | webcrypto.EcdsaParams {
  return key.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: key.algorithm.name };
}

/** A subject name with UTF8String values (no PrintableString/escaping surprises for "_", "@", "#"). */
function subjectName(cn: string, orgs: readonly string[] = []): x509.Name {
  const rdns: Record<string, { utf8String: string }[]>[] = orgs.map((o) => ({ O: [{ utf8String: o }] }));
  rdns.push({ CN: [{ utf8String: cn }] });
  return new x509.Name(rdns);
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + days * DAY_MS) };
}

/** Creates a self-signed CA (basicConstraints CA:TRUE, keyCertSign|cRLSign), valid 10 years by default. */
export async function createCA(commonName: string, opts: { validityDays?: number } = {}): Promise<CertAndKey> {
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: subjectName(commonName),
      keys,
      ...validity(opts.validityDays ?? CA_VALIDITY_DAYS),
      signingAlgorithm: signingAlgorithm(keys.privateKey),
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, cryptoImpl),
      ],
    },
    cryptoImpl,
  );
  return { certPem: cert.toString('pem') + '\n', keyPem: await exportKeyPem(keys.privateKey) };
}

interface LoadedCA {
  cert: x509.X509Certificate;
  key: CryptoKey;
  aki: x509.AuthorityKeyIdentifierExtension;
}

async function loadCA(ca: CertAndKey): Promise<LoadedCA> {
  const cert = new x509.X509Certificate(ca.certPem);
  const key = await importSigningKey(ca.keyPem);
  // Refuse a key that does not belong to the certificate: every leaf would be unverifiable.
  if (!new NodeX509Certificate(ca.certPem).checkPrivateKey(createPrivateKey(ca.keyPem))) {
    throw new Error('CA private key does not match the CA certificate');
  }
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const aki = ski
    ? new x509.AuthorityKeyIdentifierExtension(ski.keyId)
    : await x509.AuthorityKeyIdentifierExtension.create(cert.publicKey, false, cryptoImpl);
  return { cert, key, aki };
}

async function issueLeaf(
  ca: CertAndKey,
  subject: x509.Name,
  days: number,
  usage: x509.ExtendedKeyUsage,
  extra: x509.Extension[],
): Promise<CertAndKey> {
  const issuer = await loadCA(ca);
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.create(
    {
      subject,
      issuer: issuer.cert.subjectName,
      publicKey: keys.publicKey,
      signingKey: issuer.key,
      signingAlgorithm: signingAlgorithm(issuer.key),
      ...validity(days),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([usage], false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, cryptoImpl),
        issuer.aki,
        ...extra,
      ],
    },
    cryptoImpl,
  );
  return { certPem: cert.toString('pem') + '\n', keyPem: await exportKeyPem(keys.privateKey) };
}

/** Creates a serverAuth certificate for the given DNS names and IP addresses, signed by `ca`. */
export async function createServingCert(ca: CertAndKey, opts: ServingCertOptions): Promise<CertAndKey> {
  const dns = dedupe(opts.sans.dns);
  const ips = dedupe(opts.sans.ips);
  for (const ip of ips) if (!isIP(ip)) throw new Error(`invalid IP address SAN ${JSON.stringify(ip)}`);
  for (const d of dns) if (!d || isIP(d)) throw new Error(`invalid DNS SAN ${JSON.stringify(d)}`);
  const names: x509.JsonGeneralNames = [
    ...dns.map((value) => ({ type: 'dns' as const, value })),
    ...ips.map((value) => ({ type: 'ip' as const, value })),
  ];
  const extra: x509.Extension[] = names.length ? [new x509.SubjectAlternativeNameExtension(names, false)] : [];
  return issueLeaf(
    ca,
    subjectName(opts.commonName ?? dns[0] ?? 'k8ts-apiserver'),
    opts.validityDays ?? LEAF_VALIDITY_DAYS,
    x509.ExtendedKeyUsage.serverAuth,
    extra,
  );
}

/** Creates a clientAuth certificate with CN = user and one O per group, signed by `ca`. */
export async function createClientCert(ca: CertAndKey, opts: ClientCertOptions): Promise<CertAndKey> {
  if (!opts.user) throw new Error('client certificate needs a user name');
  return issueLeaf(
    ca,
    subjectName(opts.user, dedupe(opts.groups)),
    opts.validityDays ?? LEAF_VALIDITY_DAYS,
    x509.ExtendedKeyUsage.clientAuth,
    [],
  );
}

function dedupe(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
