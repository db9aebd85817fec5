// Other core/v1 types: Service and its load balancer status, Endpoints, ConfigMap, Secret,
// Namespace, PersistentVolumeClaim and Node basics, references, events, quotas and
// ReplicationController.
import type { Descriptions } from './index.js';

const C = 'io.k8s.api.core.v1.';

const PROTOCOL = 'TCP (the default), UDP or SCTP.';
const REF_NAME = 'The name of the object.';
const API_GROUP = 'The API group of the object\'s kind; empty for the core group.';
const KIND = 'The kind of the object, such as Pod.';
const QUOTA_HARD = 'The limits in force, as set in spec.hard.';

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
  [`${C}ObjectReference`]: {
    '': 'A pointer to an API object, or to a part of one.',
    kind: KIND,
    namespace: 'The namespace of the object; empty for cluster-scoped objects.',
    name: REF_NAME,
    uid: 'The UID of the object, to tell it apart from a later object of the same name.',
    apiVersion: 'The API version of the object, such as v1 or apps/v1.',
    resourceVersion: 'The resourceVersion of the object this reference was made from, if any.',
    fieldPath: 'A part of the object, rather than all of it, such as spec.containers{web} for one container of a pod.',
  },
  [`${C}LocalObjectReference`]: {
    '': 'The name of an object in the same namespace; its kind is given by the field that holds it.',
    name: REF_NAME,
  },
  [`${C}SecretReference`]: {
    '': 'A Secret, by name and namespace.',
    name: 'The Secret\'s name.',
    namespace: 'The Secret\'s namespace; defaults depend on the field that holds the reference.',
  },
  [`${C}TypedLocalObjectReference`]: {
    '': 'An object of any kind in the same namespace.',
    apiGroup: API_GROUP,
    kind: KIND,
    name: REF_NAME,
  },
  [`${C}TypedObjectReference`]: {
    '': 'An object of any kind, possibly in another namespace.',
    apiGroup: API_GROUP,
    kind: KIND,
    name: REF_NAME,
    namespace: 'The object\'s namespace; the referring object\'s when empty. Another namespace needs a ReferenceGrant there allowing it.',
  },
  [`${C}Binding`]: {
    target: 'The node the pod is bound to: kind Node and the node\'s name.',
  },
  [`${C}PodTemplate`]: {
    template: 'The pod template stored in this object.',
  },
  [`${C}Event`]: {
    involvedObject: 'The object the event is about.',
    reason: 'A short CamelCase word for what happened, such as Scheduled, Pulled or BackOff.',
    message: 'A human-readable description of what happened.',
    source: 'The component (and host) that reported the event. Older reporters set this; newer ones set reportingComponent.',
    firstTimestamp: 'When the event was first seen (RFC 3339, seconds).',
    lastTimestamp: 'When the event was most recently seen (RFC 3339, seconds).',
    count: 'How many times the event has happened.',
    type: 'Normal or Warning.',
    eventTime: 'When the event first happened, with microseconds. Set by newer reporters.',
    series: 'For an event that keeps happening: how many times, and when last.',
    action: 'What was done (or failed) about the involved object, such as Binding or Killing.',
    related: 'A second object the event is about, if any, such as the node a pod was scheduled onto.',
    reportingComponent: 'The controller that reported the event, such as kubernetes.io/kubelet or default-scheduler.',
    reportingInstance: 'Which instance of that controller reported it, such as the kubelet\'s node name.',
  },
  [`${C}EventSeries`]: {
    '': 'A series of repeats of one event.',
    count: 'How many times the event has happened so far.',
    lastObservedTime: 'When it last happened, with microseconds.',
  },
  [`${C}EventSource`]: {
    '': 'Who reported an event.',
    component: 'The reporting component, such as kubelet.',
    host: 'The node the component runs on.',
  },
  [`${C}Endpoints`]: {
    subsets: 'Groups of addresses that share a set of ports. The endpoints controller keeps these in sync with the Service\'s ready and not-ready pods.',
  },
  [`${C}EndpointSubset`]: {
    '': 'Addresses and the ports that each of them serves; every address has every port.',
    addresses: 'Addresses that are ready to take traffic.',
    notReadyAddresses: 'Addresses that should not get traffic yet: their pods are not ready, or are shutting down.',
    ports: 'The ports every address of the subset serves.',
  },
  [`${C}EndpointAddress`]: {
    '': 'One address behind a Service, usually a pod.',
    ip: 'The IP address. Loopback, link-local and multicast addresses are not allowed.',
    hostname: 'The host name of the endpoint, used for DNS records of headless Services.',
    nodeName: 'The node the endpoint is on.',
    targetRef: 'The object behind the address, usually a pod.',
  },
  [`${C}EndpointPort`]: {
    '': 'One port of an endpoint.',
    name: 'The port\'s name, matching the Service port\'s name; may be empty with a single port.',
    port: 'The port number, 1 to 65535.',
    protocol: PROTOCOL,
    appProtocol: 'The application protocol of the port, as a hint for implementations.',
  },
  [`${C}SessionAffinityConfig`]: {
    '': 'Settings of a Service\'s session affinity.',
    clientIP: 'Settings for sessionAffinity ClientIP.',
  },
  [`${C}ClientIPConfig`]: {
    '': 'Settings of client-IP session affinity.',
    timeoutSeconds: 'How long, in seconds, a client stays tied to the same pod after its last connection: 1 to 86400. Defaults to 10800 (3 hours).',
  },
  [`${C}LoadBalancerStatus`]: {
    '': 'The state of a load balancer.',
    ingress: 'The addresses of the load balancer that traffic enters through.',
  },
  [`${C}LoadBalancerIngress`]: {
    '': 'One entry point of a load balancer: an IP or a host name.',
    ip: 'The IP address of the entry point.',
    hostname: 'The DNS name of the entry point, for load balancers known by name (such as on AWS).',
    ipMode: 'How traffic reaches the Service through ip: VIP (the default; delivered to the node with the load balancer IP as destination, so kube-proxy may short-circuit it) or Proxy (the load balancer rewrites the destination).',
    ports: 'The state of each port of the entry point.',
  },
  [`${C}PortStatus`]: {
    '': 'The state of one port of a load balancer or gateway.',
    port: 'The port number.',
    protocol: PROTOCOL,
    error: 'Why the port could not be set up, as a CamelCase word (or a domain-prefixed one); empty when it works.',
  },
  [`${C}LimitRangeSpec`]: {
    '': 'The limits a LimitRange enforces.',
    limits: 'The bounds and defaults, one entry per kind of object.',
  },
  [`${C}ResourceQuotaStatus`]: {
    '': 'The enforced limits of a quota and what is used of them.',
    hard: QUOTA_HARD,
    used: 'How much of each resource the namespace currently uses.',
  },
  [`${C}ScopeSelector`]: {
    '': 'Scopes an object must be in for a quota to count it, as expressions.',
    matchExpressions: 'The scope requirements, ANDed together.',
  },
  [`${C}ScopedResourceSelectorRequirement`]: {
    '': 'One requirement on the scope of an object.',
    scopeName: 'The scope: Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass, CrossNamespacePodAffinity or VolumeAttributesClass.',
    operator: 'In or NotIn (against values), Exists or DoesNotExist (values must be empty).',
    values: 'The values to compare with, such as priority class names for the PriorityClass scope.',
  },
  [`${C}ReplicationControllerSpec`]: {
    '': 'The desired state of a ReplicationController.',
    replicas: 'How many pods should run. Defaults to 1.',
    minReadySeconds: 'Seconds a new pod must be ready, without any container crashing, before it counts as available. Defaults to 0.',
    selector: 'The labels a pod must have to be owned by this controller. Defaults to the template\'s labels.',
    template: 'The pod template new pods are made from. Changing it affects only pods created afterwards.',
  },
  [`${C}ReplicationControllerStatus`]: {
    '': 'The most recently observed state of a ReplicationController.',
    replicas: 'Pods that exist.',
    fullyLabeledReplicas: 'Pods whose labels match the template\'s.',
    readyReplicas: 'Pods that are ready.',
    availableReplicas: 'Pods that have been ready for at least minReadySeconds.',
    observedGeneration: 'The generation the controller last acted on.',
    conditions: 'The controller\'s conditions.',
  },
};
