// NamespaceLifecycle: refuse new content in a namespace that is missing or being deleted. A
// cache fed by one storage watch answers the common case without I/O; a miss (a namespace
// created a moment ago) falls back to reading the store, as upstream's admission plugin does.
import { newForbidden, newNotFound, StatusError, type GroupResource } from '../../api/errors.js';
import type { ResourceStore } from '../registry/store.js';
import { StoreWatchCache } from './store-watch-cache.js';

interface NamespaceState {
  terminating: boolean;
}

const stateOf = (value: Buffer): NamespaceState => {
  const ns = JSON.parse(value.toString('utf8')) as { metadata?: { deletionTimestamp?: string }; status?: { phase?: string } };
  return { terminating: !!ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating' };
};

export class NamespaceLifecycle {
  private readonly cache = new Map<string, NamespaceState>();
  private readonly watch: StoreWatchCache;

  constructor(private readonly namespaces: () => ResourceStore | undefined) {
    this.watch = new StoreWatchCache(namespaces, {
      reset: () => this.cache.clear(),
      put: (name, kv) => this.cache.set(name, stateOf(kv.value)),
      remove: (name) => this.cache.delete(name),
    });
  }

  start(): Promise<void> {
    return this.watch.start();
  }

  stop(): void {
    this.watch.stop();
  }

  /** Throws 404 for a missing namespace and 403 for one being deleted (creates only). */
  readonly check = async (namespace: string, verb: 'create' | 'update', gr: GroupResource, name: string): Promise<void> => {
    if (verb !== 'create') return;
    let state = this.watch.live ? this.cache.get(namespace) : undefined;
    if (!state) {
      const store = this.namespaces();
      if (!store) return;
      this.watch.ensureStarted();
      const kv = await store.deps.storage.get(store.key('', namespace));
      if (!kv) throw newNotFound({ group: '', resource: 'namespaces' }, namespace);
      state = stateOf(kv.value);
    }
    if (state.terminating) {
      const e = newForbidden(gr, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
      // Upstream names the cause so clients can tell this 403 from an authorization failure.
      const causes = [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }];
      throw new StatusError(e.code, e.reason, e.message, { ...e.details, causes });
    }
  };
}
