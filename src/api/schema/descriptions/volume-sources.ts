// The storage back ends a volume can come from: network and cloud disks, file systems and CSI
// drivers, in their pod-volume and persistent-volume forms. Most in-tree cloud sources are
// deprecated: where CSI migration is on, the kubelet hands them to the matching CSI driver.
import type { Descriptions } from './index.js';

const C = 'io.k8s.api.core.v1.';

const FS_TYPE = 'The filesystem to mount, such as ext4, xfs or ntfs (whatever the node supports). ext4 is assumed when empty.';
const READ_ONLY = 'Mount the volume read-only. Defaults to false.';
const PARTITION = 'The partition of the disk to mount, counted from 1. Unset or 0 mounts the whole disk.';
const MONITORS = 'The addresses (host or host:port) of the Ceph monitors to contact.';
const CHAP_DISCOVERY = 'Use CHAP authentication during iSCSI discovery.';
const CHAP_SESSION = 'Use CHAP authentication for the iSCSI session.';
const ISCSI_PORTAL = 'The target portal: an IP, or IP:port (the port defaults to 3260).';
const FLEX_OPTIONS = 'Extra options passed to the driver, as string keys and values.';
const CSI_DRIVER = 'The name of the CSI driver, as it registered on the node (for example ebs.csi.aws.com).';
const CSI_ATTRIBUTES = 'Driver-specific settings for the volume, as string keys and values.';
const STORAGEOS_NAMESPACE = 'The StorageOS namespace of the volume; the pod\'s namespace when empty, and "default" if StorageOS namespaces are not used.';

/** One line per back end, shared by Volume and PersistentVolumeSpec (which name them alike). */
export const SOURCE_FIELDS = {
  awsElasticBlockStore: 'Deprecated: an AWS EBS disk attached to the node. Served by the ebs.csi.aws.com CSI driver where migration is on.',
  azureDisk: 'Deprecated: an Azure data disk attached to the node. Served by the disk.csi.azure.com CSI driver where migration is on.',
  azureFile: 'Deprecated: an Azure File share mounted over SMB. Served by the file.csi.azure.com CSI driver where migration is on.',
  cephfs: 'Deprecated: a CephFS file system mounted from a Ceph cluster.',
  cinder: 'Deprecated: an OpenStack Cinder volume. Served by the cinder.csi.openstack.org CSI driver where migration is on.',
  fc: 'A Fibre Channel disk attached to the node and mounted from there.',
  flexVolume: 'Deprecated: a volume mounted by an exec-based FlexVolume driver installed on the node.',
  flocker: 'Deprecated: a dataset of a Flocker control service. No longer supported by current kubelets.',
  gcePersistentDisk: 'Deprecated: a Google Compute Engine persistent disk attached to the node. Served by the pd.csi.storage.gke.io CSI driver where migration is on.',
  glusterfs: 'Deprecated: a GlusterFS volume. No longer supported by current kubelets.',
  iscsi: 'An iSCSI disk attached to the node and mounted from there.',
  photonPersistentDisk: 'Deprecated: a VMware Photon Controller persistent disk. No longer supported by current kubelets.',
  portworxVolume: 'Deprecated: a Portworx volume. Served by the pxd.portworx.com CSI driver where migration is on.',
  quobyte: 'Deprecated: a Quobyte volume. No longer supported by current kubelets.',
  rbd: 'Deprecated: a Ceph RADOS block device mapped on the node.',
  scaleIO: 'Deprecated: a Dell EMC ScaleIO volume. No longer supported by current kubelets.',
  storageos: 'Deprecated: a StorageOS volume. No longer supported by current kubelets.',
  vsphereVolume: 'Deprecated: a vSphere VMDK disk attached to the node. Served by the csi.vsphere.vmware.com CSI driver where migration is on.',
} as const;

const AWS = {
  '': 'An AWS Elastic Block Store disk. The disk must exist and be in the same availability zone as the node.',
  volumeID: 'The ID of the EBS volume (vol-...).',
  fsType: FS_TYPE,
  partition: PARTITION,
  readOnly: READ_ONLY,
};

const AZURE_DISK = {
  '': 'An Azure data disk attached to the node.',
  diskName: 'The name of the data disk in blob storage.',
  diskURI: 'The URI of the data disk in blob storage.',
  cachingMode: 'The host caching of the disk: None, ReadOnly or ReadWrite (the default).',
  fsType: FS_TYPE,
  kind: 'How the disk is stored: Shared (the default; several blob disks per storage account), Dedicated (one blob disk per storage account) or Managed (an Azure managed disk).',
  readOnly: READ_ONLY,
};

const GCE = {
  '': 'A Google Compute Engine persistent disk. The disk must exist in the node\'s zone; it can be attached read-write to one node only.',
  pdName: 'The name of the persistent disk in GCE.',
  fsType: FS_TYPE,
  partition: PARTITION,
  readOnly: READ_ONLY,
};

const FC = {
  '': 'A Fibre Channel disk. Give either targetWWNs with lun, or wwids.',
  targetWWNs: 'The world wide names of the target ports.',
  lun: 'The logical unit number on the target.',
  wwids: 'The world wide identifiers of the volume, instead of targetWWNs and lun.',
  fsType: FS_TYPE,
  readOnly: READ_ONLY,
};

const FLOCKER = {
  '': 'A Flocker dataset, named by exactly one of datasetName or datasetUUID.',
  datasetName: 'The name of the dataset, as stored in its Flocker metadata.',
  datasetUUID: 'The UUID of the dataset.',
};

const PHOTON = { '': 'A Photon Controller persistent disk.', pdID: 'The ID of the disk in Photon Controller.', fsType: FS_TYPE };

const PORTWORX = { '': 'A Portworx volume.', volumeID: 'The ID of the Portworx volume.', fsType: FS_TYPE, readOnly: READ_ONLY };

const QUOBYTE = {
  '': 'A Quobyte volume mounted on the node.',
  registry: 'The Quobyte registry to reach the volume through, as host:port; several are separated by commas.',
  volume: 'The name of the existing Quobyte volume.',
  readOnly: READ_ONLY,
  user: 'The user that volume access is mapped to; a default service account user when empty.',
  group: 'The group that accesses the volume; none when empty.',
  tenant: 'The Quobyte tenant that owns the volume (used with dynamic provisioning).',
};

const VSPHERE = {
  '': 'A vSphere VMDK disk.',
  volumePath: 'The datastore path of the disk, such as [datastore1] volumes/disk.vmdk.',
  fsType: FS_TYPE,
  storagePolicyName: 'The name of the vSphere storage policy (SPBM) the disk is provisioned with.',
  storagePolicyID: 'The ID of the vSphere storage policy that goes with storagePolicyName.',
};

function cephFS(secretRef: string) {
  return {
    '': 'A CephFS file system.',
    monitors: MONITORS,
    path: 'The directory inside the file system to mount. Defaults to /.',
    user: 'The Ceph user (RADOS user) to authenticate as. Defaults to admin.',
    secretFile: 'The path, on the node, of the file holding the user\'s key. Defaults to /etc/ceph/user.secret.',
    secretRef,
    readOnly: READ_ONLY,
  };
}

function cinder(secretRef: string) {
  return {
    '': 'An OpenStack Cinder volume. The volume must exist and be attachable to the node.',
    volumeID: 'The ID of the Cinder volume.',
    fsType: FS_TYPE,
    readOnly: READ_ONLY,
    secretRef,
  };
}

function flex(secretRef: string) {
  return {
    '': 'A volume handled by an exec-based FlexVolume driver.',
    driver: 'The name of the FlexVolume driver to call, as vendor/driver.',
    fsType: 'The filesystem to mount; the driver decides when empty.',
    secretRef,
    readOnly: READ_ONLY,
    options: FLEX_OPTIONS,
  };
}

function iscsi(secretRef: string) {
  return {
    '': 'An iSCSI disk.',
    targetPortal: ISCSI_PORTAL,
    iqn: 'The iSCSI qualified name of the target.',
    lun: 'The logical unit number on the target.',
    iscsiInterface: 'The iSCSI interface (transport) to use. Defaults to "default", which is plain TCP.',
    fsType: FS_TYPE,
    readOnly: READ_ONLY,
    portals: 'More target portals (IP or IP:port) to use for multipath access.',
    chapAuthDiscovery: CHAP_DISCOVERY,
    chapAuthSession: CHAP_SESSION,
    secretRef,
    initiatorName: 'A custom initiator name. When set, a new interface named <targetPortal>:<volume name> is created for the connection.',
  };
}

function rbd(secretRef: string) {
  return {
    '': 'A Ceph RADOS block device.',
    monitors: MONITORS,
    image: 'The name of the RBD image.',
    pool: 'The RADOS pool the image is in. Defaults to rbd.',
    user: 'The RADOS user to authenticate as. Defaults to admin.',
    keyring: 'The path, on the node, of the keyring for the user. Defaults to /etc/ceph/keyring.',
    secretRef: `${secretRef} Used instead of keyring when set.`,
    fsType: FS_TYPE,
    readOnly: READ_ONLY,
  };
}

function scaleIO(secretRef: string) {
  return {
    '': 'A Dell EMC ScaleIO volume.',
    gateway: 'The address of the ScaleIO API gateway.',
    system: 'The name of the ScaleIO storage system.',
    secretRef,
    sslEnabled: 'Talk to the gateway over TLS. Defaults to false.',
    protectionDomain: 'The ScaleIO protection domain the storage belongs to.',
    storagePool: 'The ScaleIO storage pool the storage belongs to.',
    storageMode: 'ThinProvisioned (the default) or ThickProvisioned.',
    volumeName: 'The name of an existing volume in the ScaleIO system.',
    fsType: 'The filesystem to mount. Defaults to xfs.',
    readOnly: READ_ONLY,
  };
}

function storageOS(secretRef: string) {
  return {
    '': 'A StorageOS volume.',
    volumeName: 'The name of the volume, unique within its StorageOS namespace.',
    volumeNamespace: STORAGEOS_NAMESPACE,
    fsType: FS_TYPE,
    readOnly: READ_ONLY,
    secretRef,
  };
}

const LOCAL_SECRET = 'A Secret in the pod\'s namespace with the credentials.';
const PV_SECRET = 'A Secret, by name and namespace, with the credentials.';

export const volumeSourceDescriptions: Descriptions = {
  [`${C}Volume`]: {
    ...SOURCE_FIELDS,
    gitRepo: 'Deprecated: a directory with a clone of a git repository, made before the containers start.',
  },
  [`${C}PersistentVolumeSpec`]: SOURCE_FIELDS,
  [`${C}AWSElasticBlockStoreVolumeSource`]: AWS,
  [`${C}AzureDiskVolumeSource`]: AZURE_DISK,
  [`${C}AzureFileVolumeSource`]: {
    '': 'An Azure File share.',
    secretName: 'The Secret, in the pod\'s namespace, holding the storage account\'s azurestorageaccountname and azurestorageaccountkey.',
    shareName: 'The name of the file share.',
    readOnly: READ_ONLY,
  },
  [`${C}AzureFilePersistentVolumeSource`]: {
    '': 'An Azure File share.',
    secretName: 'The Secret holding the storage account\'s azurestorageaccountname and azurestorageaccountkey.',
    secretNamespace: 'The namespace of that Secret; the namespace of the pod using the volume when empty.',
    shareName: 'The name of the file share.',
    readOnly: READ_ONLY,
  },
  [`${C}CephFSVolumeSource`]: cephFS(`${LOCAL_SECRET} Used instead of secretFile when set.`),
  [`${C}CephFSPersistentVolumeSource`]: cephFS(`${PV_SECRET} Used instead of secretFile when set.`),
  [`${C}CinderVolumeSource`]: cinder('A Secret in the pod\'s namespace with the OpenStack settings to connect with.'),
  [`${C}CinderPersistentVolumeSource`]: cinder('A Secret, by name and namespace, with the OpenStack settings to connect with.'),
  [`${C}FCVolumeSource`]: FC,
  [`${C}FlexVolumeSource`]: flex(`${LOCAL_SECRET} Passed to the driver; may be empty if the driver needs none.`),
  [`${C}FlexPersistentVolumeSource`]: flex(`${PV_SECRET} Passed to the driver; may be empty if the driver needs none.`),
  [`${C}FlockerVolumeSource`]: FLOCKER,
  [`${C}GCEPersistentDiskVolumeSource`]: GCE,
  [`${C}GitRepoVolumeSource`]: {
    '': 'Deprecated: a directory with a clone of a git repository, made when the pod starts. Prefer an init container that clones into an emptyDir.',
    repository: 'The URL of the repository to clone.',
    revision: 'The commit to check out; the default branch\'s head when empty.',
    directory: 'Where to clone, relative to the volume: "." clones into the volume\'s root; otherwise a subdirectory of that name is made. Must not contain "..".',
  },
  [`${C}GlusterfsVolumeSource`]: {
    '': 'A GlusterFS volume.',
    endpoints: 'The name of the Endpoints object, in the pod\'s namespace, listing the GlusterFS servers.',
    path: 'The name of the GlusterFS volume.',
    readOnly: READ_ONLY,
  },
  [`${C}GlusterfsPersistentVolumeSource`]: {
    '': 'A GlusterFS volume.',
    endpoints: 'The name of the Endpoints object listing the GlusterFS servers.',
    endpointsNamespace: 'The namespace of that Endpoints object; the claim\'s namespace when empty.',
    path: 'The name of the GlusterFS volume.',
    readOnly: READ_ONLY,
  },
  [`${C}ISCSIVolumeSource`]: iscsi('A Secret in the pod\'s namespace with the CHAP credentials.'),
  [`${C}ISCSIPersistentVolumeSource`]: iscsi('A Secret, by name and namespace, with the CHAP credentials.'),
  [`${C}PhotonPersistentDiskVolumeSource`]: PHOTON,
  [`${C}PortworxVolumeSource`]: PORTWORX,
  [`${C}QuobyteVolumeSource`]: QUOBYTE,
  [`${C}RBDVolumeSource`]: rbd('A Secret in the pod\'s namespace with the user\'s key.'),
  [`${C}RBDPersistentVolumeSource`]: rbd('A Secret, by name and namespace, with the user\'s key.'),
  [`${C}ScaleIOVolumeSource`]: scaleIO('A Secret in the pod\'s namespace with the ScaleIO user\'s credentials. Required.'),
  [`${C}ScaleIOPersistentVolumeSource`]: scaleIO('A Secret, by name and namespace, with the ScaleIO user\'s credentials. Required.'),
  [`${C}StorageOSVolumeSource`]: storageOS('A Secret in the pod\'s namespace with the StorageOS API credentials; defaults are used when unset.'),
  [`${C}StorageOSPersistentVolumeSource`]: storageOS('A reference to the Secret with the StorageOS API credentials; defaults are used when unset.'),
  [`${C}VsphereVirtualDiskVolumeSource`]: VSPHERE,
  [`${C}NFSVolumeSource`]: {
    '': 'An NFS export, mounted by the node. Several pods can mount it read-write at the same time.',
    server: 'The host name or IP address of the NFS server.',
    path: 'The path exported by the server.',
    readOnly: READ_ONLY,
  },
  [`${C}LocalVolumeSource`]: {
    '': 'A disk, partition or directory of one node. A PersistentVolume using it must have node affinity naming that node.',
    path: 'The full path, on the node, of the directory or block device.',
    fsType: 'For a block device: the filesystem to format and mount it with; one is chosen when empty. Ignored for directories.',
  },
  [`${C}CSIVolumeSource`]: {
    '': 'A volume a CSI driver provides inline for this pod alone (the driver must support ephemeral inline volumes).',
    driver: CSI_DRIVER,
    readOnly: READ_ONLY,
    fsType: 'The filesystem to mount, such as ext4; the driver decides when empty.',
    volumeAttributes: CSI_ATTRIBUTES,
    nodePublishSecretRef: 'A Secret in the pod\'s namespace passed to the driver when it publishes (mounts) the volume on the node.',
  },
  [`${C}CSIPersistentVolumeSource`]: {
    '': 'A persistent volume managed by a CSI driver.',
    driver: CSI_DRIVER,
    volumeHandle: 'The driver\'s own ID of the volume, passed back to it in every call.',
    readOnly: 'Publish the volume read-only to the node. Defaults to false.',
    fsType: 'The filesystem to mount, such as ext4; the driver decides when empty.',
    volumeAttributes: CSI_ATTRIBUTES,
    controllerPublishSecretRef: 'A Secret passed to the driver when it attaches the volume to a node or detaches it.',
    nodeStageSecretRef: 'A Secret passed to the driver when it stages the volume on a node (and unstages it).',
    nodePublishSecretRef: 'A Secret passed to the driver when it publishes (mounts) the volume for a pod.',
    controllerExpandSecretRef: 'A Secret passed to the driver when it grows the volume on the storage side.',
    nodeExpandSecretRef: 'A Secret passed to the driver when it grows the filesystem on the node.',
  },
};
