// Strategy overrides for the named API groups, keyed "<group>/<version>/<resource>".
import type { StrategyOverrides } from '../index.js';
import { validatingAdmissionPolicyBindingStrategy, validatingAdmissionPolicyStrategy } from './admission-policy.js';
import { mutatingWebhookConfigurationStrategy, validatingWebhookConfigurationStrategy } from './admissionregistration.js';
import { customResourceDefinitionStrategy } from './apiextensions.js';
import { controllerRevisionStrategy, daemonSetStrategy, deploymentStrategy, replicaSetStrategy, statefulSetStrategy } from './apps.js';
import { hpaV1Strategy, hpaV2Strategy } from './autoscaling.js';
import { cronJobStrategy, jobStrategy } from './batch.js';
import { certificateSigningRequestStrategy } from './certificates.js';
import { csiDriverStrategy, csiNodeStrategy, csiStorageCapacityStrategy } from './csi.js';
import { ingressClassStrategy, ingressStrategy, networkPolicyStrategy } from './networking.js';
import { runtimeClassStrategy } from './node.js';
import { endpointSliceStrategy, eventsV1Strategy, leaseStrategy, priorityClassStrategy } from './others.js';
import { podDisruptionBudgetStrategy } from './policy.js';
import { clusterRoleBindingStrategy, clusterRoleStrategy, roleBindingStrategy, roleStrategy, storageClassStrategy } from './storage-rbac.js';
import { volumeAttachmentStrategy } from './volume-attachment.js';

const STRATEGIES: Readonly<Record<string, StrategyOverrides>> = {
  'apps/v1/deployments': deploymentStrategy,
  'apps/v1/replicasets': replicaSetStrategy,
  'apps/v1/statefulsets': statefulSetStrategy,
  'apps/v1/daemonsets': daemonSetStrategy,
  'apps/v1/controllerrevisions': controllerRevisionStrategy,
  'batch/v1/jobs': jobStrategy,
  'batch/v1/cronjobs': cronJobStrategy,
  'autoscaling/v2/horizontalpodautoscalers': hpaV2Strategy,
  'autoscaling/v1/horizontalpodautoscalers': hpaV1Strategy,
  'certificates.k8s.io/v1/certificatesigningrequests': certificateSigningRequestStrategy,
  'policy/v1/poddisruptionbudgets': podDisruptionBudgetStrategy,
  'networking.k8s.io/v1/ingresses': ingressStrategy,
  'networking.k8s.io/v1/ingressclasses': ingressClassStrategy,
  'networking.k8s.io/v1/networkpolicies': networkPolicyStrategy,
  'storage.k8s.io/v1/storageclasses': storageClassStrategy,
  'storage.k8s.io/v1/csidrivers': csiDriverStrategy,
  'storage.k8s.io/v1/csinodes': csiNodeStrategy,
  'storage.k8s.io/v1/csistoragecapacities': csiStorageCapacityStrategy,
  'storage.k8s.io/v1/volumeattachments': volumeAttachmentStrategy,
  'rbac.authorization.k8s.io/v1/roles': roleStrategy,
  'rbac.authorization.k8s.io/v1/clusterroles': clusterRoleStrategy,
  'rbac.authorization.k8s.io/v1/rolebindings': roleBindingStrategy,
  'rbac.authorization.k8s.io/v1/clusterrolebindings': clusterRoleBindingStrategy,
  'coordination.k8s.io/v1/leases': leaseStrategy,
  'discovery.k8s.io/v1/endpointslices': endpointSliceStrategy,
  'events.k8s.io/v1/events': eventsV1Strategy,
  'scheduling.k8s.io/v1/priorityclasses': priorityClassStrategy,
  'node.k8s.io/v1/runtimeclasses': runtimeClassStrategy,
  'admissionregistration.k8s.io/v1/mutatingwebhookconfigurations': mutatingWebhookConfigurationStrategy,
  'admissionregistration.k8s.io/v1/validatingwebhookconfigurations': validatingWebhookConfigurationStrategy,
  'admissionregistration.k8s.io/v1/validatingadmissionpolicies': validatingAdmissionPolicyStrategy,
  'admissionregistration.k8s.io/v1/validatingadmissionpolicybindings': validatingAdmissionPolicyBindingStrategy,
  'apiextensions.k8s.io/v1/customresourcedefinitions': customResourceDefinitionStrategy,
};

export function groupOverrides(): Record<string, StrategyOverrides> {
  const out: Record<string, StrategyOverrides> = {};
  for (const [key, strategy] of Object.entries(STRATEGIES)) out[key] = { ...strategy };
  return out;
}
