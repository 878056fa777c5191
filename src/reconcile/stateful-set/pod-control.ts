/**
 * The writes of the StatefulSet controller (Kubernetes' StatefulPodControl): pods and their
 * claims made, pods deleted and relabelled, each with the event Kubernetes records on the set.
 */
import { type PersistentVolumeClaim, PODS, type Pod, type StatefulSet } from '../../api/kinds/index.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { Informer } from '../../client/informer.js';
import { type ControllerContext, objectKey } from '../controller.js';
import { isNotFound, updateWithRetry } from '../retry.js';
import { deletionKey, type Expectations } from '../workloads/expectations.js';
import {
  applyRetentionPolicy,
  type ClaimLookup,
  claimIsStale,
  claimsMatchPolicy,
  createClaims,
} from './claims.js';
import { identityLabels, identityMatches } from './identity.js';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class StatefulPodControl {
  private readonly claim: ClaimLookup;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly recorder: EventRecorder,
    private readonly expectations: Expectations,
    claims: Informer<PersistentVolumeClaim>,
  ) {
    this.claim = (ns, name) => claims.get(ns, name);
  }

  /** Makes the pod's claims, then the pod, then gives the claims their owners (CreateStatefulPod). */
  async create(key: string, set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await createClaims(this.ctx, set, pod, this.claim, (type, reason, msg) =>
        this.recorder.record(set, type, reason, msg),
      );
    } catch (err) {
      this.event('create', set, pod, err);
      throw err;
    }
    let created: Pod;
    try {
      created = await this.ctx.client.create<Pod>(PODS, pod);
    } catch (err) {
      this.event('create', set, pod, err);
      throw err;
    }
    this.expectations.created(key, [objectKey(created)]);
    await applyRetentionPolicy(this.ctx, set, created, this.claim);
    this.event('create', set, pod);
  }

  /** The claims of a pod the API made but that may have lost them (createMissingPersistentVolumeClaims). */
  async ensureClaims(set: StatefulSet, pod: Pod): Promise<void> {
    await createClaims(this.ctx, set, pod, this.claim, (type, reason, msg) =>
      this.recorder.record(set, type, reason, msg),
    );
    await applyRetentionPolicy(this.ctx, set, pod, this.claim);
  }

  async delete(key: string, set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.ctx.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!, {
        preconditions: { uid: pod.metadata.uid },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      this.event('delete', set, pod, err);
      throw err;
    }
    this.expectations.deleted(key, [deletionKey(pod)]);
    this.event('delete', set, pod);
  }

  claimIsStale(set: StatefulSet, pod: Pod): boolean {
    return claimIsStale(set, pod, this.claim);
  }

  /** Whether the pod's identity labels and claims' owners are what the set asks (the invariants). */
  consistent(set: StatefulSet, pod: Pod): boolean {
    return identityMatches(set, pod) && claimsMatchPolicy(set, pod, this.claim);
  }

  /** Restores the pod's identity labels and its claims' owners (UpdateStatefulPod). */
  async restore(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await applyRetentionPolicy(this.ctx, set, pod, this.claim);
      await updateWithRetry(this.ctx.client, PODS, pod, (cur) => {
        if (identityMatches(set, cur)) return undefined;
        cur.metadata.labels = { ...cur.metadata.labels, ...identityLabels(cur) };
        return cur;
      });
    } catch (err) {
      this.event('update', set, pod, err);
      throw err;
    }
    this.event('update', set, pod);
  }

  /** Gives a condemned pod's claims the owners the policy asks for once it is scaled down. */
  async fixClaims(set: StatefulSet, pod: Pod): Promise<void> {
    if (!claimsMatchPolicy(set, pod, this.claim)) await applyRetentionPolicy(this.ctx, set, pod, this.claim);
  }

  /** recordPodEvent: `<verb> Pod <pod> in StatefulSet <set> successful`, or failed with the error. */
  private event(verb: 'create' | 'delete' | 'update', set: StatefulSet, pod: Pod, err?: unknown): void {
    const reason = `${err ? 'Failed' : 'Successful'}${verb[0].toUpperCase()}${verb.slice(1)}`;
    const what = `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name}`;
    if (err) this.recorder.record(set, 'Warning', reason, `${what} failed error: ${message(err)}`);
    else this.recorder.record(set, 'Normal', reason, `${what} successful`);
  }
}
