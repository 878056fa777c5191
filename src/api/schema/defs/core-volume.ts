/** core/v1 volumes: pod volume sources, PersistentVolume and PersistentVolumeClaim. */
import {
  bool,
  CORE,
  int32,
  int64,
  kind,
  labelSelector,
  list,
  mergeList,
  obj,
  objectMeta,
  oneOf,
  opaque,
  quantity,
  quantityMap,
  ref,
  str,
  strMap,
  strs,
  time,
} from '../dsl.js';
import type { Definitions, Schema } from '../types.js';

const c = (name: string, description?: string) => ref(CORE + name, description);

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const accessModes = (description: string) => list(oneOf(ACCESS_MODES), description, { listType: 'atomic' });

/** Volume sources minik8s stores but does not provide: kept as given. */
const foreignSources: Record<string, Schema> = Object.fromEntries(
  [
    [
      'awsElasticBlockStore',
      "AWS Disk resource that is attached to a kubelet's host machine and then exposed to the pod. Deprecated.",
    ],
    [
      'azureDisk',
      'azureDisk represents an Azure Data Disk mount on the host and bind mount to the pod. Deprecated.',
    ],
    [
      'azureFile',
      'azureFile represents an Azure File Service mount on the host and bind mount to the pod. Deprecated.',
    ],
    ['cephfs', "cephFS represents a Ceph FS mount on the host that shares a pod's lifetime. Deprecated."],
    [
      'cinder',
      'cinder represents a cinder volume attached and mounted on kubelets host machine. Deprecated.',
    ],
    [
      'fc',
      "fc represents a Fibre Channel resource that is attached to a kubelet's host machine and then exposed to the pod.",
    ],
    [
      'flexVolume',
      'flexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin. Deprecated.',
    ],
    ['flocker', "flocker represents a Flocker volume attached to a kubelet's host machine. Deprecated."],
    [
      'gcePersistentDisk',
      "gcePersistentDisk represents a GCE Disk resource that is attached to a kubelet's host machine and then exposed to the pod. Deprecated.",
    ],
    [
      'glusterfs',
      "glusterfs represents a Glusterfs mount on the host that shares a pod's lifetime. Deprecated.",
    ],
    [
      'iscsi',
      "iscsi represents an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod.",
    ],
    [
      'photonPersistentDisk',
      'photonPersistentDisk represents a PhotonController persistent disk attached and mounted on kubelets host machine. Deprecated.',
    ],
    [
      'portworxVolume',
      'portworxVolume represents a portworx volume attached and mounted on kubelets host machine. Deprecated.',
    ],
    ['quobyte', "quobyte represents a Quobyte mount on the host that shares a pod's lifetime. Deprecated."],
    [
      'rbd',
      "rbd represents a Rados Block Device mount on the host that shares a pod's lifetime. Deprecated.",
    ],
    [
      'scaleIO',
      'scaleIO represents a ScaleIO persistent volume attached and mounted on Kubernetes nodes. Deprecated.',
    ],
    [
      'storageos',
      'storageOS represents a StorageOS volume attached and mounted on Kubernetes nodes. Deprecated.',
    ],
    [
      'vsphereVolume',
      'vsphereVolume represents a vSphere volume attached and mounted on kubelets host machine. Deprecated.',
    ],
  ].map(([name, description]) => [name, opaque(description)]),
);

const keyToPaths = (what: string) =>
  list(
    c('KeyToPath'),
    `items: if unspecified, each key-value pair in the Data field of the referenced ${what} will be projected into the volume as a file whose name is the key and content is the value.`,
    { listType: 'atomic' },
  );

const defaultMode = int32(
  'defaultMode is optional: mode bits used to set permissions on created files by default. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. Defaults to 0644.',
);

export const volumeDefinitions: Definitions = {
  [`${CORE}Volume`]: obj(
    'Volume represents a named volume in a pod that may be accessed by any container in the pod.',
    {
      ...foreignSources,
      configMap: c(
        'ConfigMapVolumeSource',
        'configMap represents a configMap that should populate this volume',
      ),
      csi: c(
        'CSIVolumeSource',
        'csi (Container Storage Interface) represents ephemeral storage that is handled by certain external CSI drivers.',
      ),
      downwardAPI: c(
        'DownwardAPIVolumeSource',
        'downwardAPI represents downward API about the pod that should populate this volume',
      ),
      emptyDir: c(
        'EmptyDirVolumeSource',
        "emptyDir represents a temporary directory that shares a pod's lifetime. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir",
      ),
      ephemeral: c(
        'EphemeralVolumeSource',
        "ephemeral represents a volume that is handled by a cluster storage driver. The volume's lifecycle is tied to the pod that defines it.",
      ),
      gitRepo: opaque('gitRepo represents a git repository at a particular revision. Deprecated.'),
      hostPath: c(
        'HostPathVolumeSource',
        'hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container.',
      ),
      image: c(
        'ImageVolumeSource',
        "image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine.",
      ),
      name: str('name of the volume. Must be a DNS_LABEL and unique within the pod.'),
      nfs: c('NFSVolumeSource', "nfs represents an NFS mount on the host that shares a pod's lifetime"),
      persistentVolumeClaim: c(
        'PersistentVolumeClaimVolumeSource',
        'persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace.',
      ),
      projected: c(
        'ProjectedVolumeSource',
        'projected items for all in one resources secrets, configmaps, and downward API',
      ),
      secret: c(
        'SecretVolumeSource',
        'secret represents a secret that should populate this volume. More info: https://kubernetes.io/docs/concepts/storage/volumes#secret',
      ),
    },
    ['name'],
  ),
  [`${CORE}EmptyDirVolumeSource`]: obj(
    'Represents an empty directory for a pod. Empty directory volumes support ownership management and SELinux relabeling.',
    {
      medium: str(
        'medium represents what type of storage medium should back this directory. The default is "" which means to use the node\'s default medium. Must be an empty string (default) or Memory.',
      ),
      sizeLimit: quantity(
        'sizeLimit is the total amount of local storage required for this EmptyDir volume.',
      ),
    },
  ),
  [`${CORE}HostPathVolumeSource`]: obj(
    'Represents a host path mapped into a pod. Host path volumes do not support ownership management or SELinux relabeling.',
    {
      path: str(
        'path of the directory on the host. If the path is a symlink, it will follow the link to the real path.',
      ),
      type: oneOf(
        ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'],
        'type for HostPath Volume. Defaults to "".',
      ),
    },
    ['path'],
  ),
  [`${CORE}ConfigMapVolumeSource`]: obj(
    "Adapts a ConfigMap into a volume. The contents of the target ConfigMap's Data field will be presented in a volume as files using the keys in the Data field as the file names.",
    {
      defaultMode,
      items: keyToPaths('ConfigMap'),
      name: str('Name of the referent.'),
      optional: bool('optional specify whether the ConfigMap or its keys must be defined'),
    },
  ),
  [`${CORE}SecretVolumeSource`]: obj(
    "Adapts a Secret into a volume. The contents of the target Secret's Data field will be presented in a volume as files using the keys in the Data field as the file names.",
    {
      defaultMode,
      items: keyToPaths('Secret'),
      optional: bool('optional field specify whether the Secret or its keys must be defined'),
      secretName: str("secretName is the name of the secret in the pod's namespace to use."),
    },
  ),
  [`${CORE}KeyToPath`]: obj(
    'Maps a string key to a path within a volume.',
    {
      key: str('key is the key to project.'),
      mode: int32(
        'mode is Optional: mode bits used to set permissions on this file. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511.',
      ),
      path: str(
        "path is the relative path of the file to map the key to. May not be an absolute path. May not contain the path element '..'. May not start with the string '..'.",
      ),
    },
    ['key', 'path'],
  ),
  [`${CORE}DownwardAPIVolumeSource`]: obj(
    'DownwardAPIVolumeSource represents a volume containing downward API info. Downward API volumes support ownership management and SELinux relabeling.',
    {
      defaultMode,
      items: list(c('DownwardAPIVolumeFile'), 'Items is a list of downward API volume file', {
        listType: 'atomic',
      }),
    },
  ),
  [`${CORE}DownwardAPIVolumeFile`]: obj(
    'DownwardAPIVolumeFile represents information to create the file containing the pod field',
    {
      fieldRef: c(
        'ObjectFieldSelector',
        'Required: Selects a field of the pod: only annotations, labels, name, namespace and uid are supported.',
      ),
      mode: int32(
        'Optional: mode bits used to set permissions on this file, must be an octal value between 0000 and 0777 or a decimal value between 0 and 511.',
      ),
      path: str(
        "Required: Path is  the relative path name of the file to be created. Must not be absolute or contain the '..' path.",
      ),
      resourceFieldRef: c(
        'ResourceFieldSelector',
        'Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, requests.cpu and requests.memory) are currently supported.',
      ),
    },
    ['path'],
  ),
  [`${CORE}ProjectedVolumeSource`]: obj('Represents a projected volume source', {
    defaultMode,
    sources: list(
      c('VolumeProjection'),
      'sources is the list of volume projections. Each entry in this list handles one source.',
      { listType: 'atomic' },
    ),
  }),
  [`${CORE}VolumeProjection`]: obj(
    'Projection that may be projected along with other supported volume types. Exactly one of these fields must be set.',
    {
      clusterTrustBundle: opaque(
        'ClusterTrustBundle allows a pod to access the `.spec.trustBundle` field of ClusterTrustBundle objects in an auto-updating file.',
      ),
      configMap: c('ConfigMapProjection', 'configMap information about the configMap data to project'),
      downwardAPI: c(
        'DownwardAPIProjection',
        'downwardAPI information about the downwardAPI data to project',
      ),
      secret: c('SecretProjection', 'secret information about the secret data to project'),
      serviceAccountToken: c(
        'ServiceAccountTokenProjection',
        'serviceAccountToken is information about the serviceAccountToken data to project',
      ),
    },
  ),
  [`${CORE}ConfigMapProjection`]: obj('Adapts a ConfigMap into a projected volume.', {
    items: keyToPaths('ConfigMap'),
    name: str('Name of the referent.'),
    optional: bool('optional specify whether the ConfigMap or its keys must be defined'),
  }),
  [`${CORE}SecretProjection`]: obj('Adapts a secret into a projected volume.', {
    items: keyToPaths('Secret'),
    name: str('Name of the referent.'),
    optional: bool('optional field specify whether the Secret or its key must be defined'),
  }),
  [`${CORE}DownwardAPIProjection`]: obj(
    'Represents downward API info for projecting into a projected volume.',
    {
      items: list(c('DownwardAPIVolumeFile'), 'Items is a list of DownwardAPIVolume file', {
        listType: 'atomic',
      }),
    },
  ),
  [`${CORE}ServiceAccountTokenProjection`]: obj(
    'ServiceAccountTokenProjection represents a projected service account token volume.',
    {
      audience: str('audience is the intended audience of the token.'),
      expirationSeconds: int64(
        'expirationSeconds is the requested duration of validity of the service account token. Defaults to 1 hour and must be at least 10 minutes.',
      ),
      path: str('path is the path relative to the mount point of the file to project the token into.'),
    },
    ['path'],
  ),
  [`${CORE}NFSVolumeSource`]: obj(
    'Represents an NFS mount that lasts the lifetime of a pod.',
    {
      path: str('path that is exported by the NFS server.'),
      readOnly: bool(
        'readOnly here will force the NFS export to be mounted with read-only permissions. Defaults to false.',
      ),
      server: str('server is the hostname or IP address of the NFS server.'),
    },
    ['server', 'path'],
  ),
  [`${CORE}PersistentVolumeClaimVolumeSource`]: obj(
    "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace.",
    {
      claimName: str(
        'claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume.',
      ),
      readOnly: bool('readOnly Will force the ReadOnly setting in VolumeMounts. Default false.'),
    },
    ['claimName'],
  ),
  [`${CORE}CSIVolumeSource`]: obj(
    'Represents a source location of a volume to mount, managed by an external CSI driver',
    {
      driver: str('driver is the name of the CSI driver that handles this volume.'),
      fsType: str('fsType to mount. Ex. "ext4", "xfs", "ntfs".'),
      nodePublishSecretRef: c(
        'LocalObjectReference',
        'nodePublishSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver.',
      ),
      readOnly: bool(
        'readOnly specifies a read-only configuration for the volume. Defaults to false (read/write).',
      ),
      volumeAttributes: strMap(
        'volumeAttributes stores driver-specific properties that are passed to the CSI driver.',
      ),
    },
    ['driver'],
  ),
  [`${CORE}EphemeralVolumeSource`]: obj(
    'Represents an ephemeral volume that is handled by a normal storage driver.',
    {
      volumeClaimTemplate: c(
        'PersistentVolumeClaimTemplate',
        'Will be used to create a stand-alone PVC to provision the volume.',
      ),
    },
  ),
  [`${CORE}PersistentVolumeClaimTemplate`]: obj(
    'PersistentVolumeClaimTemplate is used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource.',
    {
      metadata: objectMeta(),
      spec: c('PersistentVolumeClaimSpec', 'The specification for the PersistentVolumeClaim.'),
    },
    ['spec'],
  ),
  [`${CORE}ImageVolumeSource`]: obj('ImageVolumeSource represents a image volume resource.', {
    pullPolicy: oneOf(['Always', 'IfNotPresent', 'Never'], 'Policy for pulling OCI objects.'),
    reference: str('Required: Image or artifact reference to be used.'),
  }),
  [`${CORE}PersistentVolume`]: kind(
    'PersistentVolume (PV) is a storage resource provisioned by an administrator. It is analogous to a node. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes',
    { group: '', version: 'v1', kind: 'PersistentVolume' },
    {
      spec: c(
        'PersistentVolumeSpec',
        'spec defines a specification of a persistent volume owned by the cluster. Provisioned by an administrator.',
      ),
      status: c(
        'PersistentVolumeStatus',
        'status represents the current information/status for the persistent volume. Populated by the system. Read-only.',
      ),
    },
  ),
  [`${CORE}PersistentVolumeSpec`]: obj('PersistentVolumeSpec is the specification of a persistent volume.', {
    ...foreignSources,
    accessModes: accessModes(
      'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes',
    ),
    capacity: quantityMap("capacity is the description of the persistent volume's resources and capacity."),
    claimRef: c(
      'ObjectReference',
      'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound.',
    ),
    csi: opaque('csi represents storage that is handled by an external CSI driver.'),
    hostPath: c(
      'HostPathVolumeSource',
      'hostPath represents a directory on the host. Provisioned by a developer or tester.',
    ),
    local: c('LocalVolumeSource', 'local represents directly-attached storage with node affinity'),
    mountOptions: strs(
      'mountOptions is the list of mount options, e.g. ["ro", "soft"]. Not validated - mount will simply fail if one is invalid.',
    ),
    nfs: c('NFSVolumeSource', 'nfs represents an NFS mount on the host. Provisioned by an admin.'),
    nodeAffinity: c(
      'VolumeNodeAffinity',
      'nodeAffinity defines constraints that limit what nodes this volume can be accessed from.',
    ),
    persistentVolumeReclaimPolicy: oneOf(
      ['Delete', 'Recycle', 'Retain'],
      'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated).',
    ),
    storageClassName: str(
      'storageClassName is the name of StorageClass to which this persistent volume belongs. Empty value means that this volume does not belong to any StorageClass.',
    ),
    volumeAttributesClassName: str('Name of VolumeAttributesClass to which this persistent volume belongs.'),
    volumeMode: oneOf(
      ['Block', 'Filesystem'],
      'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.',
    ),
  }),
  [`${CORE}LocalVolumeSource`]: obj(
    'Local represents directly-attached storage with node affinity',
    {
      fsType: str('fsType is the filesystem type to mount.'),
      path: str(
        'path of the full path to the volume on the node. It can be either a directory or block device (disk, partition, ...).',
      ),
    },
    ['path'],
  ),
  [`${CORE}VolumeNodeAffinity`]: obj(
    'VolumeNodeAffinity defines constraints that limit what nodes this volume can be accessed from.',
    {
      required: c('NodeSelector', 'required specifies hard node constraints that must be met.'),
    },
  ),
  [`${CORE}PersistentVolumeStatus`]: obj(
    'PersistentVolumeStatus is the current status of a persistent volume.',
    {
      lastPhaseTransitionTime: time(
        'lastPhaseTransitionTime is the time the phase transitioned from one to another and automatically resets to current time everytime a volume phase transitions.',
      ),
      message: str(
        'message is a human-readable message indicating details about why the volume is in this state.',
      ),
      phase: oneOf(
        ['Available', 'Bound', 'Failed', 'Pending', 'Released'],
        'phase indicates if a volume is available, bound to a claim, or released by a claim.',
      ),
      reason: str(
        'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.',
      ),
    },
  ),
  [`${CORE}PersistentVolumeClaim`]: kind(
    "PersistentVolumeClaim is a user's request for and claim to a persistent volume",
    { group: '', version: 'v1', kind: 'PersistentVolumeClaim' },
    {
      spec: c(
        'PersistentVolumeClaimSpec',
        'spec defines the desired characteristics of a volume requested by a pod author.',
      ),
      status: c(
        'PersistentVolumeClaimStatus',
        'status represents the current information/status of a persistent volume claim. Read-only.',
      ),
    },
  ),
  [`${CORE}PersistentVolumeClaimSpec`]: obj(
    'PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes',
    {
      accessModes: accessModes(
        'accessModes contains the desired access modes the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1',
      ),
      dataSource: c(
        'TypedLocalObjectReference',
        'dataSource field can be used to specify either: an existing VolumeSnapshot object, an existing PVC (PersistentVolumeClaim).',
      ),
      dataSourceRef: c(
        'TypedObjectReference',
        'dataSourceRef specifies the object from which to populate the volume with data, if a non-empty volume is desired.',
      ),
      resources: c(
        'VolumeResourceRequirements',
        'resources represents the minimum resources the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#resources',
      ),
      selector: labelSelector('selector is a label query over volumes to consider for binding.'),
      storageClassName: str(
        'storageClassName is the name of the StorageClass required by the claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#class-1',
      ),
      volumeAttributesClassName: str(
        'volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.',
      ),
      volumeMode: oneOf(
        ['Block', 'Filesystem'],
        'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.',
      ),
      volumeName: str('volumeName is the binding reference to the PersistentVolume backing this claim.'),
    },
  ),
  [`${CORE}VolumeResourceRequirements`]: obj(
    'VolumeResourceRequirements describes the storage resource requirements for a volume.',
    {
      limits: quantityMap('Limits describes the maximum amount of compute resources allowed.'),
      requests: quantityMap('Requests describes the minimum amount of compute resources required.'),
    },
  ),
  [`${CORE}TypedLocalObjectReference`]: {
    ...obj(
      'TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.',
      {
        apiGroup: str(
          'APIGroup is the group for the resource being referenced. If APIGroup is not specified, the specified Kind must be in the core API group.',
        ),
        kind: str('Kind is the type of resource being referenced'),
        name: str('Name is the name of resource being referenced'),
      },
      ['kind', 'name'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${CORE}TypedObjectReference`]: obj(
    'TypedObjectReference contains enough information to let you locate the typed referenced object',
    {
      apiGroup: str('APIGroup is the group for the resource being referenced.'),
      kind: str('Kind is the type of resource being referenced'),
      name: str('Name is the name of resource being referenced'),
      namespace: str('Namespace is the namespace of resource being referenced'),
    },
    ['kind', 'name'],
  ),
  [`${CORE}PersistentVolumeClaimStatus`]: obj(
    'PersistentVolumeClaimStatus is the current status of a persistent volume claim.',
    {
      accessModes: accessModes(
        'accessModes contains the actual access modes the volume backing the PVC has.',
      ),
      allocatedResourceStatuses: {
        ...strMap('allocatedResourceStatuses stores status of resource being resized for the given PVC.'),
        'x-kubernetes-map-type': 'granular',
      },
      allocatedResources: quantityMap(
        'allocatedResources tracks the resources allocated to a PVC including its capacity.',
      ),
      capacity: quantityMap('capacity represents the actual resources of the underlying volume.'),
      conditions: mergeList(
        c('PersistentVolumeClaimCondition'),
        'type',
        'conditions is the current Condition of persistent volume claim.',
      ),
      currentVolumeAttributesClassName: str(
        'currentVolumeAttributesClassName is the current name of the VolumeAttributesClass the PVC is using.',
      ),
      modifyVolumeStatus: opaque(
        'ModifyVolumeStatus represents the status object of ControllerModifyVolume operation.',
      ),
      phase: oneOf(
        ['Bound', 'Lost', 'Pending'],
        'phase represents the current phase of PersistentVolumeClaim.',
      ),
    },
  ),
  [`${CORE}PersistentVolumeClaimCondition`]: obj(
    'PersistentVolumeClaimCondition contains details about state of pvc',
    {
      lastProbeTime: time('lastProbeTime is the time we probed the condition.'),
      lastTransitionTime: time(
        'lastTransitionTime is the time the condition transitioned from one status to another.',
      ),
      message: str('message is the human-readable message indicating details about last transition.'),
      reason: str(
        "reason is a unique, this should be a short, machine understandable string that gives the reason for condition's last transition.",
      ),
      status: str('Status is the status of the condition. Can be True, False, Unknown.'),
      type: str('Type is the type of the condition.'),
    },
    ['type', 'status'],
  ),
};
