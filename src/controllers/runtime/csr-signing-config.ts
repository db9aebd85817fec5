// What the CSR signing controller is given to sign with (upstream's --cluster-signing-cert-file,
// --cluster-signing-key-file and --cluster-signing-duration): built by the command that starts the
// controller manager, so controllers never read key files themselves.
import type { ParsedCertificateRequest } from '../../pki/certificate-request.js';

/** The cluster CA as the signer uses it (src/apiserver/pki/certs.ts's CertificateAuthority has this shape). */
export interface RequestSigningAuthority {
  readonly notAfter: Date;
  signRequest(opts: {
    readonly subject: ParsedCertificateRequest['subject'];
    readonly subjectPublicKeyInfo: ParsedCertificateRequest['subjectPublicKeyInfo'];
    readonly subjectAltName?: ParsedCertificateRequest['subjectAltName'];
    readonly keyUsage: number;
    readonly extKeyUsages: readonly string[];
    readonly notBefore: Date;
    readonly notAfter: Date;
  }): string;
}

export interface CsrSigningConfig {
  readonly ca: RequestSigningAuthority;
  /** --cluster-signing-duration: the longest certificate issued. */
  readonly durationMs: number;
}

