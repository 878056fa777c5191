import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type {
  PersistentVolume,
  PersistentVolumeClaim,
  StorageClass,
  VolumeNodeAffinity,
} from '../../api/kinds/index.js';
import { LOCAL_PATH_PROVISIONER } from '../default-storage-class.js';
import { ANN_PROVISIONED_BY, annotation, claimRefOf, claimSpec, isBoundTo, volumeSpec } from './matching.js';
import type { VolumeObjects } from './objects.js';

const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';

/** A volume made for a claim, and the claim as it was when the volume was made for it. */
export interface Provisioned {
  volume: PersistentVolume;
  claim: PersistentVolumeClaim;
}

const onNode = (node: string): VolumeNodeAffinity => ({
  required: {
    nodeSelectorTerms: [
      { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
    ],
  },
});

/**
 * rancher's local-path provisioner: a world-writable directory per claim under `volumesDir`,
 * exposed as a hostPath volume, and removed with its volume.
 */
export class LocalPathProvisioner {
  private readonly volumesDir: string;

  constructor(
    private readonly objects: VolumeObjects,
    volumesDir: string,
  ) {
    this.volumesDir = resolve(volumesDir);
  }

  /**
   * The claim's volume, made now unless it exists; undefined when a volume of the claim's name
   * is bound to another claim. Made for the node of the claim's first pod, it stays with that
   * node (node affinity), as rancher's local-path volumes do.
   */
  async provision(
    claim: PersistentVolumeClaim,
    sc: StorageClass,
    node?: string,
  ): Promise<Provisioned | undefined> {
    const name = `pvc-${claim.metadata.uid}`;
    const existing = this.objects.volumes.get(undefined, name);
    if (existing) return isBoundTo(existing, claim) ? { volume: existing, claim } : undefined;
    let annotated = claim;
    if (annotation(claim, ANN_STORAGE_PROVISIONER) !== sc.provisioner) {
      const next = structuredClone(claim);
      next.metadata.annotations = {
        ...next.metadata.annotations,
        [ANN_STORAGE_PROVISIONER]: sc.provisioner,
        [ANN_BETA_STORAGE_PROVISIONER]: sc.provisioner,
      };
      annotated = await this.objects.writeClaim(next);
    }
    const cs = claimSpec(annotated);
    // Validation requires a claim's storage request; the schema leaves it optional.
    const storage = cs.resources?.requests?.storage;
    const path = join(this.volumesDir, `${name}_${annotated.metadata.namespace}_${annotated.metadata.name}`);
    mkdirSync(path, { recursive: true });
    // Containers may run as any user: the directory must be writable by all, whatever the umask.
    chmodSync(path, 0o777);
    const volume = await this.objects.createVolume({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, annotations: { [ANN_PROVISIONED_BY]: sc.provisioner } },
      spec: {
        accessModes: cs.accessModes,
        capacity: storage === undefined ? {} : { storage },
        claimRef: claimRefOf(annotated),
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: cs.volumeMode ?? 'Filesystem',
        hostPath: { path, type: 'DirectoryOrCreate' },
        ...(sc.mountOptions ? { mountOptions: sc.mountOptions } : {}),
        ...(node ? { nodeAffinity: onNode(node) } : {}),
      },
    });
    this.objects.event(
      annotated,
      'Normal',
      'ProvisioningSucceeded',
      `Successfully provisioned volume ${name}`,
    );
    return { volume, claim: annotated };
  }

  /** Removes the directory of a volume it made; false, leaving everything be, for any other volume. */
  delete(pv: PersistentVolume): boolean {
    const vs = volumeSpec(pv);
    const path = vs.hostPath?.path ?? vs.local?.path;
    const inside = path ? relative(this.volumesDir, resolve(path)) : '';
    const ours =
      annotation(pv, ANN_PROVISIONED_BY) === LOCAL_PATH_PROVISIONER &&
      !!inside &&
      !inside.startsWith('..') &&
      !isAbsolute(inside) &&
      !inside.includes('/');
    if (!ours) return false;
    rmSync(join(this.volumesDir, inside), { recursive: true, force: true });
    return true;
  }
}
