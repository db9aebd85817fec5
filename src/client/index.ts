// The public surface of src/client (client-go for k8ts). Components import from here only.
export type { KubeObject, ObjectList, WatchEvent, WatchEventType, CallOptions, ListOptions, WatchOptions, WriteOptions, PatchOptions, PatchType, DeleteOptions, JsonPatchOperation } from './types.js';
export { PATCH_CONTENT_TYPES } from './types.js';
export { realClock, sleep, wait, type Clock } from './clock.js';
export { FakeClock } from './fake-clock.js';
export { Backoff, type BackoffOptions } from './backoff.js';
export { loadKubeconfig, parseKubeconfig, KubeconfigError, type ClientConfig, type LoadKubeconfigOptions } from './kubeconfig.js';
export { HttpsTransport, type Transport, type TransportRequest, type TransportResponse, type HttpsTransportOptions } from './transport.js';
export { RestClient, queryString, type RequestOptions, type RestClientOptions, type QueryValue } from './rest-client.js';
export {
  StatusError,
  isStatusError,
  ConnectionError,
  ClientUsageError,
  statusErrorFrom,
  isNotFound,
  isAlreadyExists,
  isConflict,
  isExpired,
  isInvalid,
  isTooManyRequests,
} from './errors.js';
export * from './resources.js';
export { discoverResources, resourceForKind, type DiscoveredResource, type DiscoveryResult } from './discovery.js';
export { ResourceClient, type GetOptions, type SubresourceOptions } from './resource-client.js';
export { decodeWatchStream, watchErrorOf } from './watch.js';
export { createClient, clientFromKubeconfig, type Client, type ClientOptions } from './client.js';
export { metaNamespaceKey, splitMetaNamespaceKey, type KeyFunc } from './object-key.js';
export { Indexer, IndexConflictError, NAMESPACE_INDEX, namespaceIndexFunc, type IndexFunc, type Indexers } from './indexer.js';
export { Lister } from './lister.js';
export { Reflector, type ReflectorOptions, type ReflectorSink } from './reflector.js';
export {
  SharedInformer,
  stripManagedFields,
  waitForCacheSync,
  type ResourceEventHandler,
  type HandlerOptions,
  type HandlerRegistration,
  type SharedInformerOptions,
} from './shared-informer.js';
export { SharedInformerFactory, type InformerFactoryOptions, type ForResourceOptions } from './informer-factory.js';
export { WorkQueue, type Queue, type QueueItem } from './workqueue/queue.js';
export { DelayingWorkQueue, type DelayingQueue } from './workqueue/delaying-queue.js';
export { ItemExponentialFailureRateLimiter, BucketRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter, type RateLimiter } from './workqueue/rate-limiter.js';
export { RateLimitingWorkQueue, type RateLimitingQueue, type RateLimitingQueueOptions } from './workqueue/rate-limiting-queue.js';
export { LeaderElector, LeaderElectionLostError, leaseAgeMs, type LeaderElectionConfig, type LeaderCallbacks, type LeaderElectionOptions, type RenewalTiming } from './leader-election.js';
export { EventRecorder, EventsDroppedError, referenceOf, type EventRecorderOptions, type EventType, type EventTarget } from './event-recorder.js';
export { apiTime, apiMicroTime, parseApiTime } from './time-format.js';
export { newStopController } from './stop-signal.js';
