// Upstream's DefaultStorageClass admission plugin: a new PersistentVolumeClaim that names no class
// (spec.storageClassName absent, not "", and no beta storage-class annotation) gets the default
// StorageClass, the one annotated storageclass.kubernetes.io/is-default-class=true (or the beta
// spelling); with several defaults the newest wins (ties: the name first in order), as upstream
// since 1.28. No default class: the claim is left as it is. Reads the classes from the store (PVC
// creates are rare; the list is small).
import type { KObj } from '../../api/resource-info.js';
import type { ResourceStore } from '../registry/store.js';

type Obj = Record<string, any>;

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';
const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

export const isDefaultClass = (sc: Obj): boolean => {
  const a = (sc.metadata?.annotations ?? {}) as Record<string, string>;
  return a[DEFAULT_CLASS] === 'true' || a[BETA_DEFAULT_CLASS] === 'true';
};

/** The default class among classes (undefined: none). */
export function pickDefaultClass(classes: readonly Obj[]): Obj | undefined {
  let best: Obj | undefined;
  for (const sc of classes.filter(isDefaultClass)) {
    if (!best) {
      best = sc;
      continue;
    }
    const a = String(sc.metadata?.creationTimestamp ?? '');
    const b = String(best.metadata?.creationTimestamp ?? '');
    if (a > b || (a === b && String(sc.metadata?.name) < String(best.metadata?.name))) best = sc;
  }
  return best;
}

/** Mutates a claim being created. */
export async function admitDefaultStorageClass(classes: ResourceStore | undefined, store: ResourceStore, obj: KObj): Promise<void> {
  if (!classes || store.info.group !== '' || store.info.resource !== 'persistentvolumeclaims') return;
  const claim = obj as Obj;
  if (claim.spec?.storageClassName !== undefined && claim.spec?.storageClassName !== null) return;
  if (claim.metadata?.annotations?.[BETA_CLASS] !== undefined) return;
  const page = await classes.deps.storage.list(classes.listPrefix(''));
  const sc = pickDefaultClass(page.items.map((kv) => classes.decodeKv(kv) as Obj));
  if (!sc) return;
  claim.spec = { ...(claim.spec ?? {}), storageClassName: String(sc.metadata?.name) };
}
