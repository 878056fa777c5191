/** What the persistent volume controller reads off claims and volumes: who is bound to whom, what fits. */
import type { ObjectReference, PersistentVolume, PersistentVolumeClaim } from '../../api/kinds/index.js';
import { parseQuantity } from '../../api/schema/quantity.js';
import type { KubeObject } from '../../api/types.js';
import { labelSelectorMatcher } from '../../store/selector.js';

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
/** Where the scheduler put the first pod of a claim waiting for its first consumer: its volume is made there. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';

export const claimSpec = (c: PersistentVolumeClaim) => c.spec ?? {};
export const volumeSpec = (v: PersistentVolume) => v.spec ?? {};
export const phaseOf = (o: PersistentVolume | PersistentVolumeClaim) => o.status?.phase;
export const annotation = (o: KubeObject, key: string) => o.metadata.annotations?.[key];

/** The volume's claimRef names this claim (and, once bound, its uid). */
export function isBoundTo(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volumeSpec(pv).claimRef;
  if (!ref || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

export function claimRefOf(claim: PersistentVolumeClaim): ObjectReference {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata.namespace,
    name: claim.metadata.name,
    uid: claim.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: claim.metadata.resourceVersion,
  };
}

/** The volume fits the claim: storage class, access modes, volume mode and size. */
export function satisfies(pv: PersistentVolume, claim: PersistentVolumeClaim): string | undefined {
  const vs = volumeSpec(pv);
  const cs = claimSpec(claim);
  const capacity = parseQuantity(vs.capacity?.storage) ?? 0;
  if (capacity < (parseQuantity(cs.resources?.requests?.storage) ?? 0)) return 'requested PV is too small';
  if ((vs.storageClassName ?? '') !== (cs.storageClassName ?? '')) return 'storageClassName does not match';
  if ((vs.volumeMode ?? 'Filesystem') !== (cs.volumeMode ?? 'Filesystem')) return 'incompatible volumeMode';
  if (!(cs.accessModes ?? []).every((m) => vs.accessModes?.includes(m))) return 'incompatible accessMode';
  return undefined;
}

/** Of `volumes`, the smallest Available one that fits the claim, or the one pre-bound to it. */
export function findVolume(
  volumes: PersistentVolume[],
  claim: PersistentVolumeClaim,
): PersistentVolume | undefined {
  const cs = claimSpec(claim);
  const matches = cs.selector ? labelSelectorMatcher(cs.selector) : () => true;
  let best: { pv: PersistentVolume; size: number } | undefined;
  for (const pv of volumes) {
    if (pv.metadata.deletionTimestamp || satisfies(pv, claim)) continue;
    if (isBoundTo(pv, claim)) return pv;
    if (phaseOf(pv) !== 'Available' || volumeSpec(pv).claimRef || !matches(pv.metadata.labels)) continue;
    const size = parseQuantity(volumeSpec(pv).capacity?.storage) ?? 0;
    if (!best || size < best.size) best = { pv, size };
  }
  return best?.pv;
}
