// Legacy service account tokens (upstream's LegacyClaims): never-expiring ES256 JWTs from the
// issuer "kubernetes/serviceaccount" naming the namespace, the Secret that holds the token and
// the service account. The API server accepts one only while that Secret still holds it.
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';

export const LEGACY_ISSUER = 'kubernetes/serviceaccount';

export interface LegacyTokenSubject {
  readonly namespace: string;
  readonly secretName: string;
  readonly serviceAccountName: string;
  readonly serviceAccountUid: string;
}

const b64 = (v: string | Buffer) => Buffer.from(v).toString('base64url');

/** Signs a legacy token with the PEM private key (the same key the API server verifies with). */
export function signLegacyToken(privateKeyPem: string, s: LegacyTokenSubject): string {
  const key = createPrivateKey(privateKeyPem);
  const kid = createHash('sha256').update(createPublicKey(key).export({ format: 'der', type: 'spki' })).digest('base64url');
  const claims = {
    iss: LEGACY_ISSUER,
    'kubernetes.io/serviceaccount/namespace': s.namespace,
    'kubernetes.io/serviceaccount/secret.name': s.secretName,
    'kubernetes.io/serviceaccount/service-account.name': s.serviceAccountName,
    'kubernetes.io/serviceaccount/service-account.uid': s.serviceAccountUid,
    sub: `system:serviceaccount:${s.namespace}:${s.serviceAccountName}`,
  };
  const head = b64(JSON.stringify({ alg: 'ES256', kid }));
  const body = b64(JSON.stringify(claims));
  const sig = sign('sha256', Buffer.from(`${head}.${body}`), { key, dsaEncoding: 'ieee-p1363' });
  return `${head}.${body}.${sig.toString('base64url')}`;
}
