// Builds a signed X.509 v3 certificate: the TBSCertificate is assembled from @peculiar/asn1-x509's
// schema classes and encoded to DER by @peculiar/asn1-schema; node:crypto signs the DER. Shared
// by the API server's cluster PKI and the simulated kubelet's self-signed serving certificate,
// as upstream's client-go/util/cert serves both; it imports no other layer of k8ts.
import { createHash, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Extension,
  Extensions,
  GeneralName,
  id_ce_subjectAltName,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';

const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';
const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const SUPPORTED_EC_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

/** A key that signs certificates, with the AlgorithmIdentifier its signatures carry. */
export interface CertificateSigner {
  readonly algorithm: AlgorithmIdentifier;
  sign(tbsDer: Uint8Array): Buffer;
}

/** ECDSA (P-256, P-384, P-521) or RSA (PKCS#1 v1.5) signing with SHA-256. */
export function signerFor(key: KeyObject): CertificateSigner {
  switch (key.asymmetricKeyType) {
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (!curve || !SUPPORTED_EC_CURVES.has(curve)) throw new Error(`unsupported CA key curve ${curve ?? '(unknown)'}`);
      return {
        algorithm: new AlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 }),
        sign: (tbs) => sign('sha256', tbs, { key, dsaEncoding: 'der' }),
      };
    }
    case 'rsa':
      return {
        // RFC 4055: the parameters of sha256WithRSAEncryption are an explicit NULL.
        algorithm: new AlgorithmIdentifier({ algorithm: OID_SHA256_WITH_RSA, parameters: null }),
        sign: (tbs) => sign('sha256', tbs, key),
      };
    default:
      throw new Error(`unsupported CA key type ${key.asymmetricKeyType ?? '(unknown)'}`);
  }
}

/** A subject name: one RDN per organization, then the common name, all as UTF8String values. */
export function subjectName(commonName: string, organizations: readonly string[] = []): Name {
  const rdn = (type: string, value: string) =>
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) })]);
  return new Name([...organizations.map((o) => rdn(OID_ORGANIZATION, o)), rdn(OID_COMMON_NAME, commonName)]);
}

/** The SubjectPublicKeyInfo of a public (or private) key, from its SPKI DER export. */
export function publicKeyInfo(key: KeyObject): SubjectPublicKeyInfo {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
}

/** RFC 5280 §4.2.1.2 method (1): the SHA-1 of the subjectPublicKey BIT STRING's bits. */
export function keyIdentifier(spki: SubjectPublicKeyInfo): Buffer {
  return createHash('sha1').update(new Uint8Array(spki.subjectPublicKey)).digest();
}

/** An extension whose value is the DER of an asn1-x509 schema object. */
export function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** The subjectAltName extension for these DNS names and IP addresses (not critical). */
export function subjectAltNameExtension(dns: readonly string[], ips: readonly string[]): Extension {
  const names = [...dns.map((dNSName) => new GeneralName({ dNSName })), ...ips.map((iPAddress) => new GeneralName({ iPAddress }))];
  return extension(id_ce_subjectAltName, false, new SubjectAlternativeName(names));
}

/** PEM text of DER bytes under the given label, in 64-character lines. */
export function toPem(der: Uint8Array, label: string): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** A random positive 128-bit serial number, as the INTEGER's minimal two's-complement bytes. */
function randomSerialNumber(): ArrayBuffer {
  const bytes = randomBytes(16);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const digits = bytes.subarray(start);
  const out = new Uint8Array(digits[0]! > 0x7f ? digits.length + 1 : digits.length);
  out.set(digits, out.length - digits.length);
  return out.buffer;
}

export interface CertificateParams {
  readonly subject: Name;
  readonly issuer: Name;
  readonly subjectPublicKeyInfo: SubjectPublicKeyInfo;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly Extension[];
  readonly signer: CertificateSigner;
}

/** The DER of a v3 certificate with a random serial number, signed by `params.signer`. */
export function buildCertificate(params: CertificateParams): Buffer {
  const { signer } = params;
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: randomSerialNumber(),
    signature: signer.algorithm,
    issuer: params.issuer,
    validity: new Validity({ notBefore: params.notBefore, notAfter: params.notAfter }),
    subject: params.subject,
    subjectPublicKeyInfo: params.subjectPublicKeyInfo,
    extensions: new Extensions([...params.extensions]),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbsCertificate));
  const signature = signer.sign(tbsDer);
  const cert = new Certificate({
    tbsCertificate,
    signatureAlgorithm: signer.algorithm,
    signatureValue: new Uint8Array(signature).buffer,
  });
  return Buffer.from(AsnConvert.serialize(cert));
}
