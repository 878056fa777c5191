/**
 * The objects a pod makes its node read, as Kubernetes' node graph records them
 * (podutil.VisitPodSecretNames, VisitPodConfigmapNames, claims and the service account): keys
 * `RESOURCE/NAMESPACE/NAME`.
 */
import type { Pod } from '../../kinds/index.js';

type Named = { name?: string } | undefined;
type Container = {
  env?: { valueFrom?: { secretKeyRef?: Named; configMapKeyRef?: Named } }[];
  envFrom?: { secretRef?: Named; configMapRef?: Named }[];
};
type Volume = Record<string, unknown> & {
  name: string;
  secret?: { secretName?: string };
  configMap?: Named;
  projected?: { sources?: { secret?: Named; configMap?: Named }[] };
  persistentVolumeClaim?: { claimName?: string };
  ephemeral?: unknown;
  azureFile?: { secretName?: string };
  csi?: { nodePublishSecretRef?: Named };
};

/** Volume sources whose credentials are a `secretRef` (cephfs, rbd, iscsi, flexVolume, ...). */
const SECRET_REF_SOURCES = ['cephfs', 'cinder', 'flexVolume', 'iscsi', 'rbd', 'scaleIO', 'storageos'];

export const refKey = (resource: string, namespace: string, name: string) =>
  `${resource}/${namespace}/${name}`;

export function podReferences(pod: Pod): string[] {
  const ns = pod.metadata.namespace ?? '';
  const refs = new Set<string>();
  const add = (resource: string, name: string | undefined) => {
    if (name) refs.add(refKey(resource, ns, name));
  };
  const spec = pod.spec as unknown as {
    serviceAccountName?: string;
    imagePullSecrets?: Named[];
    containers?: Container[];
    initContainers?: Container[];
    ephemeralContainers?: Container[];
    volumes?: Volume[];
  };
  add('serviceaccounts', spec.serviceAccountName);
  for (const s of spec.imagePullSecrets ?? []) add('secrets', s?.name);
  for (const c of [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ]) {
    for (const e of c.env ?? []) {
      add('secrets', e.valueFrom?.secretKeyRef?.name);
      add('configmaps', e.valueFrom?.configMapKeyRef?.name);
    }
    for (const e of c.envFrom ?? []) {
      add('secrets', e.secretRef?.name);
      add('configmaps', e.configMapRef?.name);
    }
  }
  for (const v of spec.volumes ?? []) {
    add('secrets', v.secret?.secretName);
    add('secrets', v.azureFile?.secretName);
    add('secrets', v.csi?.nodePublishSecretRef?.name);
    for (const source of SECRET_REF_SOURCES)
      add('secrets', (v[source] as { secretRef?: Named } | undefined)?.secretRef?.name);
    add('configmaps', v.configMap?.name);
    for (const p of v.projected?.sources ?? []) {
      add('secrets', p.secret?.name);
      add('configmaps', p.configMap?.name);
    }
    add('persistentvolumeclaims', v.persistentVolumeClaim?.claimName);
    // A generic ephemeral volume's claim is named for the pod and the volume.
    if (v.ephemeral) add('persistentvolumeclaims', `${pod.metadata.name}-${v.name}`);
  }
  return [...refs];
}
