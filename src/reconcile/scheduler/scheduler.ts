import { NODES, type Node, PODS, type ServedPod } from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';
import { onNode } from '../../client/indexes.js';
import { type ControllerContext, type ControllerFactory, objectKey, splitKey } from '../controller.js';
import { isConflict, isNotFound, updateWithRetry } from '../retry.js';
import type { NodeInfo, Profile } from './framework.js';
import { nodeInfo } from './node-info.js';
import { defaultProfile } from './plugins.js';

const COMPONENT = 'default-scheduler';

interface Decision {
  node?: string;
  message: string;
}

/** Runs the profile's filters and scores over every node: the best node, or why there is none. */
export function decide(pod: ServedPod, nodes: NodeInfo[], profile: Profile): Decision {
  const reasons = new Map<string, number>();
  let best: { name: string; score: number } | undefined;
  for (const info of nodes) {
    const reason = profile.filters.map((f) => f.filter(pod, info)).find((r) => r !== undefined);
    if (reason) {
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      continue;
    }
    const score = profile.scores.reduce((a, s) => a + s.weight * s.score(pod, info), 0);
    if (!best || score > best.score) best = { name: info.node.metadata.name!, score };
  }
  if (best)
    return {
      node: best.name,
      message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${best.name}`,
    };
  const why = [...reasons].map(([r, n]) => `${n} ${r}`).join(', ');
  return {
    message: `0/${nodes.length} nodes are available${why ? `: ${why}` : ''}. preemption: not eligible due to no preemption.`,
  };
}

/** Says why on the pod's PodScheduled condition; false when it already said so. */
async function markUnschedulable(ctx: ControllerContext, pod: ServedPod, message: string): Promise<boolean> {
  const written = await updateWithRetry(
    ctx.client,
    PODS,
    pod,
    (cur) => {
      const status = cur.status ?? {};
      const now = status.conditions?.find((c) => c.type === 'PodScheduled');
      if (now?.status === 'False' && now.message === message) return undefined;
      const conditions = [
        ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message,
          lastProbeTime: null,
          lastTransitionTime: timestamp(new Date(ctx.clock.now())),
        },
      ];
      return { ...cur, status: { ...status, conditions } };
    },
    'status',
  );
  return written !== undefined;
}

/**
 * The scheduler: binds each pod that names no node (and no other scheduler) to the best node
 * the profile finds, through pods/binding; a pod no node can take is marked Unschedulable and
 * tried again when nodes change or after a while.
 */
export function schedulerWith(profile: Profile): ControllerFactory {
  return (ctx) => {
    const pods = ctx.informers.for<ServedPod>(PODS);
    const nodes = ctx.informers.for<Node>(NODES);
    const recorder = ctx.recorder(COMPONENT);
    // Pods bound here that the cache does not show bound yet, by uid: they still take room.
    const assumed = new Map<string, { node: string; pod: ServedPod; until: number }>();
    const pending = () =>
      onNode(pods, '')
        .filter((p) => !p.metadata.deletionTimestamp)
        .map(objectKey);
    const forget = () => {
      const now = ctx.clock.now();
      for (const [uid, a] of assumed) {
        const cached = pods.get(a.pod.metadata.namespace, a.pod.metadata.name);
        if (a.until < now || cached?.metadata.uid !== uid || cached.spec.nodeName) assumed.delete(uid);
      }
    };
    const cache = (): NodeInfo[] =>
      nodes.list().map((n) => {
        const name = n.metadata.name!;
        const extra = [...assumed.values()].filter((a) => a.node === name).map((a) => a.pod);
        return nodeInfo(n, [...onNode(pods, name), ...extra]);
      });

    return {
      name: 'scheduler',
      watches: [
        {
          def: PODS,
          keys: (pod: ServedPod) =>
            pod.spec.nodeName || pod.metadata.deletionTimestamp ? [] : [objectKey(pod)],
        },
        // A node that changes may now take pods that fitted nowhere.
        { def: NODES, keys: () => pending() },
      ],
      async reconcile(key) {
        const [ns, name] = splitKey(key);
        const pod = pods.get(ns, name);
        forget();
        if (!pod || pod.metadata.deletionTimestamp || pod.spec.nodeName || assumed.has(pod.metadata.uid))
          return undefined;
        if (pod.spec.schedulerName && pod.spec.schedulerName !== COMPONENT) return undefined;
        const decision = decide(pod, cache(), profile);
        if (!decision.node) {
          if (await markUnschedulable(ctx, pod, decision.message))
            recorder.record(pod, 'Warning', 'FailedScheduling', decision.message);
          return ctx.settings.unschedulableRetryMs;
        }
        try {
          await ctx.client.createSubresource(PODS, ns, name, 'binding', {
            apiVersion: 'v1',
            kind: 'Binding',
            metadata: { name, namespace: ns },
            target: { apiVersion: 'v1', kind: 'Node', name: decision.node },
          });
        } catch (err) {
          // Bound meanwhile, deleted, or being deleted: nothing to schedule.
          if (isNotFound(err) || isConflict(err)) return undefined;
          throw err;
        }
        assumed.set(pod.metadata.uid, {
          node: decision.node,
          pod,
          until: ctx.clock.now() + ctx.settings.schedulerAssumeTtlMs,
        });
        recorder.record(pod, 'Normal', 'Scheduled', decision.message);
        return undefined;
      },
    };
  };
}

export const scheduler: ControllerFactory = schedulerWith(defaultProfile);
