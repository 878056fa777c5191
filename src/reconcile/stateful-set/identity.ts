/**
 * A StatefulSet pod's stable identity, as Kubernetes' stateful_set_utils.go gives it: the name
 * `<set>-<ordinal>`, hostname and subdomain, the pod-name and pod-index labels, and one claim
 * per volumeClaimTemplate named `<template>-<set>-<ordinal>`.
 */
import type {
  PersistentVolumeClaim,
  Pod,
  PodTemplateSpec,
  StatefulSet,
  Volume,
} from '../../api/kinds/index.js';
import { CONTROLLER_REVISION_HASH } from '../workloads/history.js';
import { isReady, podFromTemplate } from '../workloads/pods.js';

const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const ORDINAL = /^(.*)-([0-9]+)$/;

/** The set a pod's name says it belongs to and its ordinal (-1: not a set's pod name). */
function parentAndOrdinal(pod: Pod): [string, number] {
  const m = ORDINAL.exec(pod.metadata.name ?? '');
  if (!m) return ['', -1];
  const ordinal = Number(m[2]);
  return [m[1], Number.isSafeInteger(ordinal) && ordinal <= 0x7fffffff ? ordinal : -1];
}

export const ordinalOf = (pod: Pod) => parentAndOrdinal(pod)[1];
export const isMemberOf = (set: StatefulSet, pod: Pod) => parentAndOrdinal(pod)[0] === set.metadata.name;

export const startOrdinal = (set: StatefulSet) => set.spec?.ordinals?.start ?? 0;
export const replicasOf = (set: StatefulSet) => set.spec?.replicas ?? 1;

export function inOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const ordinal = ordinalOf(pod);
  return ordinal >= startOrdinal(set) && ordinal < startOrdinal(set) + replicasOf(set);
}

export const podName = (set: StatefulSet, ordinal: number) => `${set.metadata.name}-${ordinal}`;

export function claimName(set: StatefulSet, template: PersistentVolumeClaim, ordinal: number): string {
  return `${template.metadata.name}-${set.metadata.name}-${ordinal}`;
}

/** Whether the pod's name and pod-name label are those of its ordinal in the set. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const [parent, ordinal] = parentAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name &&
    pod.metadata.labels?.[POD_INDEX_LABEL] === String(ordinal)
  );
}

export function identityLabels(pod: Pod): Record<string, string> {
  return { [POD_NAME_LABEL]: pod.metadata.name!, [POD_INDEX_LABEL]: String(ordinalOf(pod)) };
}

/** The claims the pod at `ordinal` mounts, made from the set's templates. */
export function claimsFor(set: StatefulSet, ordinal: number): PersistentVolumeClaim[] {
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName(set, t, ordinal),
      namespace: set.metadata.namespace,
      labels: { ...t.metadata.labels, ...set.spec?.selector.matchLabels },
      ...(t.metadata.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
    },
    spec: structuredClone(t.spec),
  }));
}

/** The pod at `ordinal` made from `template` (the template of one of the set's revisions). */
export function newStatefulSetPod(
  set: StatefulSet,
  template: PodTemplateSpec,
  revision: string,
  ordinal: number,
): Pod {
  const name = podName(set, ordinal);
  const pod = podFromTemplate(set, template, {
    name,
    labels: {
      [POD_NAME_LABEL]: name,
      [POD_INDEX_LABEL]: String(ordinal),
      [CONTROLLER_REVISION_HASH]: revision,
    },
  });
  const claims: Volume[] = (set.spec?.volumeClaimTemplates ?? []).map((t) => ({
    name: t.metadata.name!,
    persistentVolumeClaim: { claimName: claimName(set, t, ordinal) },
  }));
  const own = (pod.spec?.volumes ?? []).filter((v) => !claims.some((c) => c.name === v.name));
  pod.spec = {
    ...pod.spec!,
    hostname: name,
    ...(set.spec?.serviceName ? { subdomain: set.spec.serviceName } : {}),
    volumes: [...claims, ...own],
  };
  if (!pod.spec.volumes?.length) delete pod.spec.volumes;
  return pod;
}

export const revisionOf = (pod: Pod) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? '';

/** Made by the API (a pod the set only means to make has no phase yet). */
export const isCreated = (pod: Pod) => !!pod.status?.phase;
export const isTerminating = (pod: Pod) => !!pod.metadata.deletionTimestamp;
export const isRunningAndReady = (pod: Pod) => pod.status?.phase === 'Running' && isReady(pod);
export const isHealthy = (pod: Pod) => isRunningAndReady(pod) && !isTerminating(pod);
