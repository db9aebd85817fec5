import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitionForKind, definitions } from '../schema/builtin.js';
import { builtinDescriptions } from '../schema/descriptions/index.js';
import type { ResourceInfo } from '../resource-info.js';
import { customDefinitionName, customResourceDefinitions } from './custom-resource.js';
import { buildOpenApiV2, buildOpenApiV3, groupVersionPaths, type DocumentInputs } from './documents.js';
import { groupIdentifier, resourcePaths } from './operations.js';

type J = Record<string, any>;

const deployments: ResourceInfo = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  resource: 'deployments',
  singular: 'deployment',
  namespaced: true,
  listKind: 'DeploymentList',
  status: true,
  scale: { specReplicasPath: 'spec.replicas', statusReplicasPath: 'status.replicas' },
};
const namespaces: ResourceInfo = { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', singular: 'namespace', namespaced: false, listKind: 'NamespaceList', status: true };
const crontabs: ResourceInfo = { group: 'stable.example.com', version: 'v1', kind: 'CronTab', resource: 'crontabs', singular: 'crontab', namespaced: true, listKind: 'CronTabList' };

const ref = (info: ResourceInfo) => ({ info, definition: definitionForKind(info.group ? `${info.group}/${info.version}` : info.version, info.kind)!, listDefinition: definitionForKind(info.group ? `${info.group}/${info.version}` : info.version, info.listKind)! });

const cronSchema = { type: 'object', description: 'A cron tab.', properties: { spec: { type: 'object', properties: { cronSpec: { type: 'string', nullable: true, description: 'when' }, replicas: { type: 'integer', minimum: 1 } } } } };

function inputs(): DocumentInputs {
  return {
    resources: [ref(deployments), ref(namespaces), { info: crontabs, definition: customDefinitionName('stable.example.com', 'v1', 'CronTab'), listDefinition: customDefinitionName('stable.example.com', 'v1', 'CronTabList'), custom: true }],
    definitions,
    descriptions: builtinDescriptions(),
    extra: customResourceDefinitions({ group: 'stable.example.com', version: 'v1', kind: 'CronTab', listKind: 'CronTabList' }, cronSchema),
  };
}

describe('OpenAPI operations', () => {
  it('names groups as upstream operation ids do', () => {
    assert.equal(groupIdentifier(''), 'Core');
    assert.equal(groupIdentifier('apps'), 'Apps');
    assert.equal(groupIdentifier('rbac.authorization.k8s.io'), 'RbacAuthorization');
    assert.equal(groupIdentifier('stable.example.com'), 'StableExampleCom');
  });

  it('lists the paths of a namespaced resource with status and scale', () => {
    const paths = resourcePaths(ref(deployments)).map((p) => p.path);
    assert.deepEqual(paths, [
      '/apis/apps/v1/namespaces/{namespace}/deployments',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
      '/apis/apps/v1/deployments',
      '/apis/apps/v1/watch/namespaces/{namespace}/deployments',
      '/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}',
      '/apis/apps/v1/watch/deployments',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status',
    ]);
  });

  it('gives cluster-scoped resources no namespace segment', () => {
    const paths = resourcePaths(ref(namespaces)).map((p) => p.path);
    assert.ok(paths.includes('/api/v1/namespaces/{name}/status'));
    assert.ok(!paths.some((p) => p.includes('{namespace}')));
  });
});

describe('OpenAPI v3 documents', () => {
  const doc = buildOpenApiV3(inputs(), 'apis/apps/v1') as J;

  it('has the upstream top-level shape', () => {
    assert.equal(doc.openapi, '3.0.0');
    assert.deepEqual(doc.info, { title: 'Kubernetes', version: 'unversioned' });
    assert.ok(doc.components.securitySchemes.BearerToken);
  });

  it('describes the patch operation with actions, gvk and fieldValidation', () => {
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    assert.equal(patch.operationId, 'patchAppsV1NamespacedDeployment');
    assert.equal(patch['x-kubernetes-action'], 'patch');
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', kind: 'Deployment', version: 'v1' });
    const fv = patch.parameters.find((p: J) => p.name === 'fieldValidation');
    assert.equal(fv.in, 'query');
    assert.ok(patch.requestBody.content['application/strategic-merge-patch+json']);
    assert.equal(patch.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/io.k8s.api.apps.v1.Deployment');
  });

  it('carries schemas reachable from the group only, with descriptions, allOf refs and patch metadata', () => {
    const schemas = doc.components.schemas;
    assert.ok(schemas['io.k8s.api.core.v1.Container']);
    assert.ok(schemas['io.k8s.api.autoscaling.v1.Scale'], 'scale subresource schema');
    assert.equal(schemas['io.k8s.api.batch.v1.Job'], undefined);
    const spec = schemas['io.k8s.api.apps.v1.DeploymentSpec'];
    assert.match(spec.description, /desired state of a Deployment/);
    assert.deepEqual(spec.properties.strategy.allOf, [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy' }]);
    assert.equal(spec.properties.strategy['x-kubernetes-patch-strategy'], 'retainKeys');
    assert.ok(spec.properties.strategy.description);
    const containers = schemas['io.k8s.api.core.v1.PodSpec'].properties.containers;
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
    assert.equal(containers['x-kubernetes-list-type'], 'map');
    assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
    assert.deepEqual(schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    assert.ok(schemas['io.k8s.api.apps.v1.Deployment'].properties.apiVersion.description);
  });

  it('publishes a custom resource from its own schema', () => {
    const cr = buildOpenApiV3(inputs(), 'apis/stable.example.com/v1') as J;
    const s = cr.components.schemas['com.example.stable.v1.CronTab'];
    assert.equal(s.description, 'A cron tab.');
    assert.equal(s.properties.spec.properties.cronSpec.nullable, true);
    assert.deepEqual(s.properties.metadata.allOf, [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    assert.deepEqual(s['x-kubernetes-group-version-kind'], [{ group: 'stable.example.com', kind: 'CronTab', version: 'v1' }]);
    assert.ok(cr.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
    const patch = cr.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}'].patch;
    // kubectl apply would send a strategic merge patch (which custom resources refuse) if offered.
    assert.deepEqual(Object.keys(patch.requestBody.content), ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
  });

  it('lists group-versions and answers undefined for others', () => {
    assert.deepEqual(groupVersionPaths(inputs().resources), ['api/v1', 'apis/apps/v1', 'apis/stable.example.com/v1']);
    assert.equal(buildOpenApiV3(inputs(), 'apis/batch/v1'), undefined);
  });
});

describe('OpenAPI v2 document', () => {
  const doc = buildOpenApiV2(inputs()) as J;

  it('is a swagger 2.0 document with every path and definition', () => {
    assert.equal(doc.swagger, '2.0');
    assert.ok(doc.paths['/api/v1/namespaces/{name}']);
    assert.ok(doc.paths['/apis/apps/v1/']);
    const put = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].put;
    assert.deepEqual(put.parameters[0], { in: 'body', name: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' } });
    assert.ok(put.parameters.some((p: J) => p.name === 'fieldValidation' && p.in === 'query' && p.type === 'string'));
  });

  it('uses plain $ref with siblings and drops defaults and v3-only keywords', () => {
    const strategy = doc.definitions['io.k8s.api.apps.v1.DeploymentSpec'].properties.strategy;
    assert.equal(strategy.$ref, '#/definitions/io.k8s.api.apps.v1.DeploymentStrategy');
    assert.equal(strategy.default, undefined);
    const cron = doc.definitions['com.example.stable.v1.CronTab'];
    assert.equal(cron.properties.spec.properties.cronSpec.nullable, undefined);
    assert.equal(cron.properties.spec.properties.replicas.minimum, 1);
  });
});
