import { ApiError } from '../api/errors.js';
import {
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  type PersistentVolume,
  type PersistentVolumeClaim,
  PODS,
  type Pod,
  STORAGE_CLASSES,
} from '../api/kinds/index.js';
import type { ControllerFactory } from './controller.js';
import { objectKey, splitKey } from './controller.js';
import { Binder } from './persistent-volumes/binder.js';
import { LocalPathProvisioner } from './persistent-volumes/local-path.js';
import { claimSpec, volumeSpec } from './persistent-volumes/matching.js';
import { VolumeObjects } from './persistent-volumes/objects.js';
import { VolumeSync } from './persistent-volumes/volume-sync.js';
import { claimsOfPod } from './pod-claims.js';

const CONFLICT_RETRY_MS = 20;

export interface PersistentVolumeOptions {
  /** Where the local-path provisioner makes its directories (under the cluster's state folder). */
  volumesDir: string;
}

/**
 * Kubernetes' PV controller (binder) with rancher's local-path provisioner built in: claims
 * bind to volumes (the Binder), volumes follow their claims and are reclaimed when those go
 * (VolumeSync). Keys are `claim:<ns>/<name>` and `volume:<name>`.
 */
export function persistentVolumeController(opts: PersistentVolumeOptions): ControllerFactory {
  return (ctx) => {
    const objects = new VolumeObjects(ctx);
    const provisioner = new LocalPathProvisioner(objects, opts.volumesDir);
    const binder = new Binder(objects, provisioner);
    const volumeSync = new VolumeSync(objects, provisioner);

    const pendingClaimKeys = () =>
      objects.claims
        .list()
        .filter((c) => !claimSpec(c).volumeName && !c.metadata.deletionTimestamp)
        .map((c) => `claim:${objectKey(c)}`);

    return {
      name: 'persistentvolume',
      watches: [
        {
          def: PERSISTENT_VOLUME_CLAIMS,
          keys: (c: PersistentVolumeClaim) => {
            const v = claimSpec(c).volumeName;
            return [`claim:${objectKey(c)}`, ...(v ? [`volume:${v}`] : [])];
          },
        },
        {
          def: PERSISTENT_VOLUMES,
          keys: (pv: PersistentVolume) => {
            const ref = volumeSpec(pv).claimRef;
            if (ref?.name) return [`volume:${pv.metadata.name}`, `claim:${ref.namespace}/${ref.name}`];
            return [
              `volume:${pv.metadata.name}`,
              ...(pv.metadata.deletionTimestamp ? [] : pendingClaimKeys()),
            ];
          },
        },
        {
          def: PODS,
          keys: (pod: Pod) => claimsOfPod(pod).map((c) => `claim:${pod.metadata.namespace}/${c}`),
        },
        { def: STORAGE_CLASSES, keys: () => pendingClaimKeys() },
      ],
      async reconcile(key) {
        const i = key.indexOf(':');
        const kind = key.slice(0, i);
        const [ns, name] = splitKey(key.slice(i + 1));
        try {
          if (kind === 'claim') await binder.syncClaim(ns ?? '', name);
          else await volumeSync.syncVolume(name);
        } catch (err) {
          if (err instanceof ApiError && err.code === 409) return CONFLICT_RETRY_MS;
          if (err instanceof ApiError && err.code === 404) return undefined;
          throw err;
        }
        return undefined;
      },
    };
  };
}
