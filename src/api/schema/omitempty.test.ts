// Zero values of omitempty Go fields are dropped by the built-in checker, as upstream's decoding
// into Go structs drops them; pointers, fields without omitempty and struct-typed fields keep them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBuiltinSchemaChecker, definitions, goFieldTypes } from './builtin.js';
import { createSchemaChecker } from './decode.js';

const checker = createBuiltinSchemaChecker();
const decode = (def: string, v: unknown) => {
  const r = checker.checkObject(`io.k8s.${def}`, v, { unknownFields: 'strict' });
  assert.deepEqual(r.typeErrors, []);
  assert.deepEqual(r.unknownFields, []);
  return r.value as Record<string, any>;
};

test('RBAC subjects: apiGroup "" and namespace "" are dropped, name "" is kept', () => {
  const rb = decode('api.rbac.v1.RoleBinding', {
    metadata: { name: 'rb', namespace: '', labels: {}, finalizers: [] },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    subjects: [
      { kind: 'ServiceAccount', apiGroup: '', name: 'sa', namespace: 'ns' },
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: '', namespace: '' },
    ],
  });
  assert.deepEqual(rb, {
    metadata: { name: 'rb' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    subjects: [
      { kind: 'ServiceAccount', name: 'sa', namespace: 'ns' },
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: '' },
    ],
  });
});

test('pods: hostIP "", hostPort 0, stdin false, env [] dropped; containerPort 0 and the container name kept', () => {
  const pod = decode('api.core.v1.Pod', {
    metadata: { name: 'p', annotations: {} },
    spec: {
      containers: [{ name: '', image: 'nginx', stdin: false, env: [], ports: [{ containerPort: 0, hostPort: 0, hostIP: '', protocol: '', name: '' }], resources: {} }],
      hostNetwork: false,
      nodeName: '',
      terminationGracePeriodSeconds: 0,
      volumes: [],
    },
  });
  assert.deepEqual(pod, {
    metadata: { name: 'p' },
    spec: { containers: [{ name: '', image: 'nginx', ports: [{ containerPort: 0 }], resources: {} }], terminationGracePeriodSeconds: 0 },
  });
});

test('pointers keep zero values (replicas 0, immutable false); struct-typed omitempty fields stay (IntOrString 0)', () => {
  const dep = decode('api.apps.v1.Deployment', { metadata: { name: 'd' }, spec: { replicas: 0, minReadySeconds: 0, paused: false, selector: { matchLabels: {} }, template: {} } });
  assert.deepEqual(dep.spec, { replicas: 0, selector: {}, template: {} });
  const cm = decode('api.core.v1.ConfigMap', { metadata: { name: 'c' }, immutable: false, data: {}, binaryData: {} });
  assert.deepEqual(cm, { metadata: { name: 'c' }, immutable: false });
  const svc = decode('api.core.v1.Service', { metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 0, nodePort: 0 }], clusterIP: '', type: '' } });
  assert.deepEqual(svc.spec, { ports: [{ port: 80, targetPort: 0 }] });
  const secret = decode('api.core.v1.Secret', { metadata: { name: 's' }, data: { empty: '' }, type: '' });
  assert.deepEqual(secret, { metadata: { name: 's' }, data: { empty: '' } }, 'map values are not fields');
});

test('CRD schemas: nullable false dropped, x-kubernetes-preserve-unknown-fields false (a pointer) kept, nested schemas too', () => {
  const crd = decode('apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition', {
    metadata: { name: 'ws.example.com' },
    spec: {
      group: 'example.com',
      names: { plural: 'ws', kind: 'W', shortNames: [] },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: false,
          storage: true,
          deprecated: false,
          schema: { openAPIV3Schema: { type: 'object', nullable: false, description: '', 'x-kubernetes-preserve-unknown-fields': false, properties: { a: { type: 'string', format: '', items: { type: 'string', pattern: '' } } } } },
        },
      ],
    },
  });
  assert.deepEqual(crd.spec.versions[0], {
    name: 'v1',
    served: false,
    storage: true,
    schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false, properties: { a: { type: 'string', items: { type: 'string' } } } } },
  });
  assert.deepEqual(crd.spec.names, { plural: 'ws', kind: 'W' });
});

test('a checker without the omitempty table keeps every value as sent', () => {
  const plain = createSchemaChecker(definitions, { goFieldTypes });
  const v = { kind: 'User', apiGroup: '', name: 'u', namespace: '' };
  assert.equal(plain.checkObject('io.k8s.api.rbac.v1.Subject', v, { unknownFields: 'ignore' }).value, v);
});
