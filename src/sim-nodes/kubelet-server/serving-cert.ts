// A self-signed serving certificate for the kubelet endpoint, made at start when no
// --kubelet-tls-cert/--kubelet-tls-key are given (as the kubelet does without
// --tls-cert-file). ECDSA P-256, one year, built with src/pki's certificate builder, which this
// module (imported only then) loads with the ASN.1 libraries it uses.
import { generateKeyPairSync } from 'node:crypto';
import { isIP } from 'node:net';
import { ExtendedKeyUsage, id_ce_extKeyUsage, id_ce_keyUsage, id_kp_serverAuth, KeyUsage, KeyUsageFlags } from '@peculiar/asn1-x509';
import { buildCertificate, extension, publicKeyInfo, signerFor, subjectAltNameExtension, subjectName, toPem } from '../../pki/certificate-builder.js';

export interface ServingPair {
  readonly cert: string;
  readonly key: string;
}

const YEAR_MS = 365 * 24 * 3600_000;

/** Self-signed for `commonName`, valid for the given host names and IP addresses. */
export async function selfSignedServingCert(commonName: string, hosts: readonly string[]): Promise<ServingPair> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = subjectName(commonName);
  const unique = [...new Set(hosts)];
  const now = Date.now();
  const der = buildCertificate({
    subject: name,
    issuer: name,
    subjectPublicKeyInfo: publicKeyInfo(privateKey),
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + YEAR_MS),
    signer: signerFor(privateKey),
    extensions: [
      extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment)),
      extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([id_kp_serverAuth])),
      subjectAltNameExtension(unique.filter((h) => !isIP(h)), unique.filter((h) => isIP(h))),
    ],
  });
  return { cert: toPem(der, 'CERTIFICATE'), key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}
