/**
 * Kubernetes' daemon rollingUpdate: without surge, old pods are deleted while the unavailable
 * stay within maxUnavailable, and manage() makes their replacements; with surge, a new pod is
 * made beside an old one (at most maxSurge at once) and the old goes once the new is available.
 */
import type { Pod } from '../../api/kinds/index.js';
import { scaledValue } from '../../api/schema/int-or-percent.js';
import { CONTROLLER_REVISION_HASH } from '../workloads/history.js';
import { isAvailable } from '../workloads/pods.js';
import { placement } from './placement.js';
import { type DaemonPass, syncNodes } from './sync.js';

interface NodePods {
  node: string;
  newPod?: Pod;
  oldPod?: Pod;
}

/** findUpdatedPodsOnNode: at most one new and one old pod per node, or undefined when there are more. */
function updatedPods(pass: DaemonPass, node: string, pods: Pod[]): NodePods | undefined {
  const found: NodePods = { node };
  for (const pod of pods.filter((p) => !p.metadata.deletionTimestamp)) {
    const slot = pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === pass.hash ? 'newPod' : 'oldPod';
    if (found[slot]) return undefined;
    found[slot] = pod;
  }
  return found;
}

/** The nodes that should run a pod (each with its pods, maybe none), and maxSurge and maxUnavailable. */
function desired(pass: DaemonPass) {
  const byNode = new Map(pass.byNode);
  let count = 0;
  for (const node of pass.nodes) {
    if (!placement(pass.ds, node).shouldRun) continue;
    count++;
    if (!byNode.has(node.metadata.name!)) byNode.set(node.metadata.name!, []);
  }
  const rolling = pass.ds.spec?.updateStrategy?.rollingUpdate;
  const maxSurge = scaledValue(rolling?.maxSurge, count, true);
  let maxUnavailable = scaledValue(rolling?.maxUnavailable, count, true);
  // Neither surge nor unavailability allowed: take one unavailable, as Kubernetes does.
  if (count > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { byNode, count, maxSurge, maxUnavailable };
}

export async function rollingUpdate(pass: DaemonPass): Promise<void> {
  const { byNode, count, maxSurge, maxUnavailable } = desired(pass);
  const minReady = pass.ds.spec?.minReadySeconds ?? 0;
  const available = (p: Pod) => isAvailable(p, minReady, pass.now);
  const nodes = [...byNode].map(([node, pods]) => updatedPods(pass, node, pods));
  if (maxSurge === 0) {
    await syncNodes(pass, withoutSurge(nodes, maxUnavailable, available), []);
    return;
  }
  const shouldRun = (node: string) => {
    const n = pass.nodes.find((x) => x.metadata.name === node);
    return !!n && placement(pass.ds, n).shouldRun;
  };
  const { doomed, create } = withSurge(nodes, maxSurge, count, available, shouldRun);
  await syncNodes(pass, doomed, create);
}

/** The old pods to delete: every unavailable one, and available ones while unavailability allows. */
function withoutSurge(
  nodes: (NodePods | undefined)[],
  maxUnavailable: number,
  available: (p: Pod) => boolean,
): Pod[] {
  let unavailable = 0;
  const replace: Pod[] = [];
  const candidates: Pod[] = [];
  for (const n of nodes) {
    if (!n || !n.oldPod === !n.newPod) unavailable++;
    else if (n.newPod) {
      if (!available(n.newPod)) unavailable++;
    } else if (n.oldPod && !available(n.oldPod)) {
      replace.push(n.oldPod);
      unavailable++;
    } else if (n.oldPod && unavailable < maxUnavailable) candidates.push(n.oldPod);
  }
  return [...replace, ...candidates.slice(0, Math.max(0, maxUnavailable - unavailable))];
}

/** Which nodes get a new pod beside their old one, and which old pods go. */
function withSurge(
  nodes: (NodePods | undefined)[],
  maxSurge: number,
  desiredCount: number,
  available: (p: Pod) => boolean,
  shouldRun: (node: string) => boolean,
): { doomed: Pod[]; create: string[] } {
  const doomed: Pod[] = [];
  const misplaced: Pod[] = [];
  const allowed: string[] = [];
  const candidates: string[] = [];
  let surging = 0;
  let availableCount = 0;
  for (const n of nodes) {
    if (!n) {
      surging++;
      continue;
    }
    const counted = n.oldPod ?? n.newPod;
    if (counted && available(counted)) availableCount++;
    if (!n.oldPod) continue;
    if (!n.newPod) {
      if (!available(n.oldPod)) {
        if (shouldRun(n.node)) allowed.push(n.node);
        else doomed.push(n.oldPod);
      } else if (!shouldRun(n.node)) misplaced.push(n.oldPod);
      else if (surging < maxSurge) candidates.push(n.node);
    } else if (!available(n.newPod)) surging++;
    else doomed.push(n.oldPod);
  }
  // Pods on nodes that no longer want one go only while enough others are available.
  doomed.push(...misplaced.slice(0, Math.max(0, availableCount - desiredCount)));
  return { doomed, create: [...allowed, ...candidates.slice(0, Math.max(0, maxSurge - surging))] };
}
