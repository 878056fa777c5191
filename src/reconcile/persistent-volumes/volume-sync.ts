import type { PersistentVolume } from '../../api/kinds/index.js';
import type { LocalPathProvisioner } from './local-path.js';
import {
  ANN_BOUND_BY_CONTROLLER,
  ANN_PROVISIONED_BY,
  annotation,
  claimSpec,
  phaseOf,
  volumeSpec,
} from './matching.js';
import type { VolumeObjects } from './objects.js';

/**
 * The volume side of Kubernetes' PV controller: a volume's phase follows its claim, and a
 * volume whose claim is gone turns Released and is then kept (Retain) or deleted with its
 * directory (Delete).
 */
export class VolumeSync {
  constructor(
    private readonly objects: VolumeObjects,
    private readonly provisioner: LocalPathProvisioner,
  ) {}

  async syncVolume(name: string): Promise<void> {
    const pv = this.objects.volumes.get(undefined, name);
    if (!pv) return;
    const ref = volumeSpec(pv).claimRef;
    if (!ref?.uid) {
      // Unclaimed, or pre-bound by a user to a claim that has not bound yet.
      if (phaseOf(pv) !== 'Available' && phaseOf(pv) !== 'Failed')
        await this.objects.setVolumePhase(pv, 'Available');
      return;
    }
    let claim = this.objects.claims.get(ref.namespace ?? '', ref.name ?? '');
    if (claim && claim.metadata.uid !== ref.uid) claim = undefined;
    if (!claim) {
      if (phaseOf(pv) === 'Failed') return;
      await this.reclaim(await this.objects.setVolumePhase(pv, 'Released'));
      return;
    }
    const volumeName = claimSpec(claim).volumeName;
    if (!volumeName) return; // binding in progress: the claim's sync finishes it
    if (volumeName === name) await this.objects.setVolumePhase(pv, 'Bound');
    else await this.release(pv);
  }

  /** The volume's claim got bound to another volume: the volume is freed, or deleted if it was made for it. */
  private async release(pv: PersistentVolume): Promise<void> {
    if (annotation(pv, ANN_PROVISIONED_BY) && volumeSpec(pv).persistentVolumeReclaimPolicy === 'Delete') {
      await this.reclaim(phaseOf(pv) === 'Failed' ? pv : await this.objects.setVolumePhase(pv, 'Released'));
    } else if (annotation(pv, ANN_BOUND_BY_CONTROLLER)) {
      const next = structuredClone(pv);
      delete next.spec?.claimRef;
      delete next.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER];
      await this.objects.setVolumePhase(await this.objects.writeVolume(next), 'Available');
    } else {
      await this.objects.setVolumePhase(pv, 'Available');
    }
  }

  /** Removes a released volume of ours with its directory; any other is left Failed, as no plugin can delete it. */
  private async reclaim(pv: PersistentVolume): Promise<void> {
    const vs = volumeSpec(pv);
    const policy = vs.persistentVolumeReclaimPolicy ?? 'Retain';
    if (policy === 'Retain') return;
    if (policy !== 'Delete') {
      const plugin = vs.hostPath ? 'host-path' : 'unknown';
      await this.objects.setVolumePhase(
        pv,
        'Failed',
        `no volume plugin matched name: kubernetes.io/${plugin}`,
      );
      return;
    }
    let deleted: boolean;
    try {
      deleted = this.provisioner.delete(pv);
    } catch (err) {
      // Left Released and retried with back-off, as the external provisioner does.
      this.objects.event(
        pv,
        'Warning',
        'VolumeFailedDelete',
        err instanceof Error ? err.message : String(err),
      );
      throw err;
    }
    if (!deleted) {
      const message = `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`;
      this.objects.event(pv, 'Warning', 'VolumeFailedDelete', message);
      await this.objects.setVolumePhase(pv, 'Failed', message);
      return;
    }
    if (!pv.metadata.deletionTimestamp) await this.objects.deleteVolume(pv.metadata.name!);
  }
}
