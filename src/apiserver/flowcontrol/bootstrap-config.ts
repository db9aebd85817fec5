// The configuration a fresh cluster starts with, after upstream's bootstrap set: the mandatory
// objects (exempt and catch-all) and the suggested ones (system, node-high, leader-election,
// workload-high, workload-low, global-default and their FlowSchemas). Values mirror upstream's
// defaults; the encoding below is ours.
import { createHash } from 'node:crypto';
import type { FlowSchemaConfig, FlowSchemaSpec, PolicyRulesWithSubjects, PriorityLevelConfig, PriorityLevelSpec, ResourcePolicyRule, Subject } from './types.js';

/** A stable UID per object, so response headers do not change across restarts. */
export function bootstrapUid(kind: string, name: string): string {
  const h = createHash('sha1').update(`${kind}/${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const user = (name: string): Subject => ({ kind: 'User', user: { name } });
const group = (name: string): Subject => ({ kind: 'Group', group: { name } });
const serviceAccount = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', serviceAccount: { namespace, name } });

const everyResource: ResourcePolicyRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] };
const everything = (...subjects: Subject[]): PolicyRulesWithSubjects => ({
  subjects,
  resourceRules: [everyResource],
  nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
});
const leaderElectionResources: ResourcePolicyRule[] = [
  { verbs: ['get', 'create', 'update'], apiGroups: [''], resources: ['endpoints', 'configmaps'], namespaces: ['kube-system'] },
  { verbs: ['get', 'create', 'update'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['kube-system'] },
];

const queued = (nominalConcurrencyShares: number, lendablePercent: number, queues: number, handSize: number): PriorityLevelSpec => ({
  type: 'Limited',
  limited: { nominalConcurrencyShares, lendablePercent, limitResponse: { type: 'Queue', queuing: { queues, handSize, queueLengthLimit: 50 } } },
});

const PRIORITY_LEVELS: Record<string, PriorityLevelSpec> = {
  exempt: { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } },
  'catch-all': { type: 'Limited', limited: { nominalConcurrencyShares: 5, lendablePercent: 0, limitResponse: { type: 'Reject' } } },
  system: queued(30, 33, 64, 6),
  'node-high': queued(40, 25, 64, 6),
  'leader-election': queued(10, 0, 16, 4),
  'workload-high': queued(40, 50, 128, 6),
  'workload-low': queued(100, 90, 128, 6),
  'global-default': queued(20, 50, 128, 6),
};

const schema = (priorityLevel: string, matchingPrecedence: number, distinguisher: 'ByUser' | 'ByNamespace' | undefined, ...rules: PolicyRulesWithSubjects[]): FlowSchemaSpec => ({
  priorityLevelConfiguration: { name: priorityLevel },
  matchingPrecedence,
  ...(distinguisher ? { distinguisherMethod: { type: distinguisher } } : {}),
  rules,
});

const everyone = [group('system:unauthenticated'), group('system:authenticated')];

const FLOW_SCHEMAS: Record<string, FlowSchemaSpec> = {
  exempt: schema('exempt', 1, undefined, everything(group('system:masters'))),
  probes: schema('exempt', 2, undefined, { subjects: everyone, nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }] }),
  'system-leader-election': schema('leader-election', 100, 'ByUser', {
    subjects: [user('system:kube-controller-manager'), user('system:kube-scheduler')],
    resourceRules: leaderElectionResources,
  }),
  'endpoint-controller': schema('workload-high', 150, 'ByUser', {
    subjects: [user('system:kube-controller-manager'), serviceAccount('kube-system', 'endpoint-controller')],
    resourceRules: [{ verbs: ['get', 'create', 'update'], apiGroups: [''], resources: ['endpoints'], namespaces: ['*'] }],
  }),
  'workload-leader-election': schema('leader-election', 200, 'ByUser', { subjects: [serviceAccount('kube-system', '*')], resourceRules: leaderElectionResources }),
  'system-node-high': schema('node-high', 400, 'ByUser', {
    subjects: [group('system:nodes')],
    resourceRules: [
      { verbs: ['*'], apiGroups: [''], resources: ['nodes', 'nodes/status'], clusterScope: true },
      { verbs: ['*'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'] },
    ],
  }),
  'system-nodes': schema('system', 500, 'ByUser', everything(group('system:nodes'))),
  'kube-controller-manager': schema('workload-high', 800, 'ByNamespace', everything(user('system:kube-controller-manager'))),
  'kube-scheduler': schema('workload-high', 800, 'ByNamespace', everything(user('system:kube-scheduler'))),
  'kube-system-service-accounts': schema('workload-high', 900, 'ByNamespace', everything(serviceAccount('kube-system', '*'))),
  'service-accounts': schema('workload-low', 9000, 'ByUser', everything(group('system:serviceaccounts'))),
  'global-default': schema('global-default', 9900, 'ByUser', everything(...everyone)),
  'catch-all': schema('catch-all', 10000, 'ByUser', everything(...everyone)),
};

export function bootstrapPriorityLevels(): PriorityLevelConfig[] {
  return Object.entries(PRIORITY_LEVELS).map(([name, spec]) => ({ name, uid: bootstrapUid('PriorityLevelConfiguration', name), spec }));
}

export function bootstrapFlowSchemas(): FlowSchemaConfig[] {
  return Object.entries(FLOW_SCHEMAS).map(([name, spec]) => ({ name, uid: bootstrapUid('FlowSchema', name), spec }));
}
