// The namespace an admission request is in, as admission selectors and expressions see it: for a
// Namespace itself its own (new) object, otherwise the stored namespace of the object.
import type { KObj } from '../../api/resource-info.js';
import type { ResourceStore } from '../registry/store.js';
import type { AdmissionAttributes } from './webhooks/attributes.js';

export async function namespaceOf(namespaces: () => ResourceStore | undefined, a: AdmissionAttributes): Promise<KObj | undefined> {
  const isNamespace = a.info.group === '' && a.info.resource === 'namespaces';
  if (isNamespace && a.operation !== 'DELETE') return a.object;
  const name = isNamespace ? a.name : a.namespace;
  if (!name) return undefined;
  const store = namespaces();
  const kv = store ? await store.deps.storage.get(store.key('', name)) : undefined;
  return store && kv ? store.decodeKv(kv) : undefined;
}
