// networking.k8s.io/v1: Ingress and NetworkPolicy.
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
};
