import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitions, definitionForKind, goFieldTypes, kinds } from './builtin.js';
import { SPECIAL_DEFINITIONS, type SchemaDef } from './types.js';
import { createBuiltinSchemaChecker } from './builtin.js';
import type { appsv1, corev1, metav1 } from '../types/index.js';

function* schemasOf(def: SchemaDef): Generator<SchemaDef> {
  yield def;
  for (const p of Object.values(def.properties ?? {})) yield* schemasOf(p);
  if (def.items) yield* schemasOf(def.items);
  if (def.additionalProperties && typeof def.additionalProperties === 'object') yield* schemasOf(def.additionalProperties);
}

const SERVED = [
  'v1', 'apps/v1', 'batch/v1', 'autoscaling/v1', 'autoscaling/v2', 'policy/v1', 'networking.k8s.io/v1', 'storage.k8s.io/v1',
  'rbac.authorization.k8s.io/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1',
  'apiextensions.k8s.io/v1', 'scheduling.k8s.io/v1', 'node.k8s.io/v1', 'authentication.k8s.io/v1',
  'authorization.k8s.io/v1', 'certificates.k8s.io/v1', 'admissionregistration.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1',
];

test('definitions are structural only and self-contained', () => {
  const names = Object.keys(definitions);
  assert.ok(names.length > 400, `${names.length} definitions`);
  for (const [name, def] of Object.entries(definitions)) {
    for (const s of schemasOf(def)) {
      assert.ok(!('description' in s) || name.endsWith('.JSONSchemaProps') || name.endsWith('.ExternalDocumentation'), name);
      if (s.$ref !== undefined) {
        assert.ok(!s.$ref.startsWith('#'), `${name}: $ref is a definition name`);
        assert.ok(definitions[s.$ref], `${name} refers to missing ${s.$ref}`);
      }
    }
    for (const r of def.required ?? []) assert.ok(def.properties?.[r], `${name} requires unknown ${r}`);
  }
  // JSONSchemaProps and ExternalDocumentation have a *property* named description; no schema
  // anywhere carries upstream's documentation text.
  assert.equal(JSON.stringify(definitions).includes('"description":{"type"'), true);
  assert.equal(/"description":"/.test(JSON.stringify(definitions)), false);
  for (const special of Object.values(SPECIAL_DEFINITIONS)) assert.ok(definitions[special], special);
});

test('kinds index every served group-version and matches the GVK extension', () => {
  assert.deepEqual(Object.keys(kinds), SERVED);
  let n = 0;
  for (const [apiVersion, byKind] of Object.entries(kinds)) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    for (const [kind, name] of Object.entries(byKind)) {
      const gvks = definitions[name]?.['x-kubernetes-group-version-kind'] ?? [];
      assert.ok(gvks.some((g) => g.group === group && g.version === version && g.kind === kind), `${apiVersion} ${kind}`);
      n++;
    }
  }
  assert.ok(n > 150, `${n} kinds`);
  assert.equal(definitionForKind('apps/v1', 'Deployment'), 'io.k8s.api.apps.v1.Deployment');
  assert.equal(definitionForKind('v1', 'Pod'), 'io.k8s.api.core.v1.Pod');
  assert.equal(definitionForKind('autoscaling/v1', 'Scale'), 'io.k8s.api.autoscaling.v1.Scale');
  assert.equal(definitionForKind('policy/v1', 'Eviction'), 'io.k8s.api.policy.v1.Eviction');
  assert.equal(definitionForKind('v1', 'Status'), 'io.k8s.apimachinery.pkg.apis.meta.v1.Status');
  assert.equal(definitionForKind('v1', 'DeleteOptions'), 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions');
  assert.equal(definitionForKind('apps/v1', 'DeleteOptions'), 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions');
  assert.equal(definitionForKind('extensions/v1beta1', 'Deployment'), undefined);
  assert.equal(definitionForKind('v1', 'constructor'), undefined);
  assert.equal(definitionForKind('toString', 'x'), undefined);
});

test('patch and list metadata survive generation', () => {
  const containers = definitions['io.k8s.api.core.v1.PodSpec']?.properties?.containers;
  assert.equal(containers?.['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(containers?.['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(containers?.['x-kubernetes-list-type'], 'map');
  assert.deepEqual(containers?.['x-kubernetes-list-map-keys'], ['name']);
  assert.deepEqual(containers?.items, { $ref: 'io.k8s.api.core.v1.Container', default: {} });
  const strategy = definitions['io.k8s.api.apps.v1.DeploymentSpec']?.properties?.strategy;
  assert.equal(strategy?.['x-kubernetes-patch-strategy'], 'retainKeys');
  assert.equal(definitions['io.k8s.api.core.v1.ContainerPort']?.properties?.protocol?.default, 'TCP');
  assert.equal(definitions['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']?.['x-kubernetes-map-type'], 'atomic');
  assert.deepEqual(definitions['io.k8s.api.apps.v1.DeploymentSpec']?.required, ['selector', 'template']);
  assert.equal(definitions['io.k8s.api.core.v1.Secret']?.properties?.data?.additionalProperties instanceof Object, true);
});

test('Go field type overrides name real fields', () => {
  for (const [def, fields] of Object.entries(goFieldTypes)) {
    assert.ok(definitions[def], def);
    for (const [field, go] of Object.entries(fields)) {
      assert.ok(definitions[def]?.properties?.[field], `${def}.${field}`);
      assert.match(go, /^(\[\]|map\[[\w.]+\])?[\w]+\.[\w]+$/, `${def}.${field}: ${go}`);
    }
  }
});

test('generated TypeScript interfaces describe objects the schema accepts', () => {
  const meta: metav1.ObjectMeta = { name: 'web', labels: { app: 'web' }, creationTimestamp: '2025-01-01T00:00:00Z' };
  const container: corev1.Container = {
    name: 'web',
    image: 'nginx',
    ports: [{ containerPort: 80, protocol: 'TCP' }],
    resources: { limits: { cpu: '500m', memory: '128Mi' } },
    livenessProbe: { httpGet: { path: '/', port: 'http' } },
  };
  const dep: appsv1.Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta,
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
    },
  };
  const r = createBuiltinSchemaChecker().checkObject('io.k8s.api.apps.v1.Deployment', dep, { unknownFields: 'strict' });
  assert.deepEqual(r.typeErrors, []);
  assert.deepEqual(r.unknownFields, []);
});
