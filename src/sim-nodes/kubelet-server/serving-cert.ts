// A self-signed serving certificate for the kubelet endpoint, made at start when no
// --kubelet-tls-cert/--kubelet-tls-key are given (as the kubelet does without
// --tls-cert-file). ECDSA P-256, one year; the DER is built with @peculiar/asn1-x509 (loaded
// only here) and signed by node:crypto.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';

const OID_CN = '2.5.4.3';
const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const OID_SAN = '2.5.29.17';
const OID_EKU = '2.5.29.37';
const OID_KEY_USAGE = '2.5.29.15';
const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

export interface ServingPair {
  readonly cert: string;
  readonly key: string;
}

const pem = (label: string, der: Uint8Array) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

/** Self-signed for `commonName`, valid for the given host names and IP addresses. */
export async function selfSignedServingCert(commonName: string, hosts: readonly string[]): Promise<ServingPair> {
  const { AsnConvert, OctetString, x509: x } = await import('./asn1-library.js');
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = new x.Name([new x.RelativeDistinguishedName([new x.AttributeTypeAndValue({ type: OID_CN, value: new x.AttributeValue({ utf8String: commonName }) })])]);
  const algorithm = new x.AlgorithmIdentifier({ algorithm: OID_ECDSA_SHA256 });
  const ext = (id: string, critical: boolean, value: unknown) => new x.Extension({ extnID: id, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
  const san = new x.SubjectAlternativeName(
    [...new Set(hosts)].map((h) => (isIP(h) ? new x.GeneralName({ iPAddress: h }) : new x.GeneralName({ dNSName: h }))),
  );
  const usage = new x.KeyUsage(x.KeyUsageFlags.digitalSignature | x.KeyUsageFlags.keyEncipherment);
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const now = Date.now();
  const tbs = new x.TBSCertificate({
    version: x.Version.v3,
    serialNumber: new Uint8Array(serial).buffer,
    signature: algorithm,
    issuer: name,
    validity: new x.Validity({ notBefore: new Date(now - 60_000), notAfter: new Date(now + 365 * 24 * 3600_000) }),
    subject: name,
    subjectPublicKeyInfo: AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), x.SubjectPublicKeyInfo),
    extensions: new x.Extensions([ext(OID_KEY_USAGE, true, usage), ext(OID_EKU, false, new x.ExtendedKeyUsage([OID_SERVER_AUTH])), ext(OID_SAN, false, san)]),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = sign('sha256', tbsDer, { key: privateKey, dsaEncoding: 'der' });
  const cert = new x.Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: new Uint8Array(signature).buffer });
  return { cert: pem('CERTIFICATE', new Uint8Array(AsnConvert.serialize(cert))), key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}
