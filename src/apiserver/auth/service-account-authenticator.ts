// Authentication with service account tokens (upstream's ServiceAccountTokenAuthenticator): a
// bearer JWT from this server's issuer, signed by its key, not expired, for an API audience,
// whose service account still exists with the UID the token names, is the user
// system:serviceaccount:NAMESPACE:NAME in the groups system:serviceaccounts and
// system:serviceaccounts:NAMESPACE. Tokens of other issuers are left to other authenticators.
import { newUnauthorized } from '../../api/errors.js';
import type { Watch } from '../../storage/interface.js';
import type { ResourceStore } from '../registry/store.js';
import { bearerToken, withAuthenticatedGroup, type AuthRequest, type Authenticator, type UserInfo } from './authenticator.js';
import type { ServiceAccountTokenIssuer } from './service-account-jwt.js';

export const SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
export const CREDENTIAL_ID_KEY = 'authentication.kubernetes.io/credential-id';

interface AccountState {
  readonly uid: string;
  readonly deleting: boolean;
}

/** The service accounts of the store, by "namespace/name", kept current by one storage watch. */
export class ServiceAccountCache {
  private readonly accounts = new Map<string, AccountState>();
  private watch: Watch | undefined;

  constructor(private readonly store: () => ResourceStore | undefined) {}

  async start(): Promise<void> {
    const store = this.store();
    if (!store) return;
    const storage = store.deps.storage;
    const page = await storage.list(store.prefix);
    for (const kv of page.items) this.set(kv.key.slice(store.prefix.length), kv.value);
    this.watch = storage.watch({
      prefix: store.prefix,
      afterRevision: page.revision,
      onEvents: (events) => {
        for (const ev of events) {
          const key = ev.key.slice(store.prefix.length);
          if (ev.type === 'delete') this.accounts.delete(key);
          else this.set(key, ev.value);
        }
      },
      onError: () => {
        this.watch = undefined;
        this.accounts.clear();
      },
    });
  }

  stop(): void {
    this.watch?.cancel();
    this.watch = undefined;
    this.accounts.clear();
  }

  get(namespace: string, name: string): AccountState | undefined {
    return this.accounts.get(`${namespace}/${name}`);
  }

  private set(key: string, value: Buffer): void {
    const o = JSON.parse(value.toString('utf8')) as { metadata?: { uid?: string; deletionTimestamp?: string } };
    this.accounts.set(key, { uid: o.metadata?.uid ?? '', deleting: !!o.metadata?.deletionTimestamp });
  }
}

export class ServiceAccountTokenAuthenticator implements Authenticator {
  constructor(
    private readonly issuer: ServiceAccountTokenIssuer,
    private readonly accounts: ServiceAccountCache,
    private readonly now: () => number = Date.now,
  ) {}

  authenticate(req: AuthRequest): UserInfo | null {
    const token = bearerToken(req.headers);
    if (token === undefined || !this.issuer.claimsIssuer(token)) return null;
    const claims = this.issuer.verify(token, this.now());
    if (!claims) throw newUnauthorized();
    const k = claims['kubernetes.io'];
    const sa = this.accounts.get(k.namespace, k.serviceaccount.name);
    // Upstream: a deleted, recreated or terminating service account invalidates its tokens.
    if (!sa || sa.uid !== k.serviceaccount.uid || sa.deleting) throw newUnauthorized();
    const extra: Record<string, string[]> = { [CREDENTIAL_ID_KEY]: [`JTI=${claims.jti}`] };
    if (k.pod) {
      extra['authentication.kubernetes.io/pod-name'] = [k.pod.name];
      extra['authentication.kubernetes.io/pod-uid'] = [k.pod.uid];
    }
    return withAuthenticatedGroup({
      username: `system:serviceaccount:${k.namespace}:${k.serviceaccount.name}`,
      uid: k.serviceaccount.uid,
      groups: [SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNTS_GROUP}:${k.namespace}`],
      extra,
    });
  }
}
