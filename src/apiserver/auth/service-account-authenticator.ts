// Authentication with service account tokens (upstream's ServiceAccountTokenAuthenticator): a
// bearer JWT from this server's issuer, signed by its key, not expired, for an API audience,
// whose service account still exists with the UID the token names, is the user
// system:serviceaccount:NAMESPACE:NAME in the groups system:serviceaccounts and
// system:serviceaccounts:NAMESPACE. Legacy tokens (issuer kubernetes/serviceaccount, from the
// token controller's Secrets) are accepted while their Secret holds them. Tokens of other issuers
// are left to other authenticators.
import { createHash } from 'node:crypto';
import type { Watch } from '../../storage/interface.js';
import type { ResourceStore } from '../registry/store.js';
import { bearerToken, RejectedCredentials, withAuthenticatedGroup, type AuthenticatedUser, type AuthRequest, type Authenticator } from './authenticator.js';
import { audiencesFor, type ServiceAccountTokenIssuer } from './service-account-jwt.js';

export const SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
/** The groups every service account of a namespace is in. */
export const serviceAccountGroups = (namespace: string): string[] => [SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNTS_GROUP}:${namespace}`];
export const CREDENTIAL_ID_KEY = 'authentication.kubernetes.io/credential-id';
export const LEGACY_TOKEN_SECRET_TYPE = 'kubernetes.io/service-account-token';

interface AccountState {
  readonly uid: string;
  readonly deleting: boolean;
}

interface SecretState {
  /** SHA-256 of data.token (legacy token Secrets only). */
  readonly tokenHash: string;
  readonly deleting: boolean;
}

const sha256 = (v: string | Buffer) => createHash('sha256').update(v).digest('hex');

/** One resource's objects by "namespace/name", reduced by parse (undefined: not kept), kept current by one storage watch. */
class ObjectCache<S> {
  private readonly items = new Map<string, S>();
  private watch: Watch | undefined;

  constructor(
    private readonly store: () => ResourceStore | undefined,
    private readonly parse: (obj: Record<string, any>) => S | undefined,
  ) {}

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
          if (ev.type === 'delete') this.items.delete(key);
          else this.set(key, ev.value);
        }
      },
      // Without the watch nothing is known: tokens are refused rather than trusted.
      onError: () => {
        this.watch = undefined;
        this.items.clear();
      },
    });
  }

  stop(): void {
    this.watch?.cancel();
    this.watch = undefined;
    this.items.clear();
  }

  get(namespace: string, name: string): S | undefined {
    return this.items.get(`${namespace}/${name}`);
  }

  private set(key: string, value: Buffer): void {
    const v = this.parse(JSON.parse(value.toString('utf8')) as Record<string, any>);
    if (v === undefined) this.items.delete(key);
    else this.items.set(key, v);
  }
}

/** The service accounts, and the legacy token Secrets, the authenticator checks tokens against. */
export class ServiceAccountCache {
  private readonly accounts: ObjectCache<AccountState>;
  private readonly secrets: ObjectCache<SecretState>;

  constructor(accounts: () => ResourceStore | undefined, secrets: () => ResourceStore | undefined = () => undefined) {
    this.accounts = new ObjectCache(accounts, (o) => ({ uid: String(o.metadata?.uid ?? ''), deleting: !!o.metadata?.deletionTimestamp }));
    this.secrets = new ObjectCache(secrets, (o) =>
      o.type === LEGACY_TOKEN_SECRET_TYPE && typeof o.data?.token === 'string'
        ? { tokenHash: sha256(Buffer.from(o.data.token, 'base64')), deleting: !!o.metadata?.deletionTimestamp }
        : undefined,
    );
  }

  async start(): Promise<void> {
    await Promise.all([this.accounts.start(), this.secrets.start()]);
  }

  stop(): void {
    this.accounts.stop();
    this.secrets.stop();
  }

  get(namespace: string, name: string): AccountState | undefined {
    return this.accounts.get(namespace, name);
  }

  /** Whether the Secret namespace/name is a live token Secret holding token. */
  secretHolds(namespace: string, name: string, token: string): boolean {
    const s = this.secrets.get(namespace, name);
    return !!s && !s.deleting && s.tokenHash === sha256(token);
  }
}

export class ServiceAccountTokenAuthenticator implements Authenticator {
  constructor(
    private readonly issuer: ServiceAccountTokenIssuer,
    private readonly accounts: ServiceAccountCache,
    private readonly now: () => number = Date.now,
  ) {}

  authenticate(req: AuthRequest): AuthenticatedUser | null {
    const token = bearerToken(req.headers);
    const kind = token === undefined ? undefined : this.issuer.tokenKind(token);
    if (token === undefined || !kind) return null;
    if (kind === 'legacy') return this.legacy(token, req.audiences);
    const checked = this.issuer.check(token, this.now(), req.audiences);
    if ('error' in checked) throw new RejectedCredentials(checked.error);
    const { claims, audiences } = checked;
    const k = claims['kubernetes.io'];
    // Upstream: a deleted, recreated or terminating service account invalidates its tokens.
    this.checkAccount(k.namespace, k.serviceaccount.name, k.serviceaccount.uid);
    const extra: Record<string, string[]> = { [CREDENTIAL_ID_KEY]: [`JTI=${claims.jti}`] };
    if (k.pod) {
      extra['authentication.kubernetes.io/pod-name'] = [k.pod.name];
      extra['authentication.kubernetes.io/pod-uid'] = [k.pod.uid];
    }
    const user = withAuthenticatedGroup({
      username: `system:serviceaccount:${k.namespace}:${k.serviceaccount.name}`,
      uid: k.serviceaccount.uid,
      groups: serviceAccountGroups(k.namespace),
      extra,
    });
    return req.audiences ? { ...user, audiences } : user;
  }

  /** Throws RejectedCredentials unless the service account exists, with that UID, and is not terminating. */
  private checkAccount(namespace: string, name: string, uid: string): void {
    const sa = this.accounts.get(namespace, name);
    if (!sa) throw new RejectedCredentials(`serviceaccount "${name}" not found`);
    if (sa.uid !== uid) throw new RejectedCredentials(`service account UID (${sa.uid}) does not match claim (${uid})`);
    if (sa.deleting) throw new RejectedCredentials(`service account ${namespace}/${name} has been deleted`);
  }

  /**
   * A legacy token: valid while its Secret holds it and its service account has the UID it names
   * (upstream's legacy validator). It names no audience: it is good for the API audiences only.
   */
  private legacy(token: string, targets: readonly string[] | undefined): AuthenticatedUser {
    const c = this.issuer.verifyLegacy(token);
    if (!c) throw new RejectedCredentials('go-jose/go-jose: error in cryptographic primitive');
    const audiences = audiencesFor(this.issuer.apiAudiences, targets ?? this.issuer.apiAudiences);
    if ('error' in audiences) throw new RejectedCredentials(audiences.error);
    this.checkAccount(c.namespace, c.serviceAccountName, c.serviceAccountUid);
    if (!this.accounts.secretHolds(c.namespace, c.secretName, token)) throw new RejectedCredentials(`secret "${c.secretName}" not found`);
    const user = withAuthenticatedGroup({
      username: `system:serviceaccount:${c.namespace}:${c.serviceAccountName}`,
      uid: c.serviceAccountUid,
      groups: serviceAccountGroups(c.namespace),
    });
    return targets ? { ...user, audiences } : user;
  }
}
