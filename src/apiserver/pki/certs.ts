// Certificate generation for the cluster PKI: a self-signed CA, serving certificates and client
// certificates (CN = user, O = groups, as the upstream x509 authenticator reads them).
//
// Keys are ECDSA P-256, made by node:crypto on libuv's thread pool; the certificate structure is
// built and DER-encoded by src/pki/certificate-builder.ts and signed by node:crypto. A CA provided by the
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
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  SubjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
  id_kp_serverAuth,
  type Extension,
  type Name,
  type SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import { buildCertificate, extension, keyIdentifier, publicKeyInfo, signerFor, subjectAltNameExtension, subjectName, toPem, type CertificateSigner } from '../../pki/certificate-builder.js';

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

const keyPem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;

function validity(days: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + days * DAY_MS) };
}

/** A CA that signs leaf certificates: its PEM pair and what signing needs, read once. */
export interface CertificateAuthority {
  readonly pair: CertAndKey;
  /** A serverAuth certificate for the given DNS names and IP addresses. */
  issueServingCert(opts: ServingCertOptions): Promise<CertAndKey>;
  /** A clientAuth certificate with CN = user and one O per group. */
  issueClientCert(opts: ClientCertOptions): Promise<CertAndKey>;
  /** The end of the CA certificate's validity: no certificate it signs outlives it. */
  readonly notAfter: Date;
  /** A certificate for someone else's key (a certificate signing request), as PEM. */
  signRequest(opts: RequestSigningOptions): string;
}

/** What a certificate signed for a request carries (upstream's PermissiveSigningPolicy result). */
export interface RequestSigningOptions {
  readonly subject: Name;
  readonly subjectPublicKeyInfo: SubjectPublicKeyInfo;
  /** The requested subjectAltName extension, copied as it is. */
  readonly subjectAltName?: Extension;
  /** KeyUsageFlags bits; no keyUsage extension when 0. */
  readonly keyUsage: number;
  /** Extended key usage OIDs; no extKeyUsage extension when empty. */
  readonly extKeyUsages: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
}

interface SigningCA {
  subject: Name;
  signer: CertificateSigner;
  /** The CA's subject key identifier, which its leaves name as their authority key identifier. */
  keyId: Uint8Array;
  notAfter: Date;
}

/** Makes a self-signed CA (basicConstraints CA:TRUE, keyCertSign|cRLSign), valid 10 years by default. */
export async function newCertificateAuthority(commonName: string, opts: { validityDays?: number } = {}): Promise<CertificateAuthority> {
  const key = await newP256Key();
  const spki = publicKeyInfo(key);
  const subject = subjectName(commonName);
  const keyId = keyIdentifier(spki);
  const signer = signerFor(key);
  const v = validity(opts.validityDays ?? CA_VALIDITY_DAYS);
  const der = buildCertificate({
    subject,
    issuer: subject,
    subjectPublicKeyInfo: spki,
    ...v,
    signer,
    extensions: [
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true })),
      extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature)),
      extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId)),
    ],
  });
  return authority({ certPem: toPem(der, 'CERTIFICATE'), keyPem: keyPem(key) }, { subject, signer, keyId, notAfter: v.notAfter });
}

/**
 * Reads a CA certificate and its PEM private key (PKCS#8, SEC1 "EC PRIVATE KEY" or PKCS#1
 * "RSA PRIVATE KEY"), refusing a key that does not belong to the certificate.
 */
export function loadCertificateAuthority(ca: CertAndKey): CertificateAuthority {
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
  return authority(ca, { subject: tbs.subject, signer, keyId, notAfter: new Date(nodeCert.validTo) });
}

function authority(pair: CertAndKey, ca: SigningCA): CertificateAuthority {
  return {
    pair,
    issueServingCert: async (opts) => {
      const dns = dedupe(opts.sans.dns);
      const ips = dedupe(opts.sans.ips);
      for (const ip of ips) if (!isIP(ip)) throw new Error(`invalid IP address SAN ${JSON.stringify(ip)}`);
      for (const d of dns) if (!d || isIP(d)) throw new Error(`invalid DNS SAN ${JSON.stringify(d)}`);
      const extra = dns.length || ips.length ? [subjectAltNameExtension(dns, ips)] : [];
      const subject = subjectName(opts.commonName ?? dns[0] ?? 'k8ts-apiserver');
      return issueLeaf(ca, subject, opts.validityDays ?? LEAF_VALIDITY_DAYS, id_kp_serverAuth, extra);
    },
    issueClientCert: async (opts) => {
      if (!opts.user) throw new Error('client certificate needs a user name');
      return issueLeaf(ca, subjectName(opts.user, dedupe(opts.groups)), opts.validityDays ?? LEAF_VALIDITY_DAYS, id_kp_clientAuth, []);
    },
    notAfter: ca.notAfter,
    signRequest: (opts) => {
      const extensions: Extension[] = [];
      if (opts.keyUsage) extensions.push(extension(id_ce_keyUsage, true, new KeyUsage(opts.keyUsage)));
      if (opts.extKeyUsages.length) extensions.push(extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([...opts.extKeyUsages])));
      extensions.push(extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })));
      extensions.push(extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(ca.keyId) })));
      if (opts.subjectAltName) extensions.push(opts.subjectAltName);
      const der = buildCertificate({
        subject: opts.subject,
        issuer: ca.subject,
        subjectPublicKeyInfo: opts.subjectPublicKeyInfo,
        notBefore: opts.notBefore,
        notAfter: opts.notAfter,
        signer: ca.signer,
        extensions,
      });
      return toPem(der, 'CERTIFICATE');
    },
  };
}

async function issueLeaf(issuer: SigningCA, subject: Name, days: number, usage: string, extra: Extension[]): Promise<CertAndKey> {
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

/** Creates a self-signed CA (see newCertificateAuthority). */
export async function createCA(commonName: string, opts: { validityDays?: number } = {}): Promise<CertAndKey> {
  return (await newCertificateAuthority(commonName, opts)).pair;
}

/** Creates a serverAuth certificate for the given DNS names and IP addresses, signed by `ca`. */
export async function createServingCert(ca: CertAndKey, opts: ServingCertOptions): Promise<CertAndKey> {
  return loadCertificateAuthority(ca).issueServingCert(opts);
}

/** Creates a clientAuth certificate with CN = user and one O per group, signed by `ca`. */
export async function createClientCert(ca: CertAndKey, opts: ClientCertOptions): Promise<CertAndKey> {
  return loadCertificateAuthority(ca).issueClientCert(opts);
}

function dedupe(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
