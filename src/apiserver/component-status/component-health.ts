// How healthy the control plane's components are, for v1 ComponentStatus. Upstream probes the
// scheduler's and the controller manager's /healthz on 127.0.0.1 and asks etcd; k8ts's scheduler
// and controller manager may run in the server's process or as processes of their own, anywhere,
// and each holds its leader Lease in kube-system while it works: a component is healthy while its
// Lease has a holder that renewed it within the lease duration. etcd-0 is the store the server
// runs on (SQLite or etcd): healthy when it answers a read.
import { isStatusError } from '../../api/errors.js';
import type { KObj } from '../../api/resource-info.js';
import type { Storage } from '../../storage/interface.js';
import type { ApiRegistry } from '../api-registry.js';

/** One ComponentCondition of type Healthy (upstream reports exactly one). */
export interface HealthCondition {
  readonly status: 'True' | 'False' | 'Unknown';
  readonly message?: string;
  readonly error?: string;
}

/** What a check reads: the registry (for Leases), the store, the clock. */
export interface HealthSources {
  readonly registry: ApiRegistry;
  readonly storage: Storage;
  readonly now: number;
}

type Check = (s: HealthSources) => Promise<HealthCondition>;

const LEASE_NAMESPACE = 'kube-system';
const STORE_TIMEOUT_MS = 5_000;

/** The components in upstream's order of names, each with its check. */
export const COMPONENTS: ReadonlyMap<string, Check> = new Map<string, Check>([
  ['scheduler', (s) => leaseHealth(s.registry, 'kube-scheduler', s.now)],
  ['controller-manager', (s) => leaseHealth(s.registry, 'kube-controller-manager', s.now)],
  ['etcd-0', (s) => storeHealth(s.storage)],
]);

async function leaseHealth(registry: ApiRegistry, leaseName: string, now: number): Promise<HealthCondition> {
  const where = `lease ${LEASE_NAMESPACE}/${leaseName}`;
  const leases = registry.lookup('coordination.k8s.io', 'v1', 'leases');
  if (!leases) return { status: 'Unknown', error: 'the coordination.k8s.io/v1 leases resource is not served' };
  let lease: KObj;
  try {
    lease = await leases.get(LEASE_NAMESPACE, leaseName);
  } catch (e) {
    if (isStatusError(e, 'NotFound')) return { status: 'False', message: `${where} not found: no ${leaseName} has run against this cluster` };
    return { status: 'Unknown', error: (e as Error).message };
  }
  const spec = (lease.spec ?? {}) as Record<string, unknown>;
  const holder = typeof spec.holderIdentity === 'string' ? spec.holderIdentity : '';
  if (!holder) return { status: 'False', message: `${where} has no holder: the ${leaseName} leader stopped` };
  const durationS = typeof spec.leaseDurationSeconds === 'number' ? spec.leaseDurationSeconds : 0;
  const renewed = Date.parse(String(spec.renewTime ?? ''));
  if (Number.isNaN(renewed)) return { status: 'False', message: `${where} held by ${holder} has no renewTime` };
  const ageS = Math.max(0, Math.floor((now - renewed) / 1000));
  if (now - renewed > durationS * 1000) {
    return { status: 'False', message: `${where} held by ${holder} was last renewed ${ageS}s ago, past its ${durationS}s lease duration` };
  }
  return { status: 'True', message: 'ok' };
}

async function storeHealth(storage: Storage): Promise<HealthCondition> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the ${storage.capabilities.backend} store did not answer within ${STORE_TIMEOUT_MS / 1000}s`)), STORE_TIMEOUT_MS);
  });
  try {
    await Promise.race([storage.currentRevision(), timeout]);
    return { status: 'True', message: 'ok' };
  } catch (e) {
    return { status: 'False', error: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
