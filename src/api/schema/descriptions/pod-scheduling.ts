// Scheduling constraints below Affinity: node selector terms, pod (anti-)affinity, weighted
// preferences, and the topology terms of storage classes.
import type { Descriptions } from './index.js';

const C = 'io.k8s.api.core.v1.';

const REQUIRED_PODS =
  'Hard rules: the pod is only scheduled where every term holds. A rule that stops holding after the pod is placed does not move it.';
const WEIGHT = 'How much a node that satisfies this term is preferred, 1 to 100; the weights of the satisfied terms are added up per node.';

export const podSchedulingDescriptions: Descriptions = {
  [`${C}PodAffinity`]: {
    '': 'Rules that place a pod in the same topology domain (node, zone, ...) as pods matching a selector.',
    requiredDuringSchedulingIgnoredDuringExecution: REQUIRED_PODS,
    preferredDuringSchedulingIgnoredDuringExecution: 'Soft rules: nodes in domains with matching pods are preferred, by the sum of the terms\' weights.',
  },
  [`${C}PodAntiAffinity`]: {
    '': 'Rules that keep a pod out of topology domains (node, zone, ...) that hold pods matching a selector.',
    requiredDuringSchedulingIgnoredDuringExecution: REQUIRED_PODS,
    preferredDuringSchedulingIgnoredDuringExecution: 'Soft rules: nodes in domains without matching pods are preferred, by the sum of the terms\' weights.',
  },
  [`${C}WeightedPodAffinityTerm`]: {
    '': 'A pod affinity term with a weight, for preferences.',
    weight: WEIGHT,
    podAffinityTerm: 'The pods and topology domain this preference is about.',
  },
  [`${C}NodeSelector`]: {
    '': 'A choice of nodes by their labels and fields: a node matches when any one of the terms does.',
    nodeSelectorTerms: 'The terms, ORed together. Required; an empty list matches no node.',
  },
  [`${C}NodeSelectorTerm`]: {
    '': 'One alternative of a node selector: every expression in it must hold (they are ANDed). A term with no expressions matches no node.',
    matchExpressions: 'Requirements on the node\'s labels.',
    matchFields: 'Requirements on the node\'s fields; only metadata.name is supported.',
  },
  [`${C}NodeSelectorRequirement`]: {
    '': 'One requirement on a node label or field.',
    key: 'The label key (or field name) the requirement is about.',
    operator: 'How the value is compared: In, NotIn (against values), Exists, DoesNotExist (values must be empty), Gt or Lt (values is one integer, compared numerically).',
    values: 'The values to compare with; see operator for how many.',
  },
  [`${C}PreferredSchedulingTerm`]: {
    '': 'A weighted node preference.',
    weight: WEIGHT,
    preference: 'The nodes this preference is for.',
  },
  [`${C}TopologySelectorTerm`]: {
    '': 'One alternative of a topology selection (as in a StorageClass\'s allowedTopologies): every expression in it must hold.',
    matchLabelExpressions: 'Requirements on topology labels, ANDed together.',
  },
  [`${C}TopologySelectorLabelRequirement`]: {
    '': 'A topology label and the values it may have.',
    key: 'The label key, such as topology.kubernetes.io/zone.',
    values: 'The values that match; the label must have one of them.',
  },
};
