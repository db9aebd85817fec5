// PKCS#10 certificate signing requests (RFC 2986): the PEM block is decoded, the DER parsed with
// @peculiar/asn1-schema (schema classes declared here, as @peculiar/asn1-x509 has none for a
// request) and the self-signature checked with node:crypto. The messages of the errors are the
// ones Go's encoding/pem and crypto/x509 give, which upstream's CSR validation reports.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AsnConvert, AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Attribute, Extensions, Name, SubjectPublicKeyInfo, id_ce_subjectAltName, type Extension } from '@peculiar/asn1-x509';
import { pemBlocks } from './certificate-pem.js';

const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';

class CertificationRequestInfo {
  version = 0;
  subject = new Name();
  subjectPKInfo = new SubjectPublicKeyInfo();
  attributes: Attribute[] = [];
}
AsnProp({ type: AsnPropTypes.Integer })(CertificationRequestInfo.prototype, 'version');
AsnProp({ type: Name })(CertificationRequestInfo.prototype, 'subject');
AsnProp({ type: SubjectPublicKeyInfo })(CertificationRequestInfo.prototype, 'subjectPKInfo');
AsnProp({ type: Attribute, repeated: 'set', context: 0, implicit: true })(CertificationRequestInfo.prototype, 'attributes');

class CertificationRequest {
  certificationRequestInfo = new CertificationRequestInfo();
  /** The DER of certificationRequestInfo as received: what the signature covers. */
  certificationRequestInfoRaw?: ArrayBuffer;
  signatureAlgorithm = new AlgorithmIdentifier();
  signature = new ArrayBuffer(0);
}
AsnProp({ type: CertificationRequestInfo, raw: true })(CertificationRequest.prototype, 'certificationRequestInfo');
AsnProp({ type: AlgorithmIdentifier })(CertificationRequest.prototype, 'signatureAlgorithm');
AsnProp({ type: AsnPropTypes.BitString })(CertificationRequest.prototype, 'signature');

/** What signing and admission need of a parsed request. */
export interface ParsedCertificateRequest {
  /** The subject as requested, to be copied into the certificate unchanged. */
  readonly subject: Name;
  readonly commonName: string;
  readonly organizations: readonly string[];
  readonly subjectPublicKeyInfo: SubjectPublicKeyInfo;
  /** The requested subjectAltName extension, if any. */
  readonly subjectAltName?: Extension;
}

export class CertificateRequestError extends Error {
  override readonly name = 'CertificateRequestError';
}

/** The first PEM block of the text, as Go's pem.Decode finds it: its type and bytes (headers skipped). */
function firstPemBlock(text: string): { type: string; der: Buffer } | undefined {
  const first = pemBlocks(text).next();
  if (first.done) return undefined;
  const type = first.value.type;
  let body = first.value.body;
  // RFC 1421 headers ("Proc-Type: ...") end at the first empty line.
  if (/^[^\r\n]*:/.test(body)) body = body.slice(Math.max(0, body.search(/\r?\n\r?\n/)));
  const compact = body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return { type, der: Buffer.from(compact, 'base64') };
}

/** The text values of one attribute type in a Name, in order. */
export function nameValues(name: Name, oid: string): string[] {
  const out: string[] = [];
  for (const rdn of name) {
    for (const atv of rdn) {
      if (atv.type === oid) out.push(atv.value.toString());
    }
  }
  return out;
}

/** Hash and verifier options of the signature algorithms Go's CheckSignature accepts. */
function verifierFor(algorithm: AlgorithmIdentifier): { hash: string | null; label: string } {
  switch (algorithm.algorithm) {
    case '1.2.840.113549.1.1.11':
      return { hash: 'sha256', label: 'rsa' };
    case '1.2.840.113549.1.1.12':
      return { hash: 'sha384', label: 'rsa' };
    case '1.2.840.113549.1.1.13':
      return { hash: 'sha512', label: 'rsa' };
    case '1.2.840.10045.4.3.2':
      return { hash: 'sha256', label: 'ecdsa' };
    case '1.2.840.10045.4.3.3':
      return { hash: 'sha384', label: 'ecdsa' };
    case '1.2.840.10045.4.3.4':
      return { hash: 'sha512', label: 'ecdsa' };
    case '1.3.101.112':
      return { hash: null, label: 'ed25519' };
    case '1.2.840.113549.1.1.5':
      throw new CertificateRequestError('x509: cannot verify signature: insecure algorithm SHA1-RSA');
    case '1.2.840.10045.4.1':
      throw new CertificateRequestError('x509: cannot verify signature: insecure algorithm ECDSA-SHA1');
    default:
      throw new CertificateRequestError('x509: cannot verify signature: algorithm unimplemented');
  }
}

const GO_KEY_TYPES: Readonly<Record<string, string>> = { rsa: '*rsa.PublicKey', ec: '*ecdsa.PublicKey', ed25519: 'ed25519.PublicKey' };
const ALGORITHM_KEYS: Readonly<Record<string, { keyType: string; name: string }>> = {
  rsa: { keyType: 'rsa', name: 'RSA' },
  ecdsa: { keyType: 'ec', name: 'ECDSA' },
  ed25519: { keyType: 'ed25519', name: 'Ed25519' },
};

function checkSignature(req: CertificationRequest, key: KeyObject): void {
  const { hash, label } = verifierFor(req.signatureAlgorithm);
  const want = ALGORITHM_KEYS[label]!;
  const keyType = key.asymmetricKeyType ?? '';
  if (keyType !== want.keyType) {
    throw new CertificateRequestError(`x509: signature algorithm specifies an ${want.name} public key, but have public key of type ${GO_KEY_TYPES[keyType] ?? keyType}`);
  }
  const signed = new Uint8Array(req.certificationRequestInfoRaw!);
  const signature = new Uint8Array(req.signature);
  const ok = label === 'ecdsa' ? verify(hash, signed, { key, dsaEncoding: 'der' }, signature) : verify(hash, signed, key, signature);
  if (ok) return;
  if (label === 'rsa') throw new CertificateRequestError('crypto/rsa: verification error');
  if (label === 'ecdsa') throw new CertificateRequestError('x509: ECDSA verification failure');
  throw new CertificateRequestError('x509: Ed25519 verification failure');
}

/**
 * Parses PEM text holding a CERTIFICATE REQUEST and checks its signature (upstream ParseCSR
 * and CheckSignature); throws a CertificateRequestError with Go's message otherwise.
 */
export function parseCertificateRequest(pem: string): ParsedCertificateRequest {
  const block = firstPemBlock(pem);
  if (!block || block.type !== 'CERTIFICATE REQUEST') throw new CertificateRequestError('PEM block type must be CERTIFICATE REQUEST');
  let req: CertificationRequest;
  try {
    req = AsnConvert.parse(block.der, CertificationRequest);
  } catch {
    throw new CertificateRequestError('asn1: structure error: tags don\'t match');
  }
  const info = req.certificationRequestInfo;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(AsnConvert.serialize(info.subjectPKInfo)), format: 'der', type: 'spki' });
  } catch {
    throw new CertificateRequestError('x509: unsupported public key type');
  }
  checkSignature(req, key);
  let subjectAltName: Extension | undefined;
  for (const attr of info.attributes) {
    if (attr.type !== OID_EXTENSION_REQUEST || !attr.values[0]) continue;
    const extensions = AsnConvert.parse(attr.values[0], Extensions);
    subjectAltName = extensions.find((e) => e.extnID === id_ce_subjectAltName);
  }
  return {
    subject: info.subject,
    commonName: nameValues(info.subject, OID_COMMON_NAME)[0] ?? '',
    organizations: nameValues(info.subject, OID_ORGANIZATION),
    subjectPublicKeyInfo: info.subjectPKInfo,
    ...(subjectAltName ? { subjectAltName } : {}),
  };
}
