// What the CSR signer puts in a certificate (upstream's PermissiveSigningPolicy): the requested
// usages as keyUsage bits and extended key usage OIDs, and the validity — back-dated five
// minutes, as long as asked (spec.expirationSeconds, at least ten minutes, at most the signer's
// --cluster-signing-duration), never past the CA's own end.
import { KeyUsageFlags } from '@peculiar/asn1-x509';

const KEY_USAGE_BITS: Readonly<Record<string, number>> = {
  signing: KeyUsageFlags.digitalSignature,
  'digital signature': KeyUsageFlags.digitalSignature,
  'content commitment': KeyUsageFlags.nonRepudiation,
  'key encipherment': KeyUsageFlags.keyEncipherment,
  'key agreement': KeyUsageFlags.keyAgreement,
  'data encipherment': KeyUsageFlags.dataEncipherment,
  'cert sign': KeyUsageFlags.keyCertSign,
  'crl sign': KeyUsageFlags.cRLSign,
  'encipher only': KeyUsageFlags.encipherOnly,
  'decipher only': KeyUsageFlags.decipherOnly,
};

const EXT_KEY_USAGE_OIDS: Readonly<Record<string, string>> = {
  any: '2.5.29.37.0',
  'server auth': '1.3.6.1.5.5.7.3.1',
  'client auth': '1.3.6.1.5.5.7.3.2',
  'code signing': '1.3.6.1.5.5.7.3.3',
  'email protection': '1.3.6.1.5.5.7.3.4',
  's/mime': '1.3.6.1.5.5.7.3.4',
  'ipsec end system': '1.3.6.1.5.5.7.3.5',
  'ipsec tunnel': '1.3.6.1.5.5.7.3.6',
  'ipsec user': '1.3.6.1.5.5.7.3.7',
  timestamping: '1.3.6.1.5.5.7.3.8',
  'ocsp signing': '1.3.6.1.5.5.7.3.9',
  'microsoft sgc': '1.3.6.1.4.1.311.10.3.3',
  'netscape sgc': '2.16.840.1.113730.4.1',
};

export const BACKDATE_MS = 5 * 60_000;
/** Certificates shorter than this are not back-dated at their end. */
export const SHORT_MS = 8 * 3600_000;
export const MIN_DURATION_MS = 10 * 60_000;
/** --cluster-signing-duration's default: a year. */
export const DEFAULT_SIGNING_DURATION_MS = 8760 * 3600_000;

/** keyUsage bits and extKeyUsage OIDs of the usages; throws on a usage it does not know. */
export function keyUsagesOf(usages: readonly string[]): { keyUsage: number; extKeyUsages: string[] } {
  let keyUsage = 0;
  const ext: string[] = [];
  for (const u of usages) {
    if (u in KEY_USAGE_BITS) keyUsage |= KEY_USAGE_BITS[u]!;
    else if (u in EXT_KEY_USAGE_OIDS) {
      if (!ext.includes(EXT_KEY_USAGE_OIDS[u]!)) ext.push(EXT_KEY_USAGE_OIDS[u]!);
    } else throw new Error(`unrecognized usage: ${u}`);
  }
  return { keyUsage, extKeyUsages: ext };
}

/** The certificate's lifetime: the signer's maximum, or what the request asked for within [10m, maximum]. */
export function requestedDuration(expirationSeconds: number | undefined, maxMs: number): number {
  if (expirationSeconds === undefined) return maxMs;
  const asked = expirationSeconds * 1000;
  if (asked > maxMs) return maxMs;
  if (asked < MIN_DURATION_MS) return MIN_DURATION_MS;
  return asked;
}

/** notBefore and notAfter for a certificate signed now by a CA valid until caNotAfter; throws when the CA has expired. */
export function validityWindow(now: number, durationMs: number, caNotAfter: number): { notBefore: Date; notAfter: Date } {
  const notBefore = now - BACKDATE_MS;
  let notAfter = durationMs < SHORT_MS ? now + durationMs : now + durationMs - BACKDATE_MS;
  if (notAfter >= caNotAfter) notAfter = caNotAfter;
  if (notBefore >= caNotAfter) throw new Error(`the signer has expired: NotAfter=${new Date(caNotAfter).toISOString()}`);
  if (now >= caNotAfter) throw new Error(`refusing to sign a certificate that expired in the past: NotAfter=${new Date(caNotAfter).toISOString()}`);
  return { notBefore: new Date(notBefore), notAfter: new Date(notAfter) };
}
