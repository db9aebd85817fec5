// Service account tokens as JWTs (upstream's serviceaccount token generator and validator):
// ES256 over the issuer's P-256 key, "kid" = the base64url SHA-256 of the public key's DER
// form, and upstream's claims (iss, sub, aud, exp, iat, nbf, jti and the private
// "kubernetes.io" claim naming the namespace, the service account and a bound object).
import { createHash, createPrivateKey, createPublicKey, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { goQuotedList } from '../../api/validation/names.js';

export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** The issuer of legacy tokens (the token controller's Secrets). */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';

export interface LegacyClaims {
  readonly namespace: string;
  readonly secretName: string;
  readonly serviceAccountName: string;
  readonly serviceAccountUid: string;
}

export interface BoundObject {
  readonly kind: 'Pod' | 'Secret' | 'Node';
  readonly name: string;
  readonly uid: string;
}

export interface ServiceAccountClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string[];
  readonly exp: number;
  readonly iat: number;
  readonly nbf: number;
  readonly jti: string;
  readonly 'kubernetes.io': {
    readonly namespace: string;
    readonly serviceaccount: { readonly name: string; readonly uid: string };
    readonly pod?: { readonly name: string; readonly uid: string };
    readonly secret?: { readonly name: string; readonly uid: string };
    readonly node?: { readonly name: string; readonly uid: string };
  };
}

export interface TokenSpec {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
  readonly bound?: BoundObject;
}

const b64 = (v: string | Buffer) => Buffer.from(v).toString('base64url');

export class ServiceAccountTokenIssuer {
  readonly issuer: string;
  /** The audiences API tokens must name (upstream's --api-audiences, default: the issuer). */
  readonly apiAudiences: readonly string[];
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly kid: string;

  constructor(privateKeyPem: string, o: { issuer?: string; apiAudiences?: readonly string[] } = {}) {
    this.issuer = o.issuer ?? DEFAULT_ISSUER;
    this.apiAudiences = o.apiAudiences?.length ? o.apiAudiences : [this.issuer];
    this.privateKey = createPrivateKey(privateKeyPem);
    this.publicKey = createPublicKey(this.privateKey);
    this.kid = createHash('sha256').update(this.publicKey.export({ format: 'der', type: 'spki' })).digest('base64url');
  }

  /**
   * The public keys tokens of this issuer verify with, as JSON Web Keys (RFC 7517) in the
   * order of members upstream's key set has: use, kty, kid, crv, alg, x, y.
   */
  verificationKeys(): Array<{ use: 'sig'; kty: string; kid: string; crv?: string; alg: string; x?: string; y?: string }> {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return [{ use: 'sig', kty: String(jwk.kty), kid: this.kid, crv: jwk.crv, alg: 'ES256', x: jwk.x, y: jwk.y }];
  }

  /** A signed token for spec, issued at nowMs; returns it with its claims. */
  issue(spec: TokenSpec, nowMs: number): { token: string; claims: ServiceAccountClaims } {
    const iat = Math.floor(nowMs / 1000);
    const bound = spec.bound ? { [spec.bound.kind.toLowerCase()]: { name: spec.bound.name, uid: spec.bound.uid } } : {};
    const claims: ServiceAccountClaims = {
      aud: [...spec.audiences],
      exp: iat + spec.expirationSeconds,
      iat,
      iss: this.issuer,
      jti: randomUUID(),
      'kubernetes.io': { namespace: spec.namespace, ...bound, serviceaccount: { name: spec.name, uid: spec.uid } },
      nbf: iat,
      sub: `system:serviceaccount:${spec.namespace}:${spec.name}`,
    };
    const head = b64(JSON.stringify({ alg: 'ES256', kid: this.kid }));
    const body = b64(JSON.stringify(claims));
    const sig = sign('sha256', Buffer.from(`${head}.${body}`), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return { token: `${head}.${body}.${sig.toString('base64url')}`, claims };
  }

  /** "bound" for this issuer's JWTs, "legacy" for legacy tokens, undefined for anything else (valid or not). */
  tokenKind(token: string): 'bound' | 'legacy' | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    try {
      const iss = (JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { iss?: unknown }).iss;
      return iss === this.issuer ? 'bound' : iss === LEGACY_ISSUER ? 'legacy' : undefined;
    } catch {
      return undefined;
    }
  }

  /** True when token looks like one of this issuer's JWTs (whether or not it is valid). */
  claimsIssuer(token: string): boolean {
    return this.tokenKind(token) === 'bound';
  }

  /** The claims of a legacy token signed with this key (they do not expire), else undefined. */
  verifyLegacy(token: string): LegacyClaims | undefined {
    const c = this.verifySignature(token) as Record<string, unknown> | undefined;
    if (!c || c.iss !== LEGACY_ISSUER) return undefined;
    const str = (k: string) => (typeof c[`kubernetes.io/serviceaccount/${k}`] === 'string' ? (c[`kubernetes.io/serviceaccount/${k}`] as string) : '');
    const out = { namespace: str('namespace'), secretName: str('secret.name'), serviceAccountName: str('service-account.name'), serviceAccountUid: str('service-account.uid') };
    if (!out.namespace || !out.secretName || !out.serviceAccountName || !out.serviceAccountUid) return undefined;
    if (c.sub !== `system:serviceaccount:${out.namespace}:${out.serviceAccountName}`) return undefined;
    return out;
  }

  private verifySignature(token: string): unknown {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [head, body, sig] = parts as [string, string, string];
    try {
      const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
      if (header.alg !== 'ES256') return undefined;
      const ok = verify('sha256', Buffer.from(`${head}.${body}`), { key: this.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'));
      return ok ? JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The claims of a token this issuer signed that is valid at nowMs for one of the API audiences, else undefined. */
  verify(token: string, nowMs: number): ServiceAccountClaims | undefined {
    const r = this.check(token, nowMs);
    return 'claims' in r ? r.claims : undefined;
  }

  /**
   * Checks a token this issuer signed at nowMs for the target audiences (default: the API
   * audiences): its claims and the audiences it is good for, or why it is not valid, in the words
   * upstream's service account authenticator uses.
   */
  check(token: string, nowMs: number, targets: readonly string[] = this.apiAudiences): { claims: ServiceAccountClaims; audiences: string[] } | { error: string } {
    const claims = this.verifySignature(token) as ServiceAccountClaims | undefined;
    if (!claims || typeof claims !== 'object' || claims.iss !== this.issuer) return { error: 'go-jose/go-jose: error in cryptographic primitive' };
    const aud = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).filter((a): a is string => typeof a === 'string');
    const audiences = audiencesFor(aud, targets);
    if ('error' in audiences) return audiences;
    const now = Math.floor(nowMs / 1000);
    // Upstream allows 60 s of clock skew either side.
    if (typeof claims.exp !== 'number' || now > claims.exp + 60) return { error: 'service account token has expired' };
    if (typeof claims.nbf === 'number' && now < claims.nbf - 60) return { error: 'service account token is not valid yet' };
    const k = claims['kubernetes.io'];
    if (!k?.namespace || !k.serviceaccount?.name || !k.serviceaccount.uid) return { error: 'service account token claims could not be validated' };
    return { claims, audiences };
  }
}

/** The token's audiences among the targets, or upstream's error when there are none. */
export function audiencesFor(tokenAudiences: readonly string[], targets: readonly string[]): string[] | { error: string } {
  const audiences = tokenAudiences.filter((a) => targets.includes(a));
  if (audiences.length) return audiences;
  return { error: `token audiences ${goQuotedList(tokenAudiences)} is invalid for the target audiences ${goQuotedList(targets)}` };
}
