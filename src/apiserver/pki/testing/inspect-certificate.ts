// For tests: reads a certificate the way its consumers do — node:crypto's X509Certificate and the
// `openssl x509 -text` dump — so the PKI is checked by code other than the code that wrote it.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';

export interface OpensslExtension {
  readonly critical: boolean;
  /** The extension's printed value, lines joined with "\n" (e.g. "CA:TRUE"). */
  readonly value: string;
}

export interface InspectedCertificate {
  readonly node: X509Certificate;
  /** `openssl x509 -noout -text` of the certificate. */
  readonly text: string;
  /** X509v3 extensions by the name openssl prints ("Basic Constraints", "Key Usage", ...). */
  readonly extensions: ReadonlyMap<string, OpensslExtension>;
  readonly signatureAlgorithm: string;
}

export function inspectCertificate(pem: string): InspectedCertificate {
  const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: pem, encoding: 'utf8' });
  const lines = text.split('\n');
  const extensions = new Map<string, OpensslExtension>();
  const start = lines.findIndex((l) => l.trim() === 'X509v3 extensions:');
  if (start >= 0) {
    const indent = (l: string) => l.length - l.trimStart().length;
    const headerIndent = indent(lines[start + 1] ?? '');
    for (let i = start + 1; i < lines.length && indent(lines[i]!) >= headerIndent && lines[i]!.trim(); ) {
      const header = lines[i]!.trim().replace(/^X509v3 /, '');
      const [name, flag] = header.split(':').map((s) => s.trim());
      const value: string[] = [];
      for (i++; i < lines.length && indent(lines[i]!) > headerIndent; i++) value.push(lines[i]!.trim());
      extensions.set(name!, { critical: flag === 'critical', value: value.join('\n') });
    }
  }
  const signatureAlgorithm = /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? '';
  return { node: new X509Certificate(pem), text, extensions, signatureAlgorithm };
}

/** The subject alternative names as node:crypto reads them, IPv6 addresses in their short form. */
export function sansOf(pem: string): { dns: string[]; ips: string[] } {
  const entries = (new X509Certificate(pem).subjectAltName ?? '').split(', ').filter(Boolean);
  const dns = entries.filter((e) => e.startsWith('DNS:')).map((e) => e.slice(4));
  const ips = entries
    .filter((e) => e.startsWith('IP Address:'))
    .map((e) => e.slice('IP Address:'.length))
    .map((ip) => (ip.includes(':') ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip));
  return { dns, ips };
}

/**
 * The key identifier RFC 5280 §4.2.1.2 (1) derives from an EC public key — the SHA-1 of the
 * uncompressed point 04||x||y — printed as openssl prints one ("AB:CD:...").
 */
export function expectedEcKeyId(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
  return [...createHash('sha1').update(point).digest()].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}
