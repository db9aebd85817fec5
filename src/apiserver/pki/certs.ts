// Certificate generation for the cluster PKI: a self-signed CA, serving certificates and client
// certificates (CN = user, O = groups, as the upstream x509 authenticator reads them).
//
// Keys are ECDSA P-256, made by node:crypto on libuv's thread pool; the certificate structure is
// built and DER-encoded by certificate-builder.ts and signed by node:crypto. A CA provided by the
// user may also have an RSA or a P-384/P-521 key.
import { createPrivateKey, generateKeyPair as generateKeyPairCb, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
  id_kp_serverAuth,
  type Extension,
  type Name,
} from '@peculiar/asn1-x509';
import { buildCertificate, extension, keyIdentifier, publicKeyInfo, signerFor, subjectName, type CertificateSigner } from './certificate-builder.js';

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

const generateKeyPair = promisify(generateKeyPairCb);

async function newP256Key(): Promise<KeyObject> {
  const { privateKey } = await generateKeyPair('ec', { namedCurve: 'P-256' });
  return privateKey;
}

function toPem(der: Uint8Array, label: string): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const keyPem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;

function validity(days: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + days * DAY_MS) };
}

/** Creates a self-signed CA (basicConstraints CA:TRUE, keyCertSign|cRLSign), valid 10 years by default. */
export async function createCA(commonName: string, opts: { validityDays?: number } = {}): Promise<CertAndKey> {
  const key = await newP256Key();
  const spki = publicKeyInfo(key);
  const name = subjectName(commonName);
  const der = buildCertificate({
    subject: name,
    issuer: name,
    subjectPublicKeyInfo: spki,
    ...validity(opts.validityDays ?? CA_VALIDITY_DAYS),
    signer: signerFor(key),
    extensions: [
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true })),
      extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature)),
      extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(spki))),
    ],
  });
  return { certPem: toPem(der, 'CERTIFICATE'), keyPem: keyPem(key) };
}

interface LoadedCA {
  subject: Name;
  signer: CertificateSigner;
  /** The CA's subject key identifier, which its leaves name as their authority key identifier. */
  keyId: Uint8Array;
}

/**
 * Reads a CA certificate and its PEM private key (PKCS#8, SEC1 "EC PRIVATE KEY" or PKCS#1
 * "RSA PRIVATE KEY"), refusing a key that does not belong to the certificate.
 */
function loadCA(ca: CertAndKey): LoadedCA {
  const nodeCert = new X509Certificate(ca.certPem);
  const key = createPrivateKey(ca.keyPem);
  // Every leaf signed with a foreign key would be unverifiable.
  if (!nodeCert.checkPrivateKey(key)) throw new Error('CA private key does not match the CA certificate');
  const signer = signerFor(key);
  const tbs = AsnConvert.parse(nodeCert.raw, Certificate).tbsCertificate;
  const ski = tbs.extensions?.find((e) => e.extnID === id_ce_subjectKeyIdentifier);
  const keyId = ski
    ? new Uint8Array(AsnConvert.parse(ski.extnValue, SubjectKeyIdentifier).buffer)
    : keyIdentifier(tbs.subjectPublicKeyInfo);
  return { subject: tbs.subject, signer, keyId };
}

async function issueLeaf(ca: CertAndKey, subject: Name, days: number, usage: string, extra: Extension[]): Promise<CertAndKey> {
  const issuer = loadCA(ca);
  const key = await newP256Key();
  const spki = publicKeyInfo(key);
  const der = buildCertificate({
    subject,
    issuer: issuer.subject,
    subjectPublicKeyInfo: spki,
    ...validity(days),
    signer: issuer.signer,
    extensions: [
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })),
      extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature)),
      extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([usage])),
      extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(spki))),
      extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuer.keyId) })),
      ...extra,
    ],
  });
  return { certPem: toPem(der, 'CERTIFICATE'), keyPem: keyPem(key) };
}

/** Creates a serverAuth certificate for the given DNS names and IP addresses, signed by `ca`. */
export async function createServingCert(ca: CertAndKey, opts: ServingCertOptions): Promise<CertAndKey> {
  const dns = dedupe(opts.sans.dns);
  const ips = dedupe(opts.sans.ips);
  for (const ip of ips) if (!isIP(ip)) throw new Error(`invalid IP address SAN ${JSON.stringify(ip)}`);
  for (const d of dns) if (!d || isIP(d)) throw new Error(`invalid DNS SAN ${JSON.stringify(d)}`);
  const names = [...dns.map((dNSName) => new GeneralName({ dNSName })), ...ips.map((iPAddress) => new GeneralName({ iPAddress }))];
  const extra = names.length ? [extension(id_ce_subjectAltName, false, new SubjectAlternativeName(names))] : [];
  return issueLeaf(ca, subjectName(opts.commonName ?? dns[0] ?? 'k8ts-apiserver'), opts.validityDays ?? LEAF_VALIDITY_DAYS, id_kp_serverAuth, extra);
}

/** Creates a clientAuth certificate with CN = user and one O per group, signed by `ca`. */
export async function createClientCert(ca: CertAndKey, opts: ClientCertOptions): Promise<CertAndKey> {
  if (!opts.user) throw new Error('client certificate needs a user name');
  return issueLeaf(ca, subjectName(opts.user, dedupe(opts.groups)), opts.validityDays ?? LEAF_VALIDITY_DAYS, id_kp_clientAuth, []);
}

function dedupe(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
