/**
 * The review kinds of authentication.k8s.io and authorization.k8s.io: never stored, only created,
 * and answered with their status filled in by the authenticator or the authorizer.
 */
import { builtinVersion } from '../builtin-version.js';
import type { ApiResource, KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

const review = (id: ApiResource): KindDef => ({
  ...id,
  versions: [
    builtinVersion(id.group, 'v1', id.kind, {
      protobuf: `k8s.io.api.${id.group.split('.')[0]}.v1.${id.kind}`,
    }),
  ],
  verbs: ['create'],
});

export const TOKEN_REVIEWS = review(resources.TOKEN_REVIEWS);
export const SELF_SUBJECT_REVIEWS = review(resources.SELF_SUBJECT_REVIEWS);
export const SUBJECT_ACCESS_REVIEWS = review(resources.SUBJECT_ACCESS_REVIEWS);
export const SELF_SUBJECT_ACCESS_REVIEWS = review(resources.SELF_SUBJECT_ACCESS_REVIEWS);
export const SELF_SUBJECT_RULES_REVIEWS = review(resources.SELF_SUBJECT_RULES_REVIEWS);

/** The kinds whose create is a question put to the server rather than a write. */
export const REVIEW_KINDS = [
  TOKEN_REVIEWS,
  SELF_SUBJECT_REVIEWS,
  SUBJECT_ACCESS_REVIEWS,
  SELF_SUBJECT_ACCESS_REVIEWS,
  SELF_SUBJECT_RULES_REVIEWS,
];
