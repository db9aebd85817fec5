// Assembles the API server: registry of built-in kinds over a store, admission, auth, metrics,
// audit, then bootstrap objects. cmd/ calls this; tests call it too.
import { builtinStrategies } from '../api/kinds/index.js';
import type { KObj } from '../api/resource-info.js';
import type { Storage } from '../storage/interface.js';
import { admitCertificateSubject } from './admission/certificate-subject-restriction.js';
import { admitDefaultStorageClass } from './admission/default-storage-class.js';
import { addDefaultTolerationSeconds } from './admission/default-toleration-seconds.js';
import { NamespaceLifecycle } from './admission/namespace-lifecycle.js';
import { admitPodPriority, admitPriorityClass, PriorityClassCache } from './admission/priority.js';
import { ResourceQuotaCache } from './admission/quota-cache.js';
import { admitResourceQuota } from './admission/resource-quota.js';
import { allocateServiceAddresses, DEFAULT_SERVICE_NETWORK } from './admission/service-ips.js';
import { WebhookConfigurationCache } from './admission/webhooks/configuration-cache.js';
import { ValidatingAdmissionPolicies } from './admission/policies/validating-policies.js';
import { WebhookAdmission } from './admission/webhooks/dispatcher.js';
import { ApiRegistry } from './api-registry.js';
import { FileAuditLog, type AuditLog } from './audit.js';
import { UnionAuthenticator, type Authenticator } from './auth/authenticator.js';
import { ServiceAccountCache, ServiceAccountTokenAuthenticator } from './auth/service-account-authenticator.js';
import { ServiceAccountTokenIssuer } from './auth/service-account-jwt.js';
import { AllowAllAuthorizer, type Authorizer } from './auth/authorizer.js';
import { bootstrapClusterObjects, bootstrapKubernetesService } from './bootstrap.js';
import { Compactor } from './compactor.js';
import { CrdRegistrar } from './crd/crd-registrar.js';
import { SchemaBodyDecoder } from './decoder.js';
import { FieldManager } from './field-manager.js';
import { FlowControlConfigCache } from './flowcontrol/config-cache.js';
import { Metrics } from './metrics.js';
import { componentStatusStrategy } from './component-status/index.js';
import { reviewStrategies } from './reviews/index.js';
import type { ResourceStore } from './registry/store.js';
import { ApiServer, type ApiServerOptions, type Logger } from './server.js';
import { serviceStoresOf } from './webhook/service-endpoint.js';

export interface ServingTls {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

export interface ControlPlaneOptions {
  readonly storage: Storage;
  /**
   * The serving certificate, key and client CA. A promise lets the caller make them (a first
   * start generates a CA) while the registry is built and the caches fill; it is awaited just
   * before the server is created.
   */
  readonly tls: ServingTls | Promise<ServingTls>;
  readonly bindAddress: string;
  readonly port: number;
  readonly authenticator: Authenticator;
  /** PEM private key that signs service account tokens (absent: no TokenRequest, no token authentication). */
  readonly serviceAccountSigningKey?: string;
  /** The tokens' issuer (default https://kubernetes.default.svc.cluster.local). */
  readonly serviceAccountIssuer?: string;
  readonly authorizer?: Authorizer;
  readonly auditFile?: string;
  readonly logger: Logger;
  /** Address written into the kubernetes Endpoints (default: the bind address, or 127.0.0.1). */
  readonly advertiseAddress?: string;
  readonly compactIntervalMs?: number;
  readonly maxRequestsInFlight?: number;
  readonly maxMutatingRequestsInFlight?: number;
  readonly flowControl?: ApiServerOptions['flowControl'];
  readonly bookmarkIntervalMs?: number;
  /** How the API server reaches kubelets (pods/log, exec, attach, portforward). */
  readonly kubelet?: ApiServerOptions['kubelet'];
}

export interface ControlPlane {
  readonly server: ApiServer;
  readonly crds: CrdRegistrar;
  readonly registry: ApiRegistry;
  readonly storage: Storage;
  readonly port: number;
  close(): Promise<void>;
}

export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  const admit = async (store: ResourceStore, obj: KObj, old: KObj | undefined, op: 'create' | 'update', o: { readonly dryRun: boolean }) => {
    if (op === 'create' && store.info.group === '' && store.info.resource === 'pods') {
      addDefaultTolerationSeconds(obj);
      await admitPodPriority(priorityClasses, obj);
    }
    if (store.info.group === 'scheduling.k8s.io' && store.info.resource === 'priorityclasses') await admitPriorityClass(priorityClasses, obj);
    if (op === 'create') await admitDefaultStorageClass(registry.lookup('storage.k8s.io', 'v1', 'storageclasses'), store, obj);
    if (op === 'create') await admitCertificateSubject(store, obj);
    await admitResourceQuota(registry.lookup('', 'v1', 'resourcequotas'), quotaCache, store, obj, store.deps.clock.now(), o.dryRun, op === 'update' ? old : undefined);
    if (store.info.group === '' && store.info.resource === 'services') {
      await allocateServiceAddresses(store, DEFAULT_SERVICE_NETWORK, obj, old);
    }
  };
  const lifecycle = new NamespaceLifecycle(() => registry.lookup('', 'v1', 'namespaces'));
  const quotaCache = new ResourceQuotaCache(() => registry.lookup('', 'v1', 'resourcequotas'));
  const priorityClasses = new PriorityClassCache(() => registry.lookup('scheduling.k8s.io', 'v1', 'priorityclasses'));
  const webhookConfigurations = new WebhookConfigurationCache(
    () => registry.lookup('admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations'),
    () => registry.lookup('admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations'),
  );
  const decoder = new SchemaBodyDecoder();
  const authorizer = opts.authorizer ?? new AllowAllAuthorizer();
  const policies = new ValidatingAdmissionPolicies({
    policies: () => registry.lookup('admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicies'),
    bindings: () => registry.lookup('admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicybindings'),
    namespaces: () => registry.lookup('', 'v1', 'namespaces'),
    storeOfKind: (apiVersion, kind) => {
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
      return registry.resourcesOf(group ?? '', version ?? '').find((s) => s.info.kind === kind);
    },
    authorizer,
  });
  const webhooks = new WebhookAdmission({
    authorizer,
    policies,
    configurations: webhookConfigurations,
    services: serviceStoresOf({ lookup: (g, v, r) => registry.lookup(g, v, r) }),
    namespaces: () => registry.lookup('', 'v1', 'namespaces'),
    decoder,
    versionsOf: (group, resource) =>
      registry
        .groupVersions()
        .filter((gv) => gv.group === group)
        .flatMap((gv) => registry.lookup(group, gv.version, resource) ?? []),
  });
  const clock = { now: () => Date.now() };
  const registry: ApiRegistry = new ApiRegistry({
    storage: opts.storage,
    clock,
    checkNamespace: lifecycle.check,
    admit,
    webhooks,
    fieldManager: new FieldManager(clock),
  });
  for (const s of builtinStrategies()) registry.register(s);
  for (const s of reviewStrategies()) registry.register(s);
  registry.register(componentStatusStrategy());

  await lifecycle.start();
  await quotaCache.start();
  await priorityClasses.start();
  await Promise.all([webhookConfigurations.start(), policies.start()]);
  const tokenIssuer = opts.serviceAccountSigningKey ? new ServiceAccountTokenIssuer(opts.serviceAccountSigningKey, { issuer: opts.serviceAccountIssuer }) : undefined;
  const accounts = new ServiceAccountCache(() => registry.lookup('', 'v1', 'serviceaccounts'), () => registry.lookup('', 'v1', 'secrets'));
  if (tokenIssuer) await accounts.start();
  const metrics = new Metrics(opts.storage);
  const audit: AuditLog | undefined = opts.auditFile ? new FileAuditLog(opts.auditFile) : undefined;
  let ready = false;
  // What needs neither the serving port nor the server is done while a first start's
  // certificates are still being made; /readyz answers 200 only once all of it is.
  const crds = new CrdRegistrar(registry, opts.logger);
  const [tls] = await Promise.all([opts.tls, bootstrapClusterObjects(registry), crds.start()]);
  const server = new ApiServer({
    tls,
    bindAddress: opts.bindAddress,
    port: opts.port,
    registry,
    storage: opts.storage,
    authenticator: tokenIssuer ? new UnionAuthenticator(new ServiceAccountTokenAuthenticator(tokenIssuer, accounts, clock.now), opts.authenticator) : opts.authenticator,
    tokenIssuer,
    authorizer,
    decoder,
    metrics,
    audit,
    logger: opts.logger,
    maxRequestsInFlight: opts.maxRequestsInFlight,
    maxMutatingRequestsInFlight: opts.maxMutatingRequestsInFlight,
    flowControl: opts.flowControl,
    bookmarkIntervalMs: opts.bookmarkIntervalMs,
    kubelet: opts.kubelet,
    ready: () => ready,
  });
  const addr = await server.listen();
  const advertise = opts.advertiseAddress ?? (opts.bindAddress === '0.0.0.0' || opts.bindAddress === '::' ? '127.0.0.1' : opts.bindAddress);
  await bootstrapKubernetesService(registry, { advertiseAddress: advertise, port: addr.port, serviceIp: '10.43.0.1' });
  const flowConfig = new FlowControlConfigCache(
    () => registry.lookup('flowcontrol.apiserver.k8s.io', 'v1', 'flowschemas'),
    () => registry.lookup('flowcontrol.apiserver.k8s.io', 'v1', 'prioritylevelconfigurations'),
    server.flowControl,
  );
  await flowConfig.start();
  ready = true;
  const compactor = new Compactor(opts.storage, opts.logger, opts.compactIntervalMs);
  compactor.start();
  return {
    server,
    crds,
    registry,
    storage: opts.storage,
    port: addr.port,
    async close() {
      compactor.stop();
      crds.stop();
      lifecycle.stop();
      quotaCache.stop();
      priorityClasses.stop();
      webhookConfigurations.stop();
      policies.stop();
      flowConfig.stop();
      accounts.stop();
      await server.close();
      await audit?.close();
    },
  };
}
