/** core/v1 Container and what it holds: ports, env, resources, mounts, probes, lifecycle, security. */
import {
  bool,
  CORE,
  int32,
  int64,
  intOrString,
  list,
  mergeList,
  obj,
  oneOf,
  quantity,
  quantityMap,
  ref,
  str,
  strs,
} from '../dsl.js';
import type { Definitions, Schema } from '../types.js';

const c = (name: string, description?: string) => ref(CORE + name, description);

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

const probe = (what: string) =>
  c(
    'Probe',
    `Periodic probe of container ${what}. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes`,
  );

const containerProperties: Record<string, Schema> = {
  args: strs(
    "Arguments to the entrypoint. The container image's CMD is used if this is not provided. Cannot be updated.",
  ),
  command: strs(
    "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided. Cannot be updated.",
  ),
  env: mergeList(
    c('EnvVar'),
    'name',
    'List of environment variables to set in the container. Cannot be updated.',
  ),
  envFrom: list(
    c('EnvFromSource'),
    'List of sources to populate environment variables in the container. Cannot be updated.',
    { listType: 'atomic' },
  ),
  image: str('Container image name. More info: https://kubernetes.io/docs/concepts/containers/images'),
  imagePullPolicy: oneOf(
    ['Always', 'IfNotPresent', 'Never'],
    'Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated.',
  ),
  lifecycle: c(
    'Lifecycle',
    'Actions that the management system should take in response to container lifecycle events. Cannot be updated.',
  ),
  livenessProbe: probe('liveness. Container will be restarted if the probe fails. Cannot be updated'),
  name: str(
    'Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.',
  ),
  ports: mergeList(c('ContainerPort'), 'containerPort', 'List of ports to expose from the container.', [
    'containerPort',
    'protocol',
  ]),
  readinessProbe: probe(
    'service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated.',
  ),
  resizePolicy: list(c('ContainerResizePolicy'), 'Resources resize policy for the container.', {
    listType: 'atomic',
  }),
  resources: c(
    'ResourceRequirements',
    'Compute Resources required by this container. Cannot be updated. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
  ),
  restartPolicy: str(
    'RestartPolicy defines the restart behavior of individual containers in a pod. The only allowed value is "Always", for init containers (sidecars).',
  ),
  securityContext: c(
    'SecurityContext',
    'SecurityContext defines the security options the container should be run with.',
  ),
  startupProbe: probe(
    'startup. If specified, no other probes are executed until this completes successfully.',
  ),
  stdin: bool(
    'Whether this container should allocate a buffer for stdin in the container runtime. Default is false.',
  ),
  stdinOnce: bool(
    'Whether the container runtime should close the stdin channel after it has been opened by a single attach.',
  ),
  terminationMessagePath: str(
    "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem. Defaults to /dev/termination-log.",
  ),
  terminationMessagePolicy: oneOf(
    ['FallbackToLogsOnError', 'File'],
    'Indicate how the termination message should be populated. File will use the contents of terminationMessagePath. Defaults to File.',
  ),
  tty: bool(
    "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true. Default is false.",
  ),
  volumeDevices: mergeList(
    c('VolumeDevice'),
    'devicePath',
    'volumeDevices is the list of block devices to be used by the container.',
  ),
  volumeMounts: mergeList(
    c('VolumeMount'),
    'mountPath',
    "Pod volumes to mount into the container's filesystem. Cannot be updated.",
  ),
  workingDir: str(
    "Container's working directory. If not specified, the container runtime's default will be used. Cannot be updated.",
  ),
};

const handlers = {
  exec: c('ExecAction', 'Exec specifies a command to execute in the container.'),
  httpGet: c('HTTPGetAction', 'HTTPGet specifies an HTTP GET request to perform.'),
  tcpSocket: c('TCPSocketAction', 'TCPSocket specifies a connection to a TCP port.'),
};

const keySelector = (what: string) =>
  ({
    ...obj(
      `Selects a key from a ${what}.`,
      {
        key: str(`The key of the ${what} to select from. Must be a valid secret key.`),
        name: str(
          'Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names',
        ),
        optional: bool(`Specify whether the ${what} or its key must be defined`),
      },
      ['key'],
    ),
    'x-kubernetes-map-type': 'atomic',
  }) as Schema;

export const containerDefinitions: Definitions = {
  [`${CORE}Container`]: obj(
    'A single application container that you want to run within a pod.',
    containerProperties,
    ['name'],
  ),
  [`${CORE}EphemeralContainer`]: obj(
    'An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging.',
    {
      ...containerProperties,
      targetContainerName: str(
        'If set, the name of the container from PodSpec that this ephemeral container targets.',
      ),
    },
    ['name'],
  ),
  [`${CORE}ContainerPort`]: obj(
    'ContainerPort represents a network port in a single container.',
    {
      containerPort: int32(
        "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.",
      ),
      hostIP: str('What host IP to bind the external port to.'),
      hostPort: int32(
        'Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536.',
      ),
      name: str(
        'If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name.',
      ),
      protocol: oneOf(PROTOCOLS, 'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".'),
    },
    ['containerPort'],
  ),
  [`${CORE}EnvVar`]: obj(
    'EnvVar represents an environment variable present in a Container.',
    {
      name: str('Name of the environment variable. Must be a C_IDENTIFIER.'),
      value: str(
        'Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. Defaults to "".',
      ),
      valueFrom: c(
        'EnvVarSource',
        "Source for the environment variable's value. Cannot be used if value is not empty.",
      ),
    },
    ['name'],
  ),
  [`${CORE}EnvVarSource`]: obj('EnvVarSource represents a source for the value of an EnvVar.', {
    configMapKeyRef: c('ConfigMapKeySelector', 'Selects a key of a ConfigMap.'),
    fieldRef: c(
      'ObjectFieldSelector',
      "Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.",
    ),
    resourceFieldRef: c(
      'ResourceFieldSelector',
      'Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.',
    ),
    secretKeyRef: c('SecretKeySelector', "Selects a key of a secret in the pod's namespace"),
  }),
  [`${CORE}ConfigMapKeySelector`]: keySelector('ConfigMap'),
  [`${CORE}SecretKeySelector`]: keySelector('Secret'),
  [`${CORE}ObjectFieldSelector`]: {
    ...obj(
      'ObjectFieldSelector selects an APIVersioned field of an object.',
      {
        apiVersion: str('Version of the schema the FieldPath is written in terms of, defaults to "v1".'),
        fieldPath: str('Path of the field to select in the specified API version.'),
      },
      ['fieldPath'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${CORE}ResourceFieldSelector`]: {
    ...obj(
      'ResourceFieldSelector represents container resources (cpu, memory) and their output format',
      {
        containerName: str('Container name: required for volumes, optional for env vars'),
        divisor: quantity('Specifies the output format of the exposed resources, defaults to "1"'),
        resource: str('Required: resource to select'),
      },
      ['resource'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${CORE}EnvFromSource`]: obj('EnvFromSource represents the source of a set of ConfigMaps or Secrets', {
    configMapRef: c('ConfigMapEnvSource', 'The ConfigMap to select from'),
    prefix: str('Optional text to prepend to the name of each environment variable. Must be a C_IDENTIFIER.'),
    secretRef: c('SecretEnvSource', 'The Secret to select from'),
  }),
  [`${CORE}ConfigMapEnvSource`]: obj(
    'ConfigMapEnvSource selects a ConfigMap to populate the environment variables with.',
    {
      name: str('Name of the referent.'),
      optional: bool('Specify whether the ConfigMap must be defined'),
    },
  ),
  [`${CORE}SecretEnvSource`]: obj(
    'SecretEnvSource selects a Secret to populate the environment variables with.',
    {
      name: str('Name of the referent.'),
      optional: bool('Specify whether the Secret must be defined'),
    },
  ),
  [`${CORE}ResourceRequirements`]: obj('ResourceRequirements describes the compute resource requirements.', {
    claims: list(
      c('ResourceClaim'),
      'Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.',
      { listType: 'map', mapKeys: ['name'] },
    ),
    limits: quantityMap(
      'Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
    ),
    requests: quantityMap(
      'Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified.',
    ),
  }),
  [`${CORE}ResourceClaim`]: obj(
    'ResourceClaim references one entry in PodSpec.ResourceClaims.',
    {
      name: str(
        'Name must match the name of one entry in pod.spec.resourceClaims of the Pod where this field is used.',
      ),
      request: str('Request is the name chosen for a request in the referenced claim.'),
    },
    ['name'],
  ),
  [`${CORE}ContainerResizePolicy`]: obj(
    'ContainerResizePolicy represents resource resize policy for the container.',
    {
      resourceName: str(
        'Name of the resource to which this resource resize policy applies. Supported values: cpu, memory.',
      ),
      restartPolicy: str(
        'Restart policy to apply when specified resource is resized. If not specified, it defaults to NotRequired.',
      ),
    },
    ['resourceName', 'restartPolicy'],
  ),
  [`${CORE}VolumeMount`]: obj(
    'VolumeMount describes a mounting of a Volume within a container.',
    {
      mountPath: str(
        "Path within the container at which the volume should be mounted. Must not contain ':'.",
      ),
      mountPropagation: oneOf(
        ['Bidirectional', 'HostToContainer', 'None'],
        'mountPropagation determines how mounts are propagated from the host to container and the other way around.',
      ),
      name: str('This must match the Name of a Volume.'),
      readOnly: bool(
        'Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.',
      ),
      recursiveReadOnly: str(
        'RecursiveReadOnly specifies whether read-only mounts should be handled recursively.',
      ),
      subPath: str(
        'Path within the volume from which the container\'s volume should be mounted. Defaults to "" (volume\'s root).',
      ),
      subPathExpr: str(
        "Expanded path within the volume from which the container's volume should be mounted.",
      ),
    },
    ['name', 'mountPath'],
  ),
  [`${CORE}VolumeDevice`]: obj(
    'volumeDevice describes a mapping of a raw block device within a container.',
    {
      devicePath: str('devicePath is the path inside of the container that the device will be mapped to.'),
      name: str('name must match the name of a persistentVolumeClaim in the pod'),
    },
    ['name', 'devicePath'],
  ),
  [`${CORE}Probe`]: obj(
    'Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.',
    {
      ...handlers,
      failureThreshold: int32(
        'Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.',
      ),
      grpc: c('GRPCAction', 'GRPC specifies a GRPC HealthCheckRequest.'),
      initialDelaySeconds: int32(
        'Number of seconds after the container has started before liveness probes are initiated.',
      ),
      periodSeconds: int32(
        'How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.',
      ),
      successThreshold: int32(
        'Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup.',
      ),
      terminationGracePeriodSeconds: int64(
        'Optional duration in seconds the pod needs to terminate gracefully upon probe failure.',
      ),
      timeoutSeconds: int32(
        'Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1.',
      ),
    },
  ),
  [`${CORE}ExecAction`]: obj('ExecAction describes a "run in container" action.', {
    command: strs(
      "Command is the command line to execute inside the container, the working directory for the command is root ('/') in the container's filesystem. The command is simply exec'd, it is not run inside a shell.",
    ),
  }),
  [`${CORE}HTTPGetAction`]: obj(
    'HTTPGetAction describes an action based on HTTP Get requests.',
    {
      host: str(
        'Host name to connect to, defaults to the pod IP. You probably want to set "Host" in httpHeaders instead.',
      ),
      httpHeaders: list(
        c('HTTPHeader'),
        'Custom headers to set in the request. HTTP allows repeated headers.',
        { listType: 'atomic' },
      ),
      path: str('Path to access on the HTTP server.'),
      port: intOrString(
        'Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.',
      ),
      scheme: oneOf(['HTTP', 'HTTPS'], 'Scheme to use for connecting to the host. Defaults to HTTP.'),
    },
    ['port'],
  ),
  [`${CORE}HTTPHeader`]: obj(
    'HTTPHeader describes a custom header to be used in HTTP probes',
    {
      name: str(
        'The header field name. This will be canonicalized upon output, so case-variant names will be understood as the same header.',
      ),
      value: str('The header field value'),
    },
    ['name', 'value'],
  ),
  [`${CORE}TCPSocketAction`]: obj(
    'TCPSocketAction describes an action based on opening a socket',
    {
      host: str('Optional: Host name to connect to, defaults to the pod IP.'),
      port: intOrString(
        'Number or name of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.',
      ),
    },
    ['port'],
  ),
  [`${CORE}GRPCAction`]: obj(
    'GRPCAction specifies an action involving a GRPC service.',
    {
      port: int32('Port number of the gRPC service. Number must be in the range 1 to 65535.'),
      service: str(
        'Service is the name of the service to place in the gRPC HealthCheckRequest. If this is not specified, the default behavior is defined by gRPC.',
      ),
    },
    ['port'],
  ),
  [`${CORE}Lifecycle`]: obj(
    'Lifecycle describes actions that the management system should take in response to container lifecycle events.',
    {
      postStart: c(
        'LifecycleHandler',
        'PostStart is called immediately after a container is created. If the handler fails, the container is terminated and restarted according to its restart policy.',
      ),
      preStop: c(
        'LifecycleHandler',
        'PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure, preemption, resource contention, etc.',
      ),
    },
  ),
  [`${CORE}LifecycleHandler`]: obj(
    'LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket must be specified.',
    {
      ...handlers,
      sleep: c('SleepAction', 'Sleep represents a duration that the container should sleep.'),
    },
  ),
  [`${CORE}SleepAction`]: obj(
    'SleepAction describes a "sleep" action.',
    {
      seconds: int64('Seconds is the number of seconds to sleep.'),
    },
    ['seconds'],
  ),
  [`${CORE}SecurityContext`]: obj(
    'SecurityContext holds security configuration that will be applied to a container. Some fields are present in both SecurityContext and PodSecurityContext. When both are set, the values in SecurityContext take precedence.',
    {
      allowPrivilegeEscalation: bool(
        'AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process.',
      ),
      appArmorProfile: c(
        'AppArmorProfile',
        "appArmorProfile is the AppArmor options to use by this container. If set, this profile overrides the pod's appArmorProfile.",
      ),
      capabilities: c(
        'Capabilities',
        'The capabilities to add/drop when running containers. Defaults to the default set of capabilities granted by the container runtime.',
      ),
      privileged: bool(
        'Run container in privileged mode. Processes in privileged containers are essentially equivalent to root on the host. Defaults to false.',
      ),
      procMount: str(
        'procMount denotes the type of proc mount to use for the containers. The default value is Default which uses the container runtime defaults for readonly paths and masked paths.',
      ),
      readOnlyRootFilesystem: bool(
        'Whether this container has a read-only root filesystem. Default is false.',
      ),
      runAsGroup: int64(
        'The GID to run the entrypoint of the container process. Uses runtime default if unset.',
      ),
      runAsNonRoot: bool(
        'Indicates that the container must run as a non-root user. If true, the Kubelet will validate the image at runtime to ensure that it does not run as UID 0 (root) and fail to start the container if it does.',
      ),
      runAsUser: int64(
        'The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified.',
      ),
      seLinuxOptions: c('SELinuxOptions', 'The SELinux context to be applied to the container.'),
      seccompProfile: c(
        'SeccompProfile',
        'The seccomp options to use by this container. If seccomp options are provided at both the pod & container level, the container options override the pod options.',
      ),
      windowsOptions: c(
        'WindowsSecurityContextOptions',
        'The Windows specific settings applied to all containers.',
      ),
    },
  ),
  [`${CORE}Capabilities`]: obj('Adds and removes POSIX capabilities from running containers.', {
    add: strs('Added capabilities'),
    drop: strs('Removed capabilities'),
  }),
  [`${CORE}SELinuxOptions`]: obj('SELinuxOptions are the labels to be applied to the container', {
    level: str('Level is SELinux level label that applies to the container.'),
    role: str('Role is a SELinux role label that applies to the container.'),
    type: str('Type is a SELinux type label that applies to the container.'),
    user: str('User is a SELinux user label that applies to the container.'),
  }),
  [`${CORE}WindowsSecurityContextOptions`]: obj(
    'WindowsSecurityContextOptions contain Windows-specific options and credentials.',
    {
      gmsaCredentialSpec: str(
        'GMSACredentialSpec is where the GMSA admission webhook inlines the contents of the GMSA credential spec named by the GMSACredentialSpecName field.',
      ),
      gmsaCredentialSpecName: str('GMSACredentialSpecName is the name of the GMSA credential spec to use.'),
      hostProcess: bool("HostProcess determines if a container should be run as a 'Host Process' container."),
      runAsUserName: str('The UserName in Windows to run the entrypoint of the container process.'),
    },
  ),
  [`${CORE}SeccompProfile`]: obj(
    "SeccompProfile defines a pod/container's seccomp profile settings. Only one profile source may be set.",
    {
      localhostProfile: str(
        'localhostProfile indicates a profile defined in a file on the node should be used. Must be set if type is "Localhost".',
      ),
      type: oneOf(
        ['Localhost', 'RuntimeDefault', 'Unconfined'],
        'type indicates which kind of seccomp profile will be applied.',
      ),
    },
    ['type'],
  ),
  [`${CORE}AppArmorProfile`]: obj(
    "AppArmorProfile defines a pod or container's AppArmor settings.",
    {
      localhostProfile: str('localhostProfile indicates a profile loaded on the node that should be used.'),
      type: oneOf(
        ['Localhost', 'RuntimeDefault', 'Unconfined'],
        'type indicates which kind of AppArmor profile will be applied.',
      ),
    },
    ['type'],
  ),
};
