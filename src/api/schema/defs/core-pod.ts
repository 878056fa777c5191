/** core/v1 Pod: PodSpec, scheduling constraints, PodStatus and container statuses. */
import {
  bool,
  CORE,
  int32,
  int64,
  kind,
  labelSelector,
  list,
  META,
  mergeList,
  obj,
  objectMeta,
  oneOf,
  POLICY,
  quantityMap,
  ref,
  str,
  strMap,
  strs,
  time,
} from '../dsl.js';
import type { Definitions } from '../types.js';

const c = (name: string, description?: string) => ref(CORE + name, description);

const nodeSelectorOperators = ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'];

export const podDefinitions: Definitions = {
  [`${CORE}Pod`]: kind(
    'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.',
    { group: '', version: 'v1', kind: 'Pod' },
    {
      spec: c(
        'PodSpec',
        'Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
      ),
      status: c(
        'PodStatus',
        'Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only.',
      ),
    },
  ),
  [`${CORE}PodTemplate`]: kind(
    'PodTemplate describes a template for creating copies of a predefined pod.',
    { group: '', version: 'v1', kind: 'PodTemplate' },
    {
      template: c(
        'PodTemplateSpec',
        'Template defines the pods that will be created from this pod template.',
      ),
    },
  ),
  [`${CORE}PodTemplateSpec`]: obj(
    'PodTemplateSpec describes the data a pod should have when created from a template',
    {
      metadata: objectMeta(),
      spec: c('PodSpec', 'Specification of the desired behavior of the pod.'),
    },
  ),
  [`${CORE}PodSpec`]: obj(
    'PodSpec is a description of a pod.',
    {
      activeDeadlineSeconds: int64(
        'Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer.',
      ),
      affinity: c('Affinity', "If specified, the pod's scheduling constraints"),
      automountServiceAccountToken: bool(
        'AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.',
      ),
      containers: mergeList(
        c('Container'),
        'name',
        'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.',
      ),
      dnsConfig: c(
        'PodDNSConfig',
        'Specifies the DNS parameters of a pod. Parameters specified here will be merged to the generated DNS configuration based on DNSPolicy.',
      ),
      dnsPolicy: oneOf(
        ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
        "Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'.",
      ),
      enableServiceLinks: bool(
        "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true.",
      ),
      ephemeralContainers: mergeList(
        c('EphemeralContainer'),
        'name',
        'List of ephemeral containers run in this pod. Ephemeral containers may be run in an existing pod to perform user-initiated actions such as debugging.',
      ),
      hostAliases: mergeList(
        c('HostAlias'),
        'ip',
        "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified.",
      ),
      hostIPC: bool("Use the host's ipc namespace. Optional: Default to false."),
      hostNetwork: bool(
        "Host networking requested for this pod. Use the host's network namespace. Default to false.",
      ),
      hostPID: bool("Use the host's pid namespace. Optional: Default to false."),
      hostUsers: bool("Use the host's user namespace. Optional: Default to true."),
      hostname: str(
        "Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value.",
      ),
      imagePullSecrets: mergeList(
        c('LocalObjectReference'),
        'name',
        'ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec.',
      ),
      initContainers: mergeList(
        c('Container'),
        'name',
        'List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started.',
      ),
      nodeName: str(
        'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.',
      ),
      nodeSelector: {
        ...strMap(
          "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node.",
        ),
        'x-kubernetes-map-type': 'atomic',
      },
      os: c('PodOS', 'Specifies the OS of the containers in the pod.'),
      overhead: quantityMap(
        'Overhead represents the resource overhead associated with running a pod for a given RuntimeClass.',
      ),
      preemptionPolicy: oneOf(
        ['Never', 'PreemptLowerPriority'],
        'PreemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.',
      ),
      priority: int32(
        'The priority value. Various system components use this field to find the priority of the pod. The higher the value, the higher the priority.',
      ),
      priorityClassName: str(
        'If specified, indicates the pod\'s priority. "system-node-critical" and "system-cluster-critical" are two special keywords which indicate the highest priorities.',
      ),
      readinessGates: list(
        c('PodReadinessGate'),
        'If specified, all readiness gates will be evaluated for pod readiness.',
        { listType: 'atomic' },
      ),
      resourceClaims: list(
        c('PodResourceClaim'),
        'ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start.',
        { mergeKey: 'name', strategy: 'merge,retainKeys', listType: 'map', mapKeys: ['name'] },
      ),
      resources: c(
        'ResourceRequirements',
        'Resources is the total amount of CPU and Memory resources required by all containers in the pod.',
      ),
      restartPolicy: oneOf(
        ['Always', 'Never', 'OnFailure'],
        'Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always.',
      ),
      runtimeClassName: str(
        'RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod.',
      ),
      schedulerName: str(
        'If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.',
      ),
      schedulingGates: mergeList(
        c('PodSchedulingGate'),
        'name',
        'SchedulingGates is an opaque list of values that if specified will block scheduling the pod.',
      ),
      securityContext: c(
        'PodSecurityContext',
        'SecurityContext holds pod-level security attributes and common container settings. Optional: Defaults to empty.',
      ),
      serviceAccount: str(
        'DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead.',
      ),
      serviceAccountName: str('ServiceAccountName is the name of the ServiceAccount to use to run this pod.'),
      setHostnameAsFQDN: bool(
        "If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default).",
      ),
      shareProcessNamespace: bool(
        'Share a single process namespace between all of the containers in a pod. Optional: Default to false.',
      ),
      subdomain: str(
        'If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>". If not specified, the pod will not have a domainname at all.',
      ),
      terminationGracePeriodSeconds: int64(
        'Optional duration in seconds the pod needs to terminate gracefully. May be decreased in delete request. Defaults to 30 seconds.',
      ),
      tolerations: list(c('Toleration'), "If specified, the pod's tolerations.", { listType: 'atomic' }),
      topologySpreadConstraints: list(
        c('TopologySpreadConstraint'),
        'TopologySpreadConstraints describes how a group of pods ought to spread across topology domains.',
        {
          mergeKey: 'topologyKey',
          strategy: 'merge',
          listType: 'map',
          mapKeys: ['topologyKey', 'whenUnsatisfiable'],
        },
      ),
      volumes: list(
        c('Volume'),
        'List of volumes that can be mounted by containers belonging to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes',
        { mergeKey: 'name', strategy: 'merge,retainKeys', listType: 'map', mapKeys: ['name'] },
      ),
    },
    ['containers'],
  ),
  [`${CORE}LocalObjectReference`]: {
    ...obj(
      'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.',
      {
        name: str(
          'Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names',
        ),
      },
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${CORE}PodOS`]: obj(
    'PodOS defines the OS parameters of a pod.',
    {
      name: str(
        'Name is the name of the operating system. The currently supported values are linux and windows.',
      ),
    },
    ['name'],
  ),
  [`${CORE}PodReadinessGate`]: obj(
    'PodReadinessGate contains the reference to a pod condition',
    {
      conditionType: str(
        "ConditionType refers to a condition in the pod's condition list with matching type.",
      ),
    },
    ['conditionType'],
  ),
  [`${CORE}PodSchedulingGate`]: obj(
    'PodSchedulingGate is associated to a Pod to guard its scheduling.',
    {
      name: str('Name of the scheduling gate. Each scheduling gate must have a unique name field.'),
    },
    ['name'],
  ),
  [`${CORE}PodResourceClaim`]: obj(
    'PodResourceClaim references exactly one ResourceClaim, either directly or by naming a ResourceClaimTemplate.',
    {
      name: str('Name uniquely identifies this resource claim inside the pod. This must be a DNS_LABEL.'),
      resourceClaimName: str(
        'ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod.',
      ),
      resourceClaimTemplateName: str(
        'ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod.',
      ),
    },
    ['name'],
  ),
  [`${CORE}HostAlias`]: obj(
    "HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file.",
    {
      hostnames: strs('Hostnames for the above IP address.'),
      ip: str('IP address of the host file entry.'),
    },
    ['ip'],
  ),
  [`${CORE}PodDNSConfig`]: obj(
    'PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.',
    {
      nameservers: strs(
        'A list of DNS name server IP addresses. This will be appended to the base nameservers generated from DNSPolicy. Duplicated nameservers will be removed.',
      ),
      options: list(
        c('PodDNSConfigOption'),
        'A list of DNS resolver options. This will be merged with the base options generated from DNSPolicy.',
        { listType: 'atomic' },
      ),
      searches: strs(
        'A list of DNS search domains for host-name lookup. This will be appended to the base search paths generated from DNSPolicy.',
      ),
    },
  ),
  [`${CORE}PodDNSConfigOption`]: obj('PodDNSConfigOption defines DNS resolver options of a pod.', {
    name: str("Name is this DNS resolver option's name. Required."),
    value: str("Value is this DNS resolver option's value."),
  }),
  [`${CORE}PodSecurityContext`]: obj(
    'PodSecurityContext holds pod-level security attributes and common container settings.',
    {
      appArmorProfile: c(
        'AppArmorProfile',
        'appArmorProfile is the AppArmor options to use by the containers in this pod.',
      ),
      fsGroup: int64(
        'A special supplemental group that applies to all containers in a pod. Some volume types allow the Kubelet to change the ownership of that volume to be owned by the pod.',
      ),
      fsGroupChangePolicy: oneOf(
        ['Always', 'OnRootMismatch'],
        'fsGroupChangePolicy defines behavior of changing ownership and permission of the volume before being exposed inside Pod.',
      ),
      runAsGroup: int64(
        'The GID to run the entrypoint of the container process. Uses runtime default if unset.',
      ),
      runAsNonRoot: bool('Indicates that the container must run as a non-root user.'),
      runAsUser: int64(
        'The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified.',
      ),
      seLinuxChangePolicy: str(
        "seLinuxChangePolicy defines how the container's SELinux label is applied to all volumes used by the Pod.",
      ),
      seLinuxOptions: c('SELinuxOptions', 'The SELinux context to be applied to all containers.'),
      seccompProfile: c('SeccompProfile', 'The seccomp options to use by the containers in this pod.'),
      supplementalGroups: list(
        { type: 'integer', format: 'int64', default: 0 },
        "A list of groups applied to the first process run in each container, in addition to the container's primary GID and fsGroup (if specified).",
        { listType: 'atomic' },
      ),
      supplementalGroupsPolicy: oneOf(
        ['Merge', 'Strict'],
        'Defines how supplemental groups of the first container processes are calculated.',
      ),
      sysctls: list(c('Sysctl'), 'Sysctls hold a list of namespaced sysctls used for the pod.', {
        listType: 'atomic',
      }),
      windowsOptions: c(
        'WindowsSecurityContextOptions',
        'The Windows specific settings applied to all containers.',
      ),
    },
  ),
  [`${CORE}Sysctl`]: obj(
    'Sysctl defines a kernel parameter to be set',
    {
      name: str('Name of a property to set'),
      value: str('Value of a property to set'),
    },
    ['name', 'value'],
  ),
  [`${CORE}Toleration`]: obj(
    'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.',
    {
      effect: oneOf(
        ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
        'Effect indicates the taint effect to match. Empty means match all taint effects.',
      ),
      key: str('Key is the taint key that the toleration applies to. Empty means match all taint keys.'),
      operator: oneOf(
        ['Equal', 'Exists'],
        "Operator represents a key's relationship to the value. Valid operators are Exists and Equal. Defaults to Equal.",
      ),
      tolerationSeconds: int64(
        'TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint.',
      ),
      value: str(
        'Value is the taint value the toleration matches to. If the operator is Exists, the value should be empty, otherwise just a regular string.',
      ),
    },
  ),
  [`${CORE}TopologySpreadConstraint`]: obj(
    'TopologySpreadConstraint specifies how to spread matching pods among the given topology.',
    {
      labelSelector: labelSelector(
        'LabelSelector is used to find matching pods. Pods that match this label selector are counted to determine the number of pods in their corresponding topology domain.',
      ),
      matchLabelKeys: strs(
        'MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated.',
      ),
      maxSkew: int32(
        'MaxSkew describes the degree to which pods may be unevenly distributed. It must be greater than zero.',
      ),
      minDomains: int32('MinDomains indicates a minimum number of eligible domains.'),
      nodeAffinityPolicy: oneOf(
        ['Honor', 'Ignore'],
        "NodeAffinityPolicy indicates how we will treat Pod's nodeAffinity/nodeSelector when calculating pod topology spread skew.",
      ),
      nodeTaintsPolicy: oneOf(
        ['Honor', 'Ignore'],
        'NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew.',
      ),
      topologyKey: str(
        'TopologyKey is the key of node labels. Nodes that have a label with this key and identical values are considered to be in the same topology.',
      ),
      whenUnsatisfiable: oneOf(
        ['DoNotSchedule', 'ScheduleAnyway'],
        "WhenUnsatisfiable indicates how to deal with a pod if it doesn't satisfy the spread constraint.",
      ),
    },
    ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
  ),
  [`${CORE}Affinity`]: obj('Affinity is a group of affinity scheduling rules.', {
    nodeAffinity: c('NodeAffinity', 'Describes node affinity scheduling rules for the pod.'),
    podAffinity: c(
      'PodAffinity',
      'Describes pod affinity scheduling rules (e.g. co-locate this pod in the same node, zone, etc. as some other pod(s)).',
    ),
    podAntiAffinity: c(
      'PodAntiAffinity',
      'Describes pod anti-affinity scheduling rules (e.g. avoid putting this pod in the same node, zone, etc. as some other pod(s)).',
    ),
  }),
  [`${CORE}NodeAffinity`]: obj('Node affinity is a group of node affinity scheduling rules.', {
    preferredDuringSchedulingIgnoredDuringExecution: list(
      c('PreferredSchedulingTerm'),
      'The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.',
      { listType: 'atomic' },
    ),
    requiredDuringSchedulingIgnoredDuringExecution: c(
      'NodeSelector',
      'If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.',
    ),
  }),
  [`${CORE}NodeSelector`]: {
    ...obj(
      'A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms.',
      {
        nodeSelectorTerms: list(
          c('NodeSelectorTerm'),
          'Required. A list of node selector terms. The terms are ORed.',
          { listType: 'atomic' },
        ),
      },
      ['nodeSelectorTerms'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${CORE}NodeSelectorTerm`]: {
    ...obj('A null or empty node selector term matches no objects. The requirements of them are ANDed.', {
      matchExpressions: list(
        c('NodeSelectorRequirement'),
        "A list of node selector requirements by node's labels.",
        { listType: 'atomic' },
      ),
      matchFields: list(
        c('NodeSelectorRequirement'),
        "A list of node selector requirements by node's fields.",
        { listType: 'atomic' },
      ),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${CORE}NodeSelectorRequirement`]: obj(
    'A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
    {
      key: str('The label key that the selector applies to.'),
      operator: oneOf(
        nodeSelectorOperators,
        "Represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists, DoesNotExist. Gt, and Lt.",
      ),
      values: strs(
        'An array of string values. If the operator is In or NotIn, the values array must be non-empty.',
      ),
    },
    ['key', 'operator'],
  ),
  [`${CORE}PreferredSchedulingTerm`]: obj(
    "An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it's a no-op).",
    {
      preference: c('NodeSelectorTerm', 'A node selector term, associated with the corresponding weight.'),
      weight: int32(
        'Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100.',
      ),
    },
    ['weight', 'preference'],
  ),
  [`${CORE}PodAffinity`]: obj('Pod affinity is a group of inter pod affinity scheduling rules.', {
    preferredDuringSchedulingIgnoredDuringExecution: list(
      c('WeightedPodAffinityTerm'),
      'The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field.',
      { listType: 'atomic' },
    ),
    requiredDuringSchedulingIgnoredDuringExecution: list(
      c('PodAffinityTerm'),
      'If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.',
      { listType: 'atomic' },
    ),
  }),
  [`${CORE}PodAntiAffinity`]: obj(
    'Pod anti affinity is a group of inter pod anti affinity scheduling rules.',
    {
      preferredDuringSchedulingIgnoredDuringExecution: list(
        c('WeightedPodAffinityTerm'),
        'The scheduler will prefer to schedule pods to nodes that satisfy the anti-affinity expressions specified by this field.',
        { listType: 'atomic' },
      ),
      requiredDuringSchedulingIgnoredDuringExecution: list(
        c('PodAffinityTerm'),
        'If the anti-affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.',
        { listType: 'atomic' },
      ),
    },
  ),
  [`${CORE}PodAffinityTerm`]: obj(
    'Defines a set of pods (namely those matching the labelSelector relative to the given namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) with.',
    {
      labelSelector: labelSelector(
        "A label query over a set of resources, in this case pods. If it's null, this PodAffinityTerm matches with no Pods.",
      ),
      matchLabelKeys: strs(
        'MatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.',
      ),
      mismatchLabelKeys: strs(
        'MismatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.',
      ),
      namespaceSelector: labelSelector('A label query over the set of namespaces that the term applies to.'),
      namespaces: strs('namespaces specifies a static list of namespace names that the term applies to.'),
      topologyKey: str(
        'This pod should be co-located (affinity) or not co-located (anti-affinity) with the pods matching the labelSelector in the specified namespaces, where co-located is defined as running on a node whose value of the label with key topologyKey matches that of any node on which any of the selected pods is running.',
      ),
    },
    ['topologyKey'],
  ),
  [`${CORE}WeightedPodAffinityTerm`]: obj(
    'The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s)',
    {
      podAffinityTerm: c(
        'PodAffinityTerm',
        'Required. A pod affinity term, associated with the corresponding weight.',
      ),
      weight: int32('weight associated with matching the corresponding podAffinityTerm, in the range 1-100.'),
    },
    ['weight', 'podAffinityTerm'],
  ),
  [`${CORE}PodStatus`]: obj(
    'PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane.',
    {
      conditions: mergeList(
        c('PodCondition'),
        'type',
        'Current service state of pod. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions',
      ),
      containerStatuses: list(c('ContainerStatus'), 'The list has one entry per container in the manifest.', {
        listType: 'atomic',
      }),
      ephemeralContainerStatuses: list(
        c('ContainerStatus'),
        'Status for any ephemeral containers that have run in this pod.',
        { listType: 'atomic' },
      ),
      hostIP: str(
        'hostIP holds the IP address of the host to which the pod is assigned. Empty if the pod has not started yet.',
      ),
      hostIPs: list(c('HostIP'), 'hostIPs holds the IP addresses allocated to the host.', {
        mergeKey: 'ip',
        strategy: 'merge',
        listType: 'atomic',
      }),
      initContainerStatuses: list(
        c('ContainerStatus'),
        'The list has one entry per init container in the manifest.',
        { listType: 'atomic' },
      ),
      message: str('A human readable message indicating details about why the pod is in this condition.'),
      nominatedNodeName: str(
        'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.',
      ),
      phase: oneOf(
        ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'],
        'The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle: Pending, Running, Succeeded, Failed or Unknown.',
      ),
      podIP: str(
        'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      ),
      podIPs: mergeList(c('PodIP'), 'ip', 'podIPs holds the IP addresses allocated to the pod.'),
      qosClass: oneOf(
        ['BestEffort', 'Burstable', 'Guaranteed'],
        'The Quality of Service (QOS) classification assigned to the pod based on resource requirements.',
      ),
      reason: str(
        "A brief CamelCase message indicating details about why the pod is in this state. e.g. 'Evicted'",
      ),
      resize: str(
        "Status of resources resize desired for pod's containers. It is empty if no resources resize is pending.",
      ),
      resourceClaimStatuses: list(c('PodResourceClaimStatus'), 'Status of resource claims.', {
        mergeKey: 'name',
        strategy: 'merge,retainKeys',
        listType: 'map',
        mapKeys: ['name'],
      }),
      startTime: time(
        'RFC 3339 date and time at which the object was acknowledged by the Kubelet. This is before the Kubelet pulled the container image(s) for the pod.',
      ),
    },
  ),
  [`${CORE}PodResourceClaimStatus`]: obj(
    'PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim which references a ResourceClaimTemplate.',
    {
      name: str('Name uniquely identifies this resource claim inside the pod.'),
      resourceClaimName: str(
        'ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.',
      ),
    },
    ['name'],
  ),
  [`${CORE}PodCondition`]: obj(
    'PodCondition contains details for the current condition of this pod.',
    {
      lastProbeTime: time('Last time we probed the condition.'),
      lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
      message: str('Human-readable message indicating details about last transition.'),
      reason: str("Unique, one-word, CamelCase reason for the condition's last transition."),
      status: str('Status is the status of the condition. Can be True, False, Unknown.'),
      type: str('Type is the type of the condition: PodScheduled, Initialized, ContainersReady, Ready, ...'),
    },
    ['type', 'status'],
  ),
  [`${CORE}HostIP`]: obj(
    'HostIP represents a single IP address allocated to the host.',
    { ip: str('IP is the IP address assigned to the host') },
    ['ip'],
  ),
  [`${CORE}PodIP`]: obj(
    'PodIP represents a single IP address allocated to the pod.',
    { ip: str('IP is the IP address assigned to the pod') },
    ['ip'],
  ),
  [`${CORE}ContainerStatus`]: obj(
    'ContainerStatus contains details for the current status of this container.',
    {
      allocatedResources: quantityMap(
        'AllocatedResources represents the compute resources allocated for this container by the node.',
      ),
      allocatedResourcesStatus: list(
        { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        'AllocatedResourcesStatus represents the status of various resources allocated for this Pod.',
        { mergeKey: 'name', strategy: 'merge', listType: 'map', mapKeys: ['name'] },
      ),
      containerID: str("ContainerID is the ID of the container in the format '<type>://<container_id>'."),
      image: str('Image is the name of container image that the container is running.'),
      imageID: str("ImageID is the image ID of the container's image."),
      lastState: c(
        'ContainerState',
        'LastTerminationState holds the last termination state of the container to help debug container crashes and restarts.',
      ),
      name: str(
        'Name is a DNS_LABEL representing the unique name of the container. Each container in a pod must have a unique name across all container types.',
      ),
      ready: bool('Ready specifies whether the container is currently passing its readiness check.'),
      resources: c(
        'ResourceRequirements',
        'Resources represents the compute resource requests and limits that have been successfully enacted on the running container after it has been started or has been successfully resized.',
      ),
      restartCount: int32('RestartCount holds the number of times the container has been restarted.'),
      started: bool(
        'Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe.',
      ),
      state: c('ContainerState', "State holds details about the container's current condition."),
      user: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        description:
          'User represents user identity information initially attached to the first process of the container',
      },
      volumeMounts: mergeList(c('VolumeMountStatus'), 'mountPath', 'Status of volume mounts.'),
    },
    ['name', 'ready', 'restartCount', 'image', 'imageID'],
  ),
  [`${CORE}VolumeMountStatus`]: obj(
    'VolumeMountStatus shows status of volume mounts.',
    {
      mountPath: str('MountPath corresponds to the original VolumeMount.'),
      name: str('Name corresponds to the name of the original VolumeMount.'),
      readOnly: bool('ReadOnly corresponds to the original VolumeMount.'),
      recursiveReadOnly: str(
        'RecursiveReadOnly must be set to Disabled, Enabled, or unspecified (for non-readonly mounts).',
      ),
    },
    ['name', 'mountPath'],
  ),
  [`${CORE}ContainerState`]: obj(
    'ContainerState holds a possible state of container. Only one of its members may be specified. If none of them is specified, the default one is ContainerStateWaiting.',
    {
      running: c('ContainerStateRunning', 'Details about a running container'),
      terminated: c('ContainerStateTerminated', 'Details about a terminated container'),
      waiting: c('ContainerStateWaiting', 'Details about a waiting container'),
    },
  ),
  [`${CORE}ContainerStateRunning`]: obj('ContainerStateRunning is a running state of a container.', {
    startedAt: time('Time at which the container was last (re-)started'),
  }),
  [`${CORE}ContainerStateWaiting`]: obj('ContainerStateWaiting is a waiting state of a container.', {
    message: str('Message regarding why the container is not yet running.'),
    reason: str('(brief) reason the container is not yet running.'),
  }),
  [`${CORE}ContainerStateTerminated`]: obj(
    'ContainerStateTerminated is a terminated state of a container.',
    {
      containerID: str("Container's ID in the format '<type>://<container_id>'"),
      exitCode: int32('Exit status from the last termination of the container'),
      finishedAt: time('Time at which the container last terminated'),
      message: str('Message regarding the last termination of the container'),
      reason: str('(brief) reason from the last termination of the container'),
      signal: int32('Signal from the last termination of the container'),
      startedAt: time('Time at which previous execution of the container started'),
    },
    ['exitCode'],
  ),
  [`${CORE}Binding`]: kind(
    'Binding ties one object to another; for example, a pod is bound to a node by a scheduler.',
    { group: '', version: 'v1', kind: 'Binding' },
    { target: c('ObjectReference', 'The target object that you want to bind to the standard object.') },
    ['target'],
  ),
  [`${CORE}ObjectReference`]: {
    ...obj('ObjectReference contains enough information to let you inspect or modify the referred object.', {
      apiVersion: str('API version of the referent.'),
      fieldPath: str(
        'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].',
      ),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      namespace: str('Namespace of the referent.'),
      resourceVersion: str('Specific resourceVersion to which this reference is made, if any.'),
      uid: str('UID of the referent.'),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${POLICY}Eviction`]: kind(
    'Eviction evicts a pod from its node subject to certain policies and safety constraints.',
    { group: 'policy', version: 'v1', kind: 'Eviction' },
    { deleteOptions: ref(`${META}DeleteOptions`, 'DeleteOptions may be provided') },
  ),
};
