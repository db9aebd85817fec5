// Runs the storage conformance suite against a real etcd started for this file. Each storage
// gets its own root prefix in that etcd; a second round uses a tiny watch window so that
// watchers take the catch-up path. Missing etcd makes these tests fail, never skip.
import { randomUUID } from 'node:crypto';
import { after, before, describe } from 'node:test';
import { runStorageConformance } from '../testing/conformance.js';
import { startEtcd, type EtcdServer } from '../testing/etcd-server.js';
import { openEtcdStorage, type EtcdStorageOptions } from './etcd-storage.js';

describe('etcd storage', () => {
  let server: EtcdServer | undefined;
  before(async () => {
    server = await startEtcd();
  });
  after(async () => {
    await server?.stop();
  });

  const opener = (extra: Partial<EtcdStorageOptions>) => async () => {
    if (!server) throw new Error('etcd did not start (see the failure of the before hook)');
    const storage = await openEtcdStorage({ endpoints: [server.endpoint], prefix: `/k8ts-test-${randomUUID()}`, ...extra });
    return { storage, cleanup: () => storage.close() };
  };

  runStorageConformance('etcd', opener({}));
  runStorageConformance('etcd (tiny watch window: catch-up path)', opener({ watchWindow: { maxEvents: 2 } }));
});
