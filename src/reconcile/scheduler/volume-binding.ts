import {
  type NodeSelector,
  PERSISTENT_VOLUME_CLAIMS,
  type PersistentVolumeClaim,
} from '../../api/kinds/index.js';
import type { KubeClient } from '../../client/kube-client.js';
import { ANN_SELECTED_NODE } from '../persistent-volumes/matching.js';
import { claimsOfPod } from '../pod-claims.js';
import { updateWithRetry } from '../retry.js';
import {
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PreFilterResult,
  type Status,
  unresolvable,
} from './framework.js';
import { nodeSelectorMatches } from './node-affinity.js';

export const ERR_VOLUME_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
const ERR_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';

const NAME = 'VolumeBinding';

interface ClaimsState {
  /** Bound claims' volumes that say which nodes reach them. */
  affinities: NodeSelector[];
  /** A bound claim names a volume that does not exist. */
  missingVolume: boolean;
  /** Unbound claims of WaitForFirstConsumer classes: the pod's node decides where they are provisioned. */
  delayed: PersistentVolumeClaim[];
}

function preFilter(state: CycleState): PreFilterResult {
  const pod = state.pod.pod;
  const claims = claimsOfPod(pod);
  if (!claims.length) return 'skip';
  const s: ClaimsState = { affinities: [], missingVolume: false, delayed: [] };
  for (const name of claims) {
    const claim = state.cluster.claim(pod.metadata.namespace, name);
    if (!claim) {
      const ephemeral = (pod.spec.volumes ?? []).some(
        (v) => v.ephemeral && `${pod.metadata.name}-${v.name}` === name,
      );
      return unresolvable(
        ephemeral
          ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"`
          : `persistentvolumeclaim "${name}" not found`,
      );
    }
    if (claim.metadata.deletionTimestamp)
      return unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
    const volumeName = claim.spec?.volumeName;
    if (volumeName) {
      const pv = state.cluster.volume(volumeName);
      if (!pv) s.missingVolume = true;
      else if (pv.spec?.nodeAffinity?.required) s.affinities.push(pv.spec.nodeAffinity.required);
      continue;
    }
    const sc = state.cluster.storageClass(claim.spec?.storageClassName);
    if (sc?.volumeBindingMode !== 'WaitForFirstConsumer') return unresolvable(ERR_UNBOUND_IMMEDIATE);
    s.delayed.push(claim);
  }
  state.data.set(NAME, s);
  return undefined;
}

function filter(state: CycleState, info: NodeInfo): Status | undefined {
  const s = state.data.get(NAME) as ClaimsState;
  if (s.missingVolume) return unresolvable(ERR_PV_NOT_EXIST);
  if (s.affinities.some((a) => !nodeSelectorMatches(a, info.node)))
    return unresolvable(ERR_VOLUME_NODE_CONFLICT);
  return undefined;
}

/**
 * VolumeBinding: a pod's claims must exist, and be bound unless their class waits for the first
 * consumer; a bound volume with node affinity (a local-path volume) keeps the pod on its nodes.
 */
export const volumeBinding: FilterPlugin = { name: NAME, preFilter, filter };

/**
 * VolumeBinding's PreBind: the claims waiting for their first consumer learn the chosen node
 * (the selected-node annotation), which the provisioner makes their volume on.
 */
export async function selectNodeForClaims(
  client: KubeClient,
  state: CycleState,
  node: string,
): Promise<void> {
  const s = state.data.get(NAME) as ClaimsState | undefined;
  for (const claim of s?.delayed ?? []) {
    await updateWithRetry(client, PERSISTENT_VOLUME_CLAIMS, claim, (cur) => {
      if (cur.spec?.volumeName || cur.metadata.annotations?.[ANN_SELECTED_NODE] === node) return undefined;
      cur.metadata.annotations = { ...cur.metadata.annotations, [ANN_SELECTED_NODE]: node };
      return cur;
    });
  }
}
