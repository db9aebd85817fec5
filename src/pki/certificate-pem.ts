// Whether a text holds one or more PEM CERTIFICATE blocks and nothing else (upstream's check of
// a CertificateSigningRequest's status.certificate), with the messages upstream gives.
import { X509Certificate } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN ([^-\r\n]*)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** The PEM blocks of a text, in order: each one's type and the text between its markers. */
export function* pemBlocks(text: string): Generator<{ type: string; body: string }> {
  for (const m of text.matchAll(PEM_BLOCK)) yield { type: m[1]!, body: m[2]! };
}

/** Why the bytes are not a certificate chain, or undefined (empty is fine: nothing issued yet). */
export function certificateChainProblem(pem: Buffer): string | undefined {
  if (pem.length === 0) return undefined;
  const text = pem.toString('latin1');
  let blocks = 0;
  for (const { type, body } of pemBlocks(text)) {
    if (type !== 'CERTIFICATE') return `only CERTIFICATE PEM blocks are allowed, found ${JSON.stringify(type)}`;
    if (/^[^\r\n]*:/.test(body)) return 'no PEM block headers are permitted';
    blocks++;
    try {
      new X509Certificate(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
    } catch {
      return 'x509: malformed certificate';
    }
  }
  return blocks === 0 ? 'must contain at least one CERTIFICATE PEM block' : undefined;
}
