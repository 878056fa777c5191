import type { KubeObject } from '../api/types.js';
import type { Informer } from '../client/informer.js';

interface PodVolumes {
  volumes?: { name: string; persistentVolumeClaim?: { claimName?: string }; ephemeral?: unknown }[];
}

export const BY_CLAIM = 'claim';

/** The claims a pod mounts: its persistentVolumeClaim volumes and the `<pod>-<volume>` claims of its ephemeral ones. */
export function claimsOfPod(pod: KubeObject): string[] {
  const volumes = (pod.spec as PodVolumes | undefined)?.volumes ?? [];
  return volumes.flatMap((v) => {
    if (v.persistentVolumeClaim?.claimName) return [v.persistentVolumeClaim.claimName];
    if (v.ephemeral) return [`${pod.metadata.name}-${v.name}`];
    return [];
  });
}

/** Indexes a pod informer by the `namespace/claim` keys of the claims each pod mounts. */
export function indexPodsByClaim(pods: Informer): void {
  pods.addIndex(BY_CLAIM, (pod) => claimsOfPod(pod).map((c) => `${pod.metadata.namespace}/${c}`));
}

/** Pods of the namespace that mount the claim and have not finished (their containers may still use it). */
export function podsUsingClaim(pods: Informer, namespace: string, claim: string): KubeObject[] {
  return pods.byIndex(BY_CLAIM, `${namespace}/${claim}`).filter((pod) => {
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    return phase !== 'Succeeded' && phase !== 'Failed';
  });
}
