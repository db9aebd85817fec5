import assert from 'node:assert/strict';
import { it } from 'node:test';
import { definitions } from '../schema/builtin.js';
import { compare } from './compare.js';
import { createdFields } from './created-fields.js';
import { toFieldsV1 } from './fields-v1.js';
import { customResourceRoot, SchemaTypes, type TypeNode } from './type-node.js';

const types = new SchemaTypes(definitions);
type Obj = Record<string, unknown>;

/** What compare() records for a create: the changes from the kind's empty object. */
function viaCompare(obj: Obj, root: TypeNode) {
  const c = compare({ apiVersion: obj.apiVersion, kind: obj.kind, metadata: {} }, obj, root);
  return toFieldsV1(c.added.union(c.modified));
}

const meta = { name: 'x', namespace: 'ns', uid: 'u', creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'web' }, annotations: { a: 'b' }, finalizers: ['f'] };
const container = { name: 'c', image: 'busybox', ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }], env: [{ name: 'A', value: '1' }], resources: { limits: { cpu: '1' } } };
const cases: Array<[string, string, Obj]> = [
  ['io.k8s.api.core.v1.ConfigMap', 'configmap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { k: 'v' }, binaryData: {} }],
  ['io.k8s.api.core.v1.ConfigMap', 'configmap without data', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }],
  ['io.k8s.api.core.v1.Pod', 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: { containers: [container, { name: 'd', image: 'x', resources: {} }], restartPolicy: 'Always', volumes: [] } }],
  ['io.k8s.api.core.v1.Pod', 'pod with null and empty values', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', labels: null, annotations: {} }, spec: { containers: null, tolerations: [], nodeSelector: null }, status: {} }],
  ['io.k8s.api.core.v1.Pod', 'pod with spec null', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: null, status: null }],
  ['io.k8s.api.core.v1.Pod', 'pod with spec {}', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: {} }],
  ['io.k8s.api.core.v1.Pod', 'pod with a scalar where a struct goes', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: 'nope' }],
  ['io.k8s.api.core.v1.Pod', 'pod with duplicate list keys', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'a' }, { name: 'a', image: 'y' }, {}] } }],
  [
    'io.k8s.api.apps.v1.Deployment',
    'deployment',
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, strategy: {}, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } } } },
  ],
  ['io.k8s.api.core.v1.Service', 'service', { apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { ports: [{ port: 80, targetPort: 8080 }], selector: { app: 'web' }, type: 'ClusterIP' } }],
  ['io.k8s.api.core.v1.Secret', 'secret', { apiVersion: 'v1', kind: 'Secret', metadata: meta, type: 'Opaque', data: { k: 'dg==' }, stringData: null }],
  ['io.k8s.api.batch.v1.Job', 'job', { apiVersion: 'batch/v1', kind: 'Job', metadata: meta, spec: { template: { spec: { containers: [container], restartPolicy: 'Never' } }, backoffLimit: 1 } }],
  ['io.k8s.api.core.v1.Node', 'node', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels: { a: 'b' } }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] }, status: { capacity: { cpu: '1' } } }],
  ['io.k8s.api.core.v1.Namespace', 'no metadata', { apiVersion: 'v1', kind: 'Namespace' }],
  ['io.k8s.api.core.v1.Namespace', 'metadata null', { apiVersion: 'v1', kind: 'Namespace', metadata: null, spec: { finalizers: ['kubernetes'] } }],
];

it('equals compare() from the empty object for built-in kinds, including null, empty and ill-typed values', () => {
  for (const [def, name, obj] of cases) {
    const root = types.named(def);
    assert.deepEqual(toFieldsV1(createdFields(obj, root)), viaCompare(obj, root), name);
  }
});

it('equals compare() for a custom resource with typed, untyped and preserved fields', () => {
  const root = customResourceRoot(
    new SchemaTypes(),
    {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          required: ['items'],
          properties: {
            items: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['id'], items: { type: 'object', properties: { id: { type: 'string' }, v: { type: 'integer' } } } },
            tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
            free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            inner: { type: 'object', default: {}, properties: { a: { type: 'string' } } },
          },
        },
      },
    },
    types.named('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
  );
  const objs: Obj[] = [
    { apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'a' }, spec: { items: [{ id: '1', v: 2 }, { v: 3 }], tags: ['a', 'b', 'a'], free: { deep: { er: [1, { x: 2 }] }, e: {} } } },
    { apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'a' }, spec: {} },
    { apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'a' }, spec: { inner: null, items: [] }, other: { anything: [1] } },
    { apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'a' } },
  ];
  for (const obj of objs) assert.deepEqual(toFieldsV1(createdFields(obj, root)), viaCompare(obj, root), JSON.stringify(obj));
});

it('equals compare() on objects with values replaced at random (null, {}, [], scalars, removal)', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const replacements: unknown[] = [null, {}, [], 'x', 3, true, undefined, [{}], { name: 'n' }];
  const mutate = (v: unknown): unknown => {
    if (rand() < 0.15) return replacements[Math.floor(rand() * replacements.length)];
    if (Array.isArray(v)) return v.map(mutate);
    if (v && typeof v === 'object') {
      const out: Obj = {};
      for (const [k, x] of Object.entries(v)) {
        const m = mutate(x);
        if (m !== undefined) out[k] = m;
      }
      return out;
    }
    return v;
  };
  for (let round = 0; round < 200; round++) {
    const [def, name, base] = cases[round % cases.length]!;
    const obj = { ...(mutate(base) as Obj), apiVersion: base.apiVersion, kind: base.kind };
    const root = types.named(def);
    assert.deepEqual(toFieldsV1(createdFields(obj, root)), viaCompare(obj, root), `${name}: ${JSON.stringify(obj)}`);
  }
});
