// The root CA publisher (upstream's root-ca-certificate-publisher-controller): every active
// namespace has the ConfigMap "kube-root-ca.crt" whose ca.crt is the cluster CA bundle, so pods
// can verify the API server; a changed or deleted copy is put back.
import type { ConfigMap, Namespace } from '../../api/types/core-v1.js';
import { CONFIGMAPS, NAMESPACES, isAlreadyExists, isStatusError, type Client, type SharedInformer } from '../../client/index.js';
import { Controller, type ControllerContext, type Runnable } from '../runtime/index.js';
import { isNamespaceActive } from './namespace-util.js';

export const ROOT_CA_PUBLISHER_NAME = 'root-ca-certificate-publisher-controller';
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const ROOT_CA_KEY = 'ca.crt';
/** The annotation upstream puts on the ConfigMap (its value is part of the published object). */
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export class RootCaPublisher implements Runnable {
  readonly name = ROOT_CA_PUBLISHER_NAME;
  readonly controller: Controller;
  private readonly namespaces: SharedInformer<Namespace>;
  private readonly configMaps: SharedInformer<ConfigMap>;
  private readonly client: Client;

  constructor(ctx: ControllerContext, private readonly rootCa: string) {
    this.client = ctx.client;
    this.namespaces = ctx.informers.forResource(NAMESPACES);
    this.configMaps = ctx.informers.forResource(CONFIGMAPS);
    this.controller = new Controller({ name: this.name, reconcile: (key, signal) => this.sync(key, signal), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    const enqueueNs = (ns: Readonly<Namespace>) => this.controller.enqueueKey(ns.metadata?.name ?? '');
    this.namespaces.addEventHandler({ onAdd: enqueueNs, onUpdate: (_o, ns) => enqueueNs(ns) });
    const enqueueCm = (cm: Readonly<ConfigMap>) => {
      if (cm.metadata?.name === ROOT_CA_CONFIGMAP) this.controller.enqueueKey(cm.metadata.namespace ?? '');
    };
    this.configMaps.addEventHandler({ onUpdate: (_o, cm) => enqueueCm(cm), onDelete: enqueueCm });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  async sync(namespace: string, signal: AbortSignal): Promise<void> {
    if (!isNamespaceActive(this.namespaces.lister.get(namespace))) return;
    const api = this.client.resource(CONFIGMAPS, namespace);
    const cm = this.configMaps.lister.get(ROOT_CA_CONFIGMAP, namespace);
    try {
      if (!cm) {
        await api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data: { [ROOT_CA_KEY]: this.rootCa } }, { signal });
        return;
      }
      if (cm.data?.[ROOT_CA_KEY] === this.rootCa && cm.metadata?.annotations?.[DESCRIPTION_ANNOTATION] === DESCRIPTION) return;
      const next = structuredClone(cm) as ConfigMap;
      next.data = { [ROOT_CA_KEY]: this.rootCa };
      next.metadata = { ...next.metadata, annotations: { ...next.metadata?.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION } };
      await api.update(next, { signal });
    } catch (e) {
      // The cache lags (it is retried from the next event), or the namespace is going away.
      if (isAlreadyExists(e) || isStatusError(e, 'Forbidden') || isStatusError(e, 'NotFound')) return;
      throw e;
    }
  }
}

/** The publisher of the CA bundle the controller manager's client trusts; without one it only says so (upstream does not start it). */
export function newRootCaPublisher(ctx: ControllerContext): Runnable {
  const ca = ctx.client.config.ca;
  if (ca) return new RootCaPublisher(ctx, ca);
  return {
    name: ROOT_CA_PUBLISHER_NAME,
    run: async () => ctx.logger.warn({ controller: ROOT_CA_PUBLISHER_NAME }, 'no root CA bundle in the client configuration; not publishing kube-root-ca.crt'),
  };
}
