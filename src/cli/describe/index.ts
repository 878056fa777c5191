import type { ApiResource } from '../../api/kinds/index.js';
import type { Client } from '../../client/client.js';
import { describeConfigMap } from './config-map.js';
import { describeCronJob } from './cron-job.js';
import { describeDaemonSet } from './daemon-set.js';
import { describeDeployment } from './deployment.js';
import { describeEndpointSlice } from './endpoint-slice.js';
import { describeEndpoints } from './endpoints.js';
import { describeGeneric } from './generic.js';
import { describeHorizontalPodAutoscaler } from './horizontal-pod-autoscaler.js';
import { describeIngress } from './ingress.js';
import { describeIngressClass } from './ingress-class.js';
import { describeJob } from './job.js';
import { describeLimitRange } from './limit-range.js';
import { describeNamespace } from './namespace.js';
import { describeNetworkPolicy } from './network-policy.js';
import { describeNode } from './node.js';
import { describePersistentVolume } from './persistent-volume.js';
import { describePersistentVolumeClaim } from './persistent-volume-claim.js';
import { describePod } from './pod.js';
import { describePodDisruptionBudget } from './pod-disruption-budget.js';
import { describePriorityClass } from './priority-class.js';
import { describeReplicaSet } from './replica-set.js';
import { describeResourceQuota } from './resource-quota.js';
import { describeClusterRole, describeRole } from './role.js';
import { describeClusterRoleBinding, describeRoleBinding } from './role-binding.js';
import { describeSecret } from './secret.js';
import { describeService } from './service.js';
import { describeServiceAccount } from './service-account.js';
import type { Describer } from './shared.js';
import { describeStatefulSet } from './stateful-set.js';
import { describeStorageClass } from './storage-class.js';

/** kubectl's specific describers, by group and kind (describerMap); any other kind is described generically. */
const describers: Record<string, Describer> = {
  '/Pod': describePod,
  '/Node': describeNode,
  '/Service': describeService,
  'apps/Deployment': describeDeployment,
  'apps/ReplicaSet': describeReplicaSet,
  'apps/StatefulSet': describeStatefulSet,
  'apps/DaemonSet': describeDaemonSet,
  'batch/Job': describeJob,
  'batch/CronJob': describeCronJob,
  '/Namespace': describeNamespace,
  '/ConfigMap': describeConfigMap,
  '/Secret': describeSecret,
  '/Endpoints': describeEndpoints,
  'networking.k8s.io/Ingress': describeIngress,
  'autoscaling/HorizontalPodAutoscaler': describeHorizontalPodAutoscaler,
  '/PersistentVolumeClaim': describePersistentVolumeClaim,
  '/PersistentVolume': describePersistentVolume,
  '/ServiceAccount': describeServiceAccount,
  '/ResourceQuota': describeResourceQuota,
  '/LimitRange': describeLimitRange,
  'policy/PodDisruptionBudget': describePodDisruptionBudget,
  'scheduling.k8s.io/PriorityClass': describePriorityClass,
  'storage.k8s.io/StorageClass': describeStorageClass,
  'discovery.k8s.io/EndpointSlice': describeEndpointSlice,
  'networking.k8s.io/IngressClass': describeIngressClass,
  'networking.k8s.io/NetworkPolicy': describeNetworkPolicy,
  'rbac.authorization.k8s.io/Role': describeRole,
  'rbac.authorization.k8s.io/ClusterRole': describeClusterRole,
  'rbac.authorization.k8s.io/RoleBinding': describeRoleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': describeClusterRoleBinding,
};

/** Describes one object as kubectl describe does, without the text's final newline. */
export async function describe(
  client: Client,
  def: ApiResource,
  namespace: string,
  name: string,
): Promise<string> {
  const specific = describers[`${def.group}/${def.kind}`];
  const text = specific
    ? await specific(client, def.namespaced ? namespace : '', name)
    : await describeGeneric(client, def, namespace, name);
  return text.replace(/\n$/, '');
}
