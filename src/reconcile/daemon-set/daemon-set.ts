import {
  CONTROLLER_REVISIONS,
  type ControllerRevision,
  DAEMON_SETS,
  type DaemonSet,
  type DaemonSetStatus,
  NODES,
  type Node,
  PODS,
  type Pod,
} from '../../api/kinds/index.js';
import { selectorMatches } from '../../api/schema/validate-selector.js';
import type { Informer } from '../../client/informer.js';
import { type ControllerFactory, controllerOwnerKeys, objectKey, splitKey } from '../controller.js';
import { claim } from '../workloads/claim.js';
import { Expectations, podsObserved } from '../workloads/expectations.js';
import {
  CONTROLLER_REVISION_HASH,
  ownedRevisions,
  truncateHistory,
  updateRevision,
} from '../workloads/history.js';
import { ownerOrAdopterKeys } from '../workloads/keys.js';
import { availableAt, isAvailable, isReady } from '../workloads/pods.js';
import { claimCandidates } from '../workloads/selectors.js';
import { writeStatus } from '../workloads/status.js';
import { FailedPodBackoff, manage, oldestFirst } from './manage.js';
import { placement, targetNode } from './placement.js';
import { rollingUpdate } from './rolling-update.js';
import type { DaemonPass } from './sync.js';

const COMPONENT = 'daemonset-controller';

/**
 * Kubernetes' DaemonSet controller: one pod on every node the template's selector, affinity and
 * tolerations allow, following nodes as they join, leave and change; rolling updates within
 * maxUnavailable and maxSurge, or OnDelete; the templates kept as ControllerRevisions.
 */
export const daemonSetController: ControllerFactory = (ctx) => {
  const sets = ctx.informers.for<DaemonSet>(DAEMON_SETS);
  const pods = ctx.informers.for<Pod>(PODS);
  const nodes = ctx.informers.for<Node>(NODES);
  const recorder = ctx.recorder(COMPONENT);
  const expectations = new Expectations(ctx.clock);
  const backoff = new FailedPodBackoff();
  const { has, gone } = podsObserved(pods);
  const adopterKeys = ownerOrAdopterKeys('DaemonSet', sets);

  return {
    name: 'daemonset',
    watches: [
      { def: DAEMON_SETS, keys: (ds) => [objectKey(ds)] },
      {
        def: PODS,
        keys: (pod) => {
          expectations.observed(objectKey(pod));
          return adopterKeys(pod);
        },
      },
      { def: NODES, keys: nodeChangeKeys(sets, nodes) },
      { def: CONTROLLER_REVISIONS, keys: controllerOwnerKeys('DaemonSet') },
    ],
    async reconcile(key) {
      const ds = sets.get(...splitKey(key));
      if (!ds) {
        expectations.forget(key);
        return undefined;
      }
      // What it owns may be going with it, in any order: its status cannot be trusted to count.
      if (ds.metadata.deletionTimestamp) return undefined;
      const selector = ds.spec!.selector;
      const revisions = await ownedRevisions(ctx, ds, selector);
      const { revision, collisionCount } = await updateRevision(
        ctx,
        ds,
        ds.spec!.template,
        revisions,
        ds.status?.collisionCount,
      );
      const owned = await claim(ctx, ds, PODS, claimCandidates(pods, ds, selector.matchLabels), (p) =>
        selectorMatches(selector, p.metadata.labels ?? {}),
      );
      const pass: DaemonPass = {
        ctx,
        recorder,
        expectations,
        key,
        ds,
        hash: revision.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? '',
        nodes: nodes.list(),
        byNode: byTargetNode(owned),
        now: ctx.clock.now(),
      };
      const satisfied = expectations.satisfied(key, has, gone);
      let retryMs: number | undefined;
      if (satisfied) {
        retryMs = await manage(pass, backoff);
        if (ds.spec?.updateStrategy?.type !== 'OnDelete' && expectations.satisfied(key, has, gone))
          await rollingUpdate(pass);
        // cleanupHistory: the limit counts the old revisions pods still wear.
        const worn = new Set(owned.map((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH]));
        const isWorn = (r: ControllerRevision) => worn.has(r.metadata.labels?.[CONTROLLER_REVISION_HASH]);
        const old = revisions.filter((r) => r.metadata.name !== revision.metadata.name);
        const limit = (ds.spec?.revisionHistoryLimit ?? 10) - old.filter(isWorn).length;
        await truncateHistory(ctx, old, isWorn, Math.max(0, limit));
      }
      const { status, recheckAt } = countStatus(pass, collisionCount, satisfied);
      await writeStatus(ctx, DAEMON_SETS, ds, status);
      const recheckMs = recheckAt === undefined ? undefined : Math.max(0, recheckAt - pass.now) + 1000;
      return [retryMs, recheckMs].filter((ms) => ms !== undefined).sort((a, b) => a - b)[0];
    },
  };
};

/**
 * A node's change enqueues every DaemonSet when the node comes or goes, or what decides placement
 * (labels, taints) changed; not on the heartbeats in between.
 */
function nodeChangeKeys(sets: Informer<DaemonSet>, nodes: Informer<Node>): (node: Node) => string[] {
  const seen = new Map<string, string>();
  return (node) => {
    const name = node.metadata.name!;
    if (!nodes.get(undefined, name)) seen.delete(name);
    else {
      const now = JSON.stringify([node.metadata.uid, node.metadata.labels, node.spec?.taints]);
      if (seen.get(name) === now) return [];
      seen.set(name, now);
    }
    return sets.list().map(objectKey);
  };
}

/** The daemon pods by the node they are for, leaving out terminal pods already being deleted. */
function byTargetNode(owned: Pod[]): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const pod of owned) {
    const phase = pod.status?.phase;
    if (pod.metadata.deletionTimestamp && (phase === 'Succeeded' || phase === 'Failed')) continue;
    const node = targetNode(pod);
    if (!node) continue;
    byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  return byNode;
}

/** updateDaemonSetStatus: the counts over the nodes that should run a pod, and those that should not. */
function countStatus(
  pass: DaemonPass,
  collisionCount: number,
  observed: boolean,
): { status: DaemonSetStatus; recheckAt?: number } {
  const { ds } = pass;
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const s = { desired: 0, current: 0, misscheduled: 0, ready: 0, updated: 0, available: 0 };
  let recheckAt: number | undefined;
  for (const node of pass.nodes) {
    const scheduled = [...(pass.byNode.get(node.metadata.name!) ?? [])].sort(oldestFirst);
    if (!placement(ds, node).shouldRun) {
      if (scheduled.length) s.misscheduled++;
      continue;
    }
    s.desired++;
    const pod = scheduled[0];
    if (!pod) continue;
    s.current++;
    if (isReady(pod)) {
      s.ready++;
      if (isAvailable(pod, minReady, pass.now)) s.available++;
      else
        recheckAt = Math.min(recheckAt ?? Number.POSITIVE_INFINITY, availableAt(pod, minReady) ?? pass.now);
    }
    if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === pass.hash) s.updated++;
  }
  const status: DaemonSetStatus = {
    ...(observed ? { observedGeneration: ds.metadata.generation } : {}),
    currentNumberScheduled: s.current,
    numberMisscheduled: s.misscheduled,
    desiredNumberScheduled: s.desired,
    numberReady: s.ready,
    updatedNumberScheduled: s.updated,
    numberAvailable: s.available,
    numberUnavailable: s.desired - s.available,
    collisionCount,
  };
  return { status, recheckAt };
}
