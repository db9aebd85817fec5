// apiextensions.k8s.io/v1 beyond the CRD spec, versions and names (those are in cluster.ts):
// status, subresources, printer columns, conversion webhooks, and the schema language itself
// (JSONSchemaProps with the x-kubernetes extensions).
import { conditionFields } from './condition-fields.js';
import type { Descriptions } from './index.js';
import { WEBHOOK_CLIENT_CONFIG, WEBHOOK_SERVICE_REFERENCE } from './webhook-client.js';

const X = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';

const NOT_IN_CRDS = 'Not allowed in CRD schemas.';
const SUBSCHEMAS = (what: string) => `${what} Each entry is a schema; CRD schemas may use it only for extra checks, not to declare fields (structural rule).`;
const NUMBER_BOUND = (what: string) => `${what} For numbers and integers.`;
const COUNT = (what: string) => `${what} Must not be negative.`;

const jsonSchemaProps = {
  '': 'A schema of the OpenAPI v3 / JSON Schema subset that CRDs use to validate, prune and default their objects, with Kubernetes extensions (x-kubernetes-*).',
  type: 'The JSON type of the value: object, array, string, integer, number or boolean. CRD schemas must set it on every node, except nodes with x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields set to true.',
  format: 'A format the string or number must have, such as int32, int64, double, byte (base64), date, date-time, uuid, email, hostname or ipv4.',
  title: 'A short title of the value.',
  description: 'A description of the value, shown by kubectl explain.',
  default: 'The value used when the field is missing; applied when objects are read from storage and when requests are decoded. Must itself be valid against the schema.',
  example: 'An example value, for documentation.',
  enum: 'The only values allowed.',
  nullable: 'When true, null is a valid value and is kept; otherwise a null field is dropped.',
  properties: 'The fields of an object, by name, each with its schema. Unknown fields are pruned unless x-kubernetes-preserve-unknown-fields is set. Exclusive with additionalProperties.',
  additionalProperties: 'The schema of every value of a map-like object with arbitrary keys (or true to allow anything). Exclusive with properties; may not be false in CRD schemas.',
  required: 'The properties an object must have.',
  items: 'The schema of every item of an array. Required for arrays in CRD schemas; must be a single schema, not a list.',
  maxItems: COUNT('The most items an array may have.'),
  minItems: COUNT('The fewest items an array must have.'),
  uniqueItems: 'Whether all items of an array must differ. May not be true in CRD schemas; use x-kubernetes-list-type set or map instead.',
  maxLength: COUNT('The longest a string may be, in characters.'),
  minLength: COUNT('The shortest a string may be, in characters.'),
  pattern: 'A regular expression (ECMA 262 syntax) a string must match somewhere; anchor it with ^ and $ to match the whole string.',
  maximum: NUMBER_BOUND('The largest value allowed.'),
  minimum: NUMBER_BOUND('The smallest value allowed.'),
  exclusiveMaximum: 'When true, the value must be less than maximum, not equal to it.',
  exclusiveMinimum: 'When true, the value must be greater than minimum, not equal to it.',
  multipleOf: NUMBER_BOUND('The value must be a whole multiple of this, which is greater than 0.'),
  maxProperties: COUNT('The most properties an object may have.'),
  minProperties: COUNT('The fewest properties an object must have.'),
  allOf: SUBSCHEMAS('The value must be valid against every one of these schemas.'),
  anyOf: SUBSCHEMAS('The value must be valid against at least one of these schemas.'),
  oneOf: SUBSCHEMAS('The value must be valid against exactly one of these schemas.'),
  not: 'The value must not be valid against this schema. Like allOf, only for extra checks in CRD schemas.',
  externalDocs: 'A link to more documentation of the value.',
  additionalItems: 'For items given as a list of schemas: whether, or against which schema, further items are allowed. CRD schemas give items as one schema, so it has no use there.',
  patternProperties: `Schemas for properties whose names match a regular expression. ${NOT_IN_CRDS}`,
  dependencies: `Properties or schemas that apply when a given property is present. ${NOT_IN_CRDS}`,
  definitions: `Named schemas for references. ${NOT_IN_CRDS}`,
  $ref: `A reference to another schema. ${NOT_IN_CRDS}`,
  id: `The schema\'s identifier. ${NOT_IN_CRDS}`,
  $schema: 'The URI of the JSON Schema dialect the schema is written in. Informational.',
  'x-kubernetes-preserve-unknown-fields': 'When true, fields of this object that the schema does not name are kept, with everything inside them, instead of pruned, and are not validated. Fields the schema names still follow their own schemas.',
  'x-kubernetes-embedded-resource': 'When true, the value is a complete Kubernetes object with apiVersion, kind and metadata, which are validated as such. Needs type object.',
  'x-kubernetes-int-or-string': 'When true, the value may be an integer or a string (like a port or a percentage). The node then has no type, or anyOf of integer and string.',
  'x-kubernetes-list-type':
    'How an array is merged by server-side apply and checked: atomic (the default; replaced as a whole), set (items are unique scalars, merged by value) or map (items are objects identified by x-kubernetes-list-map-keys, merged by key).',
  'x-kubernetes-list-map-keys': 'For list-type map: the fields whose values identify an item. They must be scalars and required (or have a default).',
  'x-kubernetes-map-type': 'How an object is merged by server-side apply: granular (the default; each key separately) or atomic (replaced as a whole).',
  'x-kubernetes-validations': 'CEL rules the value must satisfy, beyond what the other keywords can say.',
} as const;

export const apiextensionsDescriptions: Descriptions = {
  [`${X}CustomResourceDefinitionStatus`]: {
    '': 'The observed state of a CustomResourceDefinition.',
    acceptedNames: 'The names actually in use. They can differ from spec.names when a name is already taken by another resource.',
    conditions: 'The CRD\'s conditions (Established, NamesAccepted, NonStructuralSchema, Terminating, ...).',
    storedVersions:
      'Every version objects have ever been stored in. A version can be removed from spec.versions only after its objects have been rewritten in another version and it has been removed from this list.',
  },
  [`${X}CustomResourceDefinitionCondition`]: conditionFields(
    'One aspect of a CRD\'s state.',
    'Established (the resource is served), NamesAccepted (its names do not clash), NonStructuralSchema (a schema breaks the structural rules), Terminating (it is being deleted with its objects) or KubernetesAPIApprovalPolicyConformant.',
    ['status', 'reason', 'message', 'lastTransitionTime'],
  ),
  [`${X}CustomResourceValidation`]: { '': 'The schema of one version of a custom resource.', openAPIV3Schema: 'The OpenAPI v3 schema that objects are validated, pruned and defaulted with. Must be structural.' },
  [`${X}JSONSchemaProps`]: jsonSchemaProps,
  [`${X}JSONSchemaPropsOrArray`]: { '': 'Either one schema or a list of schemas (CRD schemas allow only one).' },
  [`${X}JSONSchemaPropsOrBool`]: { '': 'Either a schema or a boolean (true allows anything, false nothing).' },
  [`${X}JSONSchemaPropsOrStringArray`]: { '': 'Either a schema or a list of property names.' },
  [`${X}JSON`]: { '': 'Any JSON value.' },
  [`${X}ExternalDocumentation`]: { '': 'A link to further documentation.', description: 'What the link is about.', url: 'The address of the documentation.' },
  [`${X}ValidationRule`]: {
    '': 'One CEL rule of a schema node.',
    rule:
      'A CEL expression that must return true. self is the value of the node; oldSelf, if used, the previous value on update, which makes it a transition rule that is only checked when an old value exists. Required.',
    message: 'The error message when the rule fails. Unset gives a message that quotes the rule.',
    messageExpression: 'A CEL expression returning the error message. It wins over message; if it fails or returns an empty string, message is used.',
    reason: 'The reason of the error when the rule fails: FieldValueInvalid (the default), FieldValueForbidden, FieldValueRequired or FieldValueDuplicate.',
    fieldPath: 'The field the error is reported at, as a path relative to the node, such as .replicas or [\'key\']. Unset reports it at the node.',
    optionalOldSelf: 'When true, a transition rule is also checked on create and when there was no old value, with oldSelf as an optional that may be empty.',
  },
  [`${X}CustomResourceSubresources`]: {
    '': 'The subresources a version of a custom resource has.',
    status: 'Enables /status. Then the main endpoint ignores changes to status, /status ignores everything but status, and metadata.generation counts only non-status changes.',
    scale: 'Enables /scale, so that kubectl scale and autoscalers can change the replica count.',
  },
  [`${X}CustomResourceSubresourceStatus`]: { '': 'Turns on the status subresource. Has no fields; set it to {}.' },
  [`${X}CustomResourceSubresourceScale`]: {
    '': 'Where the scale subresource finds the replica counts and the selector.',
    specReplicasPath: 'The path of the desired replica count under .spec, such as .spec.replicas. Required.',
    statusReplicasPath: 'The path of the current replica count under .status, such as .status.replicas. Required; reads 0 when the field is missing.',
    labelSelectorPath:
      'The path, under .spec or .status, of the pods\' label selector in string form (such as .status.selector). Needed by autoscalers; unset leaves the scale status without a selector.',
  },
  [`${X}CustomResourceColumnDefinition`]: {
    '': 'An extra column of kubectl get for a custom resource.',
    name: 'The column header.',
    type: 'The value\'s type: integer, number, string, boolean or date.',
    format: 'An OpenAPI format that refines the type, such as int32 or byte; name marks the column that holds the object\'s name.',
    description: 'What the column shows.',
    priority: 'How important the column is: 0 (the default) shows it always, a higher number only with -o wide.',
    jsonPath: 'A simple JSONPath into each object whose value the column shows, such as .spec.replicas.',
  },
  [`${X}SelectableField`]: {
    '': 'A field of a custom resource that field selectors may use.',
    jsonPath: 'A simple path to the field, such as .spec.color. The field must be a string, integer or boolean and not inside a list.',
  },
  [`${X}CustomResourceConversion`]: {
    '': 'How objects are converted between the versions of a custom resource.',
    strategy: 'None (the default) changes only apiVersion; Webhook calls a conversion webhook.',
    webhook: 'The conversion webhook, for strategy Webhook.',
  },
  [`${X}WebhookConversion`]: {
    '': 'A conversion webhook.',
    clientConfig: 'How the API server reaches the webhook.',
    conversionReviewVersions: 'The ConversionReview versions the webhook accepts, most preferred first; the API server uses the first it knows. Required.',
  },
  [`${X}WebhookClientConfig`]: WEBHOOK_CLIENT_CONFIG,
  [`${X}ServiceReference`]: WEBHOOK_SERVICE_REFERENCE,
};
