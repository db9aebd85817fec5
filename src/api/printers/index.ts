// Which printer serves which resource: upstream's columns for every built-in kind, CRD
// columns for custom resources, and NAME + Created At for anything else.
import { daemonSetPrinter, deploymentPrinter, controllerRevisionPrinter, replicaSetPrinter, statefulSetPrinter } from './apps.js';
import { cronJobPrinter, jobPrinter } from './batch.js';
import { certificateSigningRequestPrinter } from './certificates.js';
import {
  componentStatusPrinter,
  configMapPrinter,
  endpointsPrinter,
  eventPrinter,
  eventsV1Printer,
  limitRangePrinter,
  namespacePrinter,
  nodePrinter,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  podTemplatePrinter,
  replicationControllerPrinter,
  resourceQuotaPrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core.js';
import { createdAtPrinter, flowSchemaPrinter, hpaPrinter, hpaV1Printer, leasePrinter, podDisruptionBudgetPrinter, priorityClassPrinter, priorityLevelPrinter, roleBindingPrinter, storageClassPrinter, validatingAdmissionPolicyBindingPrinter, validatingAdmissionPolicyPrinter, webhookConfigurationPrinter } from './misc.js';
import { endpointSlicePrinter, ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from './networking.js';
import { podPrinter } from './pod.js';
import { csiDriverPrinter, csiNodePrinter, csiStorageCapacityPrinter, runtimeClassPrinter, volumeAttachmentPrinter } from './storage.js';
import type { Printer } from './types.js';

export { customResourcePrinter } from './custom.js';
export type { Cell, PrintedRow, Printer, RowCondition, TableColumnDefinition } from './types.js';

/** Keyed by "group/resource" (core: "/resource"); "group/version/resource" overrides. */
const PRINTERS: ReadonlyMap<string, Printer> = new Map<string, Printer>([
  ['/pods', podPrinter],
  ['/nodes', nodePrinter],
  ['/services', servicePrinter],
  ['/endpoints', endpointsPrinter],
  ['/configmaps', configMapPrinter],
  ['/secrets', secretPrinter],
  ['/namespaces', namespacePrinter],
  ['/serviceaccounts', serviceAccountPrinter],
  ['/persistentvolumes', persistentVolumePrinter],
  ['/persistentvolumeclaims', persistentVolumeClaimPrinter],
  ['/replicationcontrollers', replicationControllerPrinter],
  ['/podtemplates', podTemplatePrinter],
  ['/limitranges', limitRangePrinter],
  ['/resourcequotas', resourceQuotaPrinter],
  ['/events', eventPrinter],
  ['/componentstatuses', componentStatusPrinter],
  ['events.k8s.io/events', eventsV1Printer],
  ['apps/deployments', deploymentPrinter],
  ['apps/replicasets', replicaSetPrinter],
  ['apps/statefulsets', statefulSetPrinter],
  ['apps/daemonsets', daemonSetPrinter],
  ['apps/controllerrevisions', controllerRevisionPrinter],
  ['batch/jobs', jobPrinter],
  ['batch/cronjobs', cronJobPrinter],
  ['autoscaling/horizontalpodautoscalers', hpaPrinter],
  ['autoscaling/v1/horizontalpodautoscalers', hpaV1Printer],
  ['certificates.k8s.io/certificatesigningrequests', certificateSigningRequestPrinter],
  ['policy/poddisruptionbudgets', podDisruptionBudgetPrinter],
  ['networking.k8s.io/ingresses', ingressPrinter],
  ['networking.k8s.io/ingressclasses', ingressClassPrinter],
  ['networking.k8s.io/networkpolicies', networkPolicyPrinter],
  ['discovery.k8s.io/endpointslices', endpointSlicePrinter],
  ['storage.k8s.io/storageclasses', storageClassPrinter],
  ['storage.k8s.io/csidrivers', csiDriverPrinter],
  ['storage.k8s.io/csinodes', csiNodePrinter],
  ['storage.k8s.io/csistoragecapacities', csiStorageCapacityPrinter],
  ['storage.k8s.io/volumeattachments', volumeAttachmentPrinter],
  ['node.k8s.io/runtimeclasses', runtimeClassPrinter],
  ['rbac.authorization.k8s.io/roles', createdAtPrinter],
  ['rbac.authorization.k8s.io/clusterroles', createdAtPrinter],
  ['rbac.authorization.k8s.io/rolebindings', roleBindingPrinter],
  ['rbac.authorization.k8s.io/clusterrolebindings', roleBindingPrinter],
  ['coordination.k8s.io/leases', leasePrinter],
  ['scheduling.k8s.io/priorityclasses', priorityClassPrinter],
  ['flowcontrol.apiserver.k8s.io/flowschemas', flowSchemaPrinter],
  ['flowcontrol.apiserver.k8s.io/prioritylevelconfigurations', priorityLevelPrinter],
  ['admissionregistration.k8s.io/mutatingwebhookconfigurations', webhookConfigurationPrinter],
  ['admissionregistration.k8s.io/validatingwebhookconfigurations', webhookConfigurationPrinter],
  ['admissionregistration.k8s.io/validatingadmissionpolicies', validatingAdmissionPolicyPrinter],
  ['admissionregistration.k8s.io/validatingadmissionpolicybindings', validatingAdmissionPolicyBindingPrinter],
  ['apiextensions.k8s.io/customresourcedefinitions', createdAtPrinter],
]);

/** The printer of a built-in resource, or the default (NAME, Created At) for others. */
export function printerFor(group: string, version: string, resource: string): Printer {
  return PRINTERS.get(`${group}/${version}/${resource}`) ?? PRINTERS.get(`${group}/${resource}`) ?? createdAtPrinter;
}
