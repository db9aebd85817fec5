// `k8ts controller-manager`: the controllers against any API server through a kubeconfig, with
// leader election through a Lease (kube-system/kube-controller-manager) by default; and the
// in-process variant that `k8ts server` starts. Bad flags exit with code 2; losing the lease exits
// with code 1, as upstream.
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Client } from '../client/index.js';
import { ControllerManager, DEFAULT_LOCAL_PATH_BASE_DIR, DEFAULT_SIGNING_DURATION_MS, localVolumeDirectories, newControllerRegistry, RegistryError, type CsrSigningConfig } from '../controllers/index.js';
import { loadCertificateAuthority } from '../apiserver/pki/certs.js';
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from './main.js';
import { addLeaderElectionFlags, defaultLeaderElectionFlags, parseDuration, type LeaderElectionFlags } from './leader-election-flags.js';
import { runLeaderElectedCommand, startInProcessLeaderElected, type ElectionWithClient } from './component-runtime.js';

export interface ControllerManagerFlags extends LeaderElectionFlags {
  kubeconfig?: string;
  controllers: string[];
  concurrentReplicasetSyncs: number;
  concurrentRcSyncs: number;
  concurrentDeploymentSyncs: number;
  concurrentStatefulsetSyncs: number;
  concurrentDaemonsetSyncs: number;
  concurrentJobSyncs: number;
  concurrentCronJobSyncs: number;
  concurrentTtlAfterFinishedSyncs: number;
  concurrentEndpointSyncs: number;
  concurrentServiceEndpointSyncs: number;
  concurrentResourceQuotaSyncs: number;
  concurrentHorizontalPodAutoscalerSyncs: number;
  /** --horizontal-pod-autoscaler-sync-period and -downscale-stabilization, in ms. */
  horizontalPodAutoscalerSyncPeriod: number;
  horizontalPodAutoscalerDownscaleStabilization: number;
  horizontalPodAutoscalerTolerance: number;
  /** --node-monitor-grace-period, in ms. */
  nodeMonitorGracePeriod: number;
  maxEndpointsPerSlice: number;
  /** PEM file of the key that signs legacy service account token Secrets. */
  serviceAccountPrivateKeyFile?: string;
  /** Where local-path volumes' directories are made and removed (absent: left to the nodes). */
  localPathDir?: string;
  /** The CA certificate and key that sign CertificateSigningRequests (absent: not signed). */
  clusterSigningCertFile?: string;
  clusterSigningKeyFile?: string;
  /** --cluster-signing-duration, in ms: the longest certificate the signer issues. */
  clusterSigningDuration: number;
}


function parseWorkers(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 1000) throw new InvalidArgumentError(`"${v}" is not a worker count (1-1000)`);
  return Number(v);
}

function parseTolerance(v: string): number {
  if (!/^\d+(\.\d+)?$/.test(v)) throw new InvalidArgumentError(`"${v}" is not a non-negative number`);
  return Number(v);
}

const parseList = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);

export function registerControllerManagerCommand(program: Command): void {
  addLeaderElectionFlags(
    program
      .command('controller-manager')
      .description('run the controllers (workloads, garbage collection, namespaces, service accounts, endpoints, nodes, disruption, quota, volumes, certificate signing) against an API server')
      .option('--kubeconfig <file>', 'kubeconfig of the cluster (default: $KUBECONFIG)'),
    'controller manager',
    'kube-controller-manager',
  )
    .option('--controllers <list>', 'controllers to run: "*" (all on by default), "name", "-name"', parseList, ['*'])
    .option('--concurrent-replicaset-syncs <n>', 'ReplicaSets synced at once', parseWorkers, 5)
    .option('--concurrent-rc-syncs <n>', 'ReplicationControllers synced at once', parseWorkers, 5)
    .option('--concurrent-deployment-syncs <n>', 'Deployments synced at once', parseWorkers, 5)
    .option('--concurrent-statefulset-syncs <n>', 'StatefulSets synced at once', parseWorkers, 5)
    .option('--concurrent-daemonset-syncs <n>', 'DaemonSets synced at once', parseWorkers, 2)
    .option('--concurrent-job-syncs <n>', 'Jobs synced at once', parseWorkers, 5)
    .option('--concurrent-cron-job-syncs <n>', 'CronJobs synced at once', parseWorkers, 5)
    .option('--concurrent-ttl-after-finished-syncs <n>', 'finished Jobs checked for their TTL at once', parseWorkers, 5)
    .option('--concurrent-endpoint-syncs <n>', 'services whose Endpoints are synced at once', parseWorkers, 5)
    .option('--concurrent-service-endpoint-syncs <n>', 'services whose EndpointSlices are synced at once', parseWorkers, 5)
    .option('--concurrent-resource-quota-syncs <n>', 'ResourceQuotas synced at once', parseWorkers, 5)
    .option('--concurrent-horizontal-pod-autoscaler-syncs <n>', 'HorizontalPodAutoscalers synced at once', parseWorkers, 5)
    .option('--horizontal-pod-autoscaler-sync-period <duration>', 'how often each HorizontalPodAutoscaler is synced', parseDuration, 15_000)
    .option('--horizontal-pod-autoscaler-downscale-stabilization <duration>', 'how long recent recommendations hold a scale-down back', parseDuration, 300_000)
    .option('--horizontal-pod-autoscaler-tolerance <ratio>', 'how far the metric may be from its target before the HPA acts', parseTolerance, 0.1)
    .option('--node-monitor-grace-period <duration>', 'how long a node may go without a heartbeat before it is marked Unknown', parseDuration, 40_000)
    .option('--max-endpoints-per-slice <n>', 'endpoints per EndpointSlice at most', parseWorkers, 100)
    .option('--local-path-dir <dir>', 'make and remove local-path volumes\' directories under this directory on this machine (default: leave them to the nodes)', (v: string) => resolve(v))
    .option('--service-account-private-key-file <file>', 'PEM private key that signs service account token Secrets (the API server verifies with the same key)')
    .option('--cluster-signing-cert-file <file>', 'PEM CA certificate that signs approved certificate signing requests for the kubernetes.io signers')
    .option('--cluster-signing-key-file <file>', 'PEM private key of --cluster-signing-cert-file')
    .option('--cluster-signing-duration <duration>', 'the longest validity of certificates the signer issues', parseDuration, DEFAULT_SIGNING_DURATION_MS)
    .action(async (flags: ControllerManagerFlags) => {
      await runControllerManager(flags);
    });
}

/** With a directory, the provisioner manages directories there; without, it names them under the default and leaves them to the nodes. */
function localPathSettings(dir: string | undefined) {
  if (!dir) return { baseDir: DEFAULT_LOCAL_PATH_BASE_DIR };
  return { baseDir: isAbsolute(dir) ? dir : resolve(dir), directories: localVolumeDirectories };
}

/** The CSR signer's CA from --cluster-signing-cert-file and --cluster-signing-key-file (both or neither). */
export function csrSigningConfig(f: Pick<ControllerManagerFlags, 'clusterSigningCertFile' | 'clusterSigningKeyFile' | 'clusterSigningDuration'>): CsrSigningConfig | undefined {
  const { clusterSigningCertFile: certFile, clusterSigningKeyFile: keyFile } = f;
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new UsageError('--cluster-signing-cert-file and --cluster-signing-key-file must be given together');
  let ca;
  try {
    ca = loadCertificateAuthority({ certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') });
  } catch (e) {
    throw new UsageError(`--cluster-signing-cert-file/--cluster-signing-key-file: ${(e as Error).message}`);
  }
  return { ca, durationMs: f.clusterSigningDuration };
}

function newManager(client: Client, f: ControllerManagerFlags, log: Logger, le: ElectionWithClient, serviceAccountPrivateKey?: string): ControllerManager {
  const csrSigning = csrSigningConfig(f);
  try {
    return new ControllerManager({
      client,
      registry: newControllerRegistry({ hpa: { syncPeriodMs: f.horizontalPodAutoscalerSyncPeriod, downscaleStabilizationMs: f.horizontalPodAutoscalerDownscaleStabilization, tolerance: f.horizontalPodAutoscalerTolerance }, nodeMonitorGracePeriodMs: f.nodeMonitorGracePeriod, maxEndpointsPerSlice: f.maxEndpointsPerSlice, localPath: localPathSettings(f.localPathDir) }),
      controllers: f.controllers,
      leaderElection: le,
      logger: log,
      workers: { replicaset: f.concurrentReplicasetSyncs, replicationcontroller: f.concurrentRcSyncs, deployment: f.concurrentDeploymentSyncs, statefulset: f.concurrentStatefulsetSyncs, daemonset: f.concurrentDaemonsetSyncs, job: f.concurrentJobSyncs, cronjob: f.concurrentCronJobSyncs, 'ttl-after-finished': f.concurrentTtlAfterFinishedSyncs, 'endpoint-controller': f.concurrentEndpointSyncs, 'endpointslice-controller': f.concurrentServiceEndpointSyncs, 'resourcequota-controller': f.concurrentResourceQuotaSyncs, 'horizontal-pod-autoscaler': f.concurrentHorizontalPodAutoscalerSyncs },
      serviceAccountPrivateKey,
      ...(csrSigning ? { csrSigning } : {}),
    });
  } catch (e) {
    if (e instanceof RegistryError) throw new UsageError(`--controllers: ${e.message}`);
    throw e;
  }
}

export async function runControllerManager(flags: ControllerManagerFlags): Promise<void> {
  await runLeaderElectedCommand(flags, {
    command: 'controller-manager',
    component: 'kube-controller-manager',
    build: (client, log, le) => newManager(client, flags, log, le, readKeyFile(flags.serviceAccountPrivateKeyFile)),
  });
}

function readKeyFile(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--service-account-private-key-file: ${(e as Error).message}`);
  }
}

export const DEFAULT_CONTROLLER_MANAGER_FLAGS: ControllerManagerFlags = {
  ...defaultLeaderElectionFlags('kube-controller-manager'),
  controllers: ['*'],
  concurrentReplicasetSyncs: 5,
  concurrentRcSyncs: 5,
  concurrentDeploymentSyncs: 5,
  concurrentStatefulsetSyncs: 5,
  concurrentDaemonsetSyncs: 2,
  concurrentJobSyncs: 5,
  concurrentCronJobSyncs: 5,
  concurrentTtlAfterFinishedSyncs: 5,
  concurrentEndpointSyncs: 5,
  concurrentServiceEndpointSyncs: 5,
  concurrentResourceQuotaSyncs: 5,
  concurrentHorizontalPodAutoscalerSyncs: 5,
  horizontalPodAutoscalerSyncPeriod: 15_000,
  horizontalPodAutoscalerDownscaleStabilization: 300_000,
  horizontalPodAutoscalerTolerance: 0.1,
  nodeMonitorGracePeriod: 40_000,
  maxEndpointsPerSlice: 100,
  clusterSigningDuration: DEFAULT_SIGNING_DURATION_MS,
};

/**
 * For `k8ts server`: the controllers in this process, talking to the API server over HTTPS with the
 * kubeconfig given (in-process: its own identity, system:kube-controller-manager) like any other client. They campaign again if the lease is lost. Never rejects.
 */
export function startInProcessControllerManager(
  kubeconfig: string,
  log: Logger,
  signal: AbortSignal,
  serviceAccountPrivateKey?: string,
  localPathDir?: string,
  clusterSigning?: { readonly certFile: string; readonly keyFile: string },
): { done: Promise<void> } {
  const flags: ControllerManagerFlags = {
    ...DEFAULT_CONTROLLER_MANAGER_FLAGS,
    localPathDir,
    ...(clusterSigning ? { clusterSigningCertFile: clusterSigning.certFile, clusterSigningKeyFile: clusterSigning.keyFile } : {}),
  };
  return startInProcessLeaderElected(
    kubeconfig,
    DEFAULT_CONTROLLER_MANAGER_FLAGS,
    {
      component: 'kube-controller-manager',
      what: 'controller manager',
      build: (client, le) => newManager(client, flags, log, le, serviceAccountPrivateKey),
    },
    log,
    signal,
  );
}
