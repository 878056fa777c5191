import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../test/helpers/controllers.js';
import { importBusybox, removeImage, runLabelled } from '../../test/helpers/docker-fixtures.js';
import { NODES, PODS } from '../api/kinds/index.js';
import type { KubeClient } from '../client/kube-client.js';
import { hostContainerRuntime } from '../runtime/docker/docker-runtime.js';
import { toInstance } from '../runtime/instances.js';
import { LABEL } from '../runtime/labels.js';
import { clusterPodContainers } from '../runtime/pod-containers.js';
import { removeContainers } from '../runtime/termination.js';
import { podContainerSweep } from './pod-container-sweep.js';

process.env.MINIK8S_TEST = '1';

const runtime = hostContainerRuntime();
const run = randomUUID().slice(0, 8);
const cluster = `sw-${run}`;
const otherCluster = `sw-other-${run}`;
const image = `minik8s-sw-test/busybox:${run}`;
let h: ControllerHarness | undefined;

async function createNode(client: KubeClient, name: string, ready: 'True' | 'Unknown'): Promise<void> {
  const node = await client.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name } });
  await client.update(
    NODES,
    { ...node, status: { conditions: [{ type: 'Ready', status: ready }] } },
    'status',
  );
}

async function createPod(client: KubeClient, name: string, nodeName: string): Promise<string> {
  const pod = await client.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName, containers: [{ name: 'main', image }] },
  });
  return pod.metadata.uid!;
}

/** A pod's container as an agent would have left it on the node. */
function leaveContainer(podUid: string, nodeName: string, inCluster = cluster): void {
  runLabelled(image, {
    [LABEL.cluster]: inCluster,
    [LABEL.node]: nodeName,
    [LABEL.podUid]: podUid,
    [LABEL.container]: 'main',
  });
}

async function podsWithContainers(): Promise<string[]> {
  const found = [
    ...(await runtime.listContainers({ [LABEL.cluster]: cluster })),
    ...(await runtime.listContainers({ [LABEL.cluster]: otherCluster })),
  ];
  return [...new Set(found.map((c) => c.labels[LABEL.podUid]))].sort();
}

beforeAll(() => importBusybox(image), 120_000);

afterEach(() => h?.stop());

afterAll(async () => {
  for (const c of [cluster, otherCluster])
    await removeContainers(runtime, (await runtime.listContainers({ [LABEL.cluster]: c })).map(toInstance));
  removeImage(image);
});

describe('pod container sweep', () => {
  it('removes the containers of deleted pods from nodes that are not Ready, those left from before it started too', async () => {
    const uids: Record<string, string> = {
      onLiveNode: randomUUID(),
      onDeadNode: randomUUID(),
      onRemovedNode: randomUUID(),
      ofOtherCluster: randomUUID(),
    };
    h = await startControllers([podContainerSweep(clusterPodContainers(runtime, cluster))], {
      before: async (client) => {
        await createNode(client, `live-${run}`, 'True');
        await createNode(client, `dead-${run}`, 'Unknown');
        uids.stranded = await createPod(client, 'stranded', `dead-${run}`);
        leaveContainer(uids.stranded, `dead-${run}`);
        leaveContainer(uids.onLiveNode, `live-${run}`);
        leaveContainer(uids.onDeadNode, `dead-${run}`);
        leaveContainer(uids.onRemovedNode, `removed-${run}`);
        leaveContainer(uids.ofOtherCluster, `dead-${run}`, otherCluster);
      },
    });
    await h.manager.idle();
    // A live node's agent removes its own orphans; a pod that exists keeps its containers.
    expect(await podsWithContainers()).toEqual([uids.onLiveNode, uids.ofOtherCluster, uids.stranded].sort());

    await h.client.delete(PODS, 'default', 'stranded', { gracePeriodSeconds: 0 });
    await h.manager.idle();
    expect(await podsWithContainers()).toEqual([uids.onLiveNode, uids.ofOtherCluster].sort());
  });
});
