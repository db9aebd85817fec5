// Volume basics: the Volume union, the sources users reach for most, projections and the
// downward API. The storage back ends are in volume-sources.ts.
import type { Descriptions } from './index.js';

const C = 'io.k8s.api.core.v1.';

const MODE = 'The permission bits of this file (0 to 0777; YAML accepts octal such as 0644). The volume\'s defaultMode when unset.';
const DEFAULT_MODE = 'The permission bits of the files, 0644 by default (0 to 0777; YAML accepts octal).';
const PROJECTION_ITEMS = 'Only these keys, at these paths, instead of every key. A listed key that does not exist is an error unless optional is true.';

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
  [`${C}DownwardAPIVolumeSource`]: {
    '': 'Fields of the pod, and resource amounts of its containers, as files.',
    items: 'The files to create, each from one field or resource.',
    defaultMode: DEFAULT_MODE,
  },
  [`${C}DownwardAPIVolumeFile`]: {
    '': 'One file of a downward API volume, holding one value. Exactly one of fieldRef or resourceFieldRef.',
    path: 'The relative path of the file; may not be absolute or contain "..".',
    fieldRef: 'A field of the pod: metadata.name, metadata.namespace, metadata.uid, metadata.labels or metadata.annotations (whole maps, one key=value line each, or one key).',
    resourceFieldRef: 'A resource request or limit of a container, such as limits.cpu or requests.memory.',
    mode: MODE,
  },
  [`${C}DownwardAPIProjection`]: {
    '': 'Downward API files inside a projected volume.',
    items: 'The files to create, each from one field or resource.',
  },
  [`${C}VolumeProjection`]: {
    '': 'One source of a projected volume. Exactly one field is set.',
    secret: 'The keys of a Secret as files.',
    configMap: 'The keys of a ConfigMap as files.',
    downwardAPI: 'Fields of the pod as files.',
    serviceAccountToken: 'A token of the pod\'s service account, renewed by the kubelet before it expires.',
    clusterTrustBundle: 'The certificates of one or more ClusterTrustBundle objects, concatenated into one PEM file.',
  },
  [`${C}ConfigMapProjection`]: {
    '': 'A ConfigMap\'s keys as files inside a projected volume.',
    name: 'The ConfigMap\'s name, in the pod\'s namespace.',
    items: PROJECTION_ITEMS,
    optional: 'Whether the ConfigMap (or the listed keys) may be missing.',
  },
  [`${C}SecretProjection`]: {
    '': 'A Secret\'s keys as files inside a projected volume.',
    name: 'The Secret\'s name, in the pod\'s namespace.',
    items: PROJECTION_ITEMS,
    optional: 'Whether the Secret (or the listed keys) may be missing.',
  },
  [`${C}ServiceAccountTokenProjection`]: {
    '': 'A bound token for the pod\'s service account, written to a file and rotated by the kubelet.',
    path: 'The relative path of the token file.',
    audience: 'The audience the token is for; recipients must check it. The API server\'s own audience when empty.',
    expirationSeconds: 'How long the token is valid, in seconds. At least 600; defaults to 3600. The kubelet renews it when 80% of that time, or 24 hours, has passed.',
  },
  [`${C}ClusterTrustBundleProjection`]: {
    '': 'ClusterTrustBundle certificates written to one file. Choose the bundles by name, or by signerName with a labelSelector.',
    name: 'A single bundle, by object name. Cannot be used with signerName and labelSelector.',
    signerName: 'Bundles of this signer; combined with labelSelector.',
    labelSelector: 'With signerName: only bundles with these labels. Unset matches none; an empty selector matches every bundle of the signer.',
    optional: 'Whether the pod may start when the bundles do not exist or none match; the file is then left out.',
    path: 'The relative path of the file.',
  },
  [`${C}EphemeralVolumeSource`]: {
    '': 'A volume provisioned just for this pod: a PersistentVolumeClaim is created from a template when the pod is, owned by the pod and deleted with it.',
    volumeClaimTemplate: 'The claim to create, named <pod name>-<volume name>. Required. Cannot be changed.',
  },
  [`${C}PersistentVolumeClaimTemplate`]: {
    '': 'The template of the claim an ephemeral volume creates.',
    metadata: 'Labels and annotations copied to the claim. Other metadata is not allowed.',
    spec: 'The spec of the claim, copied as is.',
  },
  [`${C}ImageVolumeSource`]: {
    '': 'The files of an OCI image or artifact, mounted read-only. The image is pulled like a container image, with the pod\'s pull secrets.',
    reference: 'The image or artifact to mount, such as registry.example.com/data:v1.',
    pullPolicy: 'When the image is pulled: Always, Never or IfNotPresent. Defaults to Always for the :latest tag (or no tag) and to IfNotPresent otherwise.',
  },
};
