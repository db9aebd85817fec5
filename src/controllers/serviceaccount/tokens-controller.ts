// The token controller (upstream's serviceaccount-token-controller): a Secret of type
// kubernetes.io/service-account-token that names a service account (annotation
// kubernetes.io/service-account.name) gets data token (a legacy token), ca.crt and namespace,
// and the account's UID as annotation kubernetes.io/service-account.uid; a token Secret whose
// service account is gone (or was recreated with another UID) is deleted, also when the account
// is deleted later.
import type { Secret, ServiceAccount } from '../../api/types/core-v1.js';
import { SECRETS, SERVICEACCOUNTS, isConflict, isNotFound, splitMetaNamespaceKey, type Client, type SharedInformer } from '../../client/index.js';
import { Controller, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';
import { signLegacyToken } from './legacy-token.js';

export const TOKENS_CONTROLLER_NAME = 'serviceaccount-token-controller';
export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
export const SA_UID_ANNOTATION = 'kubernetes.io/service-account.uid';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const isTokenSecret = (s: Readonly<Secret>) => s.type === SERVICE_ACCOUNT_TOKEN_TYPE;

export class TokensController implements Runnable {
  readonly name = TOKENS_CONTROLLER_NAME;
  readonly controller: Controller;
  private readonly secrets: SharedInformer<Secret>;
  private readonly accounts: SharedInformer<ServiceAccount>;
  private readonly client: Client;

  constructor(ctx: ControllerContext, private readonly privateKey: string, private readonly rootCa: string | undefined) {
    this.client = ctx.client;
    this.secrets = ctx.informers.forResource(SECRETS);
    this.accounts = ctx.informers.forResource(SERVICEACCOUNTS);
    this.controller = new Controller({ name: this.name, reconcile: (key, signal) => this.sync(key, signal), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    const enqueue = (s: Readonly<Secret>) => {
      if (isTokenSecret(s)) this.controller.enqueue(s);
    };
    this.secrets.addEventHandler({ onAdd: enqueue, onUpdate: (_o, s) => enqueue(s) });
    this.accounts.addEventHandler({
      onDelete: (sa) => {
        const ns = sa.metadata?.namespace ?? '';
        for (const s of this.secrets.lister.listNamespace(ns)) {
          if (isTokenSecret(s) && s.metadata?.annotations?.[SA_NAME_ANNOTATION] === sa.metadata?.name) this.controller.enqueue(s);
        }
      },
    });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const secret = this.secrets.lister.get(name, namespace);
    if (!secret || !isTokenSecret(secret) || secret.metadata?.deletionTimestamp) return;
    const saName = secret.metadata?.annotations?.[SA_NAME_ANNOTATION] ?? '';
    const wantUid = secret.metadata?.annotations?.[SA_UID_ANNOTATION];
    const sa = await this.account(namespace, saName, signal);
    if (!sa || (wantUid && wantUid !== sa.metadata?.uid)) {
      await this.client
        .resource(SECRETS, namespace)
        .delete(name, { preconditions: { uid: secret.metadata?.uid }, signal })
        .catch((e: unknown) => {
          if (!isNotFound(e) && !isConflict(e)) throw e;
        });
      return;
    }
    const uid = sa.metadata!.uid!;
    const data = secret.data ?? {};
    const want: Record<string, string> = { namespace: b64(namespace), ...(this.rootCa ? { 'ca.crt': b64(this.rootCa) } : {}) };
    const missing = !data.token || Object.entries(want).some(([k, v]) => data[k] !== v) || wantUid !== uid;
    if (!missing) return;
    const next = structuredClone(secret) as Secret;
    next.metadata = { ...next.metadata, annotations: { ...next.metadata?.annotations, [SA_UID_ANNOTATION]: uid } };
    const token = data.token ?? b64(signLegacyToken(this.privateKey, { namespace, secretName: name, serviceAccountName: saName, serviceAccountUid: uid }));
    next.data = { ...data, ...want, token };
    try {
      await this.client.resource(SECRETS, namespace).update(next, { signal });
    } catch (e) {
      if (isNotFound(e)) return;
      if (isConflict(e)) return { requeueAfterMs: 100 };
      throw e;
    }
  }

  /** The service account from the cache, or read live when the cache has not seen it (yet). */
  private async account(namespace: string, name: string, signal: AbortSignal): Promise<Readonly<ServiceAccount> | undefined> {
    if (!name) return undefined;
    const cached = this.accounts.lister.get(name, namespace);
    if (cached) return cached;
    try {
      return await this.client.resource(SERVICEACCOUNTS, namespace).get(name, { signal });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}

/** Needs the signing key (upstream does not start the controller without one). */
export function newTokensController(ctx: ControllerContext): Runnable {
  const key = ctx.serviceAccountPrivateKey;
  if (key) return new TokensController(ctx, key, ctx.client.config.ca);
  return {
    name: TOKENS_CONTROLLER_NAME,
    run: async () => ctx.logger.warn({ controller: TOKENS_CONTROLLER_NAME }, 'no service account private key (--service-account-private-key-file); not filling token Secrets'),
  };
}
