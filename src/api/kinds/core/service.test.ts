import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObj } from '../../resource-info.js';
import { serviceStrategy } from './service.js';
import { create, stored, update, updateStatus } from './test-harness.js';

type Obj = Record<string, any>;
const svc = (spec: Obj = {}): KObj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's', namespace: 'default' },
  spec: { selector: { app: 'x' }, ports: [{ port: 80 }], ...spec },
});
const errorsOf = (spec: Obj) => create(serviceStrategy, svc(spec)).errors;
/** A stored ClusterIP service with its allocated address. */
const allocated = (spec: Obj = {}) => {
  const s = stored(serviceStrategy, svc(spec)) as Obj;
  Object.assign(s.spec, { clusterIP: '10.43.0.10', clusterIPs: ['10.43.0.10'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  return s as KObj;
};

test('a valid service passes with upstream defaults', () => {
  const { obj, errors } = create(serviceStrategy, svc());
  assert.deepEqual(errors, []);
  assert.deepEqual(obj.spec, {
    selector: { app: 'x' },
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    sessionAffinity: 'None',
    type: 'ClusterIP',
    internalTrafficPolicy: 'Cluster',
  });
  assert.deepEqual(obj.status, { loadBalancer: {} });
  const lb = create(serviceStrategy, svc({ type: 'LoadBalancer', sessionAffinity: 'ClientIP' }));
  assert.deepEqual(lb.errors, []);
  assert.equal((lb.obj.spec as Obj).externalTrafficPolicy, 'Cluster');
  assert.equal((lb.obj.spec as Obj).allocateLoadBalancerNodePorts, true);
  assert.deepEqual((lb.obj.spec as Obj).sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  assert.deepEqual(create(serviceStrategy, svc({ ports: [], clusterIP: 'None' })).errors, []);
  assert.deepEqual((create(serviceStrategy, svc({ clusterIP: 'None' })).obj.spec as Obj).clusterIPs, ['None']);
});

test('ports', () => {
  assert.deepEqual(errorsOf({ ports: [] }), ['spec.ports: Required value']);
  assert.deepEqual(errorsOf({ ports: [{ port: 80, name: 'a' }, { port: 81 }] }), ['spec.ports[1].name: Required value']);
  assert.deepEqual(errorsOf({ ports: [{ port: 0, protocol: 'HTTP', targetPort: 'Bad_Name' }] }), [
    'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    'spec.ports[0].targetPort: Invalid value: "Bad_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
  ]);
  assert.deepEqual(errorsOf({ ports: [{ port: 80, name: 'a' }, { port: 80, name: 'b' }] }), [
    'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
  ]);
  assert.deepEqual(errorsOf({ ports: [{ port: 80, nodePort: 30001 }] }), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
  assert.deepEqual(errorsOf({ type: 'NodePort', ports: [{ port: 80, nodePort: 30001, name: 'a' }, { port: 81, nodePort: 30001, name: 'b' }] }), [
    'spec.ports[1].nodePort: Duplicate value: 30001',
  ]);
});

test('types, names and affinity', () => {
  assert.deepEqual(errorsOf({ type: 'Weird' }), ['spec.type: Unsupported value: "Weird": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']);
  assert.deepEqual(errorsOf({ type: 'ExternalName', ports: [] }), ['spec.externalName: Required value']);
  assert.deepEqual(errorsOf({ type: 'ExternalName', externalName: 'db.example.com.' }), []);
  assert.deepEqual(errorsOf({ type: 'ExternalName', externalName: 'Bad_Name.' }), [
    "spec.externalName: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.deepEqual(errorsOf({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.0.0.1' }), ['spec.clusterIPs: Forbidden: may not be set for ExternalName services']);
  assert.deepEqual(errorsOf({ type: 'LoadBalancer', clusterIP: 'None' }), ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"]);
  assert.deepEqual(errorsOf({ sessionAffinity: 'Sticky' }), ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"']);
  assert.deepEqual(errorsOf({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }), [
    'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
  ]);
  assert.deepEqual(errorsOf({ selector: { 'a/b/c': 'x' } }).length, 1);
  assert.deepEqual(serviceStrategy.nameValidator!('1abc', false), [
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  ]);
});

test('cluster IPs and traffic fields', () => {
  assert.deepEqual(errorsOf({ clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.2'] }), ['spec.clusterIPs: Invalid value: []string{"10.0.0.2"}: first value must match `clusterIP`']);
  assert.deepEqual(errorsOf({ clusterIP: '300.0.0.1' }), ['spec.clusterIPs[0]: Invalid value: "300.0.0.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
  assert.deepEqual(errorsOf({ externalIPs: ['127.0.0.1', 'nope'] }), [
    'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    'spec.externalIPs[1]: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
  ]);
  assert.deepEqual(errorsOf({ externalTrafficPolicy: 'Local' }), ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services']);
  assert.deepEqual(errorsOf({ loadBalancerSourceRanges: ['10.0.0.0/8'] }), ["spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"]);
  assert.deepEqual(errorsOf({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/33'] }), [
    'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
  ]);
  assert.deepEqual(errorsOf({ internalTrafficPolicy: 'Nearby' }), ['spec.internalTrafficPolicy: Unsupported value: "Nearby": supported values: "Cluster", "Local"']);
});

test('updates keep allocated values and refuse IP changes', () => {
  const old = allocated();
  // kubectl replace of the original manifest (no clusterIP) keeps the allocated address.
  const replaced = update(serviceStrategy, old, svc());
  assert.deepEqual(replaced.errors, []);
  assert.equal((replaced.obj.spec as Obj).clusterIP, '10.43.0.10');
  const changed = structuredClone(old) as Obj;
  changed.spec.clusterIP = '10.43.0.11';
  assert.deepEqual(update(serviceStrategy, old, changed).errors, ['spec.clusterIPs[0]: Invalid value: []string{"10.43.0.11"}: may not change once set']);
  // To NodePort and back: node ports and the external traffic policy go away with the type.
  const np = structuredClone(old) as Obj;
  np.spec.type = 'NodePort';
  np.spec.ports[0].nodePort = 30080;
  const npStored = update(serviceStrategy, old, np);
  assert.deepEqual(npStored.errors, []);
  const back = structuredClone(npStored.obj) as Obj;
  back.spec.type = 'ClusterIP';
  const backed = update(serviceStrategy, npStored.obj, back);
  assert.deepEqual(backed.errors, []);
  assert.equal((backed.obj.spec as Obj).ports[0].nodePort, undefined);
  assert.equal((backed.obj.spec as Obj).externalTrafficPolicy, undefined);
});

test('status updates', () => {
  const old = allocated();
  assert.deepEqual(updateStatus(serviceStrategy, old, { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } }).errors, [
    "status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'",
  ]);
  const lb = allocated({ type: 'LoadBalancer' });
  const ok = updateStatus(serviceStrategy, lb, { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } });
  assert.deepEqual(ok.errors, []);
  assert.equal((ok.obj.status as Obj).loadBalancer.ingress[0].ipMode, 'VIP');
  assert.deepEqual(updateStatus(serviceStrategy, lb, { loadBalancer: { ingress: [{ hostname: '1.2.3.4' }] } }).errors, [
    'status.loadBalancer.ingress[0].hostname: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
  ]);
});

test('selectable fields', () => {
  assert.deepEqual(serviceStrategy.selectableFields!(allocated()), { 'spec.clusterIP': '10.43.0.10', 'spec.type': 'ClusterIP' });
});
