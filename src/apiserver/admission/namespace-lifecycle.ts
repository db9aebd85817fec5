// NamespaceLifecycle: refuse new content in a namespace that is missing or being deleted. A
// cache fed by one storage watch answers the common case without I/O; a miss (a namespace
// created a moment ago) falls back to reading the store, as upstream's admission plugin does.
import { newForbidden, newNotFound, StatusError, type GroupResource } from '../../api/errors.js';
import type { Watch } from '../../storage/interface.js';
import type { ResourceStore } from '../registry/store.js';

interface NamespaceState {
  terminating: boolean;
}

const stateOf = (value: Buffer): NamespaceState => {
  const ns = JSON.parse(value.toString('utf8')) as { metadata?: { deletionTimestamp?: string }; status?: { phase?: string } };
  return { terminating: !!ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating' };
};

export class NamespaceLifecycle {
  private readonly cache = new Map<string, NamespaceState>();
  private watch: Watch | undefined;

  constructor(private readonly namespaces: () => ResourceStore | undefined) {}

  async start(): Promise<void> {
    const store = this.namespaces();
    if (!store) return;
    const storage = store.deps.storage;
    const page = await storage.list(store.prefix);
    for (const kv of page.items) this.cache.set(kv.key.slice(store.prefix.length), stateOf(kv.value));
    this.watch = storage.watch({
      prefix: store.prefix,
      afterRevision: page.revision,
      onEvents: (events) => {
        for (const ev of events) {
          const name = ev.key.slice(store.prefix.length);
          if (ev.type === 'delete') this.cache.delete(name);
          else this.cache.set(name, stateOf(ev.value));
        }
      },
      // Without the watch every check reads the store: slower, still correct.
      onError: () => {
        this.watch = undefined;
        this.cache.clear();
      },
    });
  }

  stop(): void {
    this.watch?.cancel();
    this.watch = undefined;
    this.cache.clear();
  }

  /** Throws 404 for a missing namespace and 403 for one being deleted (creates only). */
  readonly check = async (namespace: string, verb: 'create' | 'update', gr: GroupResource, name: string): Promise<void> => {
    if (verb !== 'create') return;
    let state = this.watch ? this.cache.get(namespace) : undefined;
    if (!state) {
      const store = this.namespaces();
      if (!store) return;
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
