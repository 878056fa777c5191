/** rbac.authorization.k8s.io, authentication.k8s.io and authorization.k8s.io kinds. */
import { bool, kind, labelSelector, list, obj, ref, str, strs } from '../dsl.js';
import type { Definitions } from '../types.js';

export const RBAC = 'io.k8s.api.rbac.v1.';
export const AUTHENTICATION = 'io.k8s.api.authentication.v1.';
export const AUTHORIZATION = 'io.k8s.api.authorization.v1.';

const r = (name: string, description?: string) => ref(RBAC + name, description);
const an = (name: string, description?: string) => ref(AUTHENTICATION + name, description);
const az = (name: string, description?: string) => ref(AUTHORIZATION + name, description);
const rbacGvk = (k: string) => ({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: k });
const authnGvk = (k: string) => ({ group: 'authentication.k8s.io', version: 'v1', kind: k });
const authzGvk = (k: string) => ({ group: 'authorization.k8s.io', version: 'v1', kind: k });

const rules = list(r('PolicyRule'), 'Rules holds all the PolicyRules for this Role', { listType: 'atomic' });
const subjects = list(r('Subject'), 'Subjects holds references to the objects the role applies to.', {
  listType: 'atomic',
});
const roleRef = r(
  'RoleRef',
  'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
);
const extra = {
  type: 'object' as const,
  additionalProperties: { type: 'array' as const, items: { type: 'string' as const, default: '' } },
};

const userInfo = obj(
  'UserInfo holds the information about the user needed to implement the user.Info interface.',
  {
    extra: { description: 'Any additional information provided by the authenticator.', ...extra },
    groups: strs('The names of groups this user is a part of.'),
    uid: str('A unique value that identifies this user across time.'),
    username: str('The name that uniquely identifies this user among all active users.'),
  },
);

const reviewStatus = obj('SubjectAccessReviewStatus', {
  allowed: bool('Allowed is required. True if the action would be allowed, false otherwise.'),
  denied: bool('Denied is optional. True if the action would be denied, otherwise false.'),
  evaluationError: str(
    'EvaluationError is an indication that some error occurred during the authorization check.',
  ),
  reason: str('Reason is optional.  It indicates why a request was allowed or denied.'),
});

export const rbacDefinitions: Definitions = {
  [`${RBAC}PolicyRule`]: obj(
    'PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.',
    {
      apiGroups: strs('APIGroups is the name of the APIGroup that contains the resources.'),
      nonResourceURLs: strs('NonResourceURLs is a set of partial urls that a user should have access to.'),
      resourceNames: strs('ResourceNames is an optional white list of names that the rule applies to.'),
      resources: strs("Resources is a list of resources this rule applies to. '*' represents all resources."),
      verbs: strs(
        "Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. '*' represents all verbs.",
      ),
    },
    ['verbs'],
  ),
  [`${RBAC}Subject`]: {
    ...obj(
      'Subject contains a reference to the object or user identities a role binding applies to.',
      {
        apiGroup: str('APIGroup holds the API group of the referenced subject.'),
        kind: str(
          'Kind of object being referenced. Values defined by this API group are "User", "Group", and "ServiceAccount".',
        ),
        name: str('Name of the object being referenced.'),
        namespace: str('Namespace of the referenced object.'),
      },
      ['kind', 'name'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${RBAC}RoleRef`]: {
    ...obj(
      'RoleRef contains information that points to the role being used',
      {
        apiGroup: str('APIGroup is the group for the resource being referenced'),
        kind: str('Kind is the type of resource being referenced'),
        name: str('Name is the name of resource being referenced'),
      },
      ['apiGroup', 'kind', 'name'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${RBAC}AggregationRule`]: obj(
    'AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole',
    {
      clusterRoleSelectors: list(
        labelSelector(),
        "ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules. If any of the selectors match, then the ClusterRole's permissions will be added",
        { listType: 'atomic' },
      ),
    },
  ),
  [`${RBAC}Role`]: kind(
    'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.',
    rbacGvk('Role'),
    { rules },
  ),
  [`${RBAC}ClusterRole`]: kind(
    'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.',
    rbacGvk('ClusterRole'),
    {
      aggregationRule: r(
        'AggregationRule',
        'AggregationRule is an optional field that describes how to build the Rules for this ClusterRole. If AggregationRule is set, then the Rules are controller managed and direct changes to Rules will be stomped by the controller.',
      ),
      rules: list(r('PolicyRule'), 'Rules holds all the PolicyRules for this ClusterRole', {
        listType: 'atomic',
      }),
    },
  ),
  [`${RBAC}RoleBinding`]: kind(
    'RoleBinding references a role, but does not contain it.  It can reference a Role in the same namespace or a ClusterRole in the global namespace.',
    rbacGvk('RoleBinding'),
    { roleRef, subjects },
    ['roleRef'],
  ),
  [`${RBAC}ClusterRoleBinding`]: kind(
    'ClusterRoleBinding references a ClusterRole, but not contain it.  It can reference a ClusterRole in the global namespace, and adds who information via Subject.',
    rbacGvk('ClusterRoleBinding'),
    { roleRef, subjects },
    ['roleRef'],
  ),
  [`${AUTHENTICATION}UserInfo`]: userInfo,
  [`${AUTHENTICATION}TokenReview`]: kind(
    'TokenReview attempts to authenticate a token to a known user.',
    authnGvk('TokenReview'),
    {
      spec: an('TokenReviewSpec', 'Spec holds information about the request being evaluated'),
      status: an(
        'TokenReviewStatus',
        'Status is filled in by the server and indicates whether the request can be authenticated.',
      ),
    },
    ['spec'],
  ),
  [`${AUTHENTICATION}TokenReviewSpec`]: obj(
    'TokenReviewSpec is a description of the token authentication request.',
    {
      audiences: strs(
        'Audiences is a list of the identifiers that the resource server presented with the token identifies as.',
      ),
      token: str('Token is the opaque bearer token.'),
    },
  ),
  [`${AUTHENTICATION}TokenReviewStatus`]: obj(
    'TokenReviewStatus is the result of the token authentication request.',
    {
      audiences: strs(
        'Audiences are audience identifiers chosen by the authenticator that are compatible with both the TokenReview and token.',
      ),
      authenticated: bool('Authenticated indicates that the token was associated with a known user.'),
      error: str("Error indicates that the token couldn't be checked"),
      user: an('UserInfo', 'User is the UserInfo associated with the provided token.'),
    },
  ),
  [`${AUTHENTICATION}SelfSubjectReview`]: kind(
    'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.',
    authnGvk('SelfSubjectReview'),
    { status: an('SelfSubjectReviewStatus', 'Status is filled in by the server with the user attributes.') },
  ),
  [`${AUTHENTICATION}SelfSubjectReviewStatus`]: obj(
    'SelfSubjectReviewStatus is filled by the kube-apiserver and sent back to a user.',
    {
      userInfo: an('UserInfo', 'User attributes of the user making this request.'),
    },
  ),
  [`${AUTHORIZATION}ResourceAttributes`]: obj(
    'ResourceAttributes includes the authorization attributes available for resource requests to the Authorizer interface',
    {
      group: str('Group is the API Group of the Resource.  "*" means all.'),
      name: str(
        'Name is the name of the resource being requested for a "get" or deleted for a "delete". "" (empty) means all.',
      ),
      namespace: str('Namespace is the namespace of the action being requested.'),
      resource: str('Resource is one of the existing resource types.  "*" means all.'),
      subresource: str('Subresource is one of the existing resource types.  "" means none.'),
      verb: str(
        'Verb is a kubernetes resource API verb, like: get, list, watch, create, update, delete, proxy.  "*" means all.',
      ),
      version: str('Version is the API Version of the Resource.  "*" means all.'),
    },
  ),
  [`${AUTHORIZATION}NonResourceAttributes`]: obj(
    'NonResourceAttributes includes the authorization attributes available for non-resource requests to the Authorizer interface',
    {
      path: str('Path is the URL path of the request'),
      verb: str('Verb is the standard HTTP verb'),
    },
  ),
  [`${AUTHORIZATION}SubjectAccessReviewStatus`]: reviewStatus,
  [`${AUTHORIZATION}SubjectAccessReviewSpec`]: obj(
    'SubjectAccessReviewSpec is a description of the access request.  Exactly one of ResourceAuthorizationAttributes and NonResourceAuthorizationAttributes must be set',
    {
      extra: {
        description: 'Extra corresponds to the user.Info.GetExtra() method from the authenticator.',
        ...extra,
      },
      groups: strs("Groups is the groups you're testing for."),
      nonResourceAttributes: az(
        'NonResourceAttributes',
        'NonResourceAttributes describes information for a non-resource access request',
      ),
      resourceAttributes: az(
        'ResourceAttributes',
        'ResourceAuthorizationAttributes describes information for a resource access request',
      ),
      uid: str('UID information about the requesting user.'),
      user: str("User is the user you're testing for."),
    },
  ),
  [`${AUTHORIZATION}SelfSubjectAccessReviewSpec`]: obj(
    'SelfSubjectAccessReviewSpec is a description of the access request.  Exactly one of ResourceAuthorizationAttributes and NonResourceAuthorizationAttributes must be set',
    {
      nonResourceAttributes: az(
        'NonResourceAttributes',
        'NonResourceAttributes describes information for a non-resource access request',
      ),
      resourceAttributes: az(
        'ResourceAttributes',
        'ResourceAuthorizationAttributes describes information for a resource access request',
      ),
    },
  ),
  [`${AUTHORIZATION}SubjectAccessReview`]: kind(
    'SubjectAccessReview checks whether or not a user or group can perform an action.',
    authzGvk('SubjectAccessReview'),
    {
      spec: az('SubjectAccessReviewSpec', 'Spec holds information about the request being evaluated'),
      status: az(
        'SubjectAccessReviewStatus',
        'Status is filled in by the server and indicates whether the request is allowed or not',
      ),
    },
    ['spec'],
  ),
  [`${AUTHORIZATION}SelfSubjectAccessReview`]: kind(
    'SelfSubjectAccessReview checks whether or the current user can perform an action.',
    authzGvk('SelfSubjectAccessReview'),
    {
      spec: az(
        'SelfSubjectAccessReviewSpec',
        'Spec holds information about the request being evaluated.  user and groups must be empty',
      ),
      status: az(
        'SubjectAccessReviewStatus',
        'Status is filled in by the server and indicates whether the request is allowed or not',
      ),
    },
    ['spec'],
  ),
  [`${AUTHORIZATION}ResourceRule`]: obj(
    'ResourceRule is the list of actions the subject is allowed to perform on resources.',
    {
      apiGroups: strs('APIGroups is the name of the APIGroup that contains the resources.'),
      resourceNames: strs('ResourceNames is an optional white list of names that the rule applies to.'),
      resources: strs('Resources is a list of resources this rule applies to.'),
      verbs: strs('Verb is a list of kubernetes resource API verbs.'),
    },
    ['verbs'],
  ),
  [`${AUTHORIZATION}NonResourceRule`]: obj(
    'NonResourceRule holds information that describes a rule for the non-resource',
    {
      nonResourceURLs: strs('NonResourceURLs is a set of partial urls that a user should have access to.'),
      verbs: strs('Verb is a list of kubernetes non-resource API verbs.'),
    },
    ['verbs'],
  ),
  [`${AUTHORIZATION}SubjectRulesReviewStatus`]: obj(
    'SubjectRulesReviewStatus contains the result of a rules check.',
    {
      evaluationError: str('EvaluationError can appear in combination with Rules.'),
      incomplete: bool('Incomplete is true when the rules returned by this call are incomplete.'),
      nonResourceRules: list(
        az('NonResourceRule'),
        'NonResourceRules is the list of actions the subject is allowed to perform on non-resources.',
        { listType: 'atomic' },
      ),
      resourceRules: list(
        az('ResourceRule'),
        'ResourceRules is the list of actions the subject is allowed to perform on resources.',
        { listType: 'atomic' },
      ),
    },
    ['resourceRules', 'nonResourceRules', 'incomplete'],
  ),
  [`${AUTHORIZATION}SelfSubjectRulesReviewSpec`]: obj(
    'SelfSubjectRulesReviewSpec defines the specification for SelfSubjectRulesReview.',
    {
      namespace: str('Namespace to evaluate rules for. Required.'),
    },
  ),
  [`${AUTHORIZATION}SelfSubjectRulesReview`]: kind(
    'SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.',
    authzGvk('SelfSubjectRulesReview'),
    {
      spec: az('SelfSubjectRulesReviewSpec', 'Spec holds information about the request being evaluated.'),
      status: az(
        'SubjectRulesReviewStatus',
        'Status is filled in by the server and indicates the set of actions a user can perform.',
      ),
    },
    ['spec'],
  ),
};
