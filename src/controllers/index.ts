// The controller manager component: the runtime, the controllers, and their registry.
export * from './runtime/index.js';
export { controllerDescriptors, newControllerRegistry, type ControllerSettings } from './registry.js';
export { DEFAULT_SIGNING_DURATION_MS } from './certificates/signing-policy.js';
export { ReplicaController, BURST_REPLICAS } from './replicaset/replica-controller.js';
export { REPLICA_SET_KIND, REPLICATION_CONTROLLER_KIND, type ReplicaKind } from './replicaset/kind.js';
export { DEFAULT_LOCAL_PATH_BASE_DIR, LOCAL_PATH_PROVISIONER, LOCAL_PATH_STORAGE_CLASS, localVolumeDirectories, type VolumeDirectories } from './volume/index.js';
