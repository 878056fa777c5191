/**
 * A StatefulSet pod's claims (stateful_pod_control.go): made before the pod, kept when it goes,
 * and owned as persistentVolumeClaimRetentionPolicy says, so that the garbage collector removes
 * them with the set (whenDeleted: Delete) or with a scaled-down pod (whenScaled: Delete).
 */
import {
  PERSISTENT_VOLUME_CLAIMS,
  type PersistentVolumeClaim,
  type Pod,
  type StatefulSet,
} from '../../api/kinds/index.js';
import type { KubeObject, OwnerReference } from '../../api/types.js';
import type { ControllerContext } from '../controller.js';
import { isConflict, updateWithRetry } from '../retry.js';
import { controllerRefOf } from '../workloads/pods.js';
import { claimsFor, inOrdinalRange, ordinalOf } from './identity.js';

/** The PVC informer's copy of a claim. */
export type ClaimLookup = (namespace: string, name: string) => PersistentVolumeClaim | undefined;

const policyOf = (set: StatefulSet) => ({
  whenDeleted: set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain',
  whenScaled: set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled ?? 'Retain',
});

/** A reference to `obj` by kind and name, whatever its uid (matchesRef). */
const namesObj = (ref: OwnerReference, obj: KubeObject) =>
  ref.apiVersion === obj.apiVersion && ref.kind === obj.kind && ref.name === obj.metadata.name;

const refsOf = (claim: PersistentVolumeClaim) => claim.metadata.ownerReferences ?? [];
const ownedBy = (claim: PersistentVolumeClaim, obj: KubeObject) =>
  !!obj.metadata.uid && refsOf(claim).some((r) => r.uid === obj.metadata.uid);
/** A reference to an earlier object of the same name: left to the garbage collector. */
const staleRef = (claim: PersistentVolumeClaim, obj: KubeObject) =>
  refsOf(claim).some((r) => namesObj(r, obj) && r.uid !== obj.metadata.uid);

function unexpectedController(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  const policy = policyOf(set);
  if (policy.whenDeleted === 'Retain' && policy.whenScaled === 'Retain') return false;
  return refsOf(claim).some((r) => {
    if (namesObj(r, set)) return r.uid !== set.metadata.uid;
    if (namesObj(r, pod)) return r.uid !== pod.metadata.uid;
    return !!r.controller;
  });
}

/** Which of set and pod should own the claim under the policy (a pod past the set's range is scaled down). */
function wantedOwners(set: StatefulSet, pod: Pod): { set: boolean; pod: boolean } {
  const policy = policyOf(set);
  const scaledDown = !inOrdinalRange(pod, set);
  return {
    set: policy.whenDeleted === 'Delete' && !(policy.whenScaled === 'Delete' && scaledDown),
    pod: policy.whenScaled === 'Delete' && scaledDown,
  };
}

/** Kubernetes' isClaimOwnerUpToDate: whether the claim's owners already follow the policy. */
function ownersUpToDate(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  if (staleRef(claim, set) || staleRef(claim, pod)) return true;
  if (unexpectedController(claim, set, pod)) return !ownedBy(claim, set) && !ownedBy(claim, pod);
  const ours = refsOf(claim).filter((r) => r.uid === set.metadata.uid || r.uid === pod.metadata.uid);
  if (ours.some((r) => !r.controller)) return false;
  const want = wantedOwners(set, pod);
  return ownedBy(claim, set) === want.set && ownedBy(claim, pod) === want.pod;
}

/** Kubernetes' updateClaimOwnerRefForSetAndPod: our references scrubbed, then those the policy asks for. */
function withPolicyOwners(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): PersistentVolumeClaim {
  const refs = refsOf(claim).filter((r) => !namesObj(r, set) && !namesObj(r, pod));
  if (!unexpectedController(claim, set, pod)) {
    const want = wantedOwners(set, pod);
    if (want.pod) refs.push(controllerRefOf(pod));
    if (want.set) refs.push(controllerRefOf(set));
  }
  claim.metadata.ownerReferences = refs.length ? refs : undefined;
  return claim;
}

/** Whether every existing claim of the pod is owned as the policy says (ClaimsMatchRetentionPolicy). */
export function claimsMatchPolicy(set: StatefulSet, pod: Pod, lookup: ClaimLookup): boolean {
  return claimsFor(set, ordinalOf(pod)).every((c) => {
    const claim = lookup(c.metadata.namespace!, c.metadata.name!);
    return !claim || ownersUpToDate(claim, set, pod);
  });
}

/** Sets the owners of the pod's claims as the policy says (UpdatePodClaimForRetentionPolicy). */
export async function applyRetentionPolicy(
  ctx: ControllerContext,
  set: StatefulSet,
  pod: Pod,
  lookup: ClaimLookup,
): Promise<void> {
  for (const c of claimsFor(set, ordinalOf(pod))) {
    const claim = lookup(c.metadata.namespace!, c.metadata.name!);
    if (!claim || ownersUpToDate(claim, set, pod)) continue;
    await updateWithRetry(ctx.client, PERSISTENT_VOLUME_CLAIMS, claim, (cur) =>
      ownersUpToDate(cur, set, pod) ? undefined : withPolicyOwners(cur, set, pod),
    );
  }
}

/**
 * Whether a claim the pod would mount still belongs to an earlier pod of its name that
 * whenScaled: Delete gave it to: the pod waits for the garbage collector to remove it, rather
 * than start on data meant to go (PodClaimIsStale).
 */
export function claimIsStale(set: StatefulSet, pod: Pod, lookup: ClaimLookup): boolean {
  if (policyOf(set).whenScaled === 'Retain') return false;
  return claimsFor(set, ordinalOf(pod)).some((c) => {
    const claim = lookup(c.metadata.namespace!, c.metadata.name!);
    return !!claim && staleRef(claim, pod);
  });
}

/**
 * Makes the pod's missing claims, with an event on the set for each; a claim being deleted is
 * an error, retried until it is gone and can be made again.
 */
export async function createClaims(
  ctx: ControllerContext,
  set: StatefulSet,
  pod: Pod,
  lookup: ClaimLookup,
  record: (type: 'Normal' | 'Warning', reason: string, message: string) => void,
): Promise<void> {
  const errors: string[] = [];
  for (const claim of claimsFor(set, ordinalOf(pod))) {
    const name = claim.metadata.name!;
    const existing = lookup(claim.metadata.namespace!, name);
    if (existing) {
      if (existing.metadata.deletionTimestamp) errors.push(`pvc ${name} is being deleted`);
      continue;
    }
    const what = `Claim ${name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name}`;
    try {
      await ctx.client.create(PERSISTENT_VOLUME_CLAIMS, claim);
      record('Normal', 'SuccessfulCreate', `create ${what} success`);
    } catch (err) {
      if (isConflict(err)) continue;
      const message = err instanceof Error ? err.message : String(err);
      errors.push(`failed to create PVC ${name}: ${message}`);
      record(
        'Warning',
        'FailedCreate',
        `create Claim ${name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${message}`,
      );
    }
  }
  if (errors.length) throw new Error(errors.join(', '));
}
