// flowcontrol.apiserver.k8s.io/v1: how the API server sorts requests into flows and priority
// levels, and how each level shares out, queues and rejects (priority and fairness).
import type { Descriptions } from './index.js';

const F = 'io.k8s.api.flowcontrol.v1.';
const CONDITION = {
  lastTransitionTime: 'When the condition last changed status.',
  message: 'A human-readable account of the condition.',
  reason: 'A one-word, CamelCase cause of the condition.',
  status: 'True, False or Unknown.',
};

export const flowcontrolDescriptions: Descriptions = {
  [`${F}FlowSchemaSpec`]: {
    '': 'Which requests the schema matches, and where they go.',
    distinguisherMethod: 'How matching requests are split into flows; without it, all of them are one flow.',
    matchingPrecedence: 'Schemas are tried from the lowest value up (1 to 10000; ties by name); the first match wins.',
    priorityLevelConfiguration: 'The priority level that matching requests are served at.',
    rules: 'The schema matches a request that any of these rules matches; with no rules it matches nothing.',
  },
  [`${F}FlowSchemaStatus`]: { '': 'What the server observed about the schema.', conditions: 'The current conditions, such as Dangling (the priority level does not exist).' },
  [`${F}FlowSchemaCondition`]: { '': 'One observed aspect of a FlowSchema.', ...CONDITION, type: 'The aspect, e.g. Dangling.' },
  [`${F}FlowDistinguisherMethod`]: { '': 'How requests of one schema are told apart into flows.', type: 'ByUser (one flow per user name) or ByNamespace (one flow per namespace).' },
  [`${F}PriorityLevelConfigurationReference`]: { '': 'Names a priority level.', name: 'The PriorityLevelConfiguration name.' },
  [`${F}PolicyRulesWithSubjects`]: {
    '': 'A rule of a schema: it matches a request made by one of the subjects that one of the resource or non-resource rules matches.',
    nonResourceRules: 'Rules for requests to paths outside the resource API (e.g. /healthz).',
    resourceRules: 'Rules for requests to resources.',
    subjects: 'Whose requests the rule applies to; at least one.',
  },
  [`${F}ResourcePolicyRule`]: {
    '': 'Matches resource requests by verb, API group, resource and namespace; each list may hold "*" for any.',
    apiGroups: 'API groups ("" for core, "*" for any).',
    clusterScope: 'Whether requests to cluster-scoped resources (no namespace) match.',
    namespaces: 'Namespaces whose requests match ("*" for any); requests without a namespace need clusterScope.',
    resources: 'Resources, with "resource/subresource" for subresources ("*" for any).',
    verbs: 'Verbs such as get, list, watch, create, update, patch, delete ("*" for any).',
  },
  [`${F}NonResourcePolicyRule`]: {
    '': 'Matches requests to non-resource paths by verb and path.',
    nonResourceURLs: 'Paths, exact or ending in "/*" for a prefix ("*" for any).',
    verbs: 'Lower-case HTTP verbs ("*" for any).',
  },
  [`${F}Subject`]: {
    '': 'A requester: a user, a group or a service account.',
    group: 'The group, when kind is Group.',
    kind: 'User, Group or ServiceAccount.',
    serviceAccount: 'The service account, when kind is ServiceAccount.',
    user: 'The user, when kind is User.',
  },
  [`${F}UserSubject`]: { '': 'A user by name.', name: 'The user name ("*" for any user).' },
  [`${F}GroupSubject`]: { '': 'A group by name.', name: 'The group name (e.g. system:authenticated; "*" for any group).' },
  [`${F}ServiceAccountSubject`]: {
    '': 'A service account by namespace and name.',
    name: 'The account name ("*" for every account of the namespace).',
    namespace: 'The namespace of the account.',
  },
  [`${F}PriorityLevelConfigurationSpec`]: {
    '': 'How requests at this level are limited, if at all.',
    exempt: 'Settings of an Exempt level.',
    limited: 'Settings of a Limited level.',
    type: 'Exempt (requests are never held back) or Limited (they share a part of the server\'s seats).',
  },
  [`${F}ExemptPriorityLevelConfiguration`]: {
    '': 'Settings of an Exempt level; its requests are not limited.',
    lendablePercent: 'The percentage of its nominal seats other levels may borrow.',
    nominalConcurrencyShares: 'Its share in the division of the server\'s seats (0 by default for exempt levels).',
  },
  [`${F}LimitedPriorityLevelConfiguration`]: {
    '': 'Settings of a Limited level: its share of the seats and what happens to requests beyond it.',
    borrowingLimitPercent: 'How many seats, as a percentage of its nominal seats, the level may borrow from others; unset means no limit.',
    lendablePercent: 'The percentage of its nominal seats other levels may borrow while it does not use them.',
    limitResponse: 'What happens to a request that cannot run at once.',
    nominalConcurrencyShares: 'The level\'s share: its nominal seats are the server\'s seats times this over the sum of all levels\' shares.',
  },
  [`${F}LimitResponse`]: {
    '': 'What a Limited level does with requests when its seats are taken.',
    queuing: 'Queue settings, when type is Queue.',
    type: 'Queue (the request waits in a queue) or Reject (it is answered 429 at once).',
  },
  [`${F}QueuingConfiguration`]: {
    '': 'The queues of a Limited level.',
    handSize: 'How many queues each flow is dealt by shuffle sharding; a request joins the shortest of them.',
    queueLengthLimit: 'How many requests one queue holds; beyond that requests are answered 429.',
    queues: 'How many queues the level has.',
  },
  [`${F}PriorityLevelConfigurationStatus`]: { '': 'What the server observed about the level.', conditions: 'The current conditions.' },
  [`${F}PriorityLevelConfigurationCondition`]: { '': 'One observed aspect of a priority level.', ...CONDITION, type: 'The aspect.' },
};
