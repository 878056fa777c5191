/**
 * rbac.authorization.k8s.io/v1 and the review kinds of authentication.k8s.io/v1 and
 * authorization.k8s.io/v1, as kubectl's typed clients send them (k8s.io/api generated.proto).
 * Fields minik8s does not read (a review's `extra`, selector attributes) are left out: they are
 * skipped when decoding.
 */
export const rbacV1Proto = `
syntax = "proto2";
package k8s.io.api.rbac.v1;
message AggregationRule { repeated k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector clusterRoleSelectors = 1; }
message ClusterRole { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; repeated PolicyRule rules = 2; optional AggregationRule aggregationRule = 3; }
message ClusterRoleBinding { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; repeated Subject subjects = 2; optional RoleRef roleRef = 3; }
message PolicyRule { repeated string verbs = 1; repeated string apiGroups = 2; repeated string resources = 3; repeated string resourceNames = 4; repeated string nonResourceURLs = 5; }
message Role { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; repeated PolicyRule rules = 2; }
message RoleBinding { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; repeated Subject subjects = 2; optional RoleRef roleRef = 3; }
message RoleRef { optional string apiGroup = 1; optional string kind = 2; optional string name = 3; }
message Subject { optional string kind = 1; optional string apiGroup = 2; optional string name = 3; optional string namespace = 4; }
`;

export const authorizationV1Proto = `
syntax = "proto2";
package k8s.io.api.authorization.v1;
message NonResourceAttributes { optional string path = 1; optional string verb = 2; }
message ResourceAttributes { optional string namespace = 1; optional string verb = 2; optional string group = 3; optional string version = 4; optional string resource = 5; optional string subresource = 6; optional string name = 7; }
message SelfSubjectAccessReview { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional SelfSubjectAccessReviewSpec spec = 2; optional SubjectAccessReviewStatus status = 3; }
message SelfSubjectAccessReviewSpec { optional ResourceAttributes resourceAttributes = 1; optional NonResourceAttributes nonResourceAttributes = 2; }
message SelfSubjectRulesReview { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional SelfSubjectRulesReviewSpec spec = 2; }
message SelfSubjectRulesReviewSpec { optional string namespace = 1; }
message SubjectAccessReview { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional SubjectAccessReviewSpec spec = 2; optional SubjectAccessReviewStatus status = 3; }
message SubjectAccessReviewSpec { optional ResourceAttributes resourceAttributes = 1; optional NonResourceAttributes nonResourceAttributes = 2; optional string user = 3; repeated string groups = 4; optional string uid = 6; }
message SubjectAccessReviewStatus { optional bool allowed = 1; optional string reason = 2; optional string evaluationError = 3; optional bool denied = 4; }
`;

export const authenticationReviewsProto = `
syntax = "proto2";
package k8s.io.api.authentication.v1;
message TokenReview { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional TokenReviewSpec spec = 2; }
message TokenReviewSpec { optional string token = 1; repeated string audiences = 2; }
message SelfSubjectReview { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; }
`;
