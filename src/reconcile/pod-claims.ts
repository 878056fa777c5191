import type { Pod } from '../api/kinds/index.js';
import type { Informer } from '../client/informer.js';

export const BY_CLAIM = 'claim';

/** The claims a pod mounts: its persistentVolumeClaim volumes and the `<pod>-<volume>` claims of its ephemeral ones. */
export function claimsOfPod(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => {
    if (v.persistentVolumeClaim?.claimName) return [v.persistentVolumeClaim.claimName];
    if (v.ephemeral) return [`${pod.metadata.name}-${v.name}`];
    return [];
  });
}

/** Indexes a pod informer by the `namespace/claim` keys of the claims each pod mounts. */
export function indexPodsByClaim(pods: Informer<Pod>): void {
  pods.addIndex(BY_CLAIM, (pod) => claimsOfPod(pod).map((c) => `${pod.metadata.namespace}/${c}`));
}

/** Pods of the namespace that mount the claim and have not finished (their containers may still use it). */
export function podsUsingClaim(pods: Informer<Pod>, namespace: string, claim: string): Pod[] {
  return pods.byIndex(BY_CLAIM, `${namespace}/${claim}`).filter((pod) => {
    const phase = pod.status?.phase;
    return phase !== 'Succeeded' && phase !== 'Failed';
  });
}
