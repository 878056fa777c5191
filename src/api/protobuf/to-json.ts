import type protobuf from 'protobufjs';
import { microTimestamp, timestamp } from '../time.js';

/**
 * Go structs embedded with `json:",inline"`: their fields sit in the parent's JSON object.
 * Every `localObjectReference` field is one of these too.
 */
const INLINE = new Set([
  'Probe.handler',
  'EphemeralContainer.ephemeralContainerCommon',
  'Volume.volumeSource',
  'IngressRule.ingressRuleValue',
]);

/**
 * Scalars that are Go pointers. Go's marshaller writes every non-pointer scalar, zero or not,
 * while its JSON drops zero values (omitempty) and the API reads a zero as unset. A pointer is
 * written only when set, and then even a zero means something (replicas: 0, optional: false).
 */
const POINTERS = new Set([
  'ObjectMeta.deletionGracePeriodSeconds',
  'OwnerReference.controller',
  'OwnerReference.blockOwnerDeletion',
  'ConfigMap.immutable',
  'Secret.immutable',
  'ServiceAccount.automountServiceAccountToken',
  'ConfigMapEnvSource.optional',
  'ConfigMapKeySelector.optional',
  'ConfigMapProjection.optional',
  'ConfigMapVolumeSource.defaultMode',
  'ConfigMapVolumeSource.optional',
  'SecretEnvSource.optional',
  'SecretKeySelector.optional',
  'SecretProjection.optional',
  'SecretVolumeSource.defaultMode',
  'SecretVolumeSource.optional',
  'FileKeySelector.optional',
  'KeyToPath.mode',
  'DownwardAPIVolumeFile.mode',
  'DownwardAPIVolumeSource.defaultMode',
  'ProjectedVolumeSource.defaultMode',
  'ServiceAccountTokenProjection.expirationSeconds',
  'ClusterTrustBundleProjection.name',
  'ClusterTrustBundleProjection.signerName',
  'ClusterTrustBundleProjection.optional',
  'PodCertificateProjection.maxExpirationSeconds',
  'HostPathVolumeSource.type',
  'CSIVolumeSource.readOnly',
  'CSIVolumeSource.fsType',
  'ISCSIVolumeSource.initiatorName',
  'AzureDiskVolumeSource.cachingMode',
  'AzureDiskVolumeSource.fsType',
  'AzureDiskVolumeSource.readOnly',
  'AzureDiskVolumeSource.kind',
  'PersistentVolumeClaimSpec.storageClassName',
  'PersistentVolumeClaimSpec.volumeMode',
  'PersistentVolumeClaimSpec.volumeAttributesClassName',
  'TypedLocalObjectReference.apiGroup',
  'TypedObjectReference.apiGroup',
  'TypedObjectReference.namespace',
  'Container.restartPolicy',
  'EphemeralContainerCommon.restartPolicy',
  'Lifecycle.stopSignal',
  'Probe.terminationGracePeriodSeconds',
  'GRPCAction.service',
  'PodSpec.terminationGracePeriodSeconds',
  'PodSpec.activeDeadlineSeconds',
  'PodSpec.automountServiceAccountToken',
  'PodSpec.shareProcessNamespace',
  'PodSpec.priority',
  'PodSpec.enableServiceLinks',
  'PodSpec.preemptionPolicy',
  'PodSpec.runtimeClassName',
  'PodSpec.setHostnameAsFQDN',
  'PodSpec.hostUsers',
  'PodSpec.hostnameOverride',
  'PodSecurityContext.runAsUser',
  'PodSecurityContext.runAsGroup',
  'PodSecurityContext.runAsNonRoot',
  'PodSecurityContext.fsGroup',
  'PodSecurityContext.fsGroupChangePolicy',
  'PodSecurityContext.supplementalGroupsPolicy',
  'PodSecurityContext.seLinuxChangePolicy',
  'SecurityContext.privileged',
  'SecurityContext.runAsUser',
  'SecurityContext.runAsGroup',
  'SecurityContext.runAsNonRoot',
  'SecurityContext.readOnlyRootFilesystem',
  'SecurityContext.allowPrivilegeEscalation',
  'SecurityContext.procMount',
  'WindowsSecurityContextOptions.gmsaCredentialSpecName',
  'WindowsSecurityContextOptions.gmsaCredentialSpec',
  'WindowsSecurityContextOptions.runAsUserName',
  'WindowsSecurityContextOptions.hostProcess',
  'SeccompProfile.localhostProfile',
  'AppArmorProfile.localhostProfile',
  'Toleration.tolerationSeconds',
  'TopologySpreadConstraint.minDomains',
  'TopologySpreadConstraint.nodeAffinityPolicy',
  'TopologySpreadConstraint.nodeTaintsPolicy',
  'PodResourceClaim.resourceClaimName',
  'PodResourceClaim.resourceClaimTemplateName',
  'PodDNSConfigOption.value',
  'VolumeMount.recursiveReadOnly',
  'VolumeMount.mountPropagation',
  'ServiceSpec.ipFamilyPolicy',
  'ServiceSpec.allocateLoadBalancerNodePorts',
  'ServiceSpec.loadBalancerClass',
  'ServiceSpec.internalTrafficPolicy',
  'ServiceSpec.trafficDistribution',
  'ClientIPConfig.timeoutSeconds',
  'ServicePort.appProtocol',
  'LoadBalancerIngress.ipMode',
  'PortStatus.error',
  'DeploymentSpec.replicas',
  'DeploymentSpec.revisionHistoryLimit',
  'DeploymentSpec.progressDeadlineSeconds',
  'DeploymentSpec.podReplacementPolicy',
  'DeploymentStatus.terminatingReplicas',
  'DeploymentStatus.collisionCount',
  'JobSpec.parallelism',
  'JobSpec.completions',
  'JobSpec.activeDeadlineSeconds',
  'JobSpec.backoffLimit',
  'JobSpec.backoffLimitPerIndex',
  'JobSpec.maxFailedIndexes',
  'JobSpec.manualSelector',
  'JobSpec.ttlSecondsAfterFinished',
  'JobSpec.completionMode',
  'JobSpec.suspend',
  'JobSpec.podReplacementPolicy',
  'JobSpec.managedBy',
  'JobStatus.terminating',
  'JobStatus.failedIndexes',
  'JobStatus.ready',
  'PodFailurePolicyOnExitCodesRequirement.containerName',
  'SuccessPolicyRule.succeededIndexes',
  'SuccessPolicyRule.succeededCount',
  'CronJobSpec.timeZone',
  'CronJobSpec.startingDeadlineSeconds',
  'CronJobSpec.suspend',
  'CronJobSpec.successfulJobsHistoryLimit',
  'CronJobSpec.failedJobsHistoryLimit',
  'IngressSpec.ingressClassName',
  'HTTPIngressPath.pathType',
  'IngressPortStatus.error',
  'DeleteOptions.gracePeriodSeconds',
  'DeleteOptions.orphanDependents',
  'DeleteOptions.propagationPolicy',
  'Preconditions.uid',
  'Preconditions.resourceVersion',
]);

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Decoded = protobuf.Message & Record<string, unknown>;

function has(msg: Decoded, name: string): boolean {
  return Object.hasOwn(msg, name);
}

function int64(v: unknown): number {
  // protobufjs hands 64-bit integers over as Long objects when long.js is installed.
  return typeof v === 'number' ? v : Number(String(v));
}

/** A metav1.Time: whole seconds, RFC 3339 in UTC; an empty message is Go's zero time, null. */
function time(msg: Decoded): Json {
  if (!has(msg, 'seconds') && !has(msg, 'nanos')) return null;
  return timestamp(new Date(int64(msg.seconds ?? 0) * 1000));
}

/** A metav1.MicroTime: RFC 3339 with six fraction digits, in UTC. */
function microTime(msg: Decoded): Json {
  if (!has(msg, 'seconds') && !has(msg, 'nanos')) return null;
  return microTimestamp(new Date(int64(msg.seconds ?? 0) * 1000), Math.floor(int64(msg.nanos ?? 0) / 1000));
}

function rawJson(bytes: unknown): Json {
  const buf = Buffer.from((bytes as Uint8Array | undefined) ?? []);
  return buf.length ? (JSON.parse(buf.toString('utf8')) as Json) : null;
}

function messageValue(type: protobuf.Type, msg: Decoded): Json {
  switch (type.fullName.slice(1)) {
    case `${META}.Time`:
      return time(msg);
    case `${META}.MicroTime`:
      return microTime(msg);
    case `${META}.FieldsV1`:
      return rawJson(msg.Raw);
    case 'k8s.io.apimachinery.pkg.runtime.RawExtension':
      return rawJson(msg.raw);
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString':
      return int64(msg.type ?? 0) === 1
        ? ((msg.strVal as string | undefined) ?? '')
        : ((msg.intVal as number | undefined) ?? 0);
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity':
      return (msg.string as string | undefined) || '0';
    default:
      return messageToJson(type, msg);
  }
}

function fieldValue(field: protobuf.Field, v: unknown): Json {
  if (field.resolvedType && 'fieldsArray' in field.resolvedType) {
    return messageValue(field.resolvedType as protobuf.Type, v as Decoded);
  }
  switch (field.type) {
    case 'bytes':
      return Buffer.from(v as Uint8Array).toString('base64');
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return int64(v);
    default:
      return v as Json;
  }
}

function isZero(v: Json): boolean {
  return v === '' || v === 0 || v === false;
}

/** The JSON object the API uses for a decoded message of one of Kubernetes' types. */
export function messageToJson(type: protobuf.Type, msg: Decoded): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const field of type.fieldsArray) {
    const name = field.name;
    if (!has(msg, name)) continue;
    const value = msg[name];
    if (field.map) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length) out[name] = Object.fromEntries(entries.map(([k, v]) => [k, fieldValue(field, v)]));
    } else if (field.repeated) {
      const items = value as unknown[];
      if (items.length) out[name] = items.map((v) => fieldValue(field, v));
    } else {
      const json = fieldValue(field, value);
      const key = `${type.name}.${name}`;
      if (isZero(json) && !POINTERS.has(key)) continue;
      if (INLINE.has(key) || name === 'localObjectReference') Object.assign(out, json);
      else out[name] = json;
    }
  }
  return out;
}
