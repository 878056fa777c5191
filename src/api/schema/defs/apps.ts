/** apps/v1: Deployment, ReplicaSet, DaemonSet, StatefulSet, ControllerRevision. */
import {
  APPS,
  bool,
  CORE,
  int32,
  int64,
  intOrString,
  kind,
  labelSelector,
  list,
  mergeList,
  obj,
  oneOf,
  RAW_EXTENSION,
  ref,
  str,
  time,
} from '../dsl.js';
import type { Definitions, Schema } from '../types.js';

const a = (name: string, description?: string) => ref(APPS + name, description);
const gvk = (k: string) => ({ group: 'apps', version: 'v1', kind: k });

const selector = labelSelector(
  "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
);
const template = ref(`${CORE}PodTemplateSpec`, 'Template describes the pods that will be created.');
const minReadySeconds = int32(
  'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)',
);
const revisionHistoryLimit = int32(
  'The number of old history to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10.',
);
const collisionCount = int32(
  'Count of hash collisions for the object. The controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ControllerRevision.',
);
const observedGeneration = int64('The generation observed by the controller.');

const condition = (what: string, extra: Record<string, Schema> = {}): Schema =>
  obj(
    `${what}Condition describes the state of a ${what} at a certain point.`,
    {
      lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
      message: str('A human readable message indicating details about the transition.'),
      reason: str("The reason for the condition's last transition."),
      status: str('Status of the condition, one of True, False, Unknown.'),
      type: str(`Type of ${what} condition.`),
      ...extra,
    },
    ['type', 'status'],
  );

const workload = (k: string, description: string): Schema =>
  kind(description, gvk(k), {
    spec: a(`${k}Spec`, `Specification of the desired behavior of the ${k}.`),
    status: a(`${k}Status`, `Most recently observed status of the ${k}.`),
  });

export const appsDefinitions: Definitions = {
  [`${APPS}Deployment`]: workload(
    'Deployment',
    'Deployment enables declarative updates for Pods and ReplicaSets.',
  ),
  [`${APPS}DeploymentSpec`]: obj(
    'DeploymentSpec is the specification of the desired behavior of the Deployment.',
    {
      minReadySeconds,
      paused: bool('Indicates that the deployment is paused.'),
      progressDeadlineSeconds: int32(
        'The maximum time in seconds for a deployment to make progress before it is considered to be failed. Defaults to 600s.',
      ),
      replicas: int32(
        'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
      ),
      revisionHistoryLimit,
      selector,
      // retainKeys: a strategy switched to Recreate by apply drops the rollingUpdate it no longer names.
      strategy: {
        ...a('DeploymentStrategy', 'The deployment strategy to use to replace existing pods with new ones.'),
        'x-kubernetes-patch-strategy': 'retainKeys',
      },
      template: ref(
        `${CORE}PodTemplateSpec`,
        'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".',
      ),
    },
    ['selector', 'template'],
  ),
  [`${APPS}DeploymentStrategy`]: obj(
    'DeploymentStrategy describes how to replace existing pods with new ones.',
    {
      rollingUpdate: a(
        'RollingUpdateDeployment',
        'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.',
      ),
      type: oneOf(
        ['Recreate', 'RollingUpdate'],
        'Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.',
      ),
    },
  ),
  [`${APPS}RollingUpdateDeployment`]: obj('Spec to control the desired behavior of rolling update.', {
    maxSurge: intOrString(
      'The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.',
    ),
    maxUnavailable: intOrString(
      'The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.',
    ),
  }),
  [`${APPS}DeploymentStatus`]: obj(
    'DeploymentStatus is the most recently observed status of the Deployment.',
    {
      availableReplicas: int32(
        'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      ),
      collisionCount,
      conditions: mergeList(
        a('DeploymentCondition'),
        'type',
        "Represents the latest available observations of a deployment's current state.",
      ),
      observedGeneration,
      readyReplicas: int32(
        'readyReplicas is the number of pods targeted by this Deployment with a Ready Condition.',
      ),
      replicas: int32(
        'Total number of non-terminated pods targeted by this deployment (their labels match the selector).',
      ),
      unavailableReplicas: int32('Total number of unavailable pods targeted by this deployment.'),
      updatedReplicas: int32(
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      ),
    },
  ),
  [`${APPS}DeploymentCondition`]: condition('Deployment', {
    lastUpdateTime: time('The last time this condition was updated.'),
  }),

  [`${APPS}ReplicaSet`]: workload(
    'ReplicaSet',
    'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
  ),
  [`${APPS}ReplicaSetSpec`]: obj(
    'ReplicaSetSpec is the specification of a ReplicaSet.',
    {
      minReadySeconds,
      replicas: int32(
        'Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1.',
      ),
      selector: labelSelector(
        "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels.",
      ),
      template,
    },
    ['selector'],
  ),
  [`${APPS}ReplicaSetStatus`]: obj(
    'ReplicaSetStatus represents the current status of a ReplicaSet.',
    {
      availableReplicas: int32(
        'The number of available pods (ready for at least minReadySeconds) for this replica set.',
      ),
      conditions: mergeList(
        a('ReplicaSetCondition'),
        'type',
        "Represents the latest available observations of a replica set's current state.",
      ),
      fullyLabeledReplicas: int32(
        'The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset.',
      ),
      observedGeneration: int64(
        'ObservedGeneration reflects the generation of the most recently observed ReplicaSet.',
      ),
      readyReplicas: int32(
        'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.',
      ),
      replicas: int32('Replicas is the most recently observed number of non-terminating pods.'),
    },
    ['replicas'],
  ),
  [`${APPS}ReplicaSetCondition`]: condition('ReplicaSet'),

  [`${APPS}DaemonSet`]: workload('DaemonSet', 'DaemonSet represents the configuration of a daemon set.'),
  [`${APPS}DaemonSetSpec`]: obj(
    'DaemonSetSpec is the specification of a daemon set.',
    {
      minReadySeconds,
      revisionHistoryLimit,
      selector: labelSelector(
        "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels.",
      ),
      template: ref(
        `${CORE}PodTemplateSpec`,
        "An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template's node selector (or on every node if no node selector is specified).",
      ),
      updateStrategy: a(
        'DaemonSetUpdateStrategy',
        'An update strategy to replace existing DaemonSet pods with new pods.',
      ),
    },
    ['selector', 'template'],
  ),
  [`${APPS}DaemonSetUpdateStrategy`]: obj(
    'DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.',
    {
      rollingUpdate: a(
        'RollingUpdateDaemonSet',
        'Rolling update config params. Present only if type = "RollingUpdate".',
      ),
      type: oneOf(
        ['OnDelete', 'RollingUpdate'],
        'Type of daemon set update. Can be "RollingUpdate" or "OnDelete". Default is RollingUpdate.',
      ),
    },
  ),
  [`${APPS}RollingUpdateDaemonSet`]: obj(
    'Spec to control the desired behavior of daemon set rolling update.',
    {
      maxSurge: intOrString(
        'The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during during an update. Defaults to 0.',
      ),
      maxUnavailable: intOrString(
        'The maximum number of DaemonSet pods that can be unavailable during the update. Defaults to 1.',
      ),
    },
  ),
  [`${APPS}DaemonSetStatus`]: obj(
    'DaemonSetStatus represents the current status of a daemon set.',
    {
      collisionCount,
      conditions: mergeList(
        a('DaemonSetCondition'),
        'type',
        "Represents the latest available observations of a DaemonSet's current state.",
      ),
      currentNumberScheduled: int32(
        'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
      ),
      desiredNumberScheduled: int32(
        'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).',
      ),
      numberAvailable: int32(
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
      ),
      numberMisscheduled: int32(
        'The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod.',
      ),
      numberReady: int32(
        'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.',
      ),
      numberUnavailable: int32(
        'The number of nodes that should be running the daemon pod and have none of the daemon pod running and available.',
      ),
      observedGeneration: int64('The most recent generation observed by the daemon set controller.'),
      updatedNumberScheduled: int32('The total number of nodes that are running updated daemon pod'),
    },
    ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'],
  ),
  [`${APPS}DaemonSetCondition`]: condition('DaemonSet'),

  [`${APPS}StatefulSet`]: workload(
    'StatefulSet',
    'StatefulSet represents a set of pods with consistent identities. Identities are defined as network (a single stable DNS and hostname) and storage.',
  ),
  [`${APPS}StatefulSetSpec`]: obj(
    'A StatefulSetSpec is the specification of a StatefulSet.',
    {
      minReadySeconds,
      ordinals: a(
        'StatefulSetOrdinals',
        'ordinals controls the numbering of replica indices in a StatefulSet.',
      ),
      persistentVolumeClaimRetentionPolicy: a(
        'StatefulSetPersistentVolumeClaimRetentionPolicy',
        'persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates.',
      ),
      podManagementPolicy: oneOf(
        ['OrderedReady', 'Parallel'],
        'podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down. The default policy is `OrderedReady`.',
      ),
      replicas: int32('replicas is the desired number of replicas of the given Template. Defaults to 1.'),
      revisionHistoryLimit: int32(
        "revisionHistoryLimit is the maximum number of revisions that will be maintained in the StatefulSet's revision history. Defaults to 10.",
      ),
      selector: labelSelector(
        "selector is a label query over pods that should match the replica count. It must match the pod template's labels.",
      ),
      serviceName: str(
        'serviceName is the name of the service that governs this StatefulSet. This service must exist before the StatefulSet, and is responsible for the network identity of the set.',
      ),
      template: ref(
        `${CORE}PodTemplateSpec`,
        'template is the object that describes the pod that will be created if insufficient replicas are detected. Each pod stamped out by the StatefulSet will fulfill this Template, but have a unique identity from the rest of the StatefulSet.',
      ),
      updateStrategy: a(
        'StatefulSetUpdateStrategy',
        'updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.',
      ),
      volumeClaimTemplates: list(
        ref(`${CORE}PersistentVolumeClaim`),
        'volumeClaimTemplates is a list of claims that pods are allowed to reference.',
        { listType: 'atomic' },
      ),
    },
    ['selector', 'template'],
  ),
  [`${APPS}StatefulSetOrdinals`]: obj(
    'StatefulSetOrdinals describes the policy used for replica ordinal assignment in this StatefulSet.',
    {
      start: int32("start is the number representing the first replica's index. Defaults to 0."),
    },
  ),
  [`${APPS}StatefulSetPersistentVolumeClaimRetentionPolicy`]: obj(
    'StatefulSetPersistentVolumeClaimRetentionPolicy describes the policy used for PVCs created from the StatefulSet VolumeClaimTemplates.',
    {
      whenDeleted: oneOf(
        ['Delete', 'Retain'],
        'WhenDeleted specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted. The default policy of `Retain` causes PVCs to not be affected by StatefulSet deletion.',
      ),
      whenScaled: oneOf(
        ['Delete', 'Retain'],
        'WhenScaled specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down. The default policy of `Retain` causes PVCs to not be affected by a scaledown.',
      ),
    },
  ),
  [`${APPS}StatefulSetUpdateStrategy`]: obj(
    'StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates.',
    {
      rollingUpdate: a(
        'RollingUpdateStatefulSetStrategy',
        'RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.',
      ),
      type: oneOf(
        ['OnDelete', 'RollingUpdate'],
        'Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.',
      ),
    },
  ),
  [`${APPS}RollingUpdateStatefulSetStrategy`]: obj(
    'RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.',
    {
      maxUnavailable: intOrString(
        'The maximum number of pods that can be unavailable during the update. Defaults to 1.',
      ),
      partition: int32(
        'Partition indicates the ordinal at which the StatefulSet should be partitioned for updates. Default value is 0.',
      ),
    },
  ),
  [`${APPS}StatefulSetStatus`]: obj(
    'StatefulSetStatus represents the current state of a StatefulSet.',
    {
      availableReplicas: int32(
        'Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.',
      ),
      collisionCount,
      conditions: mergeList(
        a('StatefulSetCondition'),
        'type',
        "Represents the latest available observations of a statefulset's current state.",
      ),
      currentReplicas: int32(
        'currentReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision.',
      ),
      currentRevision: str(
        'currentRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).',
      ),
      observedGeneration: int64(
        "observedGeneration is the most recent generation observed for this StatefulSet. It corresponds to the StatefulSet's generation, which is updated on mutation by the API Server.",
      ),
      readyReplicas: int32(
        'readyReplicas is the number of pods created for this StatefulSet with a Ready Condition.',
      ),
      replicas: int32('replicas is the number of Pods created by the StatefulSet controller.'),
      updateRevision: str(
        'updateRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)',
      ),
      updatedReplicas: int32(
        'updatedReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision.',
      ),
    },
    ['replicas'],
  ),
  [`${APPS}StatefulSetCondition`]: condition('StatefulSet'),

  [`${APPS}ControllerRevision`]: kind(
    'ControllerRevision implements an immutable snapshot of state data. Clients are responsible for serializing and deserializing the objects that contain their internal state.',
    gvk('ControllerRevision'),
    {
      data: ref(RAW_EXTENSION, 'Data is the serialized representation of the state.'),
      revision: int64('Revision indicates the revision of the state represented by Data.'),
    },
    ['revision'],
  ),
};
