import {
  type KindDef,
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  type PersistentVolume,
  PODS,
  type Pod,
} from '../api/kinds/index.js';
import type { KubeObject } from '../api/types.js';
import type { ControllerContext, ControllerFactory } from './controller.js';
import { objectKey, splitKey } from './controller.js';
import { claimsOfPod, indexPodsByClaim, podsUsingClaim } from './pod-claims.js';
import { updateWithRetry } from './retry.js';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';

/**
 * Adds `finalizer` to objects not being deleted (what the StorageObjectInUseProtection
 * admission plugin does on create), and drops it from a deleted one once `inUse` says no.
 */
async function protect(
  ctx: ControllerContext,
  def: KindDef,
  obj: KubeObject,
  finalizer: string,
  inUse: () => boolean,
): Promise<void> {
  await updateWithRetry(ctx.client, def, obj, (cur) => {
    const finalizers = cur.metadata.finalizers ?? [];
    const has = finalizers.includes(finalizer);
    if (!cur.metadata.deletionTimestamp) {
      if (has) return undefined;
      cur.metadata.finalizers = [...finalizers, finalizer];
    } else {
      if (!has || inUse()) return undefined;
      cur.metadata.finalizers = finalizers.filter((f) => f !== finalizer);
    }
    return cur;
  });
}

/** Keeps a deleted claim until no pod that has not finished mounts it. */
export const pvcProtectionController: ControllerFactory = (ctx) => {
  const claims = ctx.informers.for(PERSISTENT_VOLUME_CLAIMS);
  const pods = ctx.informers.for<Pod>(PODS);
  indexPodsByClaim(pods);
  return {
    name: 'pvc-protection',
    watches: [
      { def: PERSISTENT_VOLUME_CLAIMS, keys: (c) => [objectKey(c)] },
      { def: PODS, keys: (pod: Pod) => claimsOfPod(pod).map((c) => `${pod.metadata.namespace}/${c}`) },
    ],
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const claim = claims.get(ns, name);
      if (!claim) return undefined;
      await protect(
        ctx,
        PERSISTENT_VOLUME_CLAIMS,
        claim,
        PVC_PROTECTION,
        () => podsUsingClaim(pods, ns ?? '', name).length > 0,
      );
      return undefined;
    },
  };
};

/** Keeps a deleted volume while it is Bound to a claim. */
export const pvProtectionController: ControllerFactory = (ctx) => {
  const volumes = ctx.informers.for<PersistentVolume>(PERSISTENT_VOLUMES);
  return {
    name: 'pv-protection',
    watches: [{ def: PERSISTENT_VOLUMES, keys: (pv) => [pv.metadata.name!] }],
    async reconcile(name) {
      const pv = volumes.get(undefined, name);
      if (!pv) return undefined;
      const bound = () => volumes.get(undefined, name)?.status?.phase === 'Bound';
      await protect(ctx, PERSISTENT_VOLUMES, pv, PV_PROTECTION, bound);
      return undefined;
    },
  };
};
