import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptedSubtype } from './handler.js';
import { OpenApiV2Protobuf } from './protobuf-v2.js';

const DOC = {
  swagger: '2.0',
  info: { title: 'Kubernetes', version: 'unversioned' },
  paths: {
    '/apis/apps/v1/namespaces/{namespace}/deployments/{name}': {
      patch: {
        consumes: ['application/merge-patch+json'],
        operationId: 'patchAppsV1NamespacedDeployment',
        parameters: [
          { in: 'body', name: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } },
          { description: 'how', in: 'query', name: 'fieldValidation', type: 'string', uniqueItems: true },
        ],
        responses: { '200': { description: 'OK', schema: { $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' } }, '401': { description: 'Unauthorized' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: 'apps', kind: 'Deployment', version: 'v1' },
      },
      parameters: [{ description: 'name', in: 'path', name: 'name', required: true, type: 'string', uniqueItems: true }],
    },
  },
  definitions: {
    'io.k8s.api.apps.v1.DeploymentSpec': {
      description: 'spec',
      required: ['selector'],
      type: 'object',
      properties: {
        replicas: { format: 'int32', type: 'integer', minimum: 0 },
        strategy: { $ref: '#/definitions/io.k8s.api.apps.v1.DeploymentStrategy', 'x-kubernetes-patch-strategy': 'retainKeys' },
        labels: { additionalProperties: { type: 'string' }, type: 'object' },
        any: { additionalProperties: true, type: 'object' },
        list: { items: { type: 'string' }, type: 'array', enum: ['a'] },
      },
    },
  },
  securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
  security: [{ BearerToken: [] }],
};

describe('OpenAPI v2 protobuf', () => {
  const pb = new OpenApiV2Protobuf();
  const decoded = pb.decode(pb.encode(DOC)) as any;

  it('starts with the swagger version as field 1, as gnostic documents do', () => {
    assert.deepEqual([...pb.encode(DOC).subarray(0, 5)], [0x0a, 0x03, 0x32, 0x2e, 0x30]);
  });

  it('round-trips paths, operations, parameters and responses', () => {
    assert.equal(decoded.swagger, '2.0');
    assert.deepEqual(decoded.info, { title: 'Kubernetes', version: 'unversioned' });
    const item = decoded.paths.path[0];
    assert.equal(item.name, '/apis/apps/v1/namespaces/{namespace}/deployments/{name}');
    const patch = item.value.patch;
    assert.equal(patch.operation_id, 'patchAppsV1NamespacedDeployment');
    assert.equal(patch.parameters[0].parameter.body_parameter.schema._ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch');
    assert.deepEqual(patch.parameters[1].parameter.non_body_parameter.query_parameter_sub_schema, { in: 'query', description: 'how', name: 'fieldValidation', type: 'string', unique_items: true });
    assert.deepEqual(item.value.parameters[0].parameter.non_body_parameter.path_parameter_sub_schema.name, 'name');
    assert.deepEqual(patch.responses.response_code.map((r: any) => r.name), ['200', '401']);
    const ext = Object.fromEntries(patch.vendor_extension.map((e: any) => [e.name, JSON.parse(e.value.yaml)]));
    assert.deepEqual(ext, { 'x-kubernetes-action': 'patch', 'x-kubernetes-group-version-kind': { group: 'apps', kind: 'Deployment', version: 'v1' } });
  });

  it('round-trips schemas: types, refs, maps, enums, extensions', () => {
    const def = decoded.definitions.additional_properties[0];
    assert.equal(def.name, 'io.k8s.api.apps.v1.DeploymentSpec');
    const s = def.value;
    assert.deepEqual(s.type.value, ['object']);
    assert.deepEqual(s.required, ['selector']);
    const props = Object.fromEntries(s.properties.additional_properties.map((p: any) => [p.name, p.value]));
    assert.equal(props.replicas.format, 'int32');
    assert.equal(props.replicas.minimum, 0);
    assert.equal(props.strategy._ref, '#/definitions/io.k8s.api.apps.v1.DeploymentStrategy');
    assert.deepEqual(props.strategy.vendor_extension, [{ name: 'x-kubernetes-patch-strategy', value: { yaml: '"retainKeys"\n' } }]);
    assert.deepEqual(props.labels.additional_properties.schema.type.value, ['string']);
    assert.equal(props.any.additional_properties.boolean, true);
    assert.deepEqual(props.list.items.schema[0].type.value, ['string']);
    assert.deepEqual(props.list.enum, [{ yaml: '"a"\n' }]);
  });

  it('encodes the bearer token security definition', () => {
    assert.deepEqual(decoded.security_definitions.additional_properties[0].value.api_key_security, { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' });
    assert.equal(decoded.security[0].additional_properties[0].name, 'BearerToken');
  });
});

describe('OpenAPI content negotiation', () => {
  const offered = ['json', 'com.github.proto-openapi.spec.v2@v1.0+protobuf'];
  it('follows the Accept header order and q-values', () => {
    assert.equal(acceptedSubtype(undefined, offered), 'json');
    assert.equal(acceptedSubtype('application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json', offered), offered[1]);
    assert.equal(acceptedSubtype('application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf', offered), offered[1]);
    assert.equal(acceptedSubtype('*/*', offered), 'json');
    assert.equal(acceptedSubtype('text/html', offered), undefined);
    assert.equal(acceptedSubtype('application/json;q=0', offered), undefined);
  });
});
