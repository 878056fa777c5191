import { ApiError } from '../api/errors.js';
import { PERSISTENT_VOLUME_CLAIMS, PERSISTENT_VOLUMES, PODS } from '../api/kinds/index.js';
import type { ResourceService } from '../api/service.js';
import type { KubeObject } from '../api/types.js';
import type { Controller } from './controller.js';
import { objectKey, splitKey } from './controller.js';
import { claimsOfPod, podsUsingClaim } from './pod-claims.js';

const PVS = PERSISTENT_VOLUMES;
const PVCS = PERSISTENT_VOLUME_CLAIMS;

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';
const CONFLICT_RETRY_MS = 20;

/**
 * Adds `finalizer` to objects not being deleted (what the StorageObjectInUseProtection
 * admission plugin does on create), and drops it from a deleted one once `inUse` says no.
 */
function protect(
  svc: ResourceService,
  obj: KubeObject,
  finalizer: string,
  inUse: () => boolean,
): number | undefined {
  const finalizers = obj.metadata.finalizers ?? [];
  const has = finalizers.includes(finalizer);
  let next: string[];
  if (!obj.metadata.deletionTimestamp) {
    if (has) return undefined;
    next = [...finalizers, finalizer];
  } else {
    if (!has || inUse()) return undefined;
    next = finalizers.filter((f) => f !== finalizer);
  }
  const def = obj.kind === 'PersistentVolume' ? PVS : PVCS;
  try {
    svc.update(def, obj.metadata.namespace, obj.metadata.name!, {
      ...obj,
      metadata: { ...obj.metadata, finalizers: next },
    });
  } catch (err) {
    if (err instanceof ApiError && err.code === 409) return CONFLICT_RETRY_MS;
    if (!(err instanceof ApiError && err.code === 404)) throw err;
  }
  return undefined;
}

/** Keeps a deleted claim until no pod that has not finished mounts it. */
export function pvcProtectionController(svc: ResourceService): Controller {
  return {
    name: 'pvc-protection',
    resyncMs: 30_000,
    watches: [
      { def: PVCS, keys: (c) => [objectKey(c)] },
      { def: PODS, keys: (pod) => claimsOfPod(pod).map((c) => `${pod.metadata.namespace}/${c}`) },
    ],
    reconcile(key) {
      const [ns, name] = splitKey(key);
      const claim = svc.store.get({ group: '', resource: 'persistentvolumeclaims' }, ns ?? '', name);
      if (!claim) return undefined;
      return protect(svc, claim, PVC_PROTECTION, () => podsUsingClaim(svc, ns ?? '', name).length > 0);
    },
  };
}

/** Keeps a deleted volume while it is Bound to a claim. */
export function pvProtectionController(svc: ResourceService): Controller {
  return {
    name: 'pv-protection',
    resyncMs: 30_000,
    watches: [{ def: PVS, keys: (pv) => [pv.metadata.name!] }],
    reconcile(name) {
      const pv = svc.store.get({ group: '', resource: 'persistentvolumes' }, '', name);
      if (!pv) return undefined;
      return protect(
        svc,
        pv,
        PV_PROTECTION,
        () => (pv.status as { phase?: string } | undefined)?.phase === 'Bound',
      );
    },
  };
}
