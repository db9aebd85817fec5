// Service account issuer discovery, as upstream's ServiceAccountIssuerDiscovery serves it: the
// OpenID provider configuration naming this server's token issuer, and the key set its service
// account tokens verify with, so that a relying party (a cloud's workload identity, a pod) can
// check a token without calling TokenReview.
import type { ServiceAccountTokenIssuer } from './auth/service-account-jwt.js';

export const OPENID_CONFIGURATION_PATH = '/.well-known/openid-configuration';
export const JWKS_PATH = '/openid/v1/jwks';
/** Upstream lets relying parties cache both documents for an hour. */
export const OIDC_CACHE_CONTROL = 'public, max-age=3600';
export const JWKS_CONTENT_TYPE = 'application/jwk-set+json';

/** The provider configuration; the key set is served by this server at apiAddress (HOST:PORT). */
export function openIdConfiguration(issuer: ServiceAccountTokenIssuer, apiAddress: string): Record<string, unknown> {
  return {
    issuer: issuer.issuer,
    jwks_uri: `https://${apiAddress}${JWKS_PATH}`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [...new Set(issuer.verificationKeys().map((k) => k.alg))],
  };
}

export function jwks(issuer: ServiceAccountTokenIssuer): { keys: Record<string, unknown>[] } {
  return { keys: issuer.verificationKeys() };
}
