// admissionregistration.k8s.io/v1: admission webhooks and ValidatingAdmissionPolicies.
import type { Descriptions } from './index.js';
import { WEBHOOK_CLIENT_CONFIG, WEBHOOK_SERVICE_REFERENCE } from './webhook-client.js';

const A = 'io.k8s.api.admissionregistration.v1.';

const NAMESPACE_SELECTOR =
  'Only requests for objects in namespaces whose labels match (for a Namespace itself, its own labels) are covered. Unset or empty covers every namespace.';
const OBJECT_SELECTOR = 'Only requests whose object (old or new) has matching labels are covered. Unset or empty covers every object.';
const MATCH_POLICY =
  'Equivalent (the default) also covers requests for the same resource made through another group or version the rules do not list, converting them to a listed one; Exact covers only what the rules list.';
const MATCH_CONDITIONS = 'CEL expressions that must all be true for the request to be covered; at most 64. If one fails to evaluate, the failure policy applies.';
const WEBHOOK_NAME = 'The webhook\'s name, a qualified name with at least three parts such as policy.example.com. Unique within its configuration.';
const CLIENT_CONFIG = 'How the API server reaches the webhook.';
const RULES = 'The operations and resources whose requests are sent to the webhook; a request is sent when any rule matches.';
const FAILURE_POLICY = 'What happens when the webhook cannot be called or answers with an error: Fail (the default) rejects the request, Ignore lets it through.';
const SIDE_EFFECTS =
  'Whether calling the webhook changes anything outside the request: None, or NoneOnDryRun (it does, but not for dry-run requests). Required. Dry-run requests only reach webhooks that declare one of these.';
const TIMEOUT = 'Seconds to wait for the webhook\'s answer, 1 to 30. Defaults to 10; a timeout is handled by the failure policy.';
const REVIEW_VERSIONS = 'The AdmissionReview versions the webhook accepts, most preferred first; the API server uses the first it knows (v1, v1beta1). Required.';

const RULE = {
  operations: 'The operations covered: CREATE, UPDATE, DELETE, CONNECT, or * for all.',
  apiGroups: 'The API groups covered; "" is the core group, * every group.',
  apiVersions: 'The API versions covered; * means all.',
  resources: 'The resources covered, such as pods, pods/status, */scale, * (every resource) or */* (every resource and subresource).',
  scope: 'Cluster (only cluster-scoped resources), Namespaced (only namespaced ones) or * (both, the default).',
};

const webhook = (what: string) => ({
  '': what,
  name: WEBHOOK_NAME,
  clientConfig: CLIENT_CONFIG,
  rules: RULES,
  failurePolicy: FAILURE_POLICY,
  matchPolicy: MATCH_POLICY,
  namespaceSelector: NAMESPACE_SELECTOR,
  objectSelector: OBJECT_SELECTOR,
  sideEffects: SIDE_EFFECTS,
  timeoutSeconds: TIMEOUT,
  admissionReviewVersions: REVIEW_VERSIONS,
  matchConditions: MATCH_CONDITIONS,
});

export const admissionDescriptions: Descriptions = {
  [`${A}MutatingWebhookConfiguration`]: {
    '': 'Admission webhooks that may change objects before they are validated and stored. They are called one after another, configurations in name order.',
    webhooks: 'The webhooks and what each is called for.',
  },
  [`${A}ValidatingWebhookConfiguration`]: {
    '': 'Admission webhooks that accept or reject requests after mutation and before the object is stored. They run in parallel.',
    webhooks: 'The webhooks and what each is called for.',
  },
  [`${A}MutatingWebhook`]: {
    ...webhook('One mutating admission webhook and the requests it is called for.'),
    reinvocationPolicy:
      'Never (the default) calls the webhook once per request; IfNeeded calls it once more if a later mutation changed the object after this webhook ran.',
  },
  [`${A}ValidatingWebhook`]: webhook('One validating admission webhook and the requests it is called for.'),
  [`${A}RuleWithOperations`]: { '': 'A set of operations on a set of resources.', ...RULE },
  [`${A}NamedRuleWithOperations`]: {
    '': 'A set of operations on a set of resources, optionally limited to some object names.',
    ...RULE,
    resourceNames: 'Only objects with these names; empty covers every name.',
  },
  [`${A}WebhookClientConfig`]: WEBHOOK_CLIENT_CONFIG,
  [`${A}ServiceReference`]: WEBHOOK_SERVICE_REFERENCE,
  [`${A}MatchCondition`]: {
    '': 'A CEL expression that narrows the requests a webhook or policy covers.',
    name: 'A name for the condition, unique in its list, used in error messages and metrics.',
    expression:
      'A CEL expression returning a boolean. It can read object, oldObject, request (the admission request), params and authorizer. Required.',
  },
  [`${A}ValidatingAdmissionPolicy`]: {
    '': 'Checks requests inside the API server with CEL expressions, without a webhook. It has an effect only through a ValidatingAdmissionPolicyBinding.',
  },
  [`${A}ValidatingAdmissionPolicySpec`]: {
    '': 'What a validating admission policy checks.',
    paramKind: 'The kind of object that holds the policy\'s parameters, chosen by each binding. Unset means the policy takes none.',
    matchConstraints: 'The requests the policy covers. Bindings can only narrow it. Required.',
    validations: 'The checks; a request passes when each expression is true.',
    failurePolicy:
      'What happens when the policy cannot be applied (an expression fails to evaluate, or the binding or parameters are wrong): Fail (the default) rejects the request, Ignore lets it through.',
    auditAnnotations: 'Annotations to add to the audit event of covered requests.',
    matchConditions: MATCH_CONDITIONS,
    variables: 'Named CEL expressions, usable in later variables and in the other expressions as variables.<name>. Evaluated in order, when first used.',
  },
  [`${A}ParamKind`]: {
    '': 'A kind of object, by API version and kind.',
    apiVersion: 'The group/version of the kind, such as example.com/v1, or v1 for the core group.',
    kind: 'The kind, such as ConfigMap.',
  },
  [`${A}MatchResources`]: {
    '': 'Which requests a policy or binding covers.',
    namespaceSelector: NAMESPACE_SELECTOR,
    objectSelector: OBJECT_SELECTOR,
    resourceRules: 'The operations and resources covered; a request is covered when any rule matches.',
    excludeResourceRules: 'Operations and resources that are not covered, even when resourceRules match them.',
    matchPolicy: MATCH_POLICY,
  },
  [`${A}Validation`]: {
    '': 'One CEL check of a validating admission policy.',
    expression: 'A CEL expression returning a boolean; false rejects the request. It can read object, oldObject, request, params, namespaceObject, variables and authorizer. Required.',
    message: 'The error message when the check fails. Unset builds one from the expression.',
    messageExpression: 'A CEL expression returning the error message. It wins over message; if it fails or returns an empty string, message is used.',
    reason: 'The reason of the error returned when the check fails: Unauthorized, Forbidden, Invalid (the default) or RequestEntityTooLarge.',
  },
  [`${A}AuditAnnotation`]: {
    '': 'An annotation a policy adds to audit events.',
    key: 'The annotation key; the audit event gets it as <policy name>/<key>. Unique within the policy.',
    valueExpression: 'A CEL expression returning the value, a string; null adds no annotation.',
  },
  [`${A}Variable`]: {
    '': 'A named CEL expression of a policy.',
    name: 'The variable\'s name, a valid CEL identifier, unique in the policy.',
    expression: 'The CEL expression that computes the value.',
  },
  [`${A}ValidatingAdmissionPolicyStatus`]: {
    '': 'The observed state of a validating admission policy.',
    observedGeneration: 'The generation of the policy the status is for.',
    typeChecking: 'What type checking of the expressions found.',
    conditions: 'The policy\'s conditions.',
  },
  [`${A}TypeChecking`]: { '': 'The results of type checking a policy\'s expressions against paramKind and the covered kinds.', expressionWarnings: 'One warning per problem found.' },
  [`${A}ExpressionWarning`]: {
    '': 'A type-checking problem of one expression.',
    fieldRef: 'The path of the expression, such as spec.validations[0].expression.',
    warning: 'What the type checker found.',
  },
  [`${A}ValidatingAdmissionPolicyBinding`]: {
    '': 'Puts a ValidatingAdmissionPolicy into effect for some requests, with given parameters and actions.',
  },
  [`${A}ValidatingAdmissionPolicyBindingSpec`]: {
    '': 'Which policy a binding applies, to which requests, and what a failed check does.',
    policyName: 'The ValidatingAdmissionPolicy to apply. A binding to a policy that does not exist has no effect.',
    paramRef: 'Where the parameters come from, for a policy with a paramKind.',
    matchResources: 'Narrows the requests the policy covers. Unset applies it to everything the policy\'s matchConstraints cover.',
    validationActions:
      'What a failed check does: Deny (rejects the request), Warn (returns a warning) and/or Audit (records it in the audit event). Required; Deny and Warn cannot be combined.',
  },
  [`${A}ParamRef`]: {
    '': 'The parameter objects of a binding: one by name, or all matching a selector (the request must then pass with each).',
    name: 'The name of the parameter object. Exclusive with selector.',
    namespace: 'The namespace of the parameter objects, for a namespaced paramKind. Unset uses the namespace of the request\'s object.',
    selector: 'Labels of the parameter objects to use. Exclusive with name; an empty selector matches every object of paramKind.',
    parameterNotFoundAction: 'What happens when no parameter object is found: Allow (the binding passes the request) or Deny (the policy\'s failure policy applies).',
  },
};
