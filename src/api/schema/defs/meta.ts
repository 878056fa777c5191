/** apimachinery types: object and list metadata, selectors, conditions, Quantity, IntOrString, Status. */
import {
  bool,
  INT_OR_STRING,
  int32,
  int64,
  LABEL_SELECTOR,
  LIST_META,
  list,
  META,
  MICRO_TIME,
  mergeList,
  OBJECT_META,
  obj,
  QUANTITY,
  RAW_EXTENSION,
  ref,
  str,
  strMap,
  strs,
  TIME,
  time,
} from '../dsl.js';
import type { Definitions } from '../types.js';

export const metaDefinitions: Definitions = {
  [TIME]: {
    description:
      'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON. Wrappers are provided for many of the factory methods that the time package offers.',
    type: 'string',
    format: 'date-time',
  },
  [MICRO_TIME]: {
    description: 'MicroTime is version of Time with microsecond level precision.',
    type: 'string',
    format: 'date-time',
  },
  [QUANTITY]: {
    description:
      'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n<quantity> ::= <signedNumber><suffix>\n\n<suffix> ::= <binarySI> | <decimalExponent> | <decimalSI>\n\n<binarySI> ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n<decimalSI> ::= m | "" | k | M | G | T | P | E',
    'x-kubernetes-int-or-string': true,
  },
  [INT_OR_STRING]: {
    description:
      'IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.',
    format: 'int-or-string',
    'x-kubernetes-int-or-string': true,
  },
  [RAW_EXTENSION]: {
    description: 'RawExtension is used to hold extensions in external versions: any complete object.',
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  [`${META}FieldsV1`]: {
    description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.',
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  [`${META}ManagedFieldsEntry`]: obj(
    'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.',
    {
      apiVersion: str('APIVersion defines the version of this resource that this field set applies to.'),
      fieldsType: str('FieldsType is the discriminator for the different fields format and version.'),
      fieldsV1: ref(
        `${META}FieldsV1`,
        'FieldsV1 holds the first JSON version format as described in the "FieldsV1" type.',
      ),
      manager: str('Manager is an identifier of the workflow managing these fields.'),
      operation: str(
        "Operation is the type of operation which lead to this ManagedFieldsEntry being created: 'Apply' or 'Update'.",
      ),
      subresource: str(
        'Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource.',
      ),
      time: time('Time is the timestamp of when the ManagedFields entry was added.'),
    },
  ),
  [`${META}OwnerReference`]: {
    ...obj(
      'OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.',
      {
        apiVersion: str('API version of the referent.'),
        blockOwnerDeletion: bool(
          'If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.',
        ),
        controller: bool('If true, this reference points to the managing controller.'),
        kind: str('Kind of the referent.'),
        name: str('Name of the referent.'),
        uid: str('UID of the referent.'),
      },
      ['apiVersion', 'kind', 'name', 'uid'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [OBJECT_META]: obj(
    'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
    {
      annotations: strMap(
        'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects.',
      ),
      creationTimestamp: time(
        'CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system. Read-only.',
      ),
      deletionGracePeriodSeconds: int64(
        'Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set.',
      ),
      deletionTimestamp: time(
        'DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. Set by the server when a graceful deletion is requested by the user.',
      ),
      finalizers: list(
        { type: 'string', default: '' },
        'Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.',
        {
          strategy: 'merge',
          listType: 'set',
        },
      ),
      generateName: str(
        'GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.',
      ),
      generation: int64(
        'A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.',
      ),
      labels: strMap(
        'Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services.',
      ),
      managedFields: list(
        ref(`${META}ManagedFieldsEntry`),
        'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.',
        { listType: 'atomic' },
      ),
      name: str(
        'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Cannot be updated.',
      ),
      namespace: str(
        'Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace. Cannot be updated.',
      ),
      ownerReferences: mergeList(
        ref(`${META}OwnerReference`),
        'uid',
        'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.',
      ),
      resourceVersion: str(
        'An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. Populated by the system. Read-only.',
      ),
      selfLink: str(
        'Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.',
      ),
      uid: str(
        'UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations. Populated by the system. Read-only.',
      ),
    },
  ),
  [LIST_META]: obj(
    'ListMeta describes metadata that synthetic resources must have, including lists and various status objects.',
    {
      continue: str(
        'continue may be set if the user set a limit on the number of items returned, and indicates that the server has more data available.',
      ),
      remainingItemCount: int64(
        'remainingItemCount is the number of subsequent items in the list which are not included in this list response.',
      ),
      resourceVersion: str(
        "String that identifies the server's internal version of this object that can be used by clients to determine when objects have changed.",
      ),
      selfLink: str(
        'Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.',
      ),
    },
  ),
  [LABEL_SELECTOR]: {
    ...obj(
      'A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.',
      {
        matchExpressions: list(
          ref(`${META}LabelSelectorRequirement`),
          'matchExpressions is a list of label selector requirements. The requirements are ANDed.',
          { listType: 'atomic' },
        ),
        matchLabels: strMap(
          'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value".',
        ),
      },
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${META}LabelSelectorRequirement`]: obj(
    'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
    {
      key: str('key is the label key that the selector applies to.'),
      operator: str(
        "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.",
      ),
      values: strs(
        'values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty.',
      ),
    },
    ['key', 'operator'],
  ),
  [`${META}Condition`]: obj(
    'Condition contains details for one aspect of the current state of this API Resource.',
    {
      lastTransitionTime: time(
        'lastTransitionTime is the last time the condition transitioned from one status to another.',
      ),
      message: str(
        'message is a human readable message indicating details about the transition. This may be an empty string.',
      ),
      observedGeneration: int64(
        'observedGeneration represents the .metadata.generation that the condition was set based upon.',
      ),
      reason: str(
        "reason contains a programmatic identifier indicating the reason for the condition's last transition.",
      ),
      status: str('status of the condition, one of True, False, Unknown.'),
      type: str('type of condition in CamelCase or in foo.example.com/CamelCase.'),
    },
    ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  ),
  [`${META}Status`]: obj("Status is a return value for calls that don't return other objects.", {
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    code: int32('Suggested HTTP return code for this status, 0 if not set.'),
    details: ref(`${META}StatusDetails`, 'Extended data associated with the reason.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    message: str('A human-readable description of the status of this operation.'),
    metadata: ref(LIST_META, 'Standard list metadata.'),
    reason: str('A machine-readable description of why this operation is in the "Failure" status.'),
    status: str('Status of the operation. One of: "Success" or "Failure".'),
  }),
  [`${META}StatusDetails`]: obj(
    'StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response.',
    {
      causes: list(
        ref(`${META}StatusCause`),
        'The Causes array includes more details associated with the StatusReason failure.',
        { listType: 'atomic' },
      ),
      group: str('The group attribute of the resource associated with the status StatusReason.'),
      kind: str('The kind attribute of the resource associated with the status StatusReason.'),
      name: str('The name attribute of the resource associated with the status StatusReason.'),
      retryAfterSeconds: int32('If specified, the time in seconds before the operation should be retried.'),
      uid: str('UID of the resource.'),
    },
  ),
  [`${META}StatusCause`]: obj(
    'StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.',
    {
      field: str('The field of the resource that has caused this error, as named by its JSON serialization.'),
      message: str('A human-readable description of the cause of the error.'),
      reason: str('A machine-readable description of the cause of the error.'),
    },
  ),
  [`${META}Preconditions`]: obj(
    'Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.',
    {
      resourceVersion: str('Specifies the target ResourceVersion'),
      uid: str('Specifies the target UID.'),
    },
  ),
  [`${META}DeleteOptions`]: obj('DeleteOptions may be provided when deleting an API object.', {
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    dryRun: strs('When present, indicates that modifications should not be persisted.'),
    gracePeriodSeconds: int64('The duration in seconds before the object should be deleted.'),
    ignoreStoreReadErrorWithClusterBreakingPotential: bool(
      'if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.',
    ),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    orphanDependents: bool(
      'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7.',
    ),
    preconditions: ref(`${META}Preconditions`, 'Must be fulfilled before a deletion is carried out.'),
    propagationPolicy: str(
      "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'.",
    ),
  }),
  [`${META}Patch`]: {
    description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
    type: 'object',
  },
  [`${META}WatchEvent`]: obj(
    'Event represents a single event to a watched resource.',
    {
      object: ref(RAW_EXTENSION, 'Object is: the object, or an error Status.'),
      type: str('ADDED, MODIFIED, DELETED, BOOKMARK or ERROR'),
    },
    ['type', 'object'],
  ),
  [`${META}APIVersions`]: obj(
    'APIVersions lists the versions that are available, to allow clients to discover the API at /api, which is the root path of the legacy v1 API.',
    {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      kind: str('Kind is a string value representing the REST resource this object represents.'),
      serverAddressByClientCIDRs: list(
        ref(`${META}ServerAddressByClientCIDR`),
        'a map of client CIDR to server address that is serving this group.',
        { listType: 'atomic' },
      ),
      versions: strs('versions are the api versions that are available.'),
    },
    ['versions', 'serverAddressByClientCIDRs'],
  ),
  [`${META}APIGroupList`]: obj(
    'APIGroupList is a list of APIGroup, to allow clients to discover the API at /apis.',
    {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      groups: list(ref(`${META}APIGroup`), 'groups is a list of APIGroup.', { listType: 'atomic' }),
      kind: str('Kind is a string value representing the REST resource this object represents.'),
    },
    ['groups'],
  ),
  [`${META}APIGroup`]: obj(
    'APIGroup contains the name, the supported versions, and the preferred version of a group.',
    {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      kind: str('Kind is a string value representing the REST resource this object represents.'),
      name: str('name is the name of the group.'),
      preferredVersion: ref(
        `${META}GroupVersionForDiscovery`,
        'preferredVersion is the version preferred by the API server, which probably is the storage version.',
      ),
      serverAddressByClientCIDRs: list(
        ref(`${META}ServerAddressByClientCIDR`),
        'a map of client CIDR to server address that is serving this group.',
        { listType: 'atomic' },
      ),
      versions: list(
        ref(`${META}GroupVersionForDiscovery`),
        'versions are the versions supported in this group.',
        { listType: 'atomic' },
      ),
    },
    ['name', 'versions'],
  ),
  [`${META}GroupVersionForDiscovery`]: obj(
    'GroupVersion contains the "group/version" and "version" string of a version.',
    {
      groupVersion: str('groupVersion specifies the API group and version in the form "group/version"'),
      version: str('version specifies the version in the form of "version".'),
    },
    ['groupVersion', 'version'],
  ),
  [`${META}ServerAddressByClientCIDR`]: obj(
    'ServerAddressByClientCIDR helps the client to determine the server address that they should use, depending on the clientCIDR that they match.',
    {
      clientCIDR: str(
        'The CIDR with which clients can match their IP to figure out the server address that they should use.',
      ),
      serverAddress: str('Address of this server, suitable for a client that matches the above CIDR.'),
    },
    ['clientCIDR', 'serverAddress'],
  ),
};
