import assert from 'node:assert/strict';
import { test } from 'node:test';
import { create, statusUpdate, update } from './harness.test.js';
import { parseCIDRSloppy } from './networking.js';

const ING = 'networking.k8s.io/v1/ingresses';
const IC = 'networking.k8s.io/v1/ingressclasses';
const NP = 'networking.k8s.io/v1/networkpolicies';

const svcBackend = { service: { name: 'svc', port: { number: 80 } } };
const ingress = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'i' }) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata, spec });
const withPath = (p: Record<string, unknown>, host?: string) => ingress({ rules: [{ ...(host ? { host } : {}), http: { paths: [p] } }] });
const P0 = 'spec.rules[0].http.paths[0]';

test('Ingress rules and paths', () => {
  const { obj, errors } = create(ING, withPath({ path: '/', pathType: 'Prefix', backend: svcBackend }, 'a.example.com'));
  assert.deepEqual(errors, []);
  assert.deepEqual(obj.status, { loadBalancer: {} });
  assert.deepEqual(create(ING, ingress({})).errors, ['spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified']);
  assert.deepEqual(create(ING, withPath({ path: '/', backend: svcBackend })).errors, [`${P0}.pathType: Required value: pathType must be specified`]);
  assert.deepEqual(create(ING, withPath({ path: '/', pathType: 'Regex', backend: svcBackend })).errors, [
    `${P0}.pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"`,
  ]);
  assert.deepEqual(create(ING, withPath({ path: 'api', pathType: 'Prefix', backend: svcBackend })).errors, [`${P0}.path: Invalid value: "api": must be an absolute path`]);
  assert.deepEqual(create(ING, withPath({ path: '/a//b/..', pathType: 'Exact', backend: svcBackend })).errors, [
    `${P0}.path: Invalid value: "/a//b/..": must not contain '//'`,
    `${P0}.path: Invalid value: "/a//b/..": cannot end with '/..'`,
  ]);
  assert.deepEqual(create(ING, withPath({ path: 'x', pathType: 'ImplementationSpecific', backend: svcBackend })).errors, [`${P0}.path: Invalid value: "x": must be an absolute path`]);
  assert.deepEqual(create(ING, withPath({ pathType: 'ImplementationSpecific', backend: svcBackend })).errors, []);
  assert.deepEqual(create(ING, ingress({ rules: [{ host: 'x.example.com', http: { paths: [] } }] })).errors, ['spec.rules[0].http.paths: Required value']);
  assert.deepEqual(create(ING, withPath({ path: '/', pathType: 'Prefix', backend: svcBackend }, '1.2.3.4')).errors, [
    'spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
  ]);
  assert.deepEqual(create(ING, withPath({ path: '/', pathType: 'Prefix', backend: svcBackend }, '*.example.com')).errors, []);
  assert.deepEqual(create(ING, withPath({ path: '/', pathType: 'Prefix', backend: svcBackend }, 'foo.*.com')).errors, [
    "spec.rules[0].host: Invalid value: \"foo.*.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
});

test('Ingress backends', () => {
  const backend = (b: Record<string, unknown>) => create(ING, withPath({ path: '/', pathType: 'Prefix', backend: b })).errors;
  assert.deepEqual(backend({}), [`${P0}.backend: Invalid value: "": resource or service backend is required`]);
  assert.deepEqual(backend({ ...svcBackend, resource: { kind: 'Bucket', name: 'b' } }), [`${P0}.backend: Invalid value: "": cannot set both resource and service backends`]);
  assert.deepEqual(backend({ service: { name: 'svc', port: { name: 'http', number: 80 } } }), [`${P0}.backend: Invalid value: "": cannot set both port name & port number`]);
  assert.deepEqual(backend({ service: { name: 'svc', port: {} } }), [`${P0}.backend: Required value: port name or number is required`]);
  assert.deepEqual(backend({ service: { name: 'svc', port: { number: 70000 } } }), [`${P0}.backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive`]);
  assert.deepEqual(backend({ service: { name: '1svc', port: { name: 'http' } } }), [
    `${P0}.backend.service.name: Invalid value: "1svc": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
  ]);
  assert.deepEqual(backend({ service: { port: { number: 80 } } }), [`${P0}.backend.service.name: Required value`]);
  assert.deepEqual(create(ING, ingress({ defaultBackend: { resource: { apiGroup: 'k8s.example.com' } } })).errors, [
    'spec.defaultBackend.resource.kind: Required value: kind is required',
    'spec.defaultBackend.resource.name: Required value: name is required',
  ]);
});

test('Ingress class, TLS and updates', () => {
  const base = withPath({ path: '/', pathType: 'Prefix', backend: svcBackend });
  assert.deepEqual(create(ING, { ...base, spec: { ...base.spec, ingressClassName: 'Bad_Class' } }).errors, [
    "spec.ingressClassName: Invalid value: \"Bad_Class\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  const tls = { ...base, spec: { ...base.spec, tls: [{ hosts: ['*.example.com'], secretName: 'Bad' }] } };
  const tlsErr =
    "spec.tls[0].secretName: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  const created = create(ING, tls);
  assert.deepEqual(created.errors, [tlsErr]);
  // Stored objects with an invalid secret name may still be updated.
  assert.deepEqual(update(ING, created.obj, structuredClone(created.obj)).errors, []);
  const annotated = ingress({ ...base.spec, ingressClassName: 'traefik' }, { name: 'i', annotations: { 'kubernetes.io/ingress.class': 'nginx' } });
  assert.deepEqual(create(ING, annotated).errors, ['annotations.kubernetes.io/ingress.class: Invalid value: "nginx": must match `ingressClassName` when both are specified']);
  const ok = create(ING, base).obj;
  assert.deepEqual(statusUpdate(ING, ok, { loadBalancer: { ingress: [{ ip: '10.0.0.1' }, { hostname: '10.0.0.2' }, { ip: 'nope' }] } }), [
    'status.loadBalancer.ingress[1].hostname: Invalid value: "10.0.0.2": must be a DNS name, not an IP address',
    'status.loadBalancer.ingress[2].ip: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
  ]);
});

test('IngressClass', () => {
  const ic = (spec: Record<string, unknown>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'c' }, spec });
  assert.deepEqual(create(IC, ic({})).errors, ['spec.controller: Required value']);
  assert.deepEqual(create(IC, ic({ controller: 'nginx' })).errors, ['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']);
  assert.deepEqual(create(IC, ic({ controller: 'Example.com/x' })).errors, [
    "spec.controller: Invalid value: \"Example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  const { obj, errors } = create(IC, ic({ controller: 'example.com/ingress', parameters: { kind: 'Params', name: 'p' } }));
  assert.deepEqual(errors, []);
  assert.equal((obj.spec as any).parameters.scope, 'Cluster');
  assert.deepEqual(create(IC, ic({ controller: 'example.com/ingress', parameters: { kind: 'Params', name: 'p', scope: 'Namespace' } })).errors, [
    "spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'",
  ]);
  assert.deepEqual(create(IC, ic({ controller: 'example.com/ingress', parameters: { kind: 'Params', name: 'p', namespace: 'ns' } })).errors, [
    "spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'",
  ]);
  const next = structuredClone(obj) as Record<string, any>;
  next.spec.controller = 'example.com/other';
  assert.deepEqual(update(IC, obj, next).errors, ['spec.controller: Invalid value: "example.com/other": field is immutable']);
});

const np = (spec: Record<string, unknown>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n' }, spec: { podSelector: {}, ...spec } });

test('NetworkPolicy defaults', () => {
  const a = create(NP, np({ ingress: [{ ports: [{ port: 80 }] }] }));
  assert.deepEqual(a.errors, []);
  assert.deepEqual((a.obj.spec as any).policyTypes, ['Ingress']);
  assert.deepEqual((a.obj.spec as any).ingress[0].ports[0], { port: 80, protocol: 'TCP' });
  assert.deepEqual((create(NP, np({ egress: [{}] })).obj.spec as any).policyTypes, ['Ingress', 'Egress']);
  assert.deepEqual((create(NP, np({ egress: [{}], policyTypes: ['Egress'] })).obj.spec as any).policyTypes, ['Egress']);
});

test('NetworkPolicy validation', () => {
  const port = (p: Record<string, unknown>) => create(NP, np({ ingress: [{ ports: [p] }] })).errors;
  const PP = 'spec.ingress[0].ports[0]';
  assert.deepEqual(port({ port: 0 }), [`${PP}.port: Invalid value: 0: must be between 1 and 65535, inclusive`]);
  assert.deepEqual(port({ port: 100, endPort: 50 }), [`${PP}.endPort: Invalid value: 100: must be greater than or equal to \`port\``]);
  assert.deepEqual(port({ port: 'http', endPort: 90 }), [`${PP}.endPort: Invalid value: 90: may not be specified when \`port\` is non-numeric`]);
  assert.deepEqual(port({ endPort: 90 }), [`${PP}.endPort: Invalid value: 90: may not be specified when \`port\` is not specified`]);
  assert.deepEqual(port({ protocol: 'ICMP' }), [`${PP}.protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"`]);
  const peer = (p: Record<string, unknown>) => create(NP, np({ ingress: [{ from: [p] }] })).errors;
  const FP = 'spec.ingress[0].from[0]';
  assert.deepEqual(peer({}), [`${FP}: Required value: must specify a peer`]);
  assert.deepEqual(peer({ podSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }), [`${FP}: Forbidden: may not specify both ipBlock and another peer`]);
  assert.deepEqual(peer({ ipBlock: { cidr: 'bad' } }), [`${FP}.ipBlock.cidr: Invalid value: "bad": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`]);
  assert.deepEqual(peer({ ipBlock: { cidr: '' } }), [`${FP}.ipBlock.cidr: Required value`]);
  assert.deepEqual(peer({ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.1.0/24', '10.1.0.0/24', '10.0.0.0/16', 'fd00::/64'] } }), [
    `${FP}.ipBlock.except[1]: Invalid value: "10.1.0.0/24": must be a strict subset of \`cidr\``,
    `${FP}.ipBlock.except[2]: Invalid value: "10.0.0.0/16": must be a strict subset of \`cidr\``,
    `${FP}.ipBlock.except[3]: Invalid value: "fd00::/64": must be a strict subset of \`cidr\``,
  ]);
  assert.deepEqual(peer({ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }), []);
  assert.deepEqual(create(NP, np({ policyTypes: ['Ingress', 'Egress', 'Ingress'] })).errors, [
    'spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes',
  ]);
  assert.deepEqual(create(NP, np({ policyTypes: ['Both'] })).errors, ['spec.policyTypes[0]: Unsupported value: "Both": supported values: "Ingress", "Egress"']);
});

test('CIDR parsing follows Go (with leading zeros allowed in IPv4)', () => {
  assert.deepEqual(parseCIDRSloppy('010.0.0.1/8'), { v4: true, bytes: [10, 0, 0, 0], prefix: 8 });
  assert.equal(parseCIDRSloppy('10.0.0.0/33'), undefined);
  assert.equal(parseCIDRSloppy('10.0.0.0'), undefined);
  assert.equal(parseCIDRSloppy('10.0.0.0/+8'), undefined);
  assert.equal(parseCIDRSloppy('::ffff:10.0.0.0/104')?.prefix, 104);
  assert.deepEqual(parseCIDRSloppy('fe80::1/10')?.bytes.slice(0, 2), [0xfe, 0x80]);
});
