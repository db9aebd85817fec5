// The parts of flowcontrol.apiserver.k8s.io/v1 FlowSchema and PriorityLevelConfiguration specs
// that the filter reads (field names as in the API).

export interface Subject {
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  readonly user?: { readonly name: string };
  readonly group?: { readonly name: string };
  readonly serviceAccount?: { readonly namespace: string; readonly name: string };
}

export interface ResourcePolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly clusterScope?: boolean;
  readonly namespaces?: readonly string[];
}

export interface NonResourcePolicyRule {
  readonly verbs: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

export interface PolicyRulesWithSubjects {
  readonly subjects: readonly Subject[];
  readonly resourceRules?: readonly ResourcePolicyRule[];
  readonly nonResourceRules?: readonly NonResourcePolicyRule[];
}

export interface FlowSchemaSpec {
  readonly priorityLevelConfiguration: { readonly name: string };
  readonly matchingPrecedence: number;
  readonly distinguisherMethod?: { readonly type: 'ByUser' | 'ByNamespace' };
  readonly rules?: readonly PolicyRulesWithSubjects[];
}

export interface QueuingConfiguration {
  readonly queues: number;
  readonly handSize: number;
  readonly queueLengthLimit: number;
}

export interface LimitedPriorityLevel {
  readonly nominalConcurrencyShares: number;
  readonly lendablePercent?: number;
  readonly borrowingLimitPercent?: number;
  readonly limitResponse: { readonly type: 'Queue' | 'Reject'; readonly queuing?: QueuingConfiguration };
}

export interface PriorityLevelSpec {
  readonly type: 'Exempt' | 'Limited';
  readonly limited?: LimitedPriorityLevel;
  readonly exempt?: { readonly nominalConcurrencyShares?: number; readonly lendablePercent?: number };
}

export interface FlowSchemaConfig {
  readonly name: string;
  readonly uid: string;
  readonly spec: FlowSchemaSpec;
}

export interface PriorityLevelConfig {
  readonly name: string;
  readonly uid: string;
  readonly spec: PriorityLevelSpec;
}
