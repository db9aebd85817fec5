// meta/v1 types: ObjectMeta, ListMeta, owner references, label and field selectors, conditions,
// Status and its details, delete options, watch events, and the time and managed-fields formats.
import type { Descriptions } from './index.js';

const M = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

export const metaDescriptions: Descriptions = {
  [`${M}ObjectMeta`]: {
    '': 'Standard metadata that every persisted object carries: its identity (name, namespace, uid), user-supplied labels and annotations, ownership, and fields maintained by the server.',
    name: 'The object\'s name, unique among objects of the same kind in its namespace (or in the cluster for cluster-scoped kinds). Required on create unless generateName is set; cannot be changed afterwards.',
    generateName:
      'A prefix from which the server builds a unique name when name is empty: it appends a random suffix. If the generated name is taken the request fails with a conflict, and the client may retry.',
    namespace: 'The namespace the object lives in. Empty for cluster-scoped kinds; for namespaced kinds an empty value means the "default" namespace. Cannot be changed.',
    uid: 'A unique identifier the server assigns on create, never reused, even for a later object with the same name. Read-only.',
    resourceVersion:
      'An opaque version of this object that changes on every write. Clients pass it back on updates to detect concurrent changes (optimistic concurrency) and use it to resume watches. Read-only; do not parse it.',
    generation: 'A counter of changes to the desired state (spec), set by the server. Controllers report the generation they have acted on in status.observedGeneration. Read-only.',
    creationTimestamp: 'When the object was created, in RFC 3339 form, set by the server. Read-only.',
    deletionTimestamp:
      'When a delete was requested for this object; set by the server, never by clients. From then on the object is only waiting for its finalizers to be removed (and, for pods, for the grace period to pass).',
    deletionGracePeriodSeconds: 'How many seconds the object has to shut down gracefully once deletionTimestamp is set. Read-only.',
    labels: 'Key/value pairs used to organize and select objects (label selectors of services, controllers and kubectl -l). Keys are optionally prefixed by a DNS subdomain and a slash.',
    annotations: 'Arbitrary non-identifying key/value data for tools and people. Unlike labels, annotations are not used for selection and may hold larger values.',
    ownerReferences:
      'The objects this one depends on. When every owner is gone, the garbage collector deletes this object. At most one owner may be the managing controller (controller: true).',
    finalizers:
      'Names of pending clean-up steps. While any remain, a deleted object stays in place with deletionTimestamp set; each responsible component removes its entry when done.',
    managedFields: 'Which field manager (client or controller) set which fields, and when. Maintained by the server for server-side apply; users normally leave it alone.',
    selfLink: 'Deprecated and no longer set by the server.',
  },
  [`${M}ListMeta`]: {
    '': 'Metadata of a list response.',
    resourceVersion: 'The version of the data the list was read at; start a watch from it to see every later change.',
    continue: 'Present when the list was cut short by a limit: pass it as the continue parameter to read the next page.',
    remainingItemCount: 'An estimate of how many items follow this page, when the server knows it.',
    selfLink: 'Deprecated and no longer set by the server.',
  },
  [`${M}OwnerReference`]: {
    '': 'Identifies an object that owns this one. The owner must be in the same namespace, or be cluster-scoped.',
    apiVersion: 'The API version of the owner.',
    kind: 'The kind of the owner.',
    name: 'The name of the owner.',
    uid: 'The uid of the owner; a reference to an object of the same name but another uid does not count.',
    controller: 'True when the owner is the controller that manages this object. Only one owner reference may have it.',
    blockOwnerDeletion: 'When true, a foreground deletion of the owner waits until this object is deleted.',
  },
  [`${M}LabelSelector`]: {
    '': 'A query over labels. matchLabels and matchExpressions are ANDed. An empty selector matches every object; a missing selector matches none.',
    matchLabels: 'Exact key=value pairs that must all be present. Each pair is the same as a matchExpressions entry with operator In and a single value.',
    matchExpressions: 'Label conditions, all of which must hold.',
  },
  [`${M}LabelSelectorRequirement`]: {
    '': 'One label condition: a key, an operator and values.',
    key: 'The label key the condition tests.',
    operator: 'How the label is tested: In, NotIn, Exists or DoesNotExist.',
    values: 'The values for In and NotIn (must not be empty); must be empty for Exists and DoesNotExist.',
  },
  [`${M}Condition`]: {
    '': 'One aspect of an object\'s current state, as reported by a controller.',
    type: 'The aspect this condition describes, in CamelCase (for example Available or Ready).',
    status: 'True, False or Unknown.',
    observedGeneration: 'The metadata.generation the condition was computed from.',
    lastTransitionTime: 'When status last changed.',
    reason: 'A short CamelCase word for why the condition is in its state.',
    message: 'A human-readable explanation.',
  },
  [`${M}ManagedFieldsEntry`]: {
    '': 'The set of fields one field manager owns, for one API version and operation.',
    manager: 'The name of the field manager.',
    operation: 'Apply or Update: how the manager wrote these fields.',
    apiVersion: 'The API version the fields are expressed in.',
    time: 'When the manager last changed one of these fields.',
    fieldsType: 'The format of fieldsV1; always FieldsV1.',
    fieldsV1: 'The owned fields, as a nested set.',
    subresource: 'The subresource (such as status) the writes went through, if any.',
  },
  [`${M}Status`]: {
    '': 'The result of an operation that returns no object, most often an error.',
    status: 'Success or Failure.',
    message: 'A human-readable description of the outcome.',
    reason: 'A machine-readable CamelCase reason (NotFound, AlreadyExists, Invalid, ...).',
    details: 'More data about the reason, such as the invalid fields.',
    code: 'The HTTP status code of the response.',
  },
  [`${M}DeleteOptions`]: {
    '': 'Options of a delete request.',
    gracePeriodSeconds: 'Seconds to wait before removing the object; 0 removes it at once. Unset uses the kind\'s default.',
    propagationPolicy: 'What happens to dependents: Orphan (kept), Background (deleted after the owner), or Foreground (deleted before the owner goes).',
    orphanDependents: 'Deprecated: use propagationPolicy.',
    preconditions: 'Conditions (uid, resourceVersion) that must hold for the delete to go ahead.',
    dryRun: 'Set to ["All"] to run the request without deleting anything.',
    ignoreStoreReadErrorWithClusterBreakingPotential:
      'When true, deletes an object that cannot be read from storage (for example, one that no longer decodes), skipping finalizers and preconditions. Dangerous, and needs the extra permission unsafe-delete-ignore-read-errors.',
  },
  [`${M}StatusDetails`]: {
    '': 'More about the object an error is about, and why it happened.',
    name: 'The name of the object, when there is one.',
    group: 'The API group of the object.',
    kind: 'The kind of the object (or the resource, when the kind is not known).',
    uid: 'The uid of the object, when known.',
    causes: 'The individual problems, such as one per invalid field.',
    retryAfterSeconds: 'For errors a client may retry: how many seconds to wait first.',
  },
  [`${M}StatusCause`]: {
    '': 'One problem behind an error.',
    reason: 'A machine-readable CamelCase reason, such as FieldValueInvalid or FieldValueRequired.',
    message: 'A human-readable description of the problem.',
    field: 'The field the problem is in, as a path such as spec.containers[0].image. Empty when it is not about one field.',
  },
  [`${M}Preconditions`]: {
    '': 'What must still be true of an object for an operation (such as a delete) to go ahead; otherwise it fails with a conflict.',
    uid: 'The uid the object must have.',
    resourceVersion: 'The resourceVersion the object must have.',
  },
  [`${M}FieldSelectorRequirement`]: {
    '': 'One field condition: a field path, an operator and values.',
    key: 'The field path the condition tests, such as status.phase.',
    operator: 'How the field is tested: In, NotIn, Exists or DoesNotExist.',
    values: 'The values for In and NotIn (must not be empty); must be empty for Exists and DoesNotExist.',
  },
  [`${M}WatchEvent`]: {
    '': 'One event of a watch stream.',
    type: 'ADDED, MODIFIED or DELETED for changes to an object; BOOKMARK when only the resourceVersion moved on; ERROR when the watch failed.',
    object:
      'The object after the change (before the delete, for DELETED). For BOOKMARK, only its kind, apiVersion and metadata.resourceVersion; for ERROR, a Status (410 Expired means: list again).',
  },
  [`${M}Time`]: { '': 'A point in time, written in RFC 3339 form in UTC with whole seconds, such as 2024-05-01T12:00:00Z.' },
  [`${M}MicroTime`]: { '': 'A point in time with microseconds, written in RFC 3339 form in UTC, such as 2024-05-01T12:00:00.123456Z.' },
  [`${M}FieldsV1`]: {
    '': 'A set of fields, as a JSON tree: keys are f:<name> for a field, k:<json> for a list item by its keys, v:<json> for a set item by value, and . for the node itself.',
  },
  [`${M}Patch`]: { '': 'The body of a patch request; its format (JSON patch, merge patch, strategic merge patch or apply) is given by the Content-Type.' },
};
