import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/kinds/index.js';
import { defaultStorageClass, LOCAL_PATH_PROVISIONER } from '../default-storage-class.js';
import { podsUsingClaim } from '../pod-claims.js';
import type { LocalPathProvisioner } from './local-path.js';
import {
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  annotation,
  claimRefOf,
  claimSpec,
  findVolume,
  isBoundTo,
  satisfies,
  volumeSpec,
} from './matching.js';
import type { VolumeObjects } from './objects.js';

/**
 * The claim side of Kubernetes' PV controller: a claim binds to the volume it names, else to
 * the smallest Available volume that fits, else to a volume the local-path provisioner makes
 * for its class; a bound claim whose volume is gone or taken is Lost. Claims with no class get
 * the default one while unbound, as the DefaultStorageClass admission plugin would do.
 */
export class Binder {
  constructor(
    private readonly objects: VolumeObjects,
    private readonly provisioner: LocalPathProvisioner,
  ) {}

  async syncClaim(namespace: string, name: string): Promise<void> {
    const claim = this.objects.claims.get(namespace, name);
    if (!claim) return;
    if (annotation(claim, ANN_BIND_COMPLETED)) await this.syncBoundClaim(claim);
    else if (!claim.metadata.deletionTimestamp) await this.syncUnboundClaim(claim);
  }

  /** Points volume and claim at each other, then marks both Bound; each step is skipped when done. */
  private async bind(pv: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    let volume = pv;
    const boundByUs = !isBoundTo(volume, claim);
    if (volumeSpec(volume).claimRef?.uid !== claim.metadata.uid) {
      const next = structuredClone(volume);
      next.spec = { ...next.spec, claimRef: claimRefOf(claim) };
      if (boundByUs)
        next.metadata.annotations = { ...next.metadata.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' };
      volume = await this.objects.writeVolume(next);
    }
    volume = await this.objects.setVolumePhase(volume, 'Bound');

    let bound = claim;
    const cs = claimSpec(bound);
    if (cs.volumeName !== volume.metadata.name || annotation(bound, ANN_BIND_COMPLETED) !== 'yes') {
      const next = structuredClone(bound);
      const annotations: Record<string, string> = {
        ...next.metadata.annotations,
        [ANN_BIND_COMPLETED]: 'yes',
      };
      if (cs.volumeName !== volume.metadata.name) {
        annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
        next.spec = { ...next.spec, volumeName: volume.metadata.name };
      }
      next.metadata.annotations = annotations;
      bound = await this.objects.writeClaim(next);
    }
    const vs = volumeSpec(volume);
    await this.objects.setClaimStatus(bound, {
      phase: 'Bound',
      accessModes: vs.accessModes,
      capacity: vs.capacity,
    });
  }

  private async syncUnboundClaim(initial: PersistentVolumeClaim): Promise<void> {
    const volumeName = claimSpec(initial).volumeName;
    if (volumeName) {
      await this.syncPreBoundClaim(initial, volumeName);
      return;
    }
    const claim = await this.withDefaultClass(initial);
    const className = claimSpec(claim).storageClassName ?? '';
    const sc = className ? this.objects.classes.get(undefined, className) : undefined;
    const delayed = sc?.volumeBindingMode === 'WaitForFirstConsumer';
    const node = delayed ? this.consumerNode(claim) : undefined;
    if (delayed && !node) {
      this.objects.event(
        claim,
        'Normal',
        'WaitForFirstConsumer',
        'waiting for first consumer to be created before binding',
      );
      await this.objects.setClaimPhase(claim, 'Pending');
      return;
    }
    const pv = findVolume(this.objects.volumes.list(), claim);
    if (pv) {
      await this.bind(pv, claim);
      return;
    }
    if (sc?.provisioner === LOCAL_PATH_PROVISIONER) {
      const made = await this.provisioner.provision(claim, sc, node);
      if (made) await this.bind(made.volume, made.claim);
      return;
    }
    this.explainPending(claim, className, sc);
    await this.objects.setClaimPhase(claim, 'Pending');
  }

  /** A claim that names its volume binds to it alone, when the volume is free and fits. */
  private async syncPreBoundClaim(claim: PersistentVolumeClaim, volumeName: string): Promise<void> {
    const pv = this.objects.volumes.get(undefined, volumeName);
    if (!pv) {
      await this.objects.setClaimPhase(claim, 'Pending');
      return;
    }
    const ref = volumeSpec(pv).claimRef;
    if (ref && !isBoundTo(pv, claim)) {
      this.objects.event(
        claim,
        'Warning',
        'FailedBinding',
        `volume "${volumeName}" already bound to a different claim.`,
      );
      await this.objects.setClaimPhase(claim, 'Pending');
      return;
    }
    const mismatch = ref ? undefined : satisfies(pv, claim);
    if (mismatch) {
      this.objects.event(
        claim,
        'Warning',
        'VolumeMismatch',
        `Cannot bind to requested volume "${volumeName}": ${mismatch}`,
      );
      await this.objects.setClaimPhase(claim, 'Pending');
      return;
    }
    await this.bind(pv, claim);
  }

  private async withDefaultClass(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    if (claimSpec(claim).storageClassName !== undefined) return claim;
    const sc = defaultStorageClass(this.objects.classes.list());
    if (!sc) return claim;
    const next = structuredClone(claim);
    next.spec = { ...next.spec, storageClassName: sc.metadata.name };
    return this.objects.writeClaim(next);
  }

  /**
   * The node of the claim's first consumer: the one the scheduler chose for it (the selected-node
   * annotation), or that of a pod bound to a node without the scheduler. Undefined until then.
   */
  private consumerNode(claim: PersistentVolumeClaim): string | undefined {
    const { namespace, name } = claim.metadata;
    const selected = annotation(claim, ANN_SELECTED_NODE);
    if (selected) return selected;
    return podsUsingClaim(this.objects.pods, namespace!, name!).find(
      (p) => !p.metadata.deletionTimestamp && p.spec?.nodeName,
    )?.spec?.nodeName;
  }

  /** Says, as an Event, why a claim that nothing fits stays Pending. */
  private explainPending(
    claim: PersistentVolumeClaim,
    className: string,
    sc: StorageClass | undefined,
  ): void {
    if (sc) {
      this.objects.event(
        claim,
        'Normal',
        'ExternalProvisioning',
        `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
      );
    } else if (className) {
      this.objects.event(
        claim,
        'Warning',
        'ProvisioningFailed',
        `storageclass.storage.k8s.io "${className}" not found`,
      );
    } else {
      this.objects.event(
        claim,
        'Normal',
        'FailedBinding',
        'no persistent volumes available for this claim and no storage class is set',
      );
    }
  }

  private async syncBoundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const name = claimSpec(claim).volumeName;
    const pv = name ? this.objects.volumes.get(undefined, name) : undefined;
    if (!pv) {
      const message = name
        ? 'Bound claim has lost its PersistentVolume. Data on the volume is lost!'
        : 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!';
      this.objects.event(claim, 'Warning', 'ClaimLost', message);
      await this.objects.setClaimPhase(claim, 'Lost');
      return;
    }
    const ref = volumeSpec(pv).claimRef;
    if (!ref || ref.uid === claim.metadata.uid) {
      await this.bind(pv, claim);
      return;
    }
    this.objects.event(
      claim,
      'Warning',
      'ClaimMisbound',
      'Two claims are bound to the same volume, this one is bound incorrectly',
    );
    await this.objects.setClaimPhase(claim, 'Lost');
  }
}
