// Go type names of built-in API fields where they differ from what the OpenAPI structure implies
// (named string types such as v1.Protocol, named maps such as v1.ResourceList, types.UID).
// Upstream's JSON decode errors name the Go type of the field ("... of type v1.Protocol"), and
// OpenAPI does not carry it, so this table is kept by hand from k8s.io/api 1.33. A field that
// is missing here is reported with its structural type (string, int32, []v1.Container,
// map[string]string), which is exact for every field that is not of a named type.
//
// definition name -> JSON field name -> Go type as reflect.Type.String() prints it, pointers
// removed (the decoder reports the pointed-to type).

const core = 'io.k8s.api.core.v1.';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const apps = 'io.k8s.api.apps.v1.';
const batch = 'io.k8s.api.batch.v1.';
const as2 = 'io.k8s.api.autoscaling.v2.';
const net = 'io.k8s.api.networking.v1.';
const adm = 'io.k8s.api.admissionregistration.v1.';
const ext = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';

const RL = 'v1.ResourceList';
const COND = { status: 'v1.ConditionStatus' };
const CONTAINER = {
  imagePullPolicy: 'v1.PullPolicy',
  terminationMessagePolicy: 'v1.TerminationMessagePolicy',
  restartPolicy: 'v1.ContainerRestartPolicy',
};
const WEBHOOK = {
  failurePolicy: 'v1.FailurePolicyType',
  matchPolicy: 'v1.MatchPolicyType',
  sideEffects: 'v1.SideEffectClass',
};
const RULE = { operations: '[]v1.OperationType', scope: 'v1.ScopeType' };

export const goFieldTypes: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // meta/v1
  [meta + 'ObjectMeta']: { uid: 'types.UID' },
  [meta + 'OwnerReference']: { uid: 'types.UID' },
  [meta + 'StatusDetails']: { uid: 'types.UID' },
  [meta + 'Preconditions']: { uid: 'types.UID' },
  [meta + 'ManagedFieldsEntry']: { operation: 'v1.ManagedFieldsOperationType' },
  [meta + 'Status']: { reason: 'v1.StatusReason' },
  [meta + 'StatusCause']: { reason: 'v1.CauseType' },
  [meta + 'DeleteOptions']: { propagationPolicy: 'v1.DeletionPropagation' },
  [meta + 'LabelSelectorRequirement']: { operator: 'v1.LabelSelectorOperator' },
  [meta + 'FieldSelectorRequirement']: { operator: 'selection.Operator' },
  [meta + 'Condition']: COND,
  [meta + 'APIResource']: { verbs: 'v1.Verbs' },

  // core/v1
  [core + 'Container']: CONTAINER,
  [core + 'EphemeralContainer']: CONTAINER,
  [core + 'ContainerPort']: { protocol: 'v1.Protocol' },
  [core + 'ContainerResizePolicy']: { resourceName: 'v1.ResourceName', restartPolicy: 'v1.ResourceResizeRestartPolicy' },
  [core + 'ResourceRequirements']: { limits: RL, requests: RL },
  [core + 'VolumeResourceRequirements']: { limits: RL, requests: RL },
  [core + 'VolumeMount']: { mountPropagation: 'v1.MountPropagationMode', recursiveReadOnly: 'v1.RecursiveReadOnlyMode' },
  [core + 'HTTPGetAction']: { scheme: 'v1.URIScheme' },
  [core + 'Lifecycle']: { stopSignal: 'v1.Signal' },
  [core + 'SecurityContext']: { procMount: 'v1.ProcMountType' },
  [core + 'Capabilities']: { add: '[]v1.Capability', drop: '[]v1.Capability' },
  [core + 'SeccompProfile']: { type: 'v1.SeccompProfileType' },
  [core + 'AppArmorProfile']: { type: 'v1.AppArmorProfileType' },
  [core + 'PodSpec']: {
    restartPolicy: 'v1.RestartPolicy',
    dnsPolicy: 'v1.DNSPolicy',
    preemptionPolicy: 'v1.PreemptionPolicy',
    overhead: RL,
  },
  [core + 'PodSecurityContext']: {
    fsGroupChangePolicy: 'v1.PodFSGroupChangePolicy',
    supplementalGroupsPolicy: 'v1.SupplementalGroupsPolicy',
    seLinuxChangePolicy: 'v1.PodSELinuxChangePolicy',
  },
  [core + 'Toleration']: { operator: 'v1.TolerationOperator', effect: 'v1.TaintEffect' },
  [core + 'Taint']: { effect: 'v1.TaintEffect' },
  [core + 'NodeSelectorRequirement']: { operator: 'v1.NodeSelectorOperator' },
  [core + 'TopologySpreadConstraint']: {
    whenUnsatisfiable: 'v1.UnsatisfiableConstraintAction',
    nodeAffinityPolicy: 'v1.NodeInclusionPolicy',
    nodeTaintsPolicy: 'v1.NodeInclusionPolicy',
  },
  [core + 'PodOS']: { name: 'v1.OSName' },
  [core + 'PodReadinessGate']: { conditionType: 'v1.PodConditionType' },
  [core + 'PodCondition']: { type: 'v1.PodConditionType', ...COND },
  [core + 'PodStatus']: { phase: 'v1.PodPhase', qosClass: 'v1.PodQOSClass', resize: 'v1.PodResizeStatus' },
  [core + 'ContainerStatus']: { allocatedResources: RL },
  [core + 'ResourceStatus']: { name: 'v1.ResourceName' },
  [core + 'ResourceHealth']: { resourceID: 'v1.ResourceID', health: 'v1.ResourceHealthStatus' },
  [core + 'HostPathVolumeSource']: { type: 'v1.HostPathType' },
  [core + 'EmptyDirVolumeSource']: { medium: 'v1.StorageMedium' },
  [core + 'AzureDiskVolumeSource']: { cachingMode: 'v1.AzureDataDiskCachingMode', kind: 'v1.AzureDataDiskKind' },
  [core + 'ImageVolumeSource']: { pullPolicy: 'v1.PullPolicy' },
  [core + 'ObjectReference']: { uid: 'types.UID' },
  [core + 'ServiceSpec']: {
    type: 'v1.ServiceType',
    sessionAffinity: 'v1.ServiceAffinity',
    externalTrafficPolicy: 'v1.ServiceExternalTrafficPolicy',
    internalTrafficPolicy: 'v1.ServiceInternalTrafficPolicy',
    ipFamilies: '[]v1.IPFamily',
    ipFamilyPolicy: 'v1.IPFamilyPolicy',
  },
  [core + 'ServicePort']: { protocol: 'v1.Protocol' },
  [core + 'EndpointPort']: { protocol: 'v1.Protocol' },
  [core + 'PortStatus']: { protocol: 'v1.Protocol' },
  [core + 'LoadBalancerIngress']: { ipMode: 'v1.LoadBalancerIPMode' },
  [core + 'PersistentVolumeSpec']: {
    capacity: RL,
    accessModes: '[]v1.PersistentVolumeAccessMode',
    persistentVolumeReclaimPolicy: 'v1.PersistentVolumeReclaimPolicy',
    volumeMode: 'v1.PersistentVolumeMode',
  },
  [core + 'PersistentVolumeStatus']: { phase: 'v1.PersistentVolumePhase' },
  [core + 'PersistentVolumeClaimSpec']: {
    accessModes: '[]v1.PersistentVolumeAccessMode',
    volumeMode: 'v1.PersistentVolumeMode',
  },
  [core + 'PersistentVolumeClaimStatus']: {
    phase: 'v1.PersistentVolumeClaimPhase',
    accessModes: '[]v1.PersistentVolumeAccessMode',
    capacity: RL,
    allocatedResources: RL,
    allocatedResourceStatuses: 'map[v1.ResourceName]v1.ClaimResourceStatus',
  },
  [core + 'PersistentVolumeClaimCondition']: { type: 'v1.PersistentVolumeClaimConditionType', ...COND },
  [core + 'ModifyVolumeStatus']: { status: 'v1.PersistentVolumeClaimModifyVolumeStatus' },
  [core + 'ResourceQuotaSpec']: { hard: RL, scopes: '[]v1.ResourceQuotaScope' },
  [core + 'ResourceQuotaStatus']: { hard: RL, used: RL },
  [core + 'ScopedResourceSelectorRequirement']: { scopeName: 'v1.ResourceQuotaScope', operator: 'v1.ScopeSelectorOperator' },
  [core + 'LimitRangeItem']: {
    type: 'v1.LimitType',
    max: RL,
    min: RL,
    default: RL,
    defaultRequest: RL,
    maxLimitRequestRatio: RL,
  },
  [core + 'Secret']: { type: 'v1.SecretType' },
  [core + 'NamespaceSpec']: { finalizers: '[]v1.FinalizerName' },
  [core + 'NamespaceStatus']: { phase: 'v1.NamespacePhase' },
  [core + 'NamespaceCondition']: { type: 'v1.NamespaceConditionType', ...COND },
  [core + 'NodeStatus']: { capacity: RL, allocatable: RL, phase: 'v1.NodePhase', volumesInUse: '[]v1.UniqueVolumeName' },
  [core + 'NodeCondition']: { type: 'v1.NodeConditionType', ...COND },
  [core + 'NodeAddress']: { type: 'v1.NodeAddressType' },
  [core + 'AttachedVolume']: { name: 'v1.UniqueVolumeName' },
  [core + 'ComponentCondition']: { type: 'v1.ComponentConditionType', ...COND },
  [core + 'ReplicationControllerCondition']: { type: 'v1.ReplicationControllerConditionType', ...COND },

  // apps/v1
  [apps + 'DeploymentStrategy']: { type: 'v1.DeploymentStrategyType' },
  [apps + 'DeploymentCondition']: { type: 'v1.DeploymentConditionType', ...COND },
  [apps + 'ReplicaSetCondition']: { type: 'v1.ReplicaSetConditionType', ...COND },
  [apps + 'StatefulSetSpec']: { podManagementPolicy: 'v1.PodManagementPolicyType' },
  [apps + 'StatefulSetUpdateStrategy']: { type: 'v1.StatefulSetUpdateStrategyType' },
  [apps + 'StatefulSetPersistentVolumeClaimRetentionPolicy']: {
    whenDeleted: 'v1.PersistentVolumeClaimRetentionPolicyType',
    whenScaled: 'v1.PersistentVolumeClaimRetentionPolicyType',
  },
  [apps + 'StatefulSetCondition']: { type: 'v1.StatefulSetConditionType', ...COND },
  [apps + 'DaemonSetUpdateStrategy']: { type: 'v1.DaemonSetUpdateStrategyType' },
  [apps + 'DaemonSetCondition']: { type: 'v1.DaemonSetConditionType', ...COND },

  // batch/v1
  [batch + 'JobSpec']: { completionMode: 'v1.CompletionMode', podReplacementPolicy: 'v1.PodReplacementPolicy' },
  [batch + 'JobCondition']: { type: 'v1.JobConditionType', ...COND },
  [batch + 'PodFailurePolicyRule']: { action: 'v1.PodFailurePolicyAction' },
  [batch + 'PodFailurePolicyOnExitCodesRequirement']: { operator: 'v1.PodFailurePolicyOnExitCodesOperator' },
  [batch + 'PodFailurePolicyOnPodConditionsPattern']: { type: 'v1.PodConditionType', ...COND },
  [batch + 'CronJobSpec']: { concurrencyPolicy: 'v1.ConcurrencyPolicy' },

  // autoscaling/v2
  [as2 + 'MetricSpec']: { type: 'v2.MetricSourceType' },
  [as2 + 'MetricStatus']: { type: 'v2.MetricSourceType' },
  [as2 + 'MetricTarget']: { type: 'v2.MetricTargetType' },
  [as2 + 'HPAScalingPolicy']: { type: 'v2.HPAScalingPolicyType' },
  [as2 + 'HPAScalingRules']: { selectPolicy: 'v2.ScalingPolicySelect' },
  [as2 + 'HorizontalPodAutoscalerCondition']: { type: 'v2.HorizontalPodAutoscalerConditionType', ...COND },
  [as2 + 'ResourceMetricSource']: { name: 'v1.ResourceName' },
  [as2 + 'ResourceMetricStatus']: { name: 'v1.ResourceName' },
  [as2 + 'ContainerResourceMetricSource']: { name: 'v1.ResourceName' },
  [as2 + 'ContainerResourceMetricStatus']: { name: 'v1.ResourceName' },

  // networking.k8s.io/v1
  [net + 'NetworkPolicySpec']: { policyTypes: '[]v1.PolicyType' },
  [net + 'NetworkPolicyPort']: { protocol: 'v1.Protocol' },
  [net + 'HTTPIngressPath']: { pathType: 'v1.PathType' },
  [net + 'IngressPortStatus']: { protocol: 'v1.Protocol' },

  // policy/v1, storage.k8s.io/v1, discovery.k8s.io/v1, scheduling, node, coordination
  ['io.k8s.api.policy.v1.PodDisruptionBudgetSpec']: { unhealthyPodEvictionPolicy: 'v1.UnhealthyPodEvictionPolicyType' },
  ['io.k8s.api.storage.v1.StorageClass']: {
    reclaimPolicy: 'v1.PersistentVolumeReclaimPolicy',
    volumeBindingMode: 'v1.VolumeBindingMode',
  },
  ['io.k8s.api.storage.v1.CSIDriverSpec']: { fsGroupPolicy: 'v1.FSGroupPolicy', volumeLifecycleModes: '[]v1.VolumeLifecycleMode' },
  ['io.k8s.api.discovery.v1.EndpointSlice']: { addressType: 'v1.AddressType' },
  ['io.k8s.api.discovery.v1.EndpointPort']: { protocol: 'v1.Protocol' },
  ['io.k8s.api.scheduling.v1.PriorityClass']: { preemptionPolicy: 'v1.PreemptionPolicy' },
  ['io.k8s.api.node.v1.Overhead']: { podFixed: RL },
  ['io.k8s.api.coordination.v1.LeaseSpec']: { strategy: 'v1.CoordinatedLeaseStrategy' },

  // admissionregistration.k8s.io/v1
  [adm + 'ValidatingWebhook']: WEBHOOK,
  [adm + 'MutatingWebhook']: { ...WEBHOOK, reinvocationPolicy: 'v1.ReinvocationPolicyType' },
  [adm + 'RuleWithOperations']: RULE,
  [adm + 'NamedRuleWithOperations']: RULE,
  [adm + 'MatchResources']: { matchPolicy: 'v1.MatchPolicyType' },
  [adm + 'ValidatingAdmissionPolicySpec']: { failurePolicy: 'v1.FailurePolicyType' },
  [adm + 'ValidatingAdmissionPolicyBindingSpec']: { validationActions: '[]v1.ValidationAction' },
  [adm + 'ParamRef']: { parameterNotFoundAction: 'v1.ParameterNotFoundActionType' },

  // certificates, authentication, authorization
  ['io.k8s.api.certificates.v1.CertificateSigningRequestSpec']: { usages: '[]v1.KeyUsage', extra: 'map[string]v1.ExtraValue' },
  ['io.k8s.api.certificates.v1.CertificateSigningRequestCondition']: { type: 'v1.RequestConditionType', ...COND },
  ['io.k8s.api.authentication.v1.UserInfo']: { extra: 'map[string]v1.ExtraValue' },
  ['io.k8s.api.authorization.v1.SubjectAccessReviewSpec']: { extra: 'map[string]v1.ExtraValue' },

  // apiextensions.k8s.io/v1
  [ext + 'CustomResourceDefinitionSpec']: { scope: 'v1.ResourceScope' },
  [ext + 'CustomResourceConversion']: { strategy: 'v1.ConversionStrategyType' },
  [ext + 'CustomResourceDefinitionCondition']: { type: 'v1.CustomResourceDefinitionConditionType', ...COND },
  [ext + 'JSONSchemaProps']: {
    definitions: 'v1.JSONSchemaDefinitions',
    dependencies: 'v1.JSONSchemaDependencies',
    'x-kubernetes-validations': 'v1.ValidationRules',
  },
  [ext + 'ValidationRule']: { reason: 'v1.FieldValueErrorReason' },
};
