// Reviews and requests the API server answers about identity and permissions:
// authentication.k8s.io (TokenRequest, TokenReview, SelfSubjectReview), authorization.k8s.io
// (access and rules reviews), and certificates.k8s.io (CertificateSigningRequest).
import { conditionFields } from './condition-fields.js';
import type { Descriptions } from './index.js';

const AN = 'io.k8s.api.authentication.v1.';
const AZ = 'io.k8s.api.authorization.v1.';
const CE = 'io.k8s.api.certificates.v1.';

const USER = 'The name of the user to check.';
const GROUPS = 'The groups of the user to check.';
const UID = 'The uid of the user to check.';
const EXTRA = 'Other attributes of the user, as the authenticator gave them (key to list of strings), which some authorizers use.';
const RESOURCE_ATTRIBUTES = 'The resource request to check. Exactly one of resourceAttributes and nonResourceAttributes is set.';
const NON_RESOURCE_ATTRIBUTES = 'The non-resource request (a URL path) to check. Exactly one of resourceAttributes and nonResourceAttributes is set.';
const VERBS = 'The allowed verbs; * means all.';
const EVALUATION_ERROR = 'Problems the authorizers met while answering. The answer may still be usable; it means the check may not be complete.';
const RAW_SELECTOR = 'The selector as it appears in a request\'s query string. Exclusive with requirements.';

export const authDescriptions: Descriptions = {
  [`${AN}TokenRequest`]: {
    '': 'Asks for a signed token of a service account, posted to its token subresource (what kubectl create token does). The answer is not stored.',
  },
  [`${AN}TokenRequestSpec`]: {
    '': 'What token is asked for.',
    audiences: 'Who the token is for; a recipient must find one of its own identifiers here. Empty means the API server\'s own audiences.',
    expirationSeconds: 'The lifetime asked for, in seconds; at least 600. The server may grant a different one (see status.expirationTimestamp). Defaults to 3600.',
    boundObjectRef: 'An object (Pod, Secret or Node) the token is tied to: it stops being valid when that object is deleted.',
  },
  [`${AN}TokenRequestStatus`]: {
    '': 'The issued token.',
    token: 'The bearer token, a signed JWT. Treat it as a secret.',
    expirationTimestamp: 'When the token stops being valid.',
  },
  [`${AN}BoundObjectReference`]: {
    '': 'The object a token is tied to.',
    kind: 'Pod, Secret or Node.',
    apiVersion: 'The API version of the object, v1.',
    name: 'The name of the object, in the service account\'s namespace (Nodes are cluster-scoped).',
    uid: 'The uid of the object; if given, it must match the object\'s.',
  },
  [`${AN}TokenReview`]: {
    '': 'Asks the API server who a bearer token belongs to. Used by webhook authenticators and by servers that delegate authentication; the answer is not stored.',
  },
  [`${AN}TokenReviewSpec`]: {
    '': 'The token to check.',
    token: 'The bearer token, as a client would send it.',
    audiences: 'Audiences the token must be valid for (any one of them). Empty means the API server\'s own audiences.',
  },
  [`${AN}TokenReviewStatus`]: {
    '': 'The outcome of a token review.',
    authenticated: 'True when the token is valid.',
    user: 'Who the token belongs to, when it is valid.',
    audiences: 'The audiences the token is valid for: those asked for that it matches or, when none were asked for, the API server\'s.',
    error: 'Why the token could not be checked, when that is the case.',
  },
  [`${AN}UserInfo`]: {
    '': 'The identity of an authenticated user.',
    username: 'The user\'s name, such as jane or system:serviceaccount:default:builder.',
    uid: 'A unique id of the user, if the authenticator gives one.',
    groups: 'The groups the user is in, such as system:authenticated.',
    extra: 'Other attributes from the authenticator, as key to list of strings.',
  },
  [`${AN}SelfSubjectReview`]: { '': 'Asks the API server who the caller is authenticated as (what kubectl auth whoami shows). The answer is not stored.' },
  [`${AN}SelfSubjectReviewStatus`]: { '': 'The caller\'s identity.', userInfo: 'The user the request was authenticated as.' },

  [`${AZ}SubjectAccessReview`]: { '': 'Asks whether a given user may perform an action. Used by webhook authorizers and by servers that delegate authorization; not stored.' },
  [`${AZ}SelfSubjectAccessReview`]: { '': 'Asks whether the caller may perform an action (what kubectl auth can-i does). Not stored.' },
  [`${AZ}LocalSubjectAccessReview`]: {
    '': 'Like SubjectAccessReview, but posted in a namespace and only about actions in that namespace, so namespace admins can be allowed to ask. Not stored.',
  },
  [`${AZ}SelfSubjectRulesReview`]: {
    '': 'Lists the actions the caller may perform in a namespace (what kubectl auth can-i --list shows). The list can be incomplete; do not use it for access decisions. Not stored.',
  },
  [`${AZ}SubjectAccessReviewSpec`]: {
    '': 'The user and the action to check.',
    resourceAttributes: RESOURCE_ATTRIBUTES,
    nonResourceAttributes: NON_RESOURCE_ATTRIBUTES,
    user: USER,
    groups: GROUPS,
    uid: UID,
    extra: EXTRA,
  },
  [`${AZ}SelfSubjectAccessReviewSpec`]: {
    '': 'The action to check for the caller.',
    resourceAttributes: RESOURCE_ATTRIBUTES,
    nonResourceAttributes: NON_RESOURCE_ATTRIBUTES,
  },
  [`${AZ}ResourceAttributes`]: {
    '': 'A request on a resource, as an authorizer sees it.',
    namespace: 'The namespace of the request. Empty means a cluster-scoped resource or, for namespaced ones, all namespaces.',
    verb: 'The verb, such as get, list, watch, create, update, patch, delete, or * for all.',
    group: 'The API group; "" is the core group, * every group.',
    version: 'The API version; * means all.',
    resource: 'The resource, such as pods; * means all.',
    subresource: 'The subresource, such as status or log; empty for none.',
    name: 'The object\'s name; empty means any (or all) objects.',
    fieldSelector: 'The field selector of a list or watch, for authorizers that decide by it.',
    labelSelector: 'The label selector of a list or watch, for authorizers that decide by it.',
  },
  [`${AZ}FieldSelectorAttributes`]: {
    '': 'The field selector of a request. Either rawSelector or requirements is set.',
    rawSelector: RAW_SELECTOR,
    requirements: 'The selector, already parsed into requirements. Exclusive with rawSelector.',
  },
  [`${AZ}LabelSelectorAttributes`]: {
    '': 'The label selector of a request. Either rawSelector or requirements is set.',
    rawSelector: RAW_SELECTOR,
    requirements: 'The selector, already parsed into requirements. Exclusive with rawSelector.',
  },
  [`${AZ}NonResourceAttributes`]: {
    '': 'A request for a URL that is not a resource, such as /healthz.',
    path: 'The URL path.',
    verb: 'The HTTP verb in lower case, such as get.',
  },
  [`${AZ}SubjectAccessReviewStatus`]: {
    '': 'The answer to an access review.',
    allowed: 'True when the action is allowed.',
    denied: 'True when an authorizer explicitly denied the action. When allowed and denied are both false, no authorizer had an opinion. Never true together with allowed.',
    reason: 'Why the action was allowed or denied, when the authorizer says.',
    evaluationError: EVALUATION_ERROR,
  },
  [`${AZ}SelfSubjectRulesReviewSpec`]: { '': 'Where to list the caller\'s permissions.', namespace: 'The namespace to list the actions for.' },
  [`${AZ}SubjectRulesReviewStatus`]: {
    '': 'The actions a user may perform in a namespace.',
    resourceRules: 'The allowed actions on resources.',
    nonResourceRules: 'The allowed actions on non-resource URLs.',
    incomplete: 'True when an authorizer cannot list its rules (for example a webhook), so the lists may miss permissions.',
    evaluationError: EVALUATION_ERROR,
  },
  [`${AZ}ResourceRule`]: {
    '': 'Actions allowed on a set of resources.',
    verbs: VERBS,
    apiGroups: 'The API groups; "" is the core group, * every group.',
    resources: 'The resources; * means all, and resource/subresource names a subresource.',
    resourceNames: 'Only these object names; empty allows every name.',
  },
  [`${AZ}NonResourceRule`]: {
    '': 'Actions allowed on a set of non-resource URLs.',
    verbs: 'The allowed HTTP verbs in lower case; * means all.',
    nonResourceURLs: 'The URL paths; a trailing * matches every path with that prefix.',
  },

  [`${CE}CertificateSigningRequest`]: {
    '': 'A request for an X.509 certificate from a named signer. It is approved or denied (by a user or a controller), then the signer puts the certificate in status.',
  },
  [`${CE}CertificateSigningRequestSpec`]: {
    '': 'What certificate is asked for, and by whom.',
    request: 'The PEM-encoded PKCS#10 certificate request (base64 in JSON). Required; cannot be changed.',
    signerName:
      'The signer asked to sign, as a domain-qualified name: built in are kubernetes.io/kube-apiserver-client, kubernetes.io/kube-apiserver-client-kubelet and kubernetes.io/kubelet-serving. Required; cannot be changed.',
    expirationSeconds: 'How long the certificate should be valid, in seconds; at least 600. The signer may ignore or shorten it.',
    usages: 'The key usages asked for, such as "digital signature", "key encipherment", "client auth" or "server auth".',
    username: 'The user who created the request. Set by the server; cannot be changed.',
    uid: 'The uid of the user who created the request. Set by the server; cannot be changed.',
    groups: 'The groups of the user who created the request. Set by the server; cannot be changed.',
    extra: 'Other attributes of the user who created the request. Set by the server; cannot be changed.',
  },
  [`${CE}CertificateSigningRequestStatus`]: {
    '': 'The state of a certificate request.',
    conditions: 'Whether the request is Approved, Denied or Failed.',
    certificate: 'The issued certificate chain, PEM-encoded (base64 in JSON), written by the signer once the request is approved. Empty until then.',
  },
  [`${CE}CertificateSigningRequestCondition`]: conditionFields(
    'One decision about, or outcome of, a certificate request.',
    'Approved or Denied (the decision; only one of them may be present) or Failed (the signer could not issue the certificate).',
    ['status', 'reason', 'message', 'lastTransitionTime', 'lastUpdateTime'],
  ),
};
