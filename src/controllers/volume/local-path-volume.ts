// The PersistentVolume the local-path provisioner makes for a claim (pure): a hostPath directory
// named after the volume under the base directory, pinned to the claim's selected node by required
// node affinity on kubernetes.io/hostname, prebound to the claim so the binder completes the binding.
import type { Node, PersistentVolume, PersistentVolumeClaim } from '../../api/types/core-v1.js';
import type { StorageClass } from '../../api/types/storage-v1.js';
import { ANN_PROVISIONED_BY } from './annotations.js';
import { claimReference } from './bind-writes.js';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
export const LOCAL_PATH_STORAGE_CLASS = 'local-path';
/** Also on the volume, as k3s's provisioner writes it: the node the directory lives on. */
export const ANN_LOCAL_PATH_SELECTED_NODE = 'local.path.provisioner/selected-node';
const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** upstream's provisioned volume name: "pvc-" and the claim's uid. */
export const provisionedVolumeName = (claim: Readonly<PersistentVolumeClaim>): string => `pvc-${claim.metadata?.uid ?? ''}`;

/** baseDir/name, without doubled slashes (no node:path in pure code). */
export const volumeDirectory = (baseDir: string, name: string): string => `${baseDir.replace(/\/+$/, '')}/${name}`;

/** Whether path lies strictly inside baseDir (the only directories the provisioner ever removes). */
export function isInside(baseDir: string, path: string): boolean {
  const base = `${baseDir.replace(/\/+$/, '')}/`;
  return path.startsWith(base) && path.length > base.length && !path.slice(base.length).split('/').includes('..');
}

export function buildLocalPathVolume(claim: Readonly<PersistentVolumeClaim>, sc: Readonly<StorageClass>, node: Readonly<Node> | string, baseDir: string): PersistentVolume {
  const name = provisionedVolumeName(claim);
  const nodeName = typeof node === 'string' ? node : (node.metadata?.name ?? '');
  const hostname = typeof node === 'string' ? node : (node.metadata?.labels?.[HOSTNAME_LABEL] ?? nodeName);
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      annotations: { [ANN_PROVISIONED_BY]: sc.provisioner ?? LOCAL_PATH_PROVISIONER, [ANN_LOCAL_PATH_SELECTED_NODE]: nodeName },
    },
    spec: {
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
      accessModes: [...(claim.spec?.accessModes ?? [])],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata?.name,
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      claimRef: claimReference(claim),
      hostPath: { path: volumeDirectory(baseDir, name), type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [hostname] }] }] } },
      ...(sc.mountOptions?.length ? { mountOptions: [...sc.mountOptions] } : {}),
    },
  };
}
