// Every controller k8ts's controller manager knows, by upstream's names. The runtime never imports
// a controller; this list is the only place that does.
import { newCsrSigningController } from './certificates/signing-controller.js';
import { newCronJobController } from './cronjob/cronjob-controller.js';
import { newDeploymentController } from './deployment/deployment-controller.js';
import { newDisruptionController } from './disruption/disruption-controller.js';
import { newEndpointsController } from './endpoints/endpoints-controller.js';
import { newEndpointSliceController } from './endpointslice/endpointslice-controller.js';
import { newEndpointSliceMirroringController } from './endpointslicemirroring/mirroring-controller.js';
import { newJobController } from './job/job-controller.js';
import { newHorizontalPodAutoscalerController } from './podautoscaler/hpa-controller.js';
import { newNodeLifecycleController } from './nodelifecycle/node-lifecycle-controller.js';
import { newTaintEvictionController } from './nodelifecycle/taint-eviction-controller.js';
import { REPLICA_SET_KIND, REPLICATION_CONTROLLER_KIND } from './replicaset/kind.js';
import { newReplicaController } from './replicaset/replica-controller.js';
import { newResourceQuotaController } from './resourcequota/resourcequota-controller.js';
import { ControllerRegistry, type ControllerDescriptor } from './runtime/index.js';
import { newStatefulSetController } from './statefulset/statefulset-controller.js';
import { newTtlAfterFinishedController } from './ttl-after-finished/ttl-after-finished-controller.js';
import { newDaemonSetController } from './daemonset/daemonset-controller.js';
import { newGarbageCollector } from './garbage-collector/garbage-collector.js';
import { newNamespaceController } from './namespace/namespace-controller.js';
import { newRootCaPublisher } from './serviceaccount/root-ca-publisher.js';
import { newServiceAccountsController } from './serviceaccount/serviceaccounts-controller.js';
import { newTokensController } from './serviceaccount/tokens-controller.js';
import { DEFAULT_LOCAL_PATH_BASE_DIR, newLocalPathProvisioner, newPersistentVolumeBinder, type VolumeDirectories } from './volume/index.js';

/** Tunables of individual controllers (their upstream flags). */
export interface ControllerSettings {
  /** --node-monitor-grace-period. */
  readonly nodeMonitorGracePeriodMs?: number;
  /** --max-endpoints-per-slice. */
  readonly maxEndpointsPerSlice?: number;
  /** The HPA's --horizontal-pod-autoscaler-sync-period, -downscale-stabilization and -tolerance. */
  readonly hpa?: { readonly syncPeriodMs?: number; readonly downscaleStabilizationMs?: number; readonly tolerance?: number };
  /** Where local-path volumes live, and who makes their directories (docs/controllers-volumes.md). */
  readonly localPath?: { readonly baseDir: string; readonly directories?: VolumeDirectories };
}

export function controllerDescriptors(settings: ControllerSettings = {}): ControllerDescriptor[] {
  return [
    { name: 'replicaset-controller', aliases: ['replicaset'], create: newReplicaController(REPLICA_SET_KIND) },
    { name: 'deployment-controller', aliases: ['deployment'], create: newDeploymentController },
    { name: 'replicationcontroller-controller', aliases: ['replicationcontroller'], create: newReplicaController(REPLICATION_CONTROLLER_KIND) },
    { name: 'statefulset-controller', aliases: ['statefulset'], create: newStatefulSetController },
    { name: 'daemonset-controller', aliases: ['daemonset'], create: newDaemonSetController },
    { name: 'endpoints-controller', aliases: ['endpoint'], create: newEndpointsController },
    { name: 'endpointslice-controller', aliases: ['endpointslice'], create: newEndpointSliceController({ maxEndpointsPerSlice: settings.maxEndpointsPerSlice }) },
    { name: 'endpointslice-mirroring-controller', aliases: ['endpointslicemirroring'], create: newEndpointSliceMirroringController },
    { name: 'node-lifecycle-controller', aliases: ['nodelifecycle'], create: newNodeLifecycleController({ gracePeriodMs: settings.nodeMonitorGracePeriodMs }) },
    { name: 'taint-eviction-controller', create: newTaintEvictionController },
    { name: 'disruption-controller', aliases: ['disruption'], create: newDisruptionController },
    { name: 'resourcequota-controller', aliases: ['resourcequota'], create: newResourceQuotaController },
    { name: 'garbage-collector-controller', aliases: ['garbagecollector'], create: newGarbageCollector },
    { name: 'namespace-controller', aliases: ['namespace'], create: newNamespaceController },
    { name: 'serviceaccount-controller', aliases: ['serviceaccount'], create: newServiceAccountsController },
    { name: 'root-ca-certificate-publisher-controller', aliases: ['root-ca-cert-publisher'], create: newRootCaPublisher },
    { name: 'serviceaccount-token-controller', aliases: ['serviceaccount-token'], create: newTokensController },
    { name: 'certificatesigningrequest-signing-controller', aliases: ['csrsigning'], create: newCsrSigningController },
    { name: 'job-controller', aliases: ['job'], create: newJobController() },
    { name: 'cronjob-controller', aliases: ['cronjob'], create: newCronJobController() },
    { name: 'ttl-after-finished-controller', aliases: ['ttl-after-finished'], create: newTtlAfterFinishedController() },
    { name: 'persistentvolume-binder-controller', aliases: ['persistentvolume-binder'], create: newPersistentVolumeBinder },
    { name: 'local-path-provisioner-controller', aliases: ['local-path-provisioner'], create: newLocalPathProvisioner(settings.localPath ?? { baseDir: DEFAULT_LOCAL_PATH_BASE_DIR }) },
    {
      name: 'horizontal-pod-autoscaler-controller',
      aliases: ['horizontalpodautoscaling'],
      create: newHorizontalPodAutoscalerController({
        syncPeriodMs: settings.hpa?.syncPeriodMs,
        downscaleStabilizationMs: settings.hpa?.downscaleStabilizationMs,
        calculator: settings.hpa?.tolerance === undefined ? undefined : { tolerance: settings.hpa.tolerance },
      }),
    },
  ];
}

export const newControllerRegistry = (settings: ControllerSettings = {}): ControllerRegistry => new ControllerRegistry(controllerDescriptors(settings));
