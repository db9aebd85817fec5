import assert from 'node:assert/strict';
import { test } from 'node:test';
import { create, statusUpdate, update } from './harness.test.js';

const CRD = 'apiextensions.k8s.io/v1/customresourcedefinitions';

const schema = (props: Record<string, unknown> = { spec: { type: 'object', properties: { size: { type: 'integer' } } } }) => ({
  openAPIV3Schema: { type: 'object', properties: props },
});
const crd = (spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = { name: 'widgets.example.com' }) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata,
  spec: {
    group: 'example.com',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: schema() }],
    ...spec,
  },
});

const goVersion = (name: string, storage: boolean, schemaPtr = 'nil') =>
  `apiextensions.CustomResourceDefinitionVersion{Name:"${name}", Served:true, Storage:${storage}, Deprecated:false, DeprecationWarning:(*string)(nil), ` +
  `Schema:(*apiextensions.CustomResourceValidation)(${schemaPtr}), Subresources:(*apiextensions.CustomResourceSubresources)(nil), ` +
  'AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}';

test('CRD defaults and server-set status', () => {
  const { obj, errors } = create(CRD, crd({ names: { plural: 'widgets', kind: 'Widget' } }));
  assert.deepEqual(errors, []);
  const spec = obj.spec as Record<string, any>;
  assert.deepEqual(spec.names, { plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' });
  assert.deepEqual(spec.conversion, { strategy: 'None' });
  assert.deepEqual(obj.status, { acceptedNames: { kind: '', plural: '' }, storedVersions: ['v1'] });
  const hook = create(CRD, crd({ conversion: { strategy: 'Webhook', webhook: { clientConfig: { service: { name: 's', namespace: 'n' } }, conversionReviewVersions: ['v1'] } } }));
  assert.deepEqual(hook.errors, []);
  assert.equal((hook.obj.spec as any).conversion.webhook.clientConfig.service.port, 443);
});

test('kubectl-validate: error_crd_typo.yaml', () => {
  const manifest = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: 'customresourcedefinitions.apiextensions.k8s.io',
      annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/enhancements/pull/1111' },
    },
    spec: {
      group: 'apiextensions.k8s.io',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { message: { type: 'strign', description: 'a message to display' } } } },
            },
          },
        },
      ],
      scope: 'Namespaced',
      names: { plural: 'customresourcedefinitions', singular: 'customresourcedefinitions', kind: 'CustomResourceDefinition' },
    },
  };
  assert.deepEqual(create(CRD, manifest).errors, [
    'spec.validation.openAPIV3Schema.properties[spec].properties[message].type: Unsupported value: "strign": supported values: "array", "boolean", "integer", "number", "object", "string"',
  ]);
});

test('CRD name, group, scope and names', () => {
  assert.deepEqual(create(CRD, crd({}, { name: 'x' })).errors, ['metadata.name: Invalid value: "x": must be spec.names.plural+"."+spec.group']);
  assert.deepEqual(create(CRD, crd({ group: 'example' }, { name: 'widgets.example' })).errors, ['spec.group: Invalid value: "example": should be a domain with at least one dot']);
  assert.deepEqual(create(CRD, crd({ scope: 'Global' })).errors, ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"']);
  assert.deepEqual(create(CRD, crd({ names: { plural: 'widgets' } })).errors, [
    'spec.names.singular: Required value',
    'spec.names.kind: Required value',
    'spec.names.listKind: Required value',
  ]);
  assert.deepEqual(create(CRD, crd({ names: { plural: 'widgets', kind: 'Widget', listKind: 'Widget', shortNames: ['W'] } })).errors, [
    "spec.names.shortNames[0]: Invalid value: \"W\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    'spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same',
  ]);
  assert.deepEqual(create(CRD, crd({ group: 'widgets.k8s.io' }, { name: 'widgets.widgets.k8s.io' })).errors, [
    'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
  ]);
  assert.deepEqual(create(CRD, crd({ group: 'widgets.x-k8s.io' }, { name: 'widgets.widgets.x-k8s.io' })).errors, []);
});

test('CRD versions', () => {
  const { spec: _s, ...noSchemaVersion } = { spec: 0, name: 'v1', served: true, storage: true };
  assert.deepEqual(create(CRD, crd({ versions: [noSchemaVersion] })).errors, ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']);
  const two = [
    { name: 'v1', served: true, storage: true, schema: schema() },
    { name: 'v2', served: true, storage: true, schema: schema() },
  ];
  assert.deepEqual(create(CRD, crd({ versions: two })).errors, [
    `spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{${goVersion('v1', true)}, ${goVersion('v2', true)}}: must have exactly one version marked as storage version`,
    `status.storedVersions: Invalid value: ${goVersion('v2', true)}: must have the storage version v2`,
  ]);
  const dup = [
    { name: 'v1', served: true, storage: true, schema: schema() },
    { name: 'v1', served: true, storage: false, schema: schema({}) },
  ];
  assert.deepEqual(create(CRD, crd({ versions: dup })).errors, [
    `spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{${goVersion('v1', true, '0xc000000000')}, ${goVersion('v1', false, '0xc000000000')}}: must contain unique version names`,
  ]);
  assert.deepEqual(create(CRD, crd({ versions: [{ name: 'V1', served: true, storage: true, schema: schema() }] })).errors, [
    "spec.versions[0].name: Invalid value: \"V1\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  ]);
});

test('CRD schemas', () => {
  const withSchema = (s: Record<string, unknown>) => create(CRD, crd({ versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: s } }] })).errors;
  assert.deepEqual(withSchema({ type: 'string' }), ['spec.validation.openAPIV3Schema.type: Invalid value: "string": must be object at the root']);
  assert.deepEqual(withSchema({ type: 'object', properties: { spec: {}, list: { type: 'array' } } }), [
    'spec.validation.openAPIV3Schema.properties[list].items: Required value: must be specified',
    'spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
  ]);
  assert.deepEqual(withSchema({ properties: { a: { type: 'integer', 'x-kubernetes-int-or-string': true } } }), ['spec.validation.openAPIV3Schema.type: Required value: must not be empty at the root']);
  // Schemas that differ per version are reported per version.
  const versions = [
    { name: 'v1', served: true, storage: true, schema: schema() },
    { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', properties: { x: { type: 'text' } } } } },
  ];
  assert.deepEqual(create(CRD, crd({ versions })).errors, [
    'spec.versions[1].schema.openAPIV3Schema.properties[x].type: Unsupported value: "text": supported values: "array", "boolean", "integer", "number", "object", "string"',
  ]);
  assert.deepEqual(create(CRD, crd({ preserveUnknownFields: true })).errors, [
    'spec.preserveUnknownFields: Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
  ]);
});

test('CRD subresources, columns and conversion', () => {
  const v = (extra: Record<string, unknown>) => create(CRD, crd({ versions: [{ name: 'v1', served: true, storage: true, schema: schema(), ...extra }] })).errors;
  assert.deepEqual(v({ subresources: { status: {}, scale: { specReplicasPath: 'spec.replicas', statusReplicasPath: '.spec.replicas' } } }), [
    'spec.subresources.scale.specReplicasPath: Invalid value: "spec.replicas": must be a simple json path starting with .',
    'spec.subresources.scale.statusReplicasPath: Invalid value: ".spec.replicas": should be a json path under .status',
  ]);
  assert.deepEqual(v({ additionalPrinterColumns: [{ name: 'Size', type: 'int', jsonPath: '.spec.size' }, { name: 'Age', type: 'date' }] }), [
    'spec.additionalPrinterColumns[0].type: Invalid value: "int": must be one of boolean,date,integer,number,string',
    'spec.additionalPrinterColumns[1].JSONPath: Required value',
  ]);
  assert.deepEqual(create(CRD, crd({ conversion: { strategy: 'Webhook' } })).errors, [
    'spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook',
    'spec.conversion.conversionReviewVersions: Required value',
  ]);
  assert.deepEqual(create(CRD, crd({ conversion: { strategy: 'Webhook', webhook: { clientConfig: { url: 'http://x.example.com/convert' }, conversionReviewVersions: ['v2'] } } })).errors, [
    "spec.conversion.webhookClientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]",
    'spec.conversion.conversionReviewVersions: Invalid value: []string{"v2"}: must include at least one of v1, v1beta1',
  ]);
  assert.deepEqual(create(CRD, crd({ conversion: { strategy: 'Auto' } })).errors, ['spec.conversion.strategy: Unsupported value: "Auto": supported values: "None", "Webhook"']);
});

test('CRD updates', () => {
  const { obj } = create(CRD, crd());
  const moved = structuredClone(obj) as Record<string, any>;
  moved.spec.group = 'other.com';
  moved.spec.names.plural = 'gadgets';
  assert.deepEqual(update(CRD, obj, moved).errors, [
    'spec.group: Invalid value: "other.com": field is immutable',
    'spec.names.plural: Invalid value: "gadgets": field is immutable',
  ]);
  // A new storage version is recorded in status.storedVersions.
  const next = structuredClone(obj) as Record<string, any>;
  next.spec.versions = [
    { name: 'v1', served: true, storage: false, schema: schema() },
    { name: 'v2', served: true, storage: true, schema: schema() },
  ];
  const r = update(CRD, obj, next);
  assert.deepEqual(r.errors, []);
  assert.deepEqual((r.obj.status as any).storedVersions, ['v1', 'v2']);
  // Kind is immutable once established.
  const established = { ...structuredClone(obj), status: { ...(obj.status as object), conditions: [{ type: 'Established', status: 'True' }] } };
  const renamed = structuredClone(established) as Record<string, any>;
  renamed.spec.names.kind = 'Gadget';
  renamed.spec.names.listKind = 'GadgetList';
  assert.deepEqual(update(CRD, established, renamed).errors, ['spec.names.kind: Invalid value: "Gadget": field is immutable']);
  assert.deepEqual(statusUpdate(CRD, obj, { acceptedNames: { plural: 'Widgets', kind: 'Widget' }, storedVersions: ['v1'] }), [
    "status.acceptedNames.plural: Invalid value: \"Widgets\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  ]);
});
