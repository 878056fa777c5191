/** The kind registry: every kind the API serves, and typed constants for the built-in ones. */
import { CUSTOM_RESOURCE_DEFINITIONS } from './apiextensions/custom-resource-definition.js';
import { CONTROLLER_REVISIONS } from './apps/controller-revision.js';
import { DAEMON_SETS } from './apps/daemon-set.js';
import { DEPLOYMENTS } from './apps/deployment.js';
import { REPLICA_SETS } from './apps/replica-set.js';
import { STATEFUL_SETS } from './apps/stateful-set.js';
import { REVIEW_KINDS } from './authn/reviews.js';
import { HORIZONTAL_POD_AUTOSCALERS } from './autoscaling/horizontal-pod-autoscaler.js';
import { CRON_JOBS } from './batch/cron-job.js';
import { JOBS } from './batch/job.js';
import { LEASES } from './coordination/lease.js';
import { CONFIGMAPS } from './core/config-map.js';
import { ENDPOINTS } from './core/endpoints.js';
import { EVENTS } from './core/event.js';
import { LIMIT_RANGES } from './core/limit-range.js';
import { NAMESPACES } from './core/namespace.js';
import { NODES } from './core/node.js';
import { PERSISTENT_VOLUMES } from './core/persistent-volume.js';
import { PERSISTENT_VOLUME_CLAIMS } from './core/persistent-volume-claim.js';
import { PODS } from './core/pod.js';
import { POD_TEMPLATES } from './core/pod-template.js';
import { REPLICATION_CONTROLLERS } from './core/replication-controller.js';
import { RESOURCE_QUOTAS } from './core/resource-quota.js';
import { SECRETS } from './core/secret.js';
import { SERVICES } from './core/service.js';
import { SERVICE_ACCOUNTS } from './core/service-account.js';
import { ENDPOINT_SLICES } from './discovery/endpoint-slice.js';
import { EVENTS_V1 } from './events/event.js';
import { NODE_METRICS } from './metrics/node-metrics.js';
import { POD_METRICS } from './metrics/pod-metrics.js';
import { INGRESSES } from './networking/ingress.js';
import { INGRESS_CLASSES, IS_DEFAULT_INGRESS_CLASS } from './networking/ingress-class.js';
import { NETWORK_POLICIES } from './networking/network-policy.js';
import { POD_DISRUPTION_BUDGETS } from './policy/pod-disruption-budget.js';
import { CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, ROLE_BINDINGS, ROLES } from './rbac/rbac.js';
import { KindRegistry } from './registry.js';
import { PRIORITY_CLASSES } from './scheduling/priority-class.js';
import { STORAGE_CLASSES } from './storage/storage-class.js';

export {
  REVIEW_KINDS,
  SELF_SUBJECT_ACCESS_REVIEWS,
  SELF_SUBJECT_REVIEWS,
  SELF_SUBJECT_RULES_REVIEWS,
  SUBJECT_ACCESS_REVIEWS,
  TOKEN_REVIEWS,
} from './authn/reviews.js';
export { toServedVersion, toStoredVersion } from './conversion.js';
export type { ServedPod } from './core/pod.js';
export { type QosClass, qosClass } from './core/qos-class.js';
export type {
  ApiResource,
  GroupVersionKind,
  KindDef,
  KindVersion,
  ScalePaths,
  Strategy,
  Subresource,
} from './kind-def.js';
export { budgetMatcher } from './policy/pod-disruption-budget.js';
export { CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, RBAC_GROUP, ROLE_BINDINGS, ROLES } from './rbac/rbac.js';
export {
  allows,
  findResource,
  groupVersion,
  KindRegistry,
  kindVersion,
  splitApiVersion,
} from './registry.js';
export { SERVICE_NAME_LABEL } from './resources.js';
/** The object types of every built-in kind, generated from their schemas. */
export type * from './types.generated.js';
export {
  CONFIGMAPS,
  CONTROLLER_REVISIONS,
  CRON_JOBS,
  CUSTOM_RESOURCE_DEFINITIONS,
  DAEMON_SETS,
  DEPLOYMENTS,
  ENDPOINT_SLICES,
  ENDPOINTS,
  EVENTS,
  EVENTS_V1,
  HORIZONTAL_POD_AUTOSCALERS,
  INGRESS_CLASSES,
  INGRESSES,
  IS_DEFAULT_INGRESS_CLASS,
  JOBS,
  LEASES,
  LIMIT_RANGES,
  NAMESPACES,
  NETWORK_POLICIES,
  NODE_METRICS,
  NODES,
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  POD_DISRUPTION_BUDGETS,
  POD_METRICS,
  POD_TEMPLATES,
  PODS,
  PRIORITY_CLASSES,
  REPLICA_SETS,
  REPLICATION_CONTROLLERS,
  RESOURCE_QUOTAS,
  SECRETS,
  SERVICE_ACCOUNTS,
  SERVICES,
  STATEFUL_SETS,
  STORAGE_CLASSES,
};

/** The registry the server reads; kinds added at run time (CustomResourceDefinitions) join it. */
export const kinds = new KindRegistry([
  NAMESPACES,
  PODS,
  SERVICES,
  ENDPOINTS,
  CONFIGMAPS,
  SECRETS,
  SERVICE_ACCOUNTS,
  NODES,
  EVENTS,
  POD_TEMPLATES,
  PERSISTENT_VOLUMES,
  PERSISTENT_VOLUME_CLAIMS,
  REPLICATION_CONTROLLERS,
  DEPLOYMENTS,
  REPLICA_SETS,
  DAEMON_SETS,
  STATEFUL_SETS,
  CONTROLLER_REVISIONS,
  JOBS,
  CRON_JOBS,
  INGRESSES,
  INGRESS_CLASSES,
  NETWORK_POLICIES,
  HORIZONTAL_POD_AUTOSCALERS,
  POD_DISRUPTION_BUDGETS,
  LEASES,
  ENDPOINT_SLICES,
  EVENTS_V1,
  STORAGE_CLASSES,
  PRIORITY_CLASSES,
  CUSTOM_RESOURCE_DEFINITIONS,
  NODE_METRICS,
  POD_METRICS,
  ROLES,
  CLUSTER_ROLES,
  ROLE_BINDINGS,
  CLUSTER_ROLE_BINDINGS,
  ...REVIEW_KINDS,
  RESOURCE_QUOTAS,
  LIMIT_RANGES,
]);
