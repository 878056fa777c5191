import { NODES, type Node, PODS, type Pod } from '../api/kinds/index.js';
import type { ControllerFactory } from './controller.js';

/** The pods' containers on the container runtime the nodes share, as the control plane sees them. */
export interface PodContainers {
  /** Every pod that has containers, once, with the node they were made on. */
  list(): Promise<{ podUid: string; nodeName: string }[]>;
  /** Removes every container of the pod, and what the runtime holds for it besides. */
  remove(podUid: string): Promise<void>;
}

const SWEEP = 'sweep';

function isReady(node: Node | undefined): boolean {
  return node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * Removes the containers of pods that no longer exist from nodes that are not Ready, whose
 * agents are not there to remove them (a Ready node's agent removes its own orphans).
 * Level-triggered: whoever deleted the pod, and whether the control plane was up to see it,
 * the next sweep finds what is left. A node's change, and a change to a pod on a node that is
 * not Ready, sweep at once; nothing else waits past podContainerSweepPeriodMs.
 */
export function podContainerSweep(containers: PodContainers): ControllerFactory {
  return (ctx) => {
    const nodes = ctx.informers.for<Node>(NODES);
    const pods = ctx.informers.for<Pod>(PODS);
    const agentless = (nodeName: string) => !isReady(nodes.get(undefined, nodeName));
    return {
      name: 'pod-container-sweep',
      watches: [
        { def: NODES, keys: () => [SWEEP] },
        {
          def: PODS,
          keys: (p) => {
            const nodeName = (p as Pod).spec?.nodeName;
            return nodeName && agentless(nodeName) ? [SWEEP] : [];
          },
        },
      ],
      async reconcile() {
        const existing = new Set(pods.list().map((p) => p.metadata.uid));
        const left = (await containers.list()).filter(
          (c) => !existing.has(c.podUid) && agentless(c.nodeName),
        );
        for (const { podUid, nodeName } of left) {
          ctx.log(`removing the containers of pod ${podUid} from node ${nodeName}: the pod no longer exists`);
          await containers.remove(podUid);
        }
        return ctx.settings.podContainerSweepPeriodMs;
      },
    };
  };
}
