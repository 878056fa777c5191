/**
 * The review kinds of authentication.k8s.io and authorization.k8s.io: never stored, only created,
 * and answered with their status filled in by the authenticator or the authorizer.
 */
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';

const review = (group: string, kind: string, namespaced = false): KindDef => ({
  group,
  version: 'v1',
  kind,
  resource: `${kind.toLowerCase()}s`,
  singular: kind.toLowerCase(),
  namespaced,
  versions: [builtinVersion(group, 'v1', kind, { protobuf: `k8s.io.api.${group.split('.')[0]}.v1.${kind}` })],
  verbs: ['create'],
});

export const TOKEN_REVIEWS = review('authentication.k8s.io', 'TokenReview');
export const SELF_SUBJECT_REVIEWS = review('authentication.k8s.io', 'SelfSubjectReview');
export const SUBJECT_ACCESS_REVIEWS = review('authorization.k8s.io', 'SubjectAccessReview');
export const SELF_SUBJECT_ACCESS_REVIEWS = review('authorization.k8s.io', 'SelfSubjectAccessReview');
export const SELF_SUBJECT_RULES_REVIEWS = review('authorization.k8s.io', 'SelfSubjectRulesReview');

/** The kinds whose create is a question put to the server rather than a write. */
export const REVIEW_KINDS = [
  TOKEN_REVIEWS,
  SELF_SUBJECT_REVIEWS,
  SUBJECT_ACCESS_REVIEWS,
  SELF_SUBJECT_ACCESS_REVIEWS,
  SELF_SUBJECT_RULES_REVIEWS,
];
