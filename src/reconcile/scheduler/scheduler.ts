import {
  NAMESPACES,
  type Namespace,
  NODES,
  type Node,
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  type PersistentVolume,
  type PersistentVolumeClaim,
  POD_DISRUPTION_BUDGETS,
  PODS,
  type ServedPod,
  STORAGE_CLASSES,
  type StorageClass,
} from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';
import { type Change, type ControllerFactory, objectKey, splitKey } from '../controller.js';
import { defaultStorageClass } from '../default-storage-class.js';
import { isConflict, isNotFound } from '../retry.js';
import { SchedulerCache } from './cache.js';
import type { PodInfo, Profile } from './framework.js';
import { isTerminal, podInfo } from './node-info.js';
import { defaultProfile } from './plugins.js';
import { type Budget, preempt } from './preemption.js';
import { type Decision, fitErrorMessage, schedule } from './schedule.js';
import { SchedulingMetrics } from './scheduler-metrics.js';
import { budgetOf, evictVictims, markUnschedulable, type SchedulerWrites } from './scheduler-writes.js';
import { UnschedulablePods } from './unschedulable-pods.js';
import { selectNodeForClaims } from './volume-binding.js';

export const COMPONENT = 'default-scheduler';

/** The plugins whose refusals a change may undo, by what changed (kube-scheduler's EventsToRegister). */
const FREED = ['NodeResourcesFit', 'NodePorts', 'InterPodAffinity', 'PodTopologySpread'];
const PLACED = ['InterPodAffinity', 'PodTopologySpread'];
const VOLUMES = ['VolumeBinding'];

function isPending(pod: ServedPod): boolean {
  return (
    !pod.spec.nodeName &&
    !pod.metadata.deletionTimestamp &&
    !isTerminal(pod) &&
    (pod.spec.schedulerName ?? COMPONENT) === COMPONENT
  );
}

const counted = (pod: ServedPod | undefined) => !!pod?.spec.nodeName && !isTerminal(pod);
const sameLabels = (a: KubeObject, b: KubeObject) =>
  JSON.stringify(a.metadata.labels ?? {}) === JSON.stringify(b.metadata.labels ?? {});

/**
 * Which plugins' refusals a change of a pod may undo: a pod that stops taking room (deleted,
 * finished) frees resources and ports; a pod placed or relabelled may satisfy affinity or spread.
 */
function pluginsHelpedBy(pod: ServedPod, change?: Change<ServedPod>): string[] {
  if (!change) return [];
  if (change.type === 'deleted') return counted(pod) ? FREED : [];
  if (change.type === 'added') return counted(pod) ? PLACED : [];
  if (counted(change.old) && !counted(pod)) return FREED;
  if (counted(pod) && (!counted(change.old) || !sameLabels(change.old, pod))) return PLACED;
  return [];
}

/** A pending pod is tried again when what it asks changed, not when only its status did. */
function specChanged(pod: ServedPod, change?: Change<ServedPod>): boolean {
  if (change?.type !== 'modified') return true;
  const old = change.old;
  return JSON.stringify(old.spec) !== JSON.stringify(pod.spec) || !sameLabels(old, pod);
}

/**
 * kube-scheduler: binds each pending pod to the best node the profile finds, through
 * pods/binding. A pod no node takes may preempt pods of lower priority (their node becomes its
 * nominated node); otherwise, or meanwhile, it is marked Unschedulable with kube-scheduler's
 * message and one FailedScheduling event per distinct message, and tried again, after its
 * back-off, when a change may let it fit (or every unschedulableRetry otherwise).
 */
export function schedulerWith(profile: Profile): ControllerFactory {
  return (ctx) => {
    const pods = ctx.informers.for<ServedPod>(PODS);
    const nodes = ctx.informers.for<Node>(NODES);
    const namespaces = ctx.informers.for<Namespace>(NAMESPACES);
    const claims = ctx.informers.for<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS);
    const volumes = ctx.informers.for<PersistentVolume>(PERSISTENT_VOLUMES);
    const classes = ctx.informers.for<StorageClass>(STORAGE_CLASSES);
    const pdbs = ctx.informers.for(POD_DISRUPTION_BUDGETS);
    const cache = new SchedulerCache();
    const metrics = new SchedulingMetrics();
    const waiting = new UnschedulablePods({
      initialMs: ctx.settings.podInitialBackoffMs,
      maxMs: ctx.settings.podMaxBackoffMs,
    });
    const writes: SchedulerWrites = {
      client: ctx.client,
      recorder: ctx.recorder(COMPONENT),
      clock: ctx.clock,
    };
    nodes.addHandler({
      add: (n) => cache.setNode(n),
      update: (_old, n) => cache.setNode(n),
      delete: (n) => cache.removeNode(n.metadata.name!),
    });
    pods.addHandler({
      add: (p) => cache.updatePod(p),
      update: (old, p) => {
        if (old.metadata.uid !== p.metadata.uid) cache.removePod(old.metadata.uid);
        cache.updatePod(p);
      },
      delete: (p) => {
        cache.removePod(p.metadata.uid);
        waiting.forget(p.metadata.uid);
        metrics.forget(p.metadata.uid);
      },
    });
    const view = {
      get nodes() {
        return cache.nodeInfos();
      },
      namespaceLabels: (ns: string) => namespaces.get(undefined, ns)?.metadata.labels,
      claim: (ns: string, name: string) => claims.get(ns, name),
      volume: (name: string) => volumes.get(undefined, name),
      storageClass: (name: string | undefined) =>
        name === undefined ? defaultStorageClass(classes.list()) : classes.get(undefined, name),
    };
    const nominated = (node: string) => cache.nominatedOn(node);
    const budgets = (): Budget[] => pdbs.list().map(budgetOf);
    let start = 0;

    /** Binds the pod to the decided node; false when it was bound, deleted or changed meanwhile. */
    async function bind(
      pod: ServedPod,
      pi: PodInfo,
      decision: Decision & { node: string },
    ): Promise<boolean> {
      const { namespace: ns, name, uid } = pod.metadata;
      cache.assume(pi, decision.node);
      try {
        await selectNodeForClaims(ctx.client, decision.state, decision.node);
        await ctx.client.createSubresource(PODS, ns, name, 'binding', {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name, namespace: ns },
          target: { apiVersion: 'v1', kind: 'Node', name: decision.node },
        });
      } catch (err) {
        cache.forget(uid);
        if (!isNotFound(err) && !isConflict(err)) throw err;
        // Bound meanwhile, deleted, or being deleted: nothing to schedule.
        waiting.forget(uid);
        return false;
      }
      waiting.forget(uid);
      writes.recorder.record(
        pod,
        'Normal',
        'Scheduled',
        `Successfully assigned ${ns}/${name} to ${decision.node}`,
      );
      return true;
    }

    async function fail(pod: ServedPod, pi: PodInfo, decision: Exclude<Decision, { node: string }>) {
      const { diagnosis } = decision;
      const result = preempt({ pod: pi, diagnosis, cluster: view, profile, nominated, budgets: budgets() });
      let nominate: string | undefined;
      let postFilter: string | undefined;
      if ('node' in result) {
        await evictVictims(writes, pod, result.node, result.victims, cache.nominatedOn(result.node));
        cache.nominate(pi, result.node);
        nominate = result.node;
      } else {
        postFilter = result.message;
        if (!result.keepNomination) nominate = '';
      }
      const message = fitErrorMessage(view.nodes.length, diagnosis, postFilter);
      const plugins = diagnosis.preFilter
        ? [diagnosis.preFilter.plugin!]
        : [...diagnosis.statuses.values()].map((s) => s.plugin!);
      waiting.failed(pod.metadata.uid, objectKey(pod), plugins, ctx.clock.now());
      await markUnschedulable(writes, pod, 'Unschedulable', message, nominate);
      return ctx.settings.unschedulableRetryMs;
    }

    return {
      name: 'scheduler',
      watches: [
        {
          def: PODS,
          keys: (pod: ServedPod, change?: Change<ServedPod>) => {
            const key = objectKey(pod);
            const woken = waiting.keysFor(pluginsHelpedBy(pod, change)).filter((k) => k !== key);
            return isPending(pod) && specChanged(pod, change) ? [key, ...woken] : woken;
          },
        },
        // A node that joins or changes may take pods that fitted nowhere.
        {
          def: NODES,
          keys: (_n: Node, change?: Change<Node>) => (change?.type === 'deleted' ? [] : waiting.keysFor()),
        },
        { def: PERSISTENT_VOLUME_CLAIMS, keys: () => waiting.keysFor(VOLUMES) },
        { def: PERSISTENT_VOLUMES, keys: () => waiting.keysFor(VOLUMES) },
        { def: STORAGE_CLASSES, keys: () => waiting.keysFor(VOLUMES) },
        {
          def: NAMESPACES,
          keys: (ns: Namespace, change?: Change<Namespace>) =>
            change?.type === 'modified' && sameLabels(change.old, ns)
              ? []
              : waiting.keysFor(['InterPodAffinity']),
        },
      ],
      async reconcile(key) {
        const [ns, name] = splitKey(key);
        const pod = pods.get(ns, name);
        if (!pod || !isPending(pod) || cache.isAssumed(pod.metadata.uid)) return undefined;
        const left = waiting.backoffLeft(pod.metadata.uid, ctx.clock.now());
        if (left > 0) return left;
        if (!view.nodes.length) {
          waiting.failed(pod.metadata.uid, key, [], ctx.clock.now());
          await markUnschedulable(writes, pod, 'SchedulerError', 'no nodes available to schedule pods');
          return ctx.settings.unschedulableRetryMs;
        }
        waiting.trying(pod.metadata.uid, key);
        const done = metrics.attempt(pod.metadata.uid);
        try {
          const pi = podInfo(pod);
          const decision = schedule({ pod: pi, cluster: view, profile, nominated, start });
          start = (start + decision.searched) % view.nodes.length;
          if (!('node' in decision)) {
            const retry = await fail(pod, pi, decision);
            done('unschedulable');
            return retry;
          }
          if (await bind(pod, pi, decision)) done('scheduled');
          else metrics.forget(pod.metadata.uid);
          return undefined;
        } catch (err) {
          done('error');
          throw err;
        }
      },
    };
  };
}

export const scheduler: ControllerFactory = schedulerWith(defaultProfile);
