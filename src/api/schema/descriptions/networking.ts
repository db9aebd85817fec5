// networking.k8s.io/v1: Ingress, IngressClass, NetworkPolicy, and the IPAddress and ServiceCIDR
// objects of the Service IP allocator.
import type { Descriptions } from './index.js';

const N = 'io.k8s.api.networking.v1.';

export const networkingDescriptions: Descriptions = {
  [`${N}IngressSpec`]: {
    '': 'How an Ingress routes HTTP(S) traffic.',
    ingressClassName: 'The IngressClass (and so the controller) that implements this Ingress; the cluster\'s default class when empty.',
    rules: 'Host and path rules, tried in order of specificity. Traffic no rule matches goes to defaultBackend.',
    defaultBackend: 'Where requests that match no rule go.',
    tls: 'TLS settings: which hosts are served over HTTPS and with which certificate Secret.',
  },
  [`${N}IngressRule`]: {
    '': 'Routes requests for one host (or every host) by path.',
    host: 'The host name the rule applies to (no port, no IP). A leading "*." matches one label; empty matches every host.',
    http: 'The paths of this host and their backends.',
  },
  [`${N}HTTPIngressRuleValue`]: { '': 'A list of paths.', paths: 'The paths, each with the backend it routes to.' },
  [`${N}HTTPIngressPath`]: {
    '': 'One path and its backend.',
    path: 'The request path to match; must begin with "/" for pathType Exact and Prefix.',
    pathType: 'How path matches: Exact, Prefix (by "/"-separated elements), or ImplementationSpecific (up to the controller).',
    backend: 'Where matching requests go.',
  },
  [`${N}IngressBackend`]: {
    '': 'A destination for traffic: a Service port, or another resource. Exactly one of the two.',
    service: 'A Service and port in the Ingress\'s namespace.',
    resource: 'Another object in the Ingress\'s namespace, such as a storage bucket, for controllers that support it.',
  },
  [`${N}IngressServiceBackend`]: { '': 'A Service port.', name: 'The Service\'s name.', port: 'The port, by number or by name.' },
  [`${N}ServiceBackendPort`]: { '': 'A Service port, by name or by number.', name: 'The port\'s name.', number: 'The port\'s number.' },
  [`${N}IngressTLS`]: {
    '': 'HTTPS for some hosts.',
    hosts: 'The hosts the certificate covers; they should match the rules\' hosts.',
    secretName: 'A kubernetes.io/tls Secret with the certificate and key.',
  },
  [`${N}NetworkPolicySpec`]: {
    '': 'Which traffic the selected pods may receive and send.',
    podSelector: 'The pods, in this namespace, the policy applies to; empty selects every pod of the namespace.',
    policyTypes: 'Ingress, Egress or both: which directions the policy restricts. Defaults from which rule lists are present.',
    ingress: 'Allowed incoming traffic. With no rules, the selected pods accept no incoming traffic.',
    egress: 'Allowed outgoing traffic. With no rules, the selected pods may send nothing.',
  },
  [`${N}NetworkPolicyIngressRule`]: { '': 'Incoming traffic that is allowed.', from: 'The sources allowed; empty allows every source.', ports: 'The ports allowed; empty allows every port.' },
  [`${N}NetworkPolicyEgressRule`]: { '': 'Outgoing traffic that is allowed.', to: 'The destinations allowed; empty allows every destination.', ports: 'The ports allowed; empty allows every port.' },
  [`${N}NetworkPolicyPeer`]: {
    '': 'A source or destination of traffic.',
    podSelector: 'Pods with these labels (in this namespace, or in the namespaces namespaceSelector picks).',
    namespaceSelector: 'Namespaces with these labels.',
    ipBlock: 'A range of IP addresses, with exceptions.',
  },
  [`${N}NetworkPolicyPort`]: {
    '': 'A port or range of ports.',
    protocol: 'TCP (the default), UDP or SCTP.',
    port: 'The port, by number or by the name of a container port.',
    endPort: 'With a numbered port: the last port of a range starting at port.',
  },
  [`${N}IPBlock`]: {
    '': 'A range of IP addresses, minus some sub-ranges.',
    cidr: 'The range in CIDR notation, such as 10.0.0.0/16 or 2001:db8::/64.',
    except: 'Ranges, in CIDR notation and inside cidr, that are left out.',
  },
  [`${N}IngressClassSpec`]: {
    '': 'Which controller handles the Ingresses of a class, and with which settings.',
    controller: 'The name of the controller, as a domain-prefixed path such as example.com/ingress-controller. Cannot be changed.',
    parameters: 'An object holding the controller\'s settings for this class. Unset means none.',
  },
  [`${N}IngressClassParametersReference`]: {
    '': 'A reference to the object that holds an IngressClass\'s settings.',
    apiGroup: 'The API group of the object; empty for the core group.',
    kind: 'The kind of the object.',
    name: 'The name of the object.',
    scope: 'Cluster (the default) for a cluster-scoped object, or Namespace for a namespaced one.',
    namespace: 'The namespace of the object; required when scope is Namespace, and must be unset for Cluster.',
  },
  [`${N}IngressStatus`]: { '': 'The observed state of an Ingress.', loadBalancer: 'Where the ingress controller accepts the Ingress\'s traffic.' },
  [`${N}IngressLoadBalancerStatus`]: { '': 'The entry points of a load balancer.', ingress: 'One entry per address the traffic arrives at.' },
  [`${N}IngressLoadBalancerIngress`]: {
    '': 'One address of a load balancer.',
    ip: 'The address as an IP, for load balancers that have one.',
    hostname: 'The address as a DNS name, for load balancers that have one.',
    ports: 'The ports of this address and their state.',
  },
  [`${N}IngressPortStatus`]: {
    '': 'The state of one port of a load balancer address.',
    port: 'The port number.',
    protocol: 'TCP, UDP or SCTP.',
    error: 'Why the port is not working, as a CamelCase reason or a domain-prefixed one; empty when it works.',
  },
  [`${N}IPAddress`]: { '': 'Records that one IP address (the object\'s name, in canonical form) is allocated, normally as a Service\'s cluster IP.' },
  [`${N}IPAddressSpec`]: { '': 'Who an IP address belongs to.', parentRef: 'The object the address is allocated to. Required; cannot be changed.' },
  [`${N}ParentReference`]: {
    '': 'A reference to the object an IP address belongs to.',
    group: 'The API group of the object; empty for the core group.',
    resource: 'The resource (plural, lower case), such as services.',
    namespace: 'The namespace of the object, for namespaced resources.',
    name: 'The name of the object.',
  },
  [`${N}ServiceCIDR`]: { '': 'A range of IP addresses from which Services get their cluster IPs.' },
  [`${N}ServiceCIDRSpec`]: {
    '': 'The ranges of a ServiceCIDR.',
    cidrs: 'Up to two ranges in CIDR notation, at most one per IP family (such as 10.96.0.0/12 and fd00:10:96::/112). Cannot be changed.',
  },
  [`${N}ServiceCIDRStatus`]: { '': 'The observed state of a ServiceCIDR.', conditions: 'Its conditions; Ready tells whether addresses can be allocated from it.' },
};
