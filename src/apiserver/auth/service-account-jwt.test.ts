import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { ServiceAccountTokenIssuer } from './service-account-jwt.js';

const pem = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const spec = { namespace: 'ns', name: 'sa', uid: 'u1', audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 600 };
const T0 = 1_800_000_000_000;

describe('ServiceAccountTokenIssuer', () => {
  it('issues tokens it verifies, with upstream claims', () => {
    const iss = new ServiceAccountTokenIssuer(pem());
    const { token, claims } = iss.issue({ ...spec, bound: { kind: 'Pod', name: 'p', uid: 'pu' } }, T0);
    assert.equal(claims.sub, 'system:serviceaccount:ns:sa');
    assert.equal(claims.exp, T0 / 1000 + 600);
    assert.deepEqual(claims['kubernetes.io'], { namespace: 'ns', pod: { name: 'p', uid: 'pu' }, serviceaccount: { name: 'sa', uid: 'u1' } });
    assert.deepEqual(iss.verify(token, T0 + 1000), claims);
    assert.equal(iss.claimsIssuer(token), true);
  });

  it('rejects expired tokens (after 60 s of skew), foreign audiences, other keys and tampering', () => {
    const key = pem();
    const iss = new ServiceAccountTokenIssuer(key);
    const { token } = iss.issue(spec, T0);
    assert.ok(iss.verify(token, T0 + 659_000));
    assert.equal(iss.verify(token, T0 + 661_000), undefined);
    assert.equal(iss.verify(iss.issue({ ...spec, audiences: ['vault'] }, T0).token, T0), undefined);
    assert.equal(new ServiceAccountTokenIssuer(pem()).verify(token, T0), undefined);
    const [h, b, s] = token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(b, 'base64url').toString()), sub: 'system:serviceaccount:ns:admin' })).toString('base64url');
    assert.equal(iss.verify(`${h}.${forged}.${s}`, T0), undefined);
    assert.equal(iss.verify('not-a-jwt', T0), undefined);
    // A differently configured issuer does not claim the token as its own.
    assert.equal(new ServiceAccountTokenIssuer(key, { issuer: 'https://other' }).claimsIssuer(token), false);
  });

  it('says why a token is not valid, in the words of upstream\'s authenticator, and for which target audiences it is', () => {
    const iss = new ServiceAccountTokenIssuer(pem());
    const { token } = iss.issue({ ...spec, audiences: ['vault', 'api'] }, T0);
    const ok = iss.check(token, T0, ['api', 'other']);
    assert.ok('claims' in ok && ok.claims.sub === 'system:serviceaccount:ns:sa');
    assert.deepEqual(ok.audiences, ['api']);
    assert.deepEqual(iss.check(token, T0), { error: 'token audiences ["vault" "api"] is invalid for the target audiences ["https://kubernetes.default.svc.cluster.local"]' });
    assert.deepEqual(iss.check(token, T0 + 661_000, ['vault']), { error: 'service account token has expired' });
    assert.deepEqual(new ServiceAccountTokenIssuer(pem()).check(token, T0, ['vault']), { error: 'go-jose/go-jose: error in cryptographic primitive' });
  });
});
