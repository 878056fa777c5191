import { EVENTS, PODS, type Pod } from '../../src/api/kinds/index.js';
import { timestamp } from '../../src/api/time.js';
import type { KubeObject } from '../../src/api/types.js';
import type { KubeClient } from '../../src/client/kube-client.js';
import { type ControllerFactory, objectKey, splitKey } from '../../src/reconcile/controller.js';
import { ignoreNotFound } from '../../src/reconcile/retry.js';

/*
 * What controller tests of workloads do in place of node agents and users: mark pods Running
 * and Ready as an agent would, and read pods and events as a user sees them.
 */

/** Writes a pod's status as its node's agent would once it runs, Ready since `readySince` (ms). */
export async function markReady(client: KubeClient, pod: Pod, readySince: number, node = 'n1'): Promise<Pod> {
  const { namespace, name } = pod.metadata;
  if (!pod.spec?.nodeName) {
    await client.createSubresource(PODS, namespace, name!, 'binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, namespace },
      target: { kind: 'Node', name: node },
    });
  }
  const bound = await client.get<Pod>(PODS, namespace, name!);
  return client.update<Pod>(
    PODS,
    {
      ...bound,
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: timestamp(new Date(readySince)) }],
      },
    },
    'status',
  );
}

/** The pods of a namespace carrying the labels, oldest first. */
export async function podsWith(client: KubeClient, namespace: string, labels: string): Promise<Pod[]> {
  const list = await client.list<Pod>(PODS, { namespace, labelSelector: labels });
  return list.items.filter((p) => !p.metadata.deletionTimestamp);
}

/** [type, reason, message] of the events about the object named `name`, in the order written. */
export async function eventsAbout(client: KubeClient, name: string): Promise<[string, string, string][]> {
  const events = (await client.list(EVENTS, {})).items as (KubeObject & {
    involvedObject: { name: string };
    type: string;
    reason: string;
    message: string;
  })[];
  return events.filter((e) => e.involvedObject.name === name).map((e) => [e.type, e.reason, e.message]);
}

/**
 * Node agents' part in controller tests: binds each new pod and marks it Running and Ready at
 * once, but for pods whose first container's image is in `held` (add or remove images while
 * it runs); when `finish` is set, pods being deleted are removed as an agent removes them once
 * their containers stop.
 */
export function podsTurnReady(opts: { held?: Set<string>; finish?: boolean } = {}): ControllerFactory {
  return (ctx) => {
    const pods = ctx.informers.for<Pod>(PODS);
    return {
      name: 'test-agent',
      watches: [{ def: PODS, keys: (p: Pod) => [objectKey(p)] }],
      async reconcile(key) {
        const [ns, name] = splitKey(key);
        const pod = pods.get(ns, name);
        if (!pod) return undefined;
        if (pod.metadata.deletionTimestamp) {
          if (opts.finish) await ignoreNotFound(ctx.client.delete(PODS, ns, name, { gracePeriodSeconds: 0 }));
          return undefined;
        }
        const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
        if (ready || opts.held?.has(pod.spec?.containers[0]?.image ?? '')) return undefined;
        await markReady(ctx.client, pod, ctx.clock.now());
        return undefined;
      },
    };
  };
}
