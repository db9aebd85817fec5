// Volume basics: the Volume union and the sources users reach for most.
import type { Descriptions } from './index.js';

const C = 'io.k8s.api.core.v1.';

export const volumeDescriptions: Descriptions = {
  [`${C}Volume`]: {
    '': 'A named volume that containers of the pod can mount. Exactly one source field is set.',
    name: 'The volume\'s name, unique within the pod; volumeMounts refer to it.',
    emptyDir: 'An empty directory created with the pod and removed with it.',
    hostPath: 'A file or directory of the node. Gives access to the host; avoid it where possible.',
    configMap: 'The keys of a ConfigMap as files.',
    secret: 'The keys of a Secret as files.',
    persistentVolumeClaim: 'The storage bound to a PersistentVolumeClaim in the pod\'s namespace.',
    projected: 'Several sources (ConfigMaps, Secrets, downward API, service account tokens) merged into one directory.',
    downwardAPI: 'Fields of the pod (labels, annotations, resource amounts) as files.',
    ephemeral: 'A volume provisioned for this pod alone from a claim template, and deleted with it.',
    csi: 'A volume from a CSI driver that supports inline volumes.',
    nfs: 'An NFS export.',
    image: 'The contents of an OCI image or artifact, read-only.',
  },
  [`${C}EmptyDirVolumeSource`]: {
    '': 'An empty directory that lives as long as the pod.',
    medium: 'Where the directory is stored: empty for the node\'s default disk, or Memory for a RAM-backed tmpfs.',
    sizeLimit: 'The most space the directory may use.',
  },
  [`${C}HostPathVolumeSource`]: {
    '': 'A path on the node.',
    path: 'The path on the node; a symbolic link is followed.',
    type: 'What must be at the path: empty (no check), DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice.',
  },
  [`${C}ConfigMapVolumeSource`]: {
    '': 'A ConfigMap as files: by default each key becomes a file named after it.',
    name: 'The ConfigMap\'s name.',
    items: 'Only these keys, at these paths, instead of every key.',
    defaultMode: 'The permission bits of the files, 0644 by default.',
    optional: 'Whether the ConfigMap (or the listed keys) may be missing.',
  },
  [`${C}SecretVolumeSource`]: {
    '': 'A Secret as files: by default each key becomes a file named after it.',
    secretName: 'The Secret\'s name, in the pod\'s namespace.',
    items: 'Only these keys, at these paths, instead of every key.',
    defaultMode: 'The permission bits of the files, 0644 by default.',
    optional: 'Whether the Secret (or the listed keys) may be missing.',
  },
  [`${C}KeyToPath`]: {
    '': 'Maps one key to a file path inside the volume.',
    key: 'The key to project.',
    path: 'The relative path of the file; may not contain "..".',
    mode: 'The permission bits of this file, overriding defaultMode.',
  },
  [`${C}PersistentVolumeClaimVolumeSource`]: {
    '': 'A reference to a PersistentVolumeClaim in the pod\'s namespace.',
    claimName: 'The claim\'s name.',
    readOnly: 'Mount the volume read-only.',
  },
};
