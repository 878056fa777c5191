/** networking.k8s.io, coordination.k8s.io, discovery.k8s.io and storage.k8s.io kinds. */
import {
  bool,
  COORDINATION,
  CORE,
  DISCOVERY,
  int32,
  kind,
  list,
  microTime,
  NETWORKING,
  obj,
  oneOf,
  ref,
  STORAGE,
  str,
  strMap,
  strs,
} from '../dsl.js';
import type { Definitions } from '../types.js';

const n = (name: string, description?: string) => ref(NETWORKING + name, description);
const d = (name: string, description?: string) => ref(DISCOVERY + name, description);

export const miscDefinitions: Definitions = {
  [`${NETWORKING}Ingress`]: kind(
    'Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend. An Ingress can be configured to give services externally-reachable urls, load balance traffic, terminate SSL, offer name based virtual hosting etc.',
    { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' },
    {
      spec: n('IngressSpec', 'spec is the desired state of the Ingress.'),
      status: n('IngressStatus', 'status is the current state of the Ingress.'),
    },
  ),
  [`${NETWORKING}IngressSpec`]: obj('IngressSpec describes the Ingress the user wishes to exist.', {
    defaultBackend: n(
      'IngressBackend',
      "defaultBackend is the backend that should handle requests that don't match any rule.",
    ),
    ingressClassName: str('ingressClassName is the name of an IngressClass cluster resource.'),
    rules: list(
      n('IngressRule'),
      'rules is a list of host rules used to configure the Ingress. If unspecified, or no rule matches, all traffic is sent to the default backend.',
      { listType: 'atomic' },
    ),
    tls: list(n('IngressTLS'), 'tls represents the TLS configuration.', { listType: 'atomic' }),
  }),
  [`${NETWORKING}IngressBackend`]: obj(
    'IngressBackend describes all endpoints for a given service and port.',
    {
      resource: ref(
        `${CORE}TypedLocalObjectReference`,
        'resource is an ObjectRef to another Kubernetes resource in the namespace of the Ingress object. If resource is specified, a service.Name and service.Port must not be specified.',
      ),
      service: n(
        'IngressServiceBackend',
        'service references a service as a backend. This is a mutually exclusive setting with "Resource".',
      ),
    },
  ),
  [`${NETWORKING}IngressServiceBackend`]: obj(
    'IngressServiceBackend references a Kubernetes Service as a Backend.',
    {
      name: str(
        'name is the referenced service. The service must exist in the same namespace as the Ingress object.',
      ),
      port: n(
        'ServiceBackendPort',
        'port of the referenced service. A port name or port number is required for a IngressServiceBackend.',
      ),
    },
    ['name'],
  ),
  [`${NETWORKING}ServiceBackendPort`]: {
    ...obj('ServiceBackendPort is the service port being referenced.', {
      name: str(
        'name is the name of the port on the Service. This is a mutually exclusive setting with "Number".',
      ),
      number: int32(
        'number is the numerical port number (e.g. 80) on the Service. This is a mutually exclusive setting with "Name".',
      ),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${NETWORKING}IngressRule`]: obj(
    'IngressRule represents the rules mapping the paths under a specified host to the related backend services.',
    {
      host: str('host is the fully qualified domain name of a network host, as defined by RFC 3986.'),
      http: n('HTTPIngressRuleValue', 'http is a list of http selectors pointing to backends.'),
    },
  ),
  [`${NETWORKING}HTTPIngressRuleValue`]: obj(
    'HTTPIngressRuleValue is a list of http selectors pointing to backends.',
    {
      paths: list(n('HTTPIngressPath'), 'paths is a collection of paths that map requests to backends.', {
        listType: 'atomic',
      }),
    },
    ['paths'],
  ),
  [`${NETWORKING}HTTPIngressPath`]: obj(
    'HTTPIngressPath associates a path with a backend. Incoming urls matching the path are forwarded to the backend.',
    {
      backend: n(
        'IngressBackend',
        'backend defines the referenced service endpoint to which the traffic will be forwarded to.',
      ),
      path: str(
        'path is matched against the path of an incoming request. Currently it can contain characters disallowed from the conventional "path" part of a URL as defined by RFC 3986. Paths must begin with a \'/\' and must be present when using PathType with value "Exact" or "Prefix".',
      ),
      pathType: oneOf(
        ['Exact', 'ImplementationSpecific', 'Prefix'],
        'pathType determines the interpretation of the path matching. PathType can be one of the following values: Exact, Prefix, ImplementationSpecific.',
      ),
    },
    ['pathType', 'backend'],
  ),
  [`${NETWORKING}IngressTLS`]: obj(
    'IngressTLS describes the transport layer security associated with an ingress.',
    {
      hosts: strs('hosts is a list of hosts included in the TLS certificate.'),
      secretName: str('secretName is the name of the secret used to terminate TLS traffic on port 443.'),
    },
  ),
  [`${NETWORKING}IngressClass`]: kind(
    'IngressClass represents the class of the Ingress, referenced by the Ingress Spec. The `ingressclass.kubernetes.io/is-default-class` annotation can be used to indicate that an IngressClass should be considered default. When a single IngressClass resource has this annotation set to true, new Ingress resources without a class specified will be assigned this default class.',
    { group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass' },
    { spec: n('IngressClassSpec', 'spec is the desired state of the IngressClass.') },
  ),
  [`${NETWORKING}IngressClassSpec`]: obj(
    'IngressClassSpec provides information about the class of an Ingress.',
    {
      controller: str(
        'controller refers to the name of the controller that should handle this class. This allows for different "flavors" that are controlled by the same controller. For example, you may have different parameters for the same implementing controller. This should be specified as a domain-prefixed path no more than 250 characters in length, e.g. "acme.io/ingress-controller". This field is immutable.',
      ),
      parameters: n(
        'IngressClassParametersReference',
        'parameters is a link to a custom resource containing additional configuration for the controller. This is optional if the controller does not require extra parameters.',
      ),
    },
  ),
  [`${NETWORKING}IngressClassParametersReference`]: obj(
    'IngressClassParametersReference identifies an API object. This can be used to specify a cluster or namespace-scoped resource.',
    {
      apiGroup: str(
        'apiGroup is the group for the resource being referenced. If APIGroup is not specified, the specified Kind must be in the core API group. For any other third-party types, APIGroup is required.',
      ),
      kind: str('kind is the type of resource being referenced.'),
      name: str('name is the name of resource being referenced.'),
      namespace: str(
        'namespace is the namespace of the resource being referenced. This field is required when scope is set to "Namespace" and must be unset when scope is set to "Cluster".',
      ),
      scope: str(
        'scope represents if this refers to a cluster or namespace scoped resource. This may be set to "Cluster" (default) or "Namespace".',
      ),
    },
    ['kind', 'name'],
  ),
  [`${NETWORKING}IngressStatus`]: obj('IngressStatus describe the current state of the Ingress.', {
    loadBalancer: n(
      'IngressLoadBalancerStatus',
      'loadBalancer contains the current status of the load-balancer.',
    ),
  }),
  [`${NETWORKING}IngressLoadBalancerStatus`]: obj(
    'IngressLoadBalancerStatus represents the status of a load-balancer.',
    {
      ingress: list(
        n('IngressLoadBalancerIngress'),
        'ingress is a list containing ingress points for the load-balancer.',
        { listType: 'atomic' },
      ),
    },
  ),
  [`${NETWORKING}IngressLoadBalancerIngress`]: obj(
    'IngressLoadBalancerIngress represents the status of a load-balancer ingress point.',
    {
      hostname: str('hostname is set for load-balancer ingress points that are DNS based.'),
      ip: str('ip is set for load-balancer ingress points that are IP based.'),
      ports: list(
        n('IngressPortStatus'),
        'ports provides information about the ports exposed by this LoadBalancer.',
        { listType: 'atomic' },
      ),
    },
  ),
  [`${NETWORKING}IngressPortStatus`]: obj(
    'IngressPortStatus represents the error condition of a service port',
    {
      error: str('error is to record the problem with the service port.'),
      port: int32('port is the port number of the ingress port.'),
      protocol: oneOf(
        ['SCTP', 'TCP', 'UDP'],
        'protocol is the protocol of the ingress port. The supported values are: "TCP", "UDP", "SCTP"',
      ),
    },
    ['port', 'protocol'],
  ),

  [`${COORDINATION}Lease`]: kind(
    'Lease defines a lease concept.',
    { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
    {
      spec: ref(`${COORDINATION}LeaseSpec`, 'spec contains the specification of the Lease.'),
    },
  ),
  [`${COORDINATION}LeaseSpec`]: obj('LeaseSpec is a specification of a Lease.', {
    acquireTime: microTime('acquireTime is a time when the current lease was acquired.'),
    holderIdentity: str('holderIdentity contains the identity of the holder of a current lease.'),
    leaseDurationSeconds: int32(
      'leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it. This is measured against the time of last observed renewTime.',
    ),
    leaseTransitions: int32('leaseTransitions is the number of transitions of a lease between holders.'),
    preferredHolder: str(
      'PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up.',
    ),
    renewTime: microTime(
      'renewTime is a time when the current holder of a lease has last updated the lease.',
    ),
    strategy: str('Strategy indicates the strategy for picking the leader for coordinated leader election.'),
  }),

  [`${DISCOVERY}EndpointSlice`]: kind(
    'EndpointSlice represents a subset of the endpoints that implement a service. For a given service there may be multiple EndpointSlice objects, selected by labels, which must be joined to produce the full set of endpoints.',
    { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' },
    {
      addressType: oneOf(
        ['FQDN', 'IPv4', 'IPv6'],
        'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation.',
      ),
      endpoints: list(
        d('Endpoint'),
        'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.',
        { listType: 'atomic' },
      ),
      ports: list(
        d('EndpointPort'),
        'ports specifies the list of network ports exposed by each endpoint in this slice.',
        { listType: 'atomic' },
      ),
    },
    ['addressType', 'endpoints'],
  ),
  [`${DISCOVERY}Endpoint`]: obj(
    'Endpoint represents a single logical "backend" implementing a service.',
    {
      addresses: strs(
        'addresses of this endpoint. The contents of this field are interpreted according to the corresponding EndpointSlice addressType field.',
        { listType: 'set' },
      ),
      conditions: d(
        'EndpointConditions',
        'conditions contains information about the current status of the endpoint.',
      ),
      deprecatedTopology: strMap(
        'deprecatedTopology contains topology information part of the v1beta1 API. This field is deprecated.',
      ),
      hints: d(
        'EndpointHints',
        'hints contains information associated with how an endpoint should be consumed.',
      ),
      hostname: str(
        'hostname of this endpoint. This field may be used by consumers of endpoints to distinguish endpoints from each other (e.g. in DNS names).',
      ),
      nodeName: str('nodeName represents the name of the Node hosting this endpoint.'),
      targetRef: ref(
        `${CORE}ObjectReference`,
        'targetRef is a reference to a Kubernetes object that represents this endpoint.',
      ),
      zone: str('zone is the name of the Zone this endpoint exists in.'),
    },
    ['addresses'],
  ),
  [`${DISCOVERY}EndpointConditions`]: obj(
    'EndpointConditions represents the current condition of an endpoint.',
    {
      ready: bool(
        'ready indicates that this endpoint is ready to receive traffic, according to whatever system is managing the endpoint.',
      ),
      serving: bool(
        'serving indicates that this endpoint is able to receive traffic, according to whatever system is managing the endpoint.',
      ),
      terminating: bool('terminating indicates that this endpoint is terminating.'),
    },
  ),
  [`${DISCOVERY}EndpointHints`]: obj(
    'EndpointHints provides hints describing how an endpoint should be consumed.',
    {
      forZones: list(
        d('ForZone'),
        'forZones indicates the zone(s) this endpoint should be consumed by to enable topology aware routing.',
        { listType: 'atomic' },
      ),
    },
  ),
  [`${DISCOVERY}ForZone`]: obj(
    'ForZone provides information about which zones should consume this endpoint.',
    {
      name: str('name represents the name of the zone.'),
    },
    ['name'],
  ),
  [`${DISCOVERY}EndpointPort`]: {
    ...obj('EndpointPort represents a Port used by an EndpointSlice', {
      appProtocol: str('The application protocol for this port.'),
      name: str(
        'name represents the name of this port. All ports in an EndpointSlice must have a unique name.',
      ),
      port: int32(
        'port represents the port number of the endpoint. If this is not specified, ports are not restricted and must be interpreted in the context of the specific consumer.',
      ),
      protocol: oneOf(
        ['SCTP', 'TCP', 'UDP'],
        'protocol represents the IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.',
      ),
    }),
    'x-kubernetes-map-type': 'atomic',
  },

  [`${STORAGE}StorageClass`]: kind(
    'StorageClass describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.',
    { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass' },
    {
      allowVolumeExpansion: bool('allowVolumeExpansion shows whether the storage class allow volume expand.'),
      allowedTopologies: list(
        ref(`${CORE}TopologySelectorTerm`),
        'allowedTopologies restrict the node topologies where volumes can be dynamically provisioned.',
        { listType: 'atomic' },
      ),
      mountOptions: strs(
        'mountOptions controls the mountOptions for dynamically provisioned PersistentVolumes of this storage class.',
      ),
      parameters: strMap(
        'parameters holds the parameters for the provisioner that should create volumes of this storage class.',
      ),
      provisioner: str('provisioner indicates the type of the provisioner.'),
      reclaimPolicy: oneOf(
        ['Delete', 'Recycle', 'Retain'],
        'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.',
      ),
      volumeBindingMode: oneOf(
        ['Immediate', 'WaitForFirstConsumer'],
        'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound. When unset, VolumeBindingImmediate is used.',
      ),
    },
    ['provisioner'],
  ),
  [`${CORE}TopologySelectorTerm`]: {
    ...obj(
      'A topology selector term represents the result of label queries. A null or empty topology selector term matches no objects.',
      {
        matchLabelExpressions: list(
          ref(`${CORE}TopologySelectorLabelRequirement`),
          'A list of topology selector requirements by labels.',
          { listType: 'atomic' },
        ),
      },
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${CORE}TopologySelectorLabelRequirement`]: obj(
    'A topology selector requirement is a selector that matches given label.',
    {
      key: str('The label key that the selector applies to.'),
      values: strs(
        'An array of string values. One value must match the label to be selected. Each entry in Values is ORed.',
      ),
    },
    ['key', 'values'],
  ),
};
