import { PODS } from '../api/kinds/index.js';
import type { ResourceService } from '../api/service.js';
import type { KubeObject } from '../api/types.js';

interface PodVolumes {
  volumes?: { name: string; persistentVolumeClaim?: { claimName?: string }; ephemeral?: unknown }[];
}

/** The claims a pod mounts: its persistentVolumeClaim volumes and the `<pod>-<volume>` claims of its ephemeral ones. */
export function claimsOfPod(pod: KubeObject): string[] {
  const volumes = (pod.spec as PodVolumes | undefined)?.volumes ?? [];
  return volumes.flatMap((v) => {
    if (v.persistentVolumeClaim?.claimName) return [v.persistentVolumeClaim.claimName];
    if (v.ephemeral) return [`${pod.metadata.name}-${v.name}`];
    return [];
  });
}

/** Pods of the namespace that mount the claim and have not finished (their containers may still use it). */
export function podsUsingClaim(svc: ResourceService, namespace: string, claim: string): KubeObject[] {
  return svc.list(PODS, { namespace }).items.filter((pod) => {
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    return phase !== 'Succeeded' && phase !== 'Failed' && claimsOfPod(pod).includes(claim);
  });
}
