// Node types below NodeSpec and NodeStatus: addresses, system info, images, runtime handlers,
// attached volumes, the retired dynamic kubelet configuration, and ComponentStatus.
import type { Descriptions } from './index.js';

const C = 'io.k8s.api.core.v1.';

const DYNAMIC_CONFIG = 'Deprecated: dynamic kubelet configuration was removed in Kubernetes 1.24; kubelets ignore this.';

export const nodeDescriptions: Descriptions = {
  [`${C}NodeSpec`]: {
    podCIDRs: 'The pod IP ranges assigned to the node, at most one per IP family; the first equals podCIDR.',
    configSource: DYNAMIC_CONFIG,
    externalID: 'Deprecated and unused; kept for old clients.',
  },
  [`${C}NodeStatus`]: {
    phase: 'Deprecated and no longer set: the node\'s lifecycle phase (Pending, Running, Terminated).',
    config: DYNAMIC_CONFIG,
    features: 'Optional features the node supports.',
    runtimeHandlers: 'The container runtime handlers (for RuntimeClasses) available on the node, with their features.',
    volumesAttached: 'The volumes attached to the node by the attach/detach controller.',
    volumesInUse: 'The unique names of the attached volumes the node has mounted or is mounting; such a volume is not detached.',
  },
  [`${C}NodeAddress`]: {
    '': 'One address of a node.',
    type: 'Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS.',
    address: 'The address itself: an IP or a DNS name.',
  },
  [`${C}NodeDaemonEndpoints`]: {
    '': 'The ports of the daemons running on a node.',
    kubeletEndpoint: 'The port the kubelet\'s API listens on.',
  },
  [`${C}DaemonEndpoint`]: {
    '': 'A port a node daemon listens on.',
    Port: 'The port number, 1 to 65535.',
  },
  [`${C}NodeSystemInfo`]: {
    '': 'Versions and IDs of a node\'s software, as its kubelet reports them.',
    machineID: 'The machine ID (from /etc/machine-id), unique per installation.',
    systemUUID: 'The hardware UUID from the firmware (on Linux, /sys/class/dmi/id/product_uuid).',
    bootID: 'An ID that changes every time the node boots.',
    kernelVersion: 'The kernel version (uname -r).',
    osImage: 'The operating system\'s name and version (from /etc/os-release), such as Debian GNU/Linux 12 (bookworm).',
    containerRuntimeVersion: 'The container runtime and its version, as <runtime>://<version> (containerd://1.7.22).',
    kubeletVersion: 'The kubelet\'s version, such as v1.33.1.',
    kubeProxyVersion: 'Deprecated and unreliable: the kube-proxy version the kubelet assumes (its own).',
    operatingSystem: 'The operating system: linux or windows.',
    architecture: 'The CPU architecture, as Go names it: amd64, arm64, ...',
    swap: 'The node\'s swap memory.',
  },
  [`${C}NodeSwapStatus`]: {
    '': 'Swap memory of a node.',
    capacity: 'The total swap space, in bytes.',
  },
  [`${C}ContainerImage`]: {
    '': 'One container image present on a node.',
    names: 'The names the image is known by: tags and digests, such as registry.k8s.io/pause:3.10.',
    sizeBytes: 'The image\'s size on disk, in bytes.',
  },
  [`${C}AttachedVolume`]: {
    '': 'A volume attached to a node.',
    name: 'The volume\'s unique name, such as kubernetes.io/csi/<driver>^<volume handle>.',
    devicePath: 'Where the attached device is expected to appear on the node; may be empty.',
  },
  [`${C}NodeFeatures`]: {
    '': 'Optional features a node supports.',
    supplementalGroupsPolicy: 'Whether the node honours a pod\'s securityContext.supplementalGroupsPolicy.',
  },
  [`${C}NodeRuntimeHandler`]: {
    '': 'A container runtime handler available on a node.',
    name: 'The handler\'s name, as RuntimeClasses name it; empty for the default handler.',
    features: 'What the handler supports.',
  },
  [`${C}NodeRuntimeHandlerFeatures`]: {
    '': 'Features of a runtime handler.',
    recursiveReadOnlyMounts: 'Whether it can make read-only mounts read-only in their sub-mounts too (recursiveReadOnly).',
    userNamespaces: 'Whether it can run pods in their own user namespace (hostUsers false).',
  },
  [`${C}NodeConfigSource`]: { '': DYNAMIC_CONFIG, configMap: 'The ConfigMap the kubelet configuration was to be read from.' },
  [`${C}ConfigMapNodeConfigSource`]: {
    '': `${DYNAMIC_CONFIG} Named a ConfigMap holding a kubelet configuration.`,
    namespace: 'The ConfigMap\'s namespace.',
    name: 'The ConfigMap\'s name.',
    uid: 'The ConfigMap\'s UID, as last seen (status only).',
    resourceVersion: 'The ConfigMap\'s resourceVersion, as last seen (status only).',
    kubeletConfigKey: 'The key of the ConfigMap that holds the configuration.',
  },
  [`${C}NodeConfigStatus`]: {
    '': DYNAMIC_CONFIG,
    assigned: 'The configuration the node was told to use.',
    active: 'The configuration the kubelet was running with.',
    lastKnownGood: 'The configuration the kubelet would fall back to.',
    error: 'Why the assigned configuration could not be used, if it could not.',
  },
  [`${C}ComponentStatus`]: {
    '': 'Deprecated: the health of a control plane component (scheduler, controller manager, etcd), as the API server checks it.',
    conditions: 'The component\'s health checks.',
  },
};
