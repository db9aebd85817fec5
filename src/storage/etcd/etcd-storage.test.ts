// Runs the storage conformance suite against a real etcd started for this file. Each storage
// gets its own root prefix in that etcd; a second round uses a tiny watch window so that
// watchers take the catch-up path. A missing etcd fails this file, it is never skipped.
import { randomUUID } from 'node:crypto';
import { after, describe } from 'node:test';
import { runStorageConformance } from '../testing/conformance.js';
import { startEtcd } from '../testing/etcd-server.js';
import { openEtcdStorage, type EtcdStorageOptions } from './etcd-storage.js';

const server = await startEtcd();

describe('etcd storage', () => {
  after(() => server.stop());

  const opener = (extra: Partial<EtcdStorageOptions>) => async () => {
    const storage = await openEtcdStorage({ endpoints: [server.endpoint], prefix: `/k8ts-test-${randomUUID()}`, ...extra });
    return { storage, cleanup: () => storage.close() };
  };

  runStorageConformance('etcd', opener({}));
  runStorageConformance('etcd (tiny watch window: catch-up path)', opener({ watchWindow: { maxEvents: 2 } }));
});
