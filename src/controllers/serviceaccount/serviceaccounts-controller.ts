// The ServiceAccount controller (upstream's serviceaccount-controller): every active namespace
// has a "default" ServiceAccount; one that is deleted is created again.
import type { Namespace, ServiceAccount } from '../../api/types/core-v1.js';
import { NAMESPACES, SERVICEACCOUNTS, isAlreadyExists, isStatusError, type Client, type SharedInformer } from '../../client/index.js';
import { Controller, type ControllerContext, type Runnable } from '../runtime/index.js';
import { isNamespaceActive } from './namespace-util.js';

export const SERVICEACCOUNT_CONTROLLER_NAME = 'serviceaccount-controller';
export const DEFAULT_SERVICEACCOUNT = 'default';

export class ServiceAccountsController implements Runnable {
  readonly name = SERVICEACCOUNT_CONTROLLER_NAME;
  readonly controller: Controller;
  private readonly namespaces: SharedInformer<Namespace>;
  private readonly accounts: SharedInformer<ServiceAccount>;
  private readonly client: Client;

  constructor(ctx: ControllerContext, private readonly names: readonly string[] = [DEFAULT_SERVICEACCOUNT]) {
    this.client = ctx.client;
    this.namespaces = ctx.informers.forResource(NAMESPACES);
    this.accounts = ctx.informers.forResource(SERVICEACCOUNTS);
    this.controller = new Controller({ name: this.name, reconcile: (key, signal) => this.sync(key, signal), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    const enqueueNs = (ns: Readonly<Namespace>) => this.controller.enqueueKey(ns.metadata?.name ?? '');
    this.namespaces.addEventHandler({ onAdd: enqueueNs, onUpdate: (_o, ns) => enqueueNs(ns) });
    this.accounts.addEventHandler({
      onDelete: (sa) => {
        if (this.names.includes(sa.metadata?.name ?? '')) this.controller.enqueueKey(sa.metadata?.namespace ?? '');
      },
    });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  async sync(namespace: string, signal: AbortSignal): Promise<void> {
    if (!isNamespaceActive(this.namespaces.lister.get(namespace))) return;
    for (const name of this.names) {
      if (this.accounts.lister.get(name, namespace)) continue;
      try {
        await this.client.resource(SERVICEACCOUNTS, namespace).create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } }, { signal });
      } catch (e) {
        // Already there (the cache lags), or the namespace started terminating / is gone.
        if (isAlreadyExists(e) || isStatusError(e, 'Forbidden') || isStatusError(e, 'NotFound')) continue;
        throw e;
      }
    }
  }
}

export const newServiceAccountsController = (ctx: ControllerContext): ServiceAccountsController => new ServiceAccountsController(ctx);
