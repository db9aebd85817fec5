// Cache keys: "namespace/name" for namespaced objects, "name" for cluster-scoped ones.
import type { KubeObject } from './types.js';

export type KeyFunc = (obj: KubeObject) => string;

export const metaNamespaceKey: KeyFunc = (obj) => {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
};

export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
