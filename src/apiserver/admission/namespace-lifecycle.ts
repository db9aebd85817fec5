// NamespaceLifecycle: refuse new content in a namespace that is missing or being deleted.
import { newForbidden, newNotFound, type GroupResource } from '../../api/errors.js';
import type { ApiRegistry } from '../api-registry.js';

export function namespaceLifecycle(registry: () => ApiRegistry) {
  return async (namespace: string, verb: 'create' | 'update', gr: GroupResource, name: string): Promise<void> => {
    if (verb !== 'create') return;
    const nsStore = registry().lookup('', 'v1', 'namespaces');
    if (!nsStore) return;
    const kv = await nsStore.deps.storage.get(nsStore.key('', namespace));
    if (!kv) throw newNotFound({ group: '', resource: 'namespaces' }, namespace);
    const ns = JSON.parse(kv.value.toString('utf8')) as { metadata?: { deletionTimestamp?: string }; status?: { phase?: string } };
    if (ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') {
      throw newForbidden(
        gr,
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  };
}
