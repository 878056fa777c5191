/** core/v1 kinds other than Pod and volumes: Namespace, Service, Endpoints, ConfigMap, Secret, ... */
import {
  bool,
  bytes,
  CORE,
  int32,
  int64,
  intOrString,
  kind,
  list,
  META,
  mergeList,
  microTime,
  obj,
  oneOf,
  opaque,
  quantityMap,
  ref,
  str,
  strMap,
  strs,
  time,
} from '../dsl.js';
import type { Definitions } from '../types.js';

const c = (name: string, description?: string) => ref(CORE + name, description);
const v1 = (k: string) => ({ group: '', version: 'v1', kind: k });
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

const conditionFields = (what: string) => ({
  lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
  message: str('A human readable message indicating details about the transition.'),
  reason: str("The reason for the condition's last transition."),
  status: str('Status of the condition, one of True, False, Unknown.'),
  type: str(`Type of ${what} condition.`),
});

export const coreDefinitions: Definitions = {
  [`${CORE}Namespace`]: kind(
    'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
    v1('Namespace'),
    {
      spec: c('NamespaceSpec', 'Spec defines the behavior of the Namespace.'),
      status: c('NamespaceStatus', 'Status describes the current status of a Namespace.'),
    },
  ),
  [`${CORE}NamespaceSpec`]: obj('NamespaceSpec describes the attributes on a Namespace.', {
    finalizers: strs(
      'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.',
    ),
  }),
  [`${CORE}NamespaceStatus`]: obj('NamespaceStatus is information about the current status of a Namespace.', {
    conditions: mergeList(
      c('NamespaceCondition'),
      'type',
      "Represents the latest available observations of a namespace's current state.",
    ),
    phase: oneOf(['Active', 'Terminating'], 'Phase is the current lifecycle phase of the namespace.'),
  }),
  [`${CORE}NamespaceCondition`]: obj(
    'NamespaceCondition contains details about state of namespace.',
    conditionFields('namespace'),
    ['type', 'status'],
  ),

  [`${CORE}Service`]: kind(
    'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
    v1('Service'),
    {
      spec: c('ServiceSpec', 'Spec defines the behavior of a service.'),
      status: c(
        'ServiceStatus',
        'Most recently observed status of the service. Populated by the system. Read-only.',
      ),
    },
  ),
  [`${CORE}ServiceSpec`]: obj('ServiceSpec describes the attributes that a user creates on a service.', {
    allocateLoadBalancerNodePorts: bool(
      'allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer. Default is "true".',
    ),
    clusterIP: str(
      'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range, and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName.',
    ),
    clusterIPs: strs(
      'ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.',
    ),
    externalIPs: strs(
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    externalName: str(
      'externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). Requires `type` to be "ExternalName".',
    ),
    externalTrafficPolicy: oneOf(
      ['Cluster', 'Local'],
      'externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service\'s "externally-facing" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs).',
    ),
    healthCheckNodePort: int32('healthCheckNodePort specifies the healthcheck nodePort for the service.'),
    internalTrafficPolicy: oneOf(
      ['Cluster', 'Local'],
      'InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP.',
    ),
    ipFamilies: strs('IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service.'),
    ipFamilyPolicy: oneOf(
      ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
      'IPFamilyPolicy represents the dual-stack-ness requested or required by this Service.',
    ),
    loadBalancerClass: str(
      'loadBalancerClass is the class of the load balancer implementation this Service belongs to.',
    ),
    loadBalancerIP: str(
      'Only applies to Service Type: LoadBalancer. This feature depends on whether the underlying cloud-provider supports specifying the loadBalancerIP when a load balancer is created. Deprecated.',
    ),
    loadBalancerSourceRanges: strs(
      'If specified and supported by the platform, this will restrict traffic through the cloud-provider load-balancer will be restricted to the specified client IPs.',
    ),
    ports: list(
      c('ServicePort'),
      'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
      { mergeKey: 'port', strategy: 'merge', listType: 'map', mapKeys: ['port', 'protocol'] },
    ),
    publishNotReadyAddresses: bool(
      'publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready.',
    ),
    selector: {
      ...strMap(
        'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints.',
      ),
      'x-kubernetes-map-type': 'atomic',
    },
    sessionAffinity: oneOf(
      ['ClientIP', 'None'],
      'Supports "ClientIP" and "None". Used to maintain session affinity. Enable client IP based session affinity. Must be ClientIP or None. Defaults to None.',
    ),
    sessionAffinityConfig: c(
      'SessionAffinityConfig',
      'sessionAffinityConfig contains the configurations of session affinity.',
    ),
    trafficDistribution: str(
      'TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints.',
    ),
    type: oneOf(
      ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
      'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.',
    ),
  }),
  [`${CORE}ServicePort`]: obj(
    "ServicePort contains information on service's port.",
    {
      appProtocol: str(
        'The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand.',
      ),
      name: str(
        'The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names.',
      ),
      nodePort: int32(
        'The port on each node on which this service is exposed when type is NodePort or LoadBalancer. Usually assigned by the system.',
      ),
      port: int32('The port that will be exposed by this service.'),
      protocol: oneOf(
        PROTOCOLS,
        'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.',
      ),
      targetPort: intOrString(
        "Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is not specified, the value of the 'port' field is used (an identity map).",
      ),
    },
    ['port'],
  ),
  [`${CORE}SessionAffinityConfig`]: obj(
    'SessionAffinityConfig represents the configurations of session affinity.',
    {
      clientIP: c(
        'ClientIPConfig',
        'clientIP contains the configurations of Client IP based session affinity.',
      ),
    },
  ),
  [`${CORE}ClientIPConfig`]: obj(
    'ClientIPConfig represents the configurations of Client IP based session affinity.',
    {
      timeoutSeconds: int32(
        'timeoutSeconds specifies the seconds of ClientIP type session sticky time. The value must be >0 && <=86400(for 1 day) if ServiceAffinity == "ClientIP". Default value is 10800(for 3 hours).',
      ),
    },
  ),
  [`${CORE}ServiceStatus`]: obj('ServiceStatus represents the current status of a service.', {
    conditions: list(ref(`${META}Condition`), 'Current service state', {
      mergeKey: 'type',
      strategy: 'merge',
      listType: 'map',
      mapKeys: ['type'],
    }),
    loadBalancer: c(
      'LoadBalancerStatus',
      'LoadBalancer contains the current status of the load-balancer, if one is present.',
    ),
  }),
  [`${CORE}LoadBalancerStatus`]: obj('LoadBalancerStatus represents the status of a load-balancer.', {
    ingress: list(
      c('LoadBalancerIngress'),
      'Ingress is a list containing ingress points for the load-balancer.',
      { listType: 'atomic' },
    ),
  }),
  [`${CORE}LoadBalancerIngress`]: obj(
    'LoadBalancerIngress represents the status of a load-balancer ingress point.',
    {
      hostname: str(
        'Hostname is set for load-balancer ingress points that are DNS based (typically AWS load-balancers)',
      ),
      ip: str(
        'IP is set for load-balancer ingress points that are IP based (typically GCE or OpenStack load-balancers)',
      ),
      ipMode: oneOf(
        ['Proxy', 'VIP'],
        'IPMode specifies how the load-balancer IP behaves, and may only be specified when the ip field is specified.',
      ),
      ports: list(
        c('PortStatus'),
        'Ports is a list of records of service ports. If used, every port defined in the service should have an entry in it',
        { listType: 'atomic' },
      ),
    },
  ),
  [`${CORE}PortStatus`]: obj(
    'PortStatus represents the error condition of a service port',
    {
      error: str('Error is to record the problem with the service port.'),
      port: int32('Port is the port number of the service port of which status is recorded here'),
      protocol: oneOf(
        PROTOCOLS,
        'Protocol is the protocol of the service port of which status is recorded here.',
      ),
    },
    ['port', 'protocol'],
  ),

  [`${CORE}Endpoints`]: kind(
    'Endpoints is a collection of endpoints that implement the actual service.',
    v1('Endpoints'),
    {
      subsets: list(
        c('EndpointSubset'),
        'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share.',
        { listType: 'atomic' },
      ),
    },
  ),
  [`${CORE}EndpointSubset`]: obj('EndpointSubset is a group of addresses with a common set of ports.', {
    addresses: list(
      c('EndpointAddress'),
      'IP addresses which offer the related ports that are marked as ready.',
      { listType: 'atomic' },
    ),
    notReadyAddresses: list(
      c('EndpointAddress'),
      'IP addresses which offer the related ports but are not currently marked as ready because they have not yet finished starting, have recently failed a readiness check, or have recently failed a liveness check.',
      { listType: 'atomic' },
    ),
    ports: list(c('EndpointPort'), 'Port numbers available on the related IP addresses.', {
      listType: 'atomic',
    }),
  }),
  [`${CORE}EndpointAddress`]: {
    ...obj(
      'EndpointAddress is a tuple that describes single IP address.',
      {
        hostname: str('The Hostname of this endpoint'),
        ip: str('The IP of this endpoint.'),
        nodeName: str(
          'Optional: Node hosting this endpoint. This can be used to determine endpoints local to a node.',
        ),
        targetRef: c('ObjectReference', 'Reference to object providing the endpoint.'),
      },
      ['ip'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${CORE}EndpointPort`]: {
    ...obj(
      'EndpointPort is a tuple that describes a single port.',
      {
        appProtocol: str('The application protocol for this port.'),
        name: str(
          "The name of this port. This must match the 'name' field in the corresponding ServicePort.",
        ),
        port: int32('The port number of the endpoint.'),
        protocol: oneOf(
          PROTOCOLS,
          'The IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.',
        ),
      },
      ['port'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },

  [`${CORE}ConfigMap`]: kind('ConfigMap holds configuration data for pods to consume.', v1('ConfigMap'), {
    binaryData: {
      type: 'object',
      additionalProperties: { type: 'string', format: 'byte' },
      description:
        "BinaryData contains the binary data. Each key must consist of alphanumeric characters, '-', '_' or '.'.",
    },
    data: strMap(
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'.",
    ),
    immutable: bool(
      'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified).',
    ),
  }),
  [`${CORE}Secret`]: kind(
    'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.',
    v1('Secret'),
    {
      data: {
        type: 'object',
        additionalProperties: bytes(),
        description:
          "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string.",
      },
      immutable: bool(
        'Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified).',
      ),
      stringData: strMap(
        'stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write.',
      ),
      type: str(
        'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
      ),
    },
  ),
  [`${CORE}ServiceAccount`]: kind(
    'ServiceAccount binds together: a name, understood by users, and perhaps by peripheral systems, for an identity; a principal that can be authenticated and authorized; a set of secrets.',
    v1('ServiceAccount'),
    {
      automountServiceAccountToken: bool(
        'AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted.',
      ),
      imagePullSecrets: list(
        c('LocalObjectReference'),
        'ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount.',
        { listType: 'atomic' },
      ),
      secrets: mergeList(
        c('ObjectReference'),
        'name',
        'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
      ),
    },
  ),

  [`${CORE}Node`]: kind(
    'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).',
    v1('Node'),
    {
      spec: c('NodeSpec', 'Spec defines the behavior of a node.'),
      status: c(
        'NodeStatus',
        'Most recently observed status of the node. Populated by the system. Read-only.',
      ),
    },
  ),
  [`${CORE}NodeSpec`]: obj('NodeSpec describes the attributes that a node is created with.', {
    configSource: opaque(
      "Deprecated: Previously used to specify the source of the node's configuration for the DynamicKubeletConfig feature.",
    ),
    externalID: str('Deprecated. Not all kubelets will set this field.'),
    podCIDR: str('PodCIDR represents the pod IP range assigned to the node.'),
    podCIDRs: list(
      { type: 'string', default: '' },
      'podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node.',
      { strategy: 'merge', listType: 'set' },
    ),
    providerID: str(
      'ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>',
    ),
    taints: list(c('Taint'), "If specified, the node's taints.", { listType: 'atomic' }),
    unschedulable: bool(
      'Unschedulable controls node schedulability of new pods. By default, node is schedulable.',
    ),
  }),
  [`${CORE}Taint`]: obj(
    'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.',
    {
      effect: oneOf(
        ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
        'Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute.',
      ),
      key: str('Required. The taint key to be applied to a node.'),
      timeAdded: time('TimeAdded represents the time at which the taint was added.'),
      value: str('The taint value corresponding to the taint key.'),
    },
    ['key', 'effect'],
  ),
  [`${CORE}NodeStatus`]: obj('NodeStatus is information about the current status of a node.', {
    addresses: mergeList(
      c('NodeAddress'),
      'type',
      'List of addresses reachable to the node. Queried from cloud provider, if available.',
    ),
    allocatable: quantityMap(
      'Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity.',
    ),
    capacity: quantityMap('Capacity represents the total resources of a node.'),
    conditions: mergeList(
      c('NodeCondition'),
      'type',
      'Conditions is an array of current observed node conditions.',
    ),
    config: opaque('Status of the config assigned to the node via the dynamic Kubelet config feature.'),
    daemonEndpoints: c('NodeDaemonEndpoints', 'Endpoints of daemons running on the Node.'),
    features: c(
      'NodeFeatures',
      'Features describes the set of features implemented by the CRI implementation.',
    ),
    images: list(c('ContainerImage'), 'List of container images on this node', { listType: 'atomic' }),
    nodeInfo: c('NodeSystemInfo', 'Set of ids/uuids to uniquely identify the node.'),
    phase: str('NodePhase is the recently observed lifecycle phase of the node. Deprecated.'),
    runtimeHandlers: list(c('NodeRuntimeHandler'), 'The available runtime handlers.', { listType: 'atomic' }),
    volumesAttached: list(c('AttachedVolume'), 'List of volumes that are attached to the node.', {
      listType: 'atomic',
    }),
    volumesInUse: strs('List of attachable volumes in use (mounted) by the node.'),
  }),
  [`${CORE}NodeAddress`]: obj(
    "NodeAddress contains information for the node's address.",
    {
      address: str('The node address.'),
      type: str('Node address type, one of Hostname, ExternalIP or InternalIP.'),
    },
    ['type', 'address'],
  ),
  [`${CORE}NodeCondition`]: obj(
    'NodeCondition contains condition information for a node.',
    {
      ...conditionFields('node'),
      lastHeartbeatTime: time('Last time we got an update on a given condition.'),
    },
    ['type', 'status'],
  ),
  [`${CORE}NodeDaemonEndpoints`]: obj(
    'NodeDaemonEndpoints lists ports opened by daemons running on the Node.',
    {
      kubeletEndpoint: c('DaemonEndpoint', 'Endpoint on which Kubelet is listening.'),
    },
  ),
  [`${CORE}DaemonEndpoint`]: obj(
    'DaemonEndpoint contains information about a single Daemon endpoint.',
    {
      Port: int32('Port number of the given endpoint.'),
    },
    ['Port'],
  ),
  [`${CORE}NodeFeatures`]: obj(
    'NodeFeatures describes the set of features implemented by the CRI implementation.',
    {
      supplementalGroupsPolicy: bool(
        'SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser.',
      ),
    },
  ),
  [`${CORE}ContainerImage`]: obj('Describe a container image', {
    names: strs(
      'Names by which this image is known. e.g. ["kubernetes.example/hyperkube:v1.0.7", "cloud-vendor.registry.example/cloud-vendor/hyperkube:v1.0.7"]',
    ),
    sizeBytes: int64('The size of the image in bytes.'),
  }),
  [`${CORE}NodeSystemInfo`]: obj(
    'NodeSystemInfo is a set of ids/uuids to uniquely identify the node.',
    {
      architecture: str('The Architecture reported by the node'),
      bootID: str('Boot ID reported by the node.'),
      containerRuntimeVersion: str(
        'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
      ),
      kernelVersion: str("Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
      kubeProxyVersion: str('Deprecated: KubeProxy Version reported by the node.'),
      kubeletVersion: str('Kubelet Version reported by the node.'),
      machineID: str(
        'MachineID reported by the node. For unique machine identification in the cluster this field is preferred.',
      ),
      operatingSystem: str('The Operating System reported by the node'),
      osImage: str('OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
      systemUUID: str('SystemUUID reported by the node.'),
    },
    [
      'machineID',
      'systemUUID',
      'bootID',
      'kernelVersion',
      'osImage',
      'containerRuntimeVersion',
      'kubeletVersion',
      'kubeProxyVersion',
      'operatingSystem',
      'architecture',
    ],
  ),
  [`${CORE}NodeRuntimeHandler`]: obj('NodeRuntimeHandler is a set of runtime handler information.', {
    features: c('NodeRuntimeHandlerFeatures', 'Supported features.'),
    name: str('Runtime handler name. Empty for the default runtime handler.'),
  }),
  [`${CORE}NodeRuntimeHandlerFeatures`]: obj(
    'NodeRuntimeHandlerFeatures is a set of features implemented by the runtime handler.',
    {
      recursiveReadOnlyMounts: bool(
        'RecursiveReadOnlyMounts is set to true if the runtime handler supports RecursiveReadOnlyMounts.',
      ),
      userNamespaces: bool(
        'UserNamespaces is set to true if the runtime handler supports UserNamespaces, including for volumes.',
      ),
    },
  ),
  [`${CORE}AttachedVolume`]: obj(
    'AttachedVolume describes a volume attached to a node',
    {
      devicePath: str('DevicePath represents the device path where the volume should be available'),
      name: str('Name of the attached volume'),
    },
    ['name', 'devicePath'],
  ),

  [`${CORE}Event`]: kind(
    'Event is a report of an event somewhere in the cluster.',
    v1('Event'),
    {
      action: str('What action was taken/failed regarding to the Regarding object.'),
      count: int32('The number of times this event has occurred.'),
      eventTime: microTime('Time when this Event was first observed.'),
      firstTimestamp: time(
        'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
      ),
      involvedObject: c('ObjectReference', 'The object that this event is about.'),
      lastTimestamp: time('The time at which the most recent occurrence of this event was recorded.'),
      message: str('A human-readable description of the status of this operation.'),
      reason: str(
        "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
      ),
      related: c('ObjectReference', 'Optional secondary object for more complex actions.'),
      reportingComponent: str(
        'Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.',
      ),
      reportingInstance: str('ID of the controller instance, e.g. `kubelet-xyzf`.'),
      series: c(
        'EventSeries',
        "Data about the Event series this event represents or nil if it's a singleton Event.",
      ),
      source: c(
        'EventSource',
        'The component reporting this event. Should be a short machine understandable string.',
      ),
      type: str('Type of this event (Normal, Warning), new types could be added in the future'),
    },
    ['metadata', 'involvedObject'],
  ),
  [`${CORE}EventSource`]: obj('EventSource contains information for an event.', {
    component: str('Component from which the event is generated.'),
    host: str('Node name on which the event is generated.'),
  }),
  [`${CORE}EventSeries`]: obj(
    'EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.',
    {
      count: int32('Number of occurrences in this series up to the last heartbeat time'),
      lastObservedTime: microTime('Time of the last occurrence observed'),
    },
  ),

  [`${CORE}ReplicationController`]: kind(
    'ReplicationController represents the configuration of a replication controller.',
    v1('ReplicationController'),
    {
      spec: c(
        'ReplicationControllerSpec',
        'Spec defines the specification of the desired behavior of the replication controller.',
      ),
      status: c(
        'ReplicationControllerStatus',
        'Status is the most recently observed status of the replication controller. Read-only.',
      ),
    },
  ),
  [`${CORE}ReplicationControllerSpec`]: obj(
    'ReplicationControllerSpec is the specification of a replication controller.',
    {
      minReadySeconds: int32(
        'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0.',
      ),
      replicas: int32(
        'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1.',
      ),
      selector: {
        ...strMap(
          'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template.',
        ),
        'x-kubernetes-map-type': 'atomic',
      },
      template: c(
        'PodTemplateSpec',
        'Template is the object that describes the pod that will be created if insufficient replicas are detected.',
      ),
    },
  ),
  [`${CORE}ReplicationControllerStatus`]: obj(
    'ReplicationControllerStatus represents the current status of a replication controller.',
    {
      availableReplicas: int32(
        'The number of available replicas (ready for at least minReadySeconds) for this replication controller.',
      ),
      conditions: mergeList(
        c('ReplicationControllerCondition'),
        'type',
        "Represents the latest available observations of a replication controller's current state.",
      ),
      fullyLabeledReplicas: int32(
        'The number of pods that have labels matching the labels of the pod template of the replication controller.',
      ),
      observedGeneration: int64(
        'ObservedGeneration reflects the generation of the most recently observed replication controller.',
      ),
      readyReplicas: int32('The number of ready replicas for this replication controller.'),
      replicas: int32('Replicas is the most recently observed number of replicas.'),
    },
    ['replicas'],
  ),
  [`${CORE}ReplicationControllerCondition`]: obj(
    'ReplicationControllerCondition describes the state of a replication controller at a certain point.',
    conditionFields('replication controller'),
    ['type', 'status'],
  ),
};
