// Other core/v1 types: Service, ConfigMap, Secret, Namespace, PersistentVolumeClaim, Node basics.
import type { Descriptions } from './index.js';

const C = 'io.k8s.api.core.v1.';

export const coreDescriptions: Descriptions = {
  [`${C}ServiceSpec`]: {
    '': 'How a Service selects its pods and exposes them.',
    type: 'How the Service is exposed: ClusterIP (the default; a virtual IP inside the cluster), NodePort (also a port on every node), LoadBalancer (also an external load balancer) or ExternalName (a DNS alias).',
    selector: 'Pods with all of these labels back the Service. Without a selector the Service\'s endpoints are managed by hand.',
    ports: 'The ports the Service exposes and where each one sends traffic.',
    clusterIP: 'The Service\'s virtual IP. Allocated when empty; "None" makes a headless Service (DNS only). Cannot be changed afterwards, except to or from ExternalName.',
    clusterIPs: 'The Service\'s virtual IPs, one per IP family; the first equals clusterIP.',
    externalName: 'For type ExternalName: the DNS name the Service is an alias (CNAME) for.',
    externalIPs: 'Extra IPs, not managed by the cluster, on which nodes accept traffic for this Service.',
    sessionAffinity: 'ClientIP sends each client to the same pod every time; None (the default) does not.',
    sessionAffinityConfig: 'Settings of the session affinity, such as its timeout.',
    externalTrafficPolicy: 'For traffic from outside: Cluster (the default) spreads it to every ready pod; Local only to pods on the receiving node, keeping the client IP.',
    internalTrafficPolicy: 'For traffic from inside the cluster: Cluster (the default) or Local (only pods on the same node).',
    loadBalancerIP: 'Deprecated: the IP a LoadBalancer should use, if the provider supports choosing it.',
    loadBalancerSourceRanges: 'Client CIDRs allowed through the load balancer, where the provider supports it.',
    loadBalancerClass: 'Which load balancer implementation handles this Service.',
    healthCheckNodePort: 'With externalTrafficPolicy Local: the node port on which load balancers check node health.',
    publishNotReadyAddresses: 'List pods in DNS and endpoints even while they are not ready.',
    ipFamilies: 'The IP families (IPv4, IPv6) the Service uses, in order.',
    ipFamilyPolicy: 'SingleStack, PreferDualStack or RequireDualStack.',
    allocateLoadBalancerNodePorts: 'Whether LoadBalancer Services also get node ports. Defaults to true.',
    trafficDistribution: 'A preference for how traffic is spread over endpoints, such as PreferClose.',
  },
  [`${C}ServicePort`]: {
    '': 'One port of a Service.',
    name: 'The port\'s name; required when the Service has more than one port.',
    protocol: 'TCP (the default), UDP or SCTP.',
    port: 'The port the Service listens on.',
    targetPort: 'The pod port traffic goes to: a number, or the name of a container port. Defaults to port.',
    nodePort: 'For NodePort and LoadBalancer Services: the port opened on every node (30000-32767). Allocated when not given.',
    appProtocol: 'The application protocol of the port, as a hint for implementations.',
  },
  [`${C}ServiceStatus`]: {
    '': 'The current state of a Service.',
    loadBalancer: 'The load balancer\'s addresses, if there is one.',
    conditions: 'The Service\'s conditions.',
  },
  [`${C}ConfigMap`]: {
    data: 'The configuration as UTF-8 string values by key. Keys consist of letters, digits, "-", "_" and "."; a key may not be in both data and binaryData.',
    binaryData: 'Binary values by key, base64-encoded in JSON and YAML.',
    immutable: 'When true, data and binaryData can no longer be changed (only the whole object deleted). Cannot be unset.',
  },
  [`${C}Secret`]: {
    data: 'The secret values by key, base64-encoded. Keys consist of letters, digits, "-", "_" and ".".',
    stringData: 'Write-only convenience: plain string values that the server base64-encodes into data (winning over data for the same key). Never returned on reads.',
    type: 'What the secret holds, which decides the keys it needs: Opaque (the default), kubernetes.io/tls, kubernetes.io/dockerconfigjson, kubernetes.io/service-account-token, ...',
    immutable: 'When true, data can no longer be changed (only the whole object deleted). Cannot be unset.',
  },
  [`${C}NamespaceSpec`]: {
    '': 'The desired state of a namespace.',
    finalizers: 'Steps that must finish before the namespace is removed from storage.',
  },
  [`${C}NamespaceStatus`]: {
    '': 'The current state of a namespace.',
    phase: 'Active, or Terminating while its contents are being deleted.',
    conditions: 'The namespace\'s conditions.',
  },
  [`${C}PersistentVolumeClaimSpec`]: {
    '': 'What storage a claim asks for.',
    accessModes: 'How the volume may be mounted: ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.',
    resources: 'The amount of storage asked for, as requests.storage.',
    storageClassName: 'The StorageClass to provision from; empty string means no class, unset means the default class.',
    volumeName: 'Bind to this PersistentVolume specifically.',
    selector: 'Labels a PersistentVolume must have to be bound.',
    volumeMode: 'Filesystem (the default) or Block.',
  },
  [`${C}NodeSpec`]: {
    '': 'The desired state of a node.',
    unschedulable: 'When true, no new pods are scheduled onto the node (kubectl cordon).',
    taints: 'Taints that keep pods without a matching toleration away from the node.',
    podCIDR: 'The pod IP range assigned to the node.',
    providerID: 'The node\'s ID at its infrastructure provider.',
  },
};
