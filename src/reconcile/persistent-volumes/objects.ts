import {
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type PersistentVolumeClaimStatus,
  type PersistentVolumeStatus,
  PODS,
  type Pod,
  STORAGE_CLASSES,
  type StorageClass,
} from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';
import type { KubeObject } from '../../api/types.js';
import type { EventRecorder, EventType } from '../../client/event-recorder.js';
import type { Informer } from '../../client/informer.js';
import type { ControllerContext } from '../controller.js';
import { indexPodsByClaim } from '../pod-claims.js';
import { phaseOf } from './matching.js';

const COMPONENT = 'persistentvolume-controller';

/**
 * The objects the persistent volume controller works on: the caches it reads (pods indexed by
 * the claims they mount) and the writes that change claims and volumes, each skipped when it
 * would change nothing.
 */
export class VolumeObjects {
  readonly volumes: Informer<PersistentVolume>;
  readonly claims: Informer<PersistentVolumeClaim>;
  readonly classes: Informer<StorageClass>;
  readonly pods: Informer<Pod>;
  private readonly recorded = new Set<string>();
  private readonly recorder: EventRecorder;

  constructor(private readonly ctx: ControllerContext) {
    this.recorder = ctx.recorder(COMPONENT);
    this.volumes = ctx.informers.for<PersistentVolume>(PERSISTENT_VOLUMES);
    this.claims = ctx.informers.for<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS);
    this.classes = ctx.informers.for<StorageClass>(STORAGE_CLASSES);
    this.pods = ctx.informers.for<Pod>(PODS);
    indexPodsByClaim(this.pods);
  }

  /** Posts an Event once per object, reason and message, as `kubectl describe` shows them. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const seen = `${obj.metadata.uid}\u0000${reason}\u0000${message}`;
    if (this.recorded.has(seen)) return;
    if (this.recorded.size > 5000) this.recorded.clear();
    this.recorded.add(seen);
    this.recorder.record(obj, type, reason, message);
  }

  writeClaim(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    return this.ctx.client.update<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, claim);
  }

  writeVolume(pv: PersistentVolume): Promise<PersistentVolume> {
    return this.ctx.client.update<PersistentVolume>(PERSISTENT_VOLUMES, pv);
  }

  createVolume(pv: PersistentVolume): Promise<PersistentVolume> {
    return this.ctx.client.create<PersistentVolume>(PERSISTENT_VOLUMES, pv);
  }

  async deleteVolume(name: string): Promise<void> {
    await this.ctx.client.delete(PERSISTENT_VOLUMES, undefined, name);
  }

  async setClaimStatus(
    claim: PersistentVolumeClaim,
    status: PersistentVolumeClaimStatus,
  ): Promise<PersistentVolumeClaim> {
    const current = claim.status ?? {};
    const next = { ...current, ...status };
    if (JSON.stringify(next) === JSON.stringify(current)) return claim;
    return this.ctx.client.update<PersistentVolumeClaim>(
      PERSISTENT_VOLUME_CLAIMS,
      { ...claim, status: next },
      'status',
    );
  }

  async setClaimPhase(
    claim: PersistentVolumeClaim,
    phase: PersistentVolumeClaimStatus['phase'],
  ): Promise<PersistentVolumeClaim> {
    return phaseOf(claim) === phase ? claim : this.setClaimStatus(claim, { phase });
  }

  async setVolumePhase(
    pv: PersistentVolume,
    phase: PersistentVolumeStatus['phase'],
    message?: string,
  ): Promise<PersistentVolume> {
    const current = pv.status ?? {};
    if (current.phase === phase && current.message === message) return pv;
    const status: PersistentVolumeStatus = { ...current, phase };
    if (message) status.message = message;
    else delete status.message;
    if (current.phase !== phase) status.lastPhaseTransitionTime = timestamp(new Date(this.ctx.clock.now()));
    return this.ctx.client.update<PersistentVolume>(PERSISTENT_VOLUMES, { ...pv, status }, 'status');
  }
}
