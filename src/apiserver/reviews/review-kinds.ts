// The create-only review resources (upstream: SelfSubjectAccessReview, SelfSubjectRulesReview,
// SelfSubjectReview, SubjectAccessReview, LocalSubjectAccessReview, TokenReview). They are
// registered for discovery and routing; nothing is stored.
import type { KindStrategy, ResourceInfo } from '../../api/resource-info.js';

const review = (group: string, kind: string, namespaced = false): ResourceInfo => ({
  group,
  version: 'v1',
  kind,
  resource: `${kind.toLowerCase()}s`,
  singular: kind.toLowerCase(),
  namespaced,
  listKind: `${kind}List`,
  verbs: ['create'],
});

export const SELF_SUBJECT_ACCESS_REVIEW = review('authorization.k8s.io', 'SelfSubjectAccessReview');
export const SELF_SUBJECT_RULES_REVIEW = review('authorization.k8s.io', 'SelfSubjectRulesReview');
export const SUBJECT_ACCESS_REVIEW = review('authorization.k8s.io', 'SubjectAccessReview');
export const LOCAL_SUBJECT_ACCESS_REVIEW = review('authorization.k8s.io', 'LocalSubjectAccessReview', true);
export const SELF_SUBJECT_REVIEW = review('authentication.k8s.io', 'SelfSubjectReview');
export const TOKEN_REVIEW = review('authentication.k8s.io', 'TokenReview');

export function reviewStrategies(): KindStrategy[] {
  return [SELF_SUBJECT_REVIEW, TOKEN_REVIEW, LOCAL_SUBJECT_ACCESS_REVIEW, SELF_SUBJECT_ACCESS_REVIEW, SELF_SUBJECT_RULES_REVIEW, SUBJECT_ACCESS_REVIEW].map((info) => ({ info }));
}
